/* synth_soroban.c — SAC transfer / mint / burn calls (see synth_soroban.h).
 * Event topics follow protocol 23 (CAP-67: no admin in mint, SEP-11 asset
 * string last); the V1 shape (protocol 21) keeps the admin in mint. */
#include "synth_soroban.h"

#include "synth_events.h"
#include "xdr/ledger_key.h"

#include <string.h>


void synth_sac_ids(synth_ctx *ctx)
{
    for (unsigned a = 0; a < SYNTH_ASSET_SLOTS; a++) {
        sx_HashIDPreimage pre;
        memset(&pre, 0, sizeof pre);
        pre.type = SX_ENVELOPE_TYPE_CONTRACT_ID;
        pre.contractID.networkID = ctx->network_id;
        pre.contractID.contractIDPreimage.type = SX_CONTRACT_ID_PREIMAGE_FROM_ASSET;
        pre.contractID.contractIDPreimage.fromAsset = synth_asset_xdr(ctx, a);
        const uint8_t *id = synth_hash_of(ctx, (synth_encode_fn)sx_encode_HashIDPreimage, &pre);
        memcpy(ctx->world->assets[a].sac_id, id, 32);
    }
}

static sx_SCVal account_address(synth_ctx *ctx, uint32_t account)
{
    return (sx_SCVal){.type = SX_SCV_ADDRESS, .address = synth_sc_account(ctx, account)};
}

/* A holder with a balance of `asset` (transfer / burn source), or any. */
static uint32_t pick_holder(synth_ctx *ctx, unsigned asset, bool funded, uint32_t not)
{
    synth_world *w = ctx->world;
    uint32_t i = 0;
    for (int tries = 0; tries < 64; tries++) {
        i = (uint32_t)synth_rng_below(&w->rng, SYNTH_CONTRACT_HOLDERS);
        if (i != not && (!funded || w->contracts[i].balance[asset] > 0))
            return i;
    }
    return i != not ? i : (i + 1) % SYNTH_CONTRACT_HOLDERS;
}

/* Adds `amount` to a holder's balance entry (creating it and its TTL). */
static void credit_holder(synth_ctx *ctx, synth_changes *changes, uint32_t holder, unsigned asset, int64_t amount)
{
    synth_contract_holder *h = &ctx->world->contracts[holder];
    if (h->has >> asset & 1) {
        synth_change_before(ctx, changes, synth_contract_balance_ref(holder, asset));
        h->balance[asset] += amount;
        synth_change_after(ctx, changes, synth_contract_balance_ref(holder, asset));
        return;
    }
    h->has |= (uint8_t)(1u << asset);
    h->balance[asset] = amount;
    synth_change_created(ctx, changes, synth_contract_balance_ref(holder, asset));
    synth_change_created(ctx, changes, synth_contract_ttl_ref(holder, asset));
}

static void debit_holder(synth_ctx *ctx, synth_changes *changes, uint32_t holder, unsigned asset, int64_t amount)
{
    synth_contract_holder *h = &ctx->world->contracts[holder];
    synth_change_before(ctx, changes, synth_contract_balance_ref(holder, asset));
    h->balance[asset] -= amount;
    synth_change_after(ctx, changes, synth_contract_balance_ref(holder, asset));
}

/* Ledgers an address signature (and so its nonce entry) stays valid. */
#define NONCE_LEDGERS 100

bool synth_sac_build(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                     sx_OperationResult *result, synth_changes *changes,
                     sx_vec_ContractEvent *events, sx_SorobanTransactionData *data)
{
    static const char *const names[] = {"transfer", "mint", "burn"};
    synth_world *w = ctx->world;
    unsigned asset = spec->asset;
    uint8_t function = spec->function;
    uint32_t from = 0, to = 0;
    if (function != SYNTH_SAC_MINT)
        from = pick_holder(ctx, asset, true, UINT32_MAX);
    if (function != SYNTH_SAC_BURN)
        to = pick_holder(ctx, asset, false, function == SYNTH_SAC_TRANSFER ? from : UINT32_MAX);
    int64_t have = function == SYNTH_SAC_MINT ? INT64_MAX / 4 : w->contracts[from].balance[asset];
    int64_t amount = function == SYNTH_SAC_MINT ? synth_rng_range(&w->rng, 10000000, 100000000000LL)
                   : have > 1 ? synth_rng_range(&w->rng, 1, have / 2) : 1;
    if (spec->fail && function != SYNTH_SAC_MINT)
        amount = have + 1;

    /* the call: SAC.function(args) */
    sx_SCVal *args = SYNTH_NEW(ctx, sx_SCVal, 3);
    uint32_t nargs = 0;
    if (function != SYNTH_SAC_MINT)
        args[nargs++] = synth_scv_contract(ctx, w->contracts[from].id);
    if (function != SYNTH_SAC_BURN)
        args[nargs++] = synth_scv_contract(ctx, w->contracts[to].id);
    args[nargs++] = synth_scv_i128(amount);
    op->body.type = SX_INVOKE_HOST_FUNCTION;
    op->body.invokeHostFunctionOp.hostFunction = (sx_HostFunction){
        .type = SX_HOST_FUNCTION_TYPE_INVOKE_CONTRACT,
        .invokeContract = {.contractAddress = {.type = SX_SC_ADDRESS_TYPE_CONTRACT,
                                               .contractId = synth_dup(ctx, w->assets[asset].sac_id, 32)},
                           .functionName = synth_scv_symbol(ctx, names[function]).sym,
                           .args = {args, nargs}}};

    /* authorization: the issuer as the transaction's source (mint), or the
     * paying holder's address credentials, whose nonce the call consumes
     * in a temporary entry */
    const sx_InvokeContractArgs *call = &op->body.invokeHostFunctionOp.hostFunction.invokeContract;
    sx_SorobanAuthorizationEntry *auth = SYNTH_NEW(ctx, sx_SorobanAuthorizationEntry, 1);
    auth->rootInvocation.function = (sx_SorobanAuthorizedFunction){
        .type = SX_SOROBAN_AUTHORIZED_FUNCTION_TYPE_CONTRACT_FN, .contractFn = *call};
    auth->credentials.type = SX_SOROBAN_CREDENTIALS_SOURCE_ACCOUNT;
    sx_LedgerEntry nonce_entry;
    memset(&nonce_entry, 0, sizeof nonce_entry);
    if (function != SYNTH_SAC_MINT) {
        auth->credentials.type = SX_SOROBAN_CREDENTIALS_ADDRESS;
        auth->credentials.address = (sx_SorobanAddressCredentials){
            .address = args[0].address, .nonce = (int64_t)(synth_rng_next(&w->rng) >> 1),
            .signatureExpirationLedger = ctx->seq + NONCE_LEDGERS, .signature = {.type = SX_SCV_VOID}};
        nonce_entry.lastModifiedLedgerSeq = ctx->seq;
        nonce_entry.data.type = SX_CONTRACT_DATA;
        nonce_entry.data.contractData = (sx_ContractDataEntry){
            .contract = args[0].address,
            .key = {.type = SX_SCV_LEDGER_KEY_NONCE, .nonce_key = {auth->credentials.address.nonce}},
            .durability = SX_TEMPORARY, .val = {.type = SX_SCV_VOID}};
    }
    op->body.invokeHostFunctionOp.auth = (sx_vec_SorobanAuthorizationEntry){auth, 1};

    /* footprint: the SAC instance read, the balances (and nonce) written */
    sx_LedgerKey *ro = SYNTH_NEW(ctx, sx_LedgerKey, 1), *rw = SYNTH_NEW(ctx, sx_LedgerKey, 3);
    ro->type = SX_CONTRACT_DATA;
    ro->contractData = (sx_LedgerKeyContractData){
        .contract = op->body.invokeHostFunctionOp.hostFunction.invokeContract.contractAddress,
        .key = {.type = SX_SCV_LEDGER_KEY_CONTRACT_INSTANCE}, .durability = SX_PERSISTENT};
    uint32_t nrw = 0;
    if (function != SYNTH_SAC_MINT)
        synth_key(ctx, synth_contract_balance_ref(from, asset), &rw[nrw++]);
    if (function != SYNTH_SAC_BURN)
        synth_key(ctx, synth_contract_balance_ref(to, asset), &rw[nrw++]);
    if (function != SYNTH_SAC_MINT)
        ledger_key_of_entry(&nonce_entry, &rw[nrw++]);
    data->resources = (sx_SorobanResources){
        .footprint = {{ro, 1}, {rw, nrw}},
        .instructions = (uint32_t)synth_rng_range(&w->rng, 1000000, 5000000),
        .diskReadBytes = 0,
        .writeBytes = 150 * nrw,
    };

    memset(result, 0, sizeof *result);
    result->code = SX_opINNER;
    result->tr.type = SX_INVOKE_HOST_FUNCTION;
    if (amount > have) {
        result->tr.invokeHostFunctionResult.code = SX_INVOKE_HOST_FUNCTION_TRAPPED;
        return false;
    }
    if (function != SYNTH_SAC_MINT) {
        synth_change_created_entry(ctx, changes, &nonce_entry);
        synth_change_created_entry(ctx, changes, synth_ttl_of(ctx, &nonce_entry, ctx->seq + NONCE_LEDGERS));
        debit_holder(ctx, changes, from, asset, amount);
    }
    if (function != SYNTH_SAC_BURN)
        credit_holder(ctx, changes, to, asset, amount);

    /* the SAC event: [name, (admin,) from/to..., asset] -> amount */
    sx_SCVal *topics = SYNTH_NEW(ctx, sx_SCVal, 4);
    uint32_t ntopics = 0;
    topics[ntopics++] = synth_scv_symbol(ctx, names[function]);
    if (function == SYNTH_SAC_MINT && ctx->params->meta_version == 1)
        topics[ntopics++] = account_address(ctx, w->assets[asset].issuer);
    for (uint32_t i = 0; i + 1 < nargs; i++)
        topics[ntopics++] = args[i];
    topics[ntopics++] = synth_scv_asset_string(ctx, asset);
    sx_ContractEvent *event = SYNTH_NEW(ctx, sx_ContractEvent, 1);
    sx_Hash *contract = SYNTH_NEW(ctx, sx_Hash, 1);
    *contract = synth_dup(ctx, w->assets[asset].sac_id, 32);
    event->contractID = contract;
    event->type = SX_CONTRACT;
    event->body.v0 = (sx_ContractEventBodyV0){{topics, ntopics}, synth_scv_i128(amount)};
    *events = (sx_vec_ContractEvent){event, 1};
    static const sx_SCVal void_value = {.type = SX_SCV_VOID};
    result->tr.invokeHostFunctionResult.code = SX_INVOKE_HOST_FUNCTION_SUCCESS;
    result->tr.invokeHostFunctionResult.success = synth_hash_of(ctx, (synth_encode_fn)sx_encode_SCVal, &void_value);
    return true;
}
