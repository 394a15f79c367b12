/* test_state_changes.c — state changes with their values before and after
 * (doc/data-model.md), row by row:
 *   - on real fixture ledgers: thresholds per level and the master weight
 *     as a signer (set_options), the master key of a created account, the
 *     funder of create_account, the destination of account_merge, a
 *     contract deployed with its deployer, a new trustline's limit and
 *     initial authorization, a trustline removed, account and trustline
 *     flags per flag, a SAC `approve` allowance; sponsorships begun (a
 *     trustline, a signer, an account) and a sponsored claimable balance
 *     claimed (RESERVES SPONSOR / UNSPONSOR);
 *   - what no fixture holds, appended to a fixture operation's meta
 *     (entries copied from that meta, so nothing else moves): home domain
 *     set / update (to bytes JSON must escape) / clear, master weight to 0, two flags at once, a
 *     trustline limit and clawback flag, a data entry added / updated /
 *     removed, a sponsorship moved to another sponsor and one removed, and
 *     a SAC `set_authorized` event of a contract holder whose
 *     balance entry the operation changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../testlib.h"
#include "indexer/indexer.h"
#include "ledger_frames.h"
#include "stellar/strkey.h"
#include "xdr/gen/sx_codec.h"

/* One row the indexer must produce (details_json compared exactly). */
typedef struct expected_row {
    int64_t operation_id;
    sluice_state_category category;
    sluice_state_reason reason;
    const char *account;
    const char *asset;              /* NULL: none */
    const char *details;
} expected_row;

static bool row_is(const sluice_state_change_row *s, const expected_row *e)
{
    return s->operation_id == e->operation_id && s->category == e->category &&
           s->reason == e->reason && strcmp(s->account, e->account) == 0 &&
           (e->asset ? s->asset && strcmp(s->asset, e->asset) == 0 : !s->asset) &&
           s->details_json && strcmp(s->details_json, e->details) == 0;
}

/* The row matching e, or NULL (every miss is a failed check). */
static const sluice_state_change_row *expect_row(const sluice_ledger *l, const char *where,
                                                 const expected_row *e)
{
    for (size_t i = 0; i < l->state_change_count; i++)
        if (row_is(&l->state_changes[i], e))
            return &l->state_changes[i];
    CHECK_MSG(0, "%s: no state change op %lld category %d reason %d %s %s %s", where,
              (long long)e->operation_id, (int)e->category, (int)e->reason, e->account,
              e->asset ? e->asset : "-", e->details);
    return NULL;
}

static size_t rows_of(const sluice_ledger *l, int64_t operation_id, sluice_state_category category)
{
    size_t n = 0;
    for (size_t i = 0; i < l->state_change_count; i++)
        n += l->state_changes[i].operation_id == operation_id &&
             l->state_changes[i].category == category;
    return n;
}

static const ledger_frame *frame_named(const ledger_frames *set, const char *name)
{
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->frames[i].name, name) == 0)
            return &set->frames[i];
    CHECK_MSG(0, "fixture %s is missing", name);
    return NULL;
}

/* `data` (a frame of fixture f, perhaps rewritten) indexed; NULL (a
 * failed check) when it cannot be. */
static indexer *indexed(const ledger_frame *f, const uint8_t *data, size_t len, sluice_ledger *l)
{
    indexer_options o = {.network_passphrase = f->passphrase};
    indexer *ix = indexer_new(&o);
    error_report err;
    if (indexer_index_frame(ix, data, len, l, &err) == 0)
        return ix;
    CHECK_MSG(0, "%s: %s (%s)", f->name, err.message, err.detail);
    indexer_free(ix);
    return NULL;
}

/* ---- real fixture ledgers ------------------------------------------------ */

#define CORE "stellar-core/test-lcm-current/"
#define ISSUER "GC4EFXBN6BEENDAX7PBW5PGIIIVH3INMD3OEPQASXOLGOHVVP7ZEMG7X"
#define SETTER "GBAV3QADIX7BHTEL3E3TBFR3RJXSURYB43WH5C5VPC4I7N7XYIWP7STZ"
#define CREATED "GCE4HENKZ3ZIHQY4VEYCVX5ZE5LNDIN3FH4MHZCWFKXQZGQIOGAO77CN"
#define QNT_ISSUER "GACGXH2ZONPUX7QBCLTHEI2FTXXBZ5JQRLQZHL4CQMYF7MBBUIPXQQNT"

#define PUBNET_SPONSOR "GBRKMQ4IO5UURRRFLGLDIWBOWEF7ENC2BU5PB26ATAQRSWIZALE5EW2L"
#define PUBNET_SPONSORED "GD3KZT34WWM4PNOOI7GSXAFDLKLM5GDBFI5AW3V5U2XVL775CLP3DWQS"
#define CB_SPONSOR "GCKIK5UOKKGXCDCWGY3BAKJ2T5H6BXOXHI4SMMEUSUE6NWLJP3F2KQUU"
#define TL_SPONSORED "{\"entry\":\"trustline\",\"sponsored\":\"" CREATED "\",\"new\":\"" ISSUER "\"}"
#define SIGNER_SPONSORED                                                                           \
    "{\"entry\":\"signer\",\"signer\":\"GCEDCRZF3WHS3R6CWJ3WFILROPR6U6KR27B5SW6XYISELPLKW347M3SQ\","  \
    "\"sponsored\":\"" CREATED "\",\"new\":\"" ISSUER "\"}"
#define ACCOUNT_SPONSORED                                                                          \
    "{\"entry\":\"account\",\"sponsored\":\"" PUBNET_SPONSORED "\",\"new\":\"" PUBNET_SPONSOR "\"}"

typedef struct fixture_rows {
    const char *frame;
    expected_row rows[5];
} fixture_rows;

static const fixture_rows fixtures[] = {
    /* set_options: master weight 1 -> 10, thresholds 0 -> 10 / 50 / 100 */
    {CORE "TxResultsTests/17d5554d10b7a5e0.xdr#7",
     {{38654709761, SLUICE_SC_SIGNER, SLUICE_SR_UPDATE, SETTER, NULL,
       "{\"signer\":\"" SETTER "\",\"old\":1,\"new\":10}"},
      {38654709761, SLUICE_SC_SIGNATURE_THRESHOLD, SLUICE_SR_LOW, SETTER, NULL, "{\"old\":0,\"new\":10}"},
      {38654709761, SLUICE_SC_SIGNATURE_THRESHOLD, SLUICE_SR_MEDIUM, SETTER, NULL, "{\"old\":0,\"new\":50}"},
      {38654709761, SLUICE_SC_SIGNATURE_THRESHOLD, SLUICE_SR_HIGH, SETTER, NULL, "{\"old\":0,\"new\":100}"}}},
    /* create_account: the funder, the starting balance, the master key */
    {CORE "BeginSponsoringFutureReservesTests/159d83dfa9d0ce2a.xdr#0",
     {{8589938689, SLUICE_SC_ACCOUNT, SLUICE_SR_CREATE, CREATED, NULL,
       "{\"funder\":\"" ISSUER "\",\"starting_balance\":\"200000000\"}"},
      {8589938689, SLUICE_SC_SIGNER, SLUICE_SR_ADD, CREATED, NULL,
       "{\"signer\":\"" CREATED "\",\"new\":1}"}}},
    /* account_merge: the destination */
    {CORE "PathPaymentTests/4a5fb7ad61be37b1.xdr#22",
     {{103079219201, SLUICE_SC_ACCOUNT, SLUICE_SR_MERGE,
       "GBKEWF56QMCTQAAKDMADOET5H6D7GLPTTVKQYBUFTDUURYSHPO4HAGHJ", NULL,
       "{\"destination\":\"" ISSUER "\"}"}}},
    /* a contract deployed from an address */
    {CORE "InvokeHostFunctionTests/13d21e8479cc1108.xdr#2",
     {{17179873281, SLUICE_SC_ACCOUNT, SLUICE_SR_CREATE,
       "CBINMC5KSEB5K4UO4S4XUZBZTQ63SWJWNCTUYELBV3IJT2VBVOOQQ3JQ", NULL,
       "{\"executable\":\"wasm:4b9316721487281d8201e1c6044544400f120253487971e339eb23a465516935\","
       "\"creator\":\"" ISSUER "\"}"}}},
    /* change_trust: a new trustline's limit and initial flag */
    {CORE "BeginSponsoringFutureReservesTests/290f483246862549.xdr#1",
     {{12884905986, SLUICE_SC_TRUSTLINE, SLUICE_SR_ADD, CREATED, "CUR1:" ISSUER, "{\"new\":\"1000\"}"},
      {12884905986, SLUICE_SC_BALANCE_AUTHORIZATION, SLUICE_SR_SET, CREATED, "CUR1:" ISSUER,
       "{\"flag\":\"authorized\",\"old\":false,\"new\":true}"}}},
    /* change_trust to 0: the trustline removed with its old limit */
    {CORE "InvokeHostFunctionTests/89fc4f3bfc2e66a6.xdr#16",
     {{77309419521, SLUICE_SC_TRUSTLINE, SLUICE_SR_REMOVE,
       "GDE3QODVCZPGHIZ3JQK24RQZRSDWN35PISYK2JSY4HKVHYIKWAXOAFD7",
       "IDR:GCGE27HU2VYQANKL2VZWLCAOJYMEFST5DXPBWQ7BRRPOHUPK626DNG4Q", "{\"old\":\"1000\"}"}}},
    /* sponsored reserves: a trustline and a signer created under
     * begin_sponsoring_future_reserves: the sponsor and the sponsored */
    {CORE "BeginSponsoringFutureReservesTests/290f483246862549.xdr#1",
     {{12884905986, SLUICE_SC_RESERVES, SLUICE_SR_SPONSOR, ISSUER, "CUR1:" ISSUER, TL_SPONSORED},
      {12884905986, SLUICE_SC_RESERVES, SLUICE_SR_SPONSOR, CREATED, "CUR1:" ISSUER, TL_SPONSORED}}},
    {CORE "BeginSponsoringFutureReservesTests/3b6d924921f59f9f.xdr#2",
     {{17179873282, SLUICE_SC_RESERVES, SLUICE_SR_SPONSOR, ISSUER, NULL, SIGNER_SPONSORED},
      {17179873282, SLUICE_SC_RESERVES, SLUICE_SR_SPONSOR, CREATED, NULL, SIGNER_SPONSORED}}},
    /* pubnet: an account created under a sponsorship; a sponsored
     * claimable balance claimed (no owner: the sponsor's row only) */
    {"wallet-backend/ledger-51000294.xdr.gz#0",
     {{219044594817830914, SLUICE_SC_RESERVES, SLUICE_SR_SPONSOR, PUBNET_SPONSOR, NULL, ACCOUNT_SPONSORED},
      {219044594817830914, SLUICE_SC_RESERVES, SLUICE_SR_SPONSOR, PUBNET_SPONSORED, NULL, ACCOUNT_SPONSORED}}},
    {"stellar-go/datastore/FCD285FF--53312000.xdr.zstd#0",
     {{228973296484732929, SLUICE_SC_RESERVES, SLUICE_SR_UNSPONSOR, CB_SPONSOR, NULL,
       "{\"entry\":\"claimable_balance\",\"balance_id\":"
       "\"BAABD32MISLMK37ZWFR2RRW7PO3X6YGAIQPMSZWVSVN2CZR5IBPR4JPHPA\",\"old\":\"" CB_SPONSOR "\"}"}}},
    /* pubnet: account flag set and cleared, a trustline deauthorized,
     * thresholds set, a SAC approve */
    {"wallet-backend/ledger-51000294.xdr.gz#0",
     {{219044594816892929, SLUICE_SC_FLAGS, SLUICE_SR_SET, QNT_ISSUER, NULL,
       "{\"flag\":\"auth_required\",\"old\":false,\"new\":true}"},
      {219044594816892930, SLUICE_SC_BALANCE_AUTHORIZATION, SLUICE_SR_CLEAR,
       "GDF33RKHGGZI3FI2RUC7YB5W2YQFC2P2L5H7YIULO2NJFJMUNB4QX2CX", "QNT:" QNT_ISSUER,
       "{\"flag\":\"authorized\",\"old\":true,\"new\":false}"},
      {219044594816892933, SLUICE_SC_FLAGS, SLUICE_SR_CLEAR, QNT_ISSUER, NULL,
       "{\"flag\":\"auth_required\",\"old\":true,\"new\":false}"},
      {219044594817830923, SLUICE_SC_SIGNATURE_THRESHOLD, SLUICE_SR_MEDIUM,
       "GD3KZT34WWM4PNOOI7GSXAFDLKLM5GDBFI5AW3V5U2XVL775CLP3DWQS", NULL, "{\"old\":0,\"new\":2}"},
      {219044594818600961, SLUICE_SC_ALLOWANCE, SLUICE_SR_UPDATE,
       "GBT74ANOQMR3JWURIUM2DXRPGNCBYXRRDORN2YXAZ4H56EXH2AR3XQDQ",
       "CAUIKL3IYGMERDRUN6YSCLWVAKIFG5Q4YJHUKM4S4NJZQIA3BAS6OJPK",
       "{\"spender\":\"CCKWA3RENJIQ4B7QAWWAFAS6GDT7TCHWCLLSONKMHNCESG36GGKMN6OX\","
       "\"expiration_ledger\":51000347}"}}},
};

static void check_fixtures(const ledger_frames *set)
{
    for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
        const ledger_frame *f = frame_named(set, fixtures[i].frame);
        if (!f)
            continue;
        sluice_ledger l;
        indexer *ix = indexed(f, f->data, f->len, &l);
        for (size_t k = 0; ix && k < 5 && fixtures[i].rows[k].operation_id; k++) {
            const sluice_state_change_row *s = expect_row(&l, f->name, &fixtures[i].rows[k]);
            /* the allowance's amount: 1 token of 7 decimals */
            if (s && s->category == SLUICE_SC_ALLOWANCE)
                CHECK(s->amount.hi == 0 && s->amount.lo == 10000000);
        }
        indexer_free(ix);
    }
}

/* ---- entries appended to a fixture operation's meta ---------------------- */

/* What an appender changed: the transaction whose first operation it
 * rewrote, and what the rows must name. */
typedef struct appended {
    uint32_t tx_index;
    char account[SLUICE_STRKEY_SIZE];
    char asset[SLUICE_STRKEY_SIZE]; /* set_authorized: the SAC */
    bool was;                       /* set_authorized: authorized before */
} appended;

/* Rewrites a decoded fixture ledger; the re-encoded frame (malloc'd), or
 * NULL when no transaction fits. */
typedef uint8_t *(*appender)(sx_LedgerCloseMeta *lcm, sx_arena *arena, appended *a, size_t *len);
/* Checks the rows of the rewritten operation. */
typedef void (*checker)(const sluice_ledger *l, const char *where, int64_t operation_id,
                        const appended *a);

/* The first fixture ledger `append` can rewrite, indexed and checked. */
static void check_appended(const ledger_frames *set, const char *what, appender append, checker check)
{
    sx_arena *arena = sx_arena_new(0);
    bool done = false;
    for (size_t i = 0; i < set->count && !done; i++) {
        const ledger_frame *f = &set->frames[i];
        sx_LedgerCloseMeta lcm;
        sx_error err;
        appended a;
        size_t len;
        memset(&a, 0, sizeof(a));
        sx_arena_reset(arena);
        uint8_t *frame = sx_decode_LedgerCloseMeta(f->data, f->len, arena, &lcm, &err)
                             ? NULL
                             : append(&lcm, arena, &a, &len);
        if (!frame)
            continue;
        sluice_ledger l;
        indexer *ix = indexed(f, frame, len, &l);
        if (ix) {
            check(&l, f->name, l.transactions[a.tx_index].id + 1, &a);
            fprintf(stderr, "%s appended to %s transaction %u\n", what, f->name, a.tx_index + 1);
            done = true;
        }
        indexer_free(ix);
        free(frame);
    }
    CHECK_MSG(done, "no fixture operation could take %s", what);
    sx_arena_free(arena);
}

static sx_LedgerEntryChanges *operation_changes(sx_TransactionMeta *m, uint32_t i)
{
    switch (m->v) {
    case 1: return i < m->v1.operations.len ? &m->v1.operations.items[i].changes : NULL;
    case 2: return i < m->v2.operations.len ? &m->v2.operations.items[i].changes : NULL;
    case 3: return i < m->v3.operations.len ? &m->v3.operations.items[i].changes : NULL;
    case 4: return i < m->v4.operations.len ? &m->v4.operations.items[i].changes : NULL;
    default: return NULL;
    }
}

static sx_TransactionMeta *meta_of(sx_LedgerCloseMeta *lcm, uint32_t i)
{
    return lcm->v == 0   ? &lcm->v0.txProcessing.items[i].txApplyProcessing
           : lcm->v == 1 ? &lcm->v1.txProcessing.items[i].txApplyProcessing
                         : &lcm->v2.txProcessing.items[i].txApplyProcessing;
}

/* changes with n more slots at the end (arena). */
static sx_LedgerEntryChange *grow(sx_LedgerEntryChanges *changes, uint32_t n, sx_arena *arena)
{
    sx_LedgerEntryChange *items = sx_arena_alloc(arena, (changes->len + n) * sizeof(*items));
    memcpy(items, changes->items, changes->len * sizeof(*items));
    memset(items + changes->len, 0, n * sizeof(*items));
    changes->items = items;
    changes->len += n;
    return items + changes->len - n;
}

static sx_bytes text_bytes(const char *text)
{
    sx_bytes b = {(const uint8_t *)text, (uint32_t)strlen(text)};
    return b;
}

/* An account entry like `e` with this home domain, master weight and flags. */
static sx_LedgerEntry account_like(const sx_LedgerEntry *e, const char *home_domain, uint8_t master,
                                   uint32_t flags, sx_arena *arena)
{
    sx_LedgerEntry copy = *e;
    uint8_t *thresholds = sx_arena_alloc(arena, 4);
    memcpy(thresholds, e->data.account.thresholds, 4);
    thresholds[0] = master;
    copy.data.account.thresholds = thresholds;
    copy.data.account.homeDomain = text_bytes(home_domain);
    copy.data.account.flags = flags;
    return copy;
}

static sx_LedgerEntry trustline_of(const sx_AccountID *owner, int64_t limit, uint32_t flags)
{
    static const uint8_t code[4] = "USD";
    static uint8_t issuer[32];
    memset(issuer, 0x22, 32);
    sx_LedgerEntry e;
    memset(&e, 0, sizeof(e));
    e.data.type = SX_TRUSTLINE;
    e.data.trustLine.accountID = *owner;
    e.data.trustLine.asset.type = SX_ASSET_TYPE_CREDIT_ALPHANUM4;
    e.data.trustLine.asset.alphaNum4.assetCode = code;
    e.data.trustLine.asset.alphaNum4.issuer.ed25519 = issuer;
    e.data.trustLine.limit = limit;
    e.data.trustLine.flags = flags;
    return e;
}

static sx_LedgerEntry data_of(const sx_AccountID *owner, const char *value)
{
    sx_LedgerEntry e;
    memset(&e, 0, sizeof(e));
    e.data.type = SX_DATA;
    e.data.data.accountID = *owner;
    e.data.data.dataName = text_bytes("k");
    e.data.data.dataValue = text_bytes(value);
    return e;
}

/* STATE `before`, then UPDATED to `after` (NULL: REMOVED, data entries). */
static void pair(sx_LedgerEntryChange *c, const sx_LedgerEntry *before, const sx_LedgerEntry *after)
{
    c[0].type = SX_LEDGER_ENTRY_STATE;
    c[0].state = *before;
    if (after) {
        c[1].type = SX_LEDGER_ENTRY_UPDATED;
        c[1].updated = *after;
        return;
    }
    c[1].type = SX_LEDGER_ENTRY_REMOVED;
    c[1].removed.type = SX_DATA;
    c[1].removed.data.accountID = before->data.data.accountID;
    c[1].removed.data.dataName = before->data.data.dataName;
}

/* The first account entry in STATE among changes, or NULL. */
static const sx_LedgerEntry *account_state(const sx_LedgerEntryChanges *changes)
{
    for (uint32_t i = 0; i < changes->len; i++)
        if (changes->items[i].type == SX_LEDGER_ENTRY_STATE &&
            changes->items[i].state.data.type == SX_ACCOUNT)
            return &changes->items[i].state;
    return NULL;
}

/* The first operation's changes of the first transaction whose first
 * operation changes an account: that account's STATE in *account, its
 * strkey and the transaction in out; NULL when no transaction does. */
static sx_LedgerEntryChanges *account_operation(sx_LedgerCloseMeta *lcm, appended *out,
                                                const sx_LedgerEntry **account)
{
    for (uint32_t t = 0; t < ledger_transaction_count(lcm); t++) {
        sx_LedgerEntryChanges *changes = operation_changes(meta_of(lcm, t), 0);
        const sx_LedgerEntry *e = changes ? account_state(changes) : NULL;
        if (!e)
            continue;
        strkey_encode(STRKEY_ACCOUNT, e->data.account.accountID.ed25519, 32, out->account,
                      SLUICE_STRKEY_SIZE);
        out->tx_index = t;
        *account = e;
        return changes;
    }
    return NULL;
}

/* Appends account, trustline and data changes of an account to the
 * first operation of the first transaction whose first operation changes
 * that account. */
static void add_account_changes(sx_LedgerEntryChanges *changes, const sx_LedgerEntry *e,
                                sx_arena *arena)
{
    const sx_AccountID *id = &e->data.account.accountID;
    sx_LedgerEntry a[5] = {
        account_like(e, "", 1, 0, arena), account_like(e, "set.example", 1, 0, arena),
        account_like(e, "q\"\x01.example", 1, 0, arena), account_like(e, "", 1, 0, arena),
        account_like(e, "", 0, 3, arena)};
    sx_LedgerEntry t100 = trustline_of(id, 100, 1), t250 = trustline_of(id, 250, 5);
    sx_LedgerEntry v1 = data_of(id, "v1"), v2 = data_of(id, "v2");
    sx_LedgerEntryChange *c = grow(changes, 8 + 2 + 1 + 4, arena);
    for (int k = 0; k < 4; k++)
        pair(c + 2 * k, &a[k], &a[k + 1]);
    pair(c + 8, &t100, &t250);
    c[10].type = SX_LEDGER_ENTRY_CREATED;
    c[10].created = v1;
    pair(c + 11, &v1, &v2);
    pair(c + 13, &v2, NULL);
}

/* The ledger with `add`'s changes appended to the account_operation's. */
static uint8_t *append_to_account(sx_LedgerCloseMeta *lcm, sx_arena *arena, appended *out,
                                  size_t *len,
                                  void (*add)(sx_LedgerEntryChanges *, const sx_LedgerEntry *, sx_arena *))
{
    const sx_LedgerEntry *e;
    sx_LedgerEntryChanges *changes = account_operation(lcm, out, &e);
    if (!changes)
        return NULL;
    add(changes, e, arena);
    return ledger_encoded(lcm, len);
}

static uint8_t *with_account_changes(sx_LedgerCloseMeta *lcm, sx_arena *arena, appended *out,
                                     size_t *len)
{
    return append_to_account(lcm, arena, out, len, add_account_changes);
}

static void account_rows(const sluice_ledger *l, const char *where, int64_t op, const appended *changed)
{
    const char *a = changed->account;
    char usd[8 + SLUICE_STRKEY_SIZE] = "USD:", signer[128];
    uint8_t issuer[32];
    memset(issuer, 0x22, 32);
    strkey_encode(STRKEY_ACCOUNT, issuer, 32, usd + 4, SLUICE_STRKEY_SIZE);
    snprintf(signer, sizeof(signer), "{\"signer\":\"%s\",\"old\":1}", a);
    const expected_row rows[] = {
        {op, SLUICE_SC_HOME_DOMAIN, SLUICE_SR_SET, a, NULL, "{\"new\":\"set.example\"}"},
        {op, SLUICE_SC_HOME_DOMAIN, SLUICE_SR_UPDATE, a, NULL,
         "{\"old\":\"set.example\",\"new\":\"q\\u0022\\u0001.example\"}"},
        {op, SLUICE_SC_HOME_DOMAIN, SLUICE_SR_CLEAR, a, NULL, "{\"old\":\"q\\u0022\\u0001.example\"}"},
        {op, SLUICE_SC_SIGNER, SLUICE_SR_REMOVE, a, NULL, signer},
        {op, SLUICE_SC_FLAGS, SLUICE_SR_SET, a, NULL, "{\"flag\":\"auth_required\",\"old\":false,\"new\":true}"},
        {op, SLUICE_SC_FLAGS, SLUICE_SR_SET, a, NULL, "{\"flag\":\"auth_revocable\",\"old\":false,\"new\":true}"},
        {op, SLUICE_SC_TRUSTLINE, SLUICE_SR_UPDATE, a, usd, "{\"old\":\"100\",\"new\":\"250\"}"},
        {op, SLUICE_SC_BALANCE_AUTHORIZATION, SLUICE_SR_SET, a, usd,
         "{\"flag\":\"clawback_enabled\",\"old\":false,\"new\":true}"},
        {op, SLUICE_SC_DATA_ENTRY, SLUICE_SR_ADD, a, NULL, "{\"name\":\"k\",\"new\":\"djE=\"}"},
        {op, SLUICE_SC_DATA_ENTRY, SLUICE_SR_UPDATE, a, NULL,
         "{\"name\":\"k\",\"old\":\"djE=\",\"new\":\"djI=\"}"},
        {op, SLUICE_SC_DATA_ENTRY, SLUICE_SR_REMOVE, a, NULL, "{\"name\":\"k\",\"old\":\"djI=\"}"},
    };
    for (size_t k = 0; k < sizeof(rows) / sizeof(rows[0]); k++)
        expect_row(l, where, &rows[k]);
    /* the authorized flag stayed: one flag row for the trustline */
    CHECK(rows_of(l, op, SLUICE_SC_BALANCE_AUTHORIZATION) == 1);
    CHECK(rows_of(l, op, SLUICE_SC_HOME_DOMAIN) == 3);
}

/* ---- sponsorships moved and removed (revoke_sponsorship's changes) ------ */

/* `e` sponsored by the account whose key bytes are all `fill` (0: none). */
static sx_LedgerEntry sponsored_by(const sx_LedgerEntry *e, uint8_t fill, sx_arena *arena)
{
    sx_LedgerEntry copy = *e;
    copy.ext.v = fill ? 1 : 0;
    copy.ext.v1.sponsoringID = NULL;
    if (fill) {
        sx_AccountID *id = sx_arena_alloc(arena, sizeof(*id));
        uint8_t *key = sx_arena_alloc(arena, 32);
        memset(key, fill, 32);
        memset(id, 0, sizeof(*id));
        id->ed25519 = key;
        copy.ext.v1.sponsoringID = id;
    }
    return copy;
}

/* A data entry's sponsorship moved from 0x33.. to 0x44.., a trustline's
 * removed (its balance, limit and flags unchanged). */
static void add_sponsorship_changes(sx_LedgerEntryChanges *changes, const sx_LedgerEntry *e,
                                    sx_arena *arena)
{
    const sx_AccountID *id = &e->data.account.accountID;
    sx_LedgerEntry data = data_of(id, "v"), line = trustline_of(id, 100, 1);
    sx_LedgerEntry d1 = sponsored_by(&data, 0x33, arena), d2 = sponsored_by(&data, 0x44, arena);
    sx_LedgerEntry t1 = sponsored_by(&line, 0x33, arena), t0 = sponsored_by(&line, 0, arena);
    sx_LedgerEntryChange *c = grow(changes, 4, arena);
    pair(c, &d1, &d2);
    pair(c + 2, &t1, &t0);
}

static uint8_t *with_sponsorship_changes(sx_LedgerCloseMeta *lcm, sx_arena *arena, appended *out,
                                         size_t *len)
{
    return append_to_account(lcm, arena, out, len, add_sponsorship_changes);
}

static void sponsorship_rows(const sluice_ledger *l, const char *where, int64_t op,
                             const appended *changed)
{
    const char *a = changed->account;
    char s1[SLUICE_STRKEY_SIZE], s2[SLUICE_STRKEY_SIZE], usd[8 + SLUICE_STRKEY_SIZE] = "USD:";
    char data[320], line[320];
    uint8_t key[32];
    memset(key, 0x33, 32);
    strkey_encode(STRKEY_ACCOUNT, key, 32, s1, sizeof(s1));
    memset(key, 0x44, 32);
    strkey_encode(STRKEY_ACCOUNT, key, 32, s2, sizeof(s2));
    memset(key, 0x22, 32);
    strkey_encode(STRKEY_ACCOUNT, key, 32, usd + 4, SLUICE_STRKEY_SIZE);
    snprintf(data, sizeof(data),
             "{\"entry\":\"data\",\"name\":\"k\",\"sponsored\":\"%s\",\"old\":\"%s\",\"new\":\"%s\"}",
             a, s1, s2);
    snprintf(line, sizeof(line), "{\"entry\":\"trustline\",\"sponsored\":\"%s\",\"old\":\"%s\"}", a, s1);
    const expected_row rows[] = {
        {op, SLUICE_SC_RESERVES, SLUICE_SR_SPONSOR, s2, NULL, data},
        {op, SLUICE_SC_RESERVES, SLUICE_SR_UNSPONSOR, s1, NULL, data},
        {op, SLUICE_SC_RESERVES, SLUICE_SR_SPONSOR, a, NULL, data},
        {op, SLUICE_SC_RESERVES, SLUICE_SR_UNSPONSOR, a, NULL, data},
        {op, SLUICE_SC_RESERVES, SLUICE_SR_UNSPONSOR, s1, usd, line},
        {op, SLUICE_SC_RESERVES, SLUICE_SR_UNSPONSOR, a, usd, line},
    };
    for (size_t k = 0; k < sizeof(rows) / sizeof(rows[0]); k++)
        expect_row(l, where, &rows[k]);
    CHECK(rows_of(l, op, SLUICE_SC_RESERVES) == 6);
}

/* ---- a SAC set_authorized event of a contract holder --------------------- */

static bool symbol_is(const sx_SCVal *v, const char *name)
{
    return v->type == SX_SCV_SYMBOL && v->sym.len == strlen(name) &&
           memcmp(v->sym.data, name, v->sym.len) == 0;
}

/* The contract holder of a SAC balance entry and its authorized flag. */
static const sx_SCAddress *sac_contract_holder(const sx_LedgerEntry *e, bool *authorized)
{
    const sx_ContractDataEntry *d = &e->data.contractData;
    if (e->data.type != SX_CONTRACT_DATA || d->key.type != SX_SCV_VEC || !d->key.vec ||
        d->key.vec->len != 2 || !symbol_is(&d->key.vec->items[0], "Balance") ||
        d->key.vec->items[1].type != SX_SCV_ADDRESS ||
        d->key.vec->items[1].address.type != SX_SC_ADDRESS_TYPE_CONTRACT ||
        d->val.type != SX_SCV_MAP || !d->val.map || d->val.map->len != 3 ||
        !symbol_is(&d->val.map->items[1].key, "authorized"))
        return NULL;
    *authorized = d->val.map->items[1].val.b;
    return &d->key.vec->items[1].address;
}

/* The events of operation i (meta v3: the Soroban meta's; v4: the operation's). */
static sx_vec_ContractEvent *events_of(sx_TransactionMeta *m, uint32_t i)
{
    if (m->v == 3 && m->v3.sorobanMeta && i == 0)
        return &m->v3.sorobanMeta->events;
    if (m->v == 4 && i < m->v4.operations.len)
        return &m->v4.operations.items[i].events;
    return NULL;
}

/* Appends set_authorized(holder, !authorized) of the SAC to the first
 * operation that changes a contract holder's SAC balance (holder, SAC and
 * the flag before in *out). */
static uint8_t *with_set_authorized(sx_LedgerCloseMeta *lcm, sx_arena *arena, appended *out,
                                    size_t *len)
{
    for (uint32_t t = 0; t < ledger_transaction_count(lcm); t++) {
        sx_TransactionMeta *m = meta_of(lcm, t);
        sx_LedgerEntryChanges *changes = operation_changes(m, 0);
        sx_vec_ContractEvent *events = events_of(m, 0);
        for (uint32_t i = 0; changes && events && i < changes->len; i++) {
            const sx_LedgerEntryChange *c = &changes->items[i];
            const sx_SCAddress *address =
                c->type == SX_LEDGER_ENTRY_STATE ? sac_contract_holder(&c->state, &out->was) : NULL;
            if (!address)
                continue;
            const uint8_t *contract = c->state.data.contractData.contract.contractId;
            strkey_encode(STRKEY_CONTRACT, address->contractId, 32, out->account, SLUICE_STRKEY_SIZE);
            strkey_encode(STRKEY_CONTRACT, contract, 32, out->asset, SLUICE_STRKEY_SIZE);
            sx_SCVal *topics = sx_arena_alloc(arena, 3 * sizeof(*topics));
            memset(topics, 0, 3 * sizeof(*topics));
            topics[0].type = SX_SCV_SYMBOL;
            topics[0].sym = text_bytes("set_authorized");
            topics[1].type = SX_SCV_ADDRESS;
            topics[1].address = *address;
            topics[2].type = SX_SCV_STRING;
            topics[2].str = text_bytes("USD:GBXX");
            sx_ContractID *id = sx_arena_alloc(arena, sizeof(*id));
            *id = contract;
            sx_ContractEvent *items = sx_arena_alloc(arena, (events->len + 1) * sizeof(*items));
            memcpy(items, events->items, events->len * sizeof(*items));
            sx_ContractEvent *e = &items[events->len];
            memset(e, 0, sizeof(*e));
            e->type = SX_CONTRACT;
            e->contractID = id;
            e->body.v0.topics.items = topics;
            e->body.v0.topics.len = 3;
            e->body.v0.data.type = SX_SCV_BOOL;
            e->body.v0.data.b = !out->was;
            events->items = items;
            events->len++;
            out->tx_index = t;
            return ledger_encoded(lcm, len);
        }
    }
    return NULL;
}

static void set_authorized_row(const sluice_ledger *l, const char *where, int64_t op,
                               const appended *a)
{
    char details[96];
    snprintf(details, sizeof(details), "{\"flag\":\"authorized\",\"old\":%s,\"new\":%s}",
             a->was ? "true" : "false", a->was ? "false" : "true");
    expected_row row = {op, SLUICE_SC_BALANCE_AUTHORIZATION, a->was ? SLUICE_SR_CLEAR : SLUICE_SR_SET,
                        a->account, a->asset, details};
    expect_row(l, where, &row);
}

int main(void)
{
    ledger_frames set;
    int status = ledger_frames_load_for_test(test_fixtures_dir(), &set);
    if (status != 0)
        return status;
    check_fixtures(&set);
    check_appended(&set, "account, trustline and data changes", with_account_changes, account_rows);
    check_appended(&set, "a SAC set_authorized of a contract holder", with_set_authorized,
                   set_authorized_row);
    check_appended(&set, "sponsorships moved and removed", with_sponsorship_changes,
                   sponsorship_rows);
    ledger_frames_free(&set);
    return test_finish();
}
