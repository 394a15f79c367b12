/* code_names.c — names beside codes (see code_names.h).  The names of XDR
 * enum values come from the generated codec's JSON writer (the registry's
 * json entry point on each value of a scanned range); the names of the row
 * enums of sluice/rows.h are listed here, in their order. */
#include "config.h"

#include "host/code_names.h"
#include "base/xalloc.h"
#include "xdr/gen/sx_codec.h"

#include <pthread.h>
#include <string.h>

/* Every XDR code enum's values lie in this range (the widest today:
 * TransactionResultCode, -18..1). */
#define SCAN_LOW (-128)
#define SCAN_HIGH 128

/* The result code enum of each OperationType value (OperationResult's
 * inner union in Stellar-transaction.x; create_passive_sell_offer answers
 * with ManageSellOfferResult).  tests/unit/test_code_names.c checks this
 * list against the spec. */
static const char *const result_enums[] = {
    "CreateAccountResultCode", "PaymentResultCode", "PathPaymentStrictReceiveResultCode",
    "ManageSellOfferResultCode", "ManageSellOfferResultCode", "SetOptionsResultCode",
    "ChangeTrustResultCode", "AllowTrustResultCode", "AccountMergeResultCode",
    "InflationResultCode", "ManageDataResultCode", "BumpSequenceResultCode",
    "ManageBuyOfferResultCode", "PathPaymentStrictSendResultCode",
    "CreateClaimableBalanceResultCode", "ClaimClaimableBalanceResultCode",
    "BeginSponsoringFutureReservesResultCode", "EndSponsoringFutureReservesResultCode",
    "RevokeSponsorshipResultCode", "ClawbackResultCode", "ClawbackClaimableBalanceResultCode",
    "SetTrustLineFlagsResultCode", "LiquidityPoolDepositResultCode",
    "LiquidityPoolWithdrawResultCode", "InvokeHostFunctionResultCode",
    "ExtendFootprintTTLResultCode", "RestoreFootprintResultCode",
};

/* sluice/rows.h's enums, from value 1 (index 0 is value 1). */
static const char *const state_categories[] = {
    "balance", "account", "trustline", "signer", "signature_threshold", "flags", "home_domain",
    "data_entry", "balance_authorization", "allowance", "reserves",
};
static const char *const state_reasons[] = {
    "credit", "debit", "mint", "burn", "fee", "create", "merge", "add", "remove", "update",
    "set", "clear", "low", "medium", "high", "sponsor", "unsponsor",
};
static const char *const transfer_kinds[] = {
    "transfer", "mint", "burn", "clawback", "fee",
};

typedef struct name_table {
    sluice_code_name *entries;
    size_t count, capacity;
} name_table;

/* Index: sluice_name_set value. */
#define SET_LIMIT (SLUICE_NAMES_CONTRACT_EVENT_TYPE + 1)
static name_table tables[SET_LIMIT];
static pthread_once_t built = PTHREAD_ONCE_INIT;

static void add(name_table *t, int32_t context, int32_t code, const char *name)
{
    if (t->count == t->capacity) {
        t->capacity = t->capacity ? 2 * t->capacity : 32;
        t->entries = xrealloc(t->entries, t->capacity * sizeof *t->entries);
    }
    t->entries[t->count++] = (sluice_code_name){context, code, name};
}

/* Every value of XDR enum `type` the codec names, in ascending order. */
static void add_xdr_enum(name_table *t, int32_t context, const char *type)
{
    const sx_type_info *info = sx_registry_find(type);
    if (!info)
        return; /* not in the generated codec: no names (test_code_names fails) */
    sx_buf json;
    sx_buf_init(&json);
    for (int32_t code = SCAN_LOW; code < SCAN_HIGH; code++) {
        json.len = 0;
        json.fail = NULL;
        if (info->json(&code, &json) != 0 || json.len < 2)
            continue; /* not a value of the enum */
        char *name = xmalloc(json.len - 1); /* without the quotes, with a NUL */
        memcpy(name, json.data + 1, json.len - 2);
        name[json.len - 2] = '\0';
        add(t, context, code, name);
    }
    sx_buf_free(&json);
}

static void add_row_enum(name_table *t, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        add(t, 0, (int32_t)(i + 1), names[i]);
}

static void build(void)
{
    add_xdr_enum(&tables[SLUICE_NAMES_OPERATION_TYPE], 0, "OperationType");
    add_xdr_enum(&tables[SLUICE_NAMES_TRANSACTION_RESULT], 0, "TransactionResultCode");
    add_xdr_enum(&tables[SLUICE_NAMES_OPERATION_RESULT], 0, "OperationResultCode");
    for (size_t type = 0; type < sizeof result_enums / sizeof *result_enums; type++)
        add_xdr_enum(&tables[SLUICE_NAMES_OPERATION_TYPE_RESULT], (int32_t)type,
                     result_enums[type]);
    add_row_enum(&tables[SLUICE_NAMES_STATE_CATEGORY], state_categories,
                 sizeof state_categories / sizeof *state_categories);
    add_row_enum(&tables[SLUICE_NAMES_STATE_REASON], state_reasons,
                 sizeof state_reasons / sizeof *state_reasons);
    add_row_enum(&tables[SLUICE_NAMES_TRANSFER_KIND], transfer_kinds,
                 sizeof transfer_kinds / sizeof *transfer_kinds);
    /* sluice_contract_event_type has ContractEventType's values */
    add_xdr_enum(&tables[SLUICE_NAMES_CONTRACT_EVENT_TYPE], 0, "ContractEventType");
}

static const name_table *table_of(sluice_name_set set)
{
    if ((int)set <= 0 || (int)set >= SET_LIMIT)
        return NULL;
    pthread_once(&built, build);
    return &tables[set];
}

const sluice_code_name *code_names(sluice_name_set set, size_t *count)
{
    const name_table *t = table_of(set);
    *count = t ? t->count : 0;
    return t ? t->entries : NULL;
}

const char *code_name(sluice_name_set set, int32_t context, int32_t code)
{
    const name_table *t = table_of(set);
    if (!t)
        return NULL;
    /* binary search on (context, code): entries are in that order */
    size_t low = 0, high = t->count;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        const sluice_code_name *e = &t->entries[mid];
        if (e->context == context && e->code == code)
            return e->name;
        if (e->context < context || (e->context == context && e->code < code))
            low = mid + 1;
        else
            high = mid;
    }
    return NULL;
}

const char *code_names_result_enum(int32_t op_type)
{
    if (op_type < 0 || (size_t)op_type >= sizeof result_enums / sizeof *result_enums)
        return NULL;
    return result_enums[op_type];
}
