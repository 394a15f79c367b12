/* test_trade_transfers.c — the token_transfers rows derived for trades
 * where no fixture has them: a stellar-core test transaction (meta v4
 * without events) is rewritten into one operation with its result and
 * entry changes (hash recomputed, result re-paired), indexed with derived
 * transfers, and its rows checked against what stellar-core emits (CAP-67):
 *   - liquidity_pool_deposit: asset A then asset B from the source to the
 *     pool, the amounts the pool's reserves grew by; from the issuer: mint;
 *   - liquidity_pool_withdraw by a muxed source: pool to source with the
 *     muxed id as to_muxed_id; to the issuer: burn;
 *   - a revocation (allow_trust) redeeming two pools, one of them removed:
 *     pool by pool in pool id order (as core sorts the pool-share trustlines
 *     it redeems), each pool's assets to the claimable balances CAP-38 names
 *     (the ids computed here from the preimage's bytes), burned for the
 *     trustor's own asset;
 *   - a path payment in a transaction with an id memo: both legs of each
 *     offer or pool crossed without to_muxed_id, then the delivery to a
 *     muxed destination with its id, and to a plain one with the memo. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../testlib.h"
#include "indexer/indexer.h"
#include "ledger_frames.h"
#include "stellar/sha256.h"
#include "stellar/strkey.h"
#include "xdr/gen/sx_codec.h"

/* Keys, pool ids and asset codes of the rewritten operations: 32 copies
 * of one byte. */
static const uint8_t *key_of(uint8_t byte)
{
    static uint8_t keys[256][32];
    memset(keys[byte], byte, 32);
    return keys[byte];
}

enum { ISSUER_USD = 0x22, ISSUER_EUR = 0x33, SELLER = 0x44, DESTINATION = 0x55, POOL_1 = 0xa1,
       POOL_2 = 0xa2 };

static sx_Asset credit(const char *code, uint8_t issuer)
{
    sx_Asset a;
    memset(&a, 0, sizeof(a));
    a.type = SX_ASSET_TYPE_CREDIT_ALPHANUM4;
    a.alphaNum4.assetCode = (const uint8_t *)code; /* 4 bytes, NUL-padded */
    a.alphaNum4.issuer.ed25519 = key_of(issuer);
    return a;
}

static const sx_Asset native = {.type = SX_ASSET_TYPE_NATIVE};

/* ---- the expected rows ---------------------------------------------------- */

typedef struct expected {
    sluice_transfer_kind kind;
    char from[SLUICE_STRKEY_SIZE], to[SLUICE_STRKEY_SIZE];
    const char *asset;
    int64_t amount;
    bool has_to_muxed_id;
    uint64_t to_muxed_id;
} expected;

static void g_name(const uint8_t *key, char out[SLUICE_STRKEY_SIZE])
{
    if (key)
        strkey_encode(STRKEY_ACCOUNT, key, 32, out, SLUICE_STRKEY_SIZE);
    else
        out[0] = '\0';
}

static void l_name(uint8_t pool, char out[SLUICE_STRKEY_SIZE])
{
    strkey_encode(STRKEY_LIQUIDITY_POOL, key_of(pool), 32, out, SLUICE_STRKEY_SIZE);
}

static void b_name(const uint8_t id[32], char out[SLUICE_STRKEY_SIZE])
{
    uint8_t payload[33] = {0}; /* CLAIMABLE_BALANCE_ID_TYPE_V0, then the hash */
    memcpy(payload + 1, id, 32);
    strkey_encode(STRKEY_CLAIMABLE_BALANCE, payload, sizeof(payload), out, SLUICE_STRKEY_SIZE);
}

/* ---- rewriting a fixture transaction -------------------------------------- */

/* What a scenario puts in place of the transaction's operations. */
typedef struct scenario {
    const char *what;
    sx_Operation op;
    sx_OperationResult result;
    sx_LedgerEntryChange *changes;
    uint32_t change_count;
    bool memo_id;                /* the transaction gets MEMO_ID 4242 */
    /* filled by the rewrite: the transaction's source key and sequence */
    const uint8_t *tx_source;
    int64_t seq_num;
} scenario;

/* The decoded ledger (LedgerCloseMeta v2) with its first successful V1
 * transaction with meta v4 made the scenario's single operation, encoded;
 * NULL when it has none. */
static uint8_t *rewritten_in(sx_LedgerCloseMeta *lcm, const uint8_t network_id[32], scenario *s,
                             uint32_t *tx_order, size_t *len)
{
    static uint8_t hash[32]; /* fixed-size opaque fields point at their bytes */
    for (uint32_t i = 0; i < lcm->v2.txProcessing.len; i++) {
        sx_TransactionResultPair *pair = ledger_result_pair(lcm, i);
        sx_TransactionMeta *meta = &lcm->v2.txProcessing.items[i].txApplyProcessing;
        sx_TransactionEnvelope *env = ledger_v1_envelope(lcm, network_id, pair->transactionHash);
        if (!env || meta->v != 4 || pair->result.result.code != SX_txSUCCESS ||
            meta->v4.operations.len == 0)
            continue;
        sx_Transaction *tx = &env->v1.tx;
        tx->operations.items[0] = s->op;
        tx->operations.len = 1;
        if (s->memo_id) {
            tx->memo.type = SX_MEMO_ID;
            tx->memo.id = 4242;
        }
        pair->result.result.results.items[0] = s->result;
        pair->result.result.results.len = 1;
        sx_OperationMetaV2 *op_meta = &meta->v4.operations.items[0];
        op_meta->changes.items = s->changes;
        op_meta->changes.len = s->change_count;
        op_meta->events.len = 0;
        meta->v4.operations.len = 1;
        if (envelope_hash(network_id, env, hash))
            continue;
        pair->transactionHash = hash;
        s->tx_source = tx->sourceAccount.type == SX_KEY_TYPE_MUXED_ED25519
                           ? tx->sourceAccount.med25519.ed25519
                           : tx->sourceAccount.ed25519;
        s->seq_num = tx->seqNum;
        *tx_order = i + 1;
        return ledger_encoded(lcm, len);
    }
    return NULL;
}

/* The first fixture ledger (*host) with a successful V1 transaction with
 * meta v4, that transaction made the scenario's single operation (its
 * result and changes; the scenario's result gets the operation's type: an
 * inner result whose code is 0, success); NULL when no ledger has one.
 * *tx_order is that transaction's order. */
static uint8_t *rewritten(const ledger_frames *set, sx_arena *arena, scenario *s,
                          const ledger_frame **host, uint32_t *tx_order, size_t *len)
{
    s->result.code = SX_opINNER;
    s->result.tr.type = s->op.body.type;
    for (size_t f = 0; f < set->count; f++) {
        const ledger_frame *candidate = &set->frames[f];
        uint8_t network_id[32];
        sx_LedgerCloseMeta lcm;
        sx_error err;
        sx_arena_reset(arena);
        if (sx_decode_LedgerCloseMeta(candidate->data, candidate->len, arena, &lcm, &err) ||
            lcm.v != 2)
            continue;
        sha256(candidate->passphrase, strlen(candidate->passphrase), network_id);
        uint8_t *frame = rewritten_in(&lcm, network_id, s, tx_order, len);
        if (frame) {
            *host = candidate;
            return frame;
        }
    }
    return NULL;
}

/* Indexes the rewritten ledger and compares operation 1's rows with
 * want[0..n). */
static void check_rows(const ledger_frame *f, const uint8_t *frame, size_t len, uint32_t tx_order,
                       const scenario *s, const expected *want, size_t n)
{
    indexer_options o = {.network_passphrase = f->passphrase, .derive_transfers = true};
    indexer *ix = indexer_new(&o);
    sluice_ledger l;
    error_report err;
    int rc = indexer_index_frame(ix, frame, len, &l, &err);
    CHECK_MSG(rc == 0, "%s in %s: %s (%s)", s->what, f->name, err.message, err.detail);
    if (rc == 0) {
        int64_t op_id = l.transactions[tx_order - 1].id + 1;
        size_t got = 0;
        for (size_t i = 0; i < l.token_transfer_count; i++) {
            const sluice_token_transfer_row *r = &l.token_transfers[i];
            if (r->operation_id != op_id)
                continue;
            CHECK_MSG(got < n, "%s: more rows than the %zu expected", s->what, n);
            if (got >= n)
                break;
            const expected *w = &want[got];
            CHECK_MSG(r->event_index == got, "%s row %zu: event_index %u", s->what, got, r->event_index);
            CHECK_MSG(r->kind == w->kind, "%s row %zu: kind %d, want %d", s->what, got, r->kind, w->kind);
            CHECK_MSG(strcmp(r->from, w->from) == 0, "%s row %zu: from %s, want %s", s->what, got,
                      r->from, w->from);
            CHECK_MSG(strcmp(r->to, w->to) == 0, "%s row %zu: to %s, want %s", s->what, got, r->to,
                      w->to);
            CHECK_MSG(r->asset && strcmp(r->asset, w->asset) == 0, "%s row %zu: asset %s, want %s",
                      s->what, got, r->asset ? r->asset : "(null)", w->asset);
            CHECK_MSG(r->amount.hi == (w->amount < 0 ? -1 : 0) && r->amount.lo == (uint64_t)w->amount,
                      "%s row %zu: amount %llu, want %lld", s->what, got,
                      (unsigned long long)r->amount.lo, (long long)w->amount);
            CHECK_MSG(r->has_to_muxed_id == w->has_to_muxed_id && r->to_muxed_id == w->to_muxed_id,
                      "%s row %zu: to_muxed_id %d/%llu, want %d/%llu", s->what, got,
                      r->has_to_muxed_id, (unsigned long long)r->to_muxed_id, w->has_to_muxed_id,
                      (unsigned long long)w->to_muxed_id);
            got++;
        }
        CHECK_MSG(got == n, "%s: %zu rows, want %zu", s->what, got, n);
        fprintf(stderr, "%s: %zu rows as expected (%s transaction %u)\n", s->what, got, f->name,
                tx_order);
    }
    indexer_free(ix);
}

/* Checks the rows of the scenario rewritten into a fixture transaction;
 * `expect` fills the rows it must yield (it may need the transaction's
 * source and sequence) and returns how many. */
static void run(const ledger_frames *set, scenario *s,
                size_t (*expect)(const scenario *s, expected *want))
{
    sx_arena *arena = sx_arena_new(0);
    const ledger_frame *host = NULL;
    uint32_t tx_order = 0;
    size_t len = 0;
    uint8_t *frame = rewritten(set, arena, s, &host, &tx_order, &len);
    CHECK_MSG(frame != NULL, "no fixture transaction could be rewritten into %s", s->what);
    if (frame) {
        expected want[16];
        memset(want, 0, sizeof(want));
        check_rows(host, frame, len, tx_order, s, want, expect(s, want));
        free(frame);
    }
    sx_arena_free(arena);
}

/* ---- entry changes ---------------------------------------------------------- */

static sx_LedgerEntryChange pool_change(sx_LedgerEntryChangeType type, uint8_t pool, sx_Asset a,
                                        sx_Asset b, int64_t reserve_a, int64_t reserve_b)
{
    sx_LedgerEntryChange c;
    memset(&c, 0, sizeof(c));
    c.type = type;
    if (type == SX_LEDGER_ENTRY_REMOVED) {
        c.removed.type = SX_LIQUIDITY_POOL;
        c.removed.liquidityPool.liquidityPoolID = key_of(pool);
        return c;
    }
    sx_LedgerEntry *e = type == SX_LEDGER_ENTRY_STATE ? &c.state : &c.updated;
    e->lastModifiedLedgerSeq = 2;
    e->data.type = SX_LIQUIDITY_POOL;
    e->data.liquidityPool.liquidityPoolID = key_of(pool);
    e->data.liquidityPool.body.type = SX_LIQUIDITY_POOL_CONSTANT_PRODUCT;
    sx_LiquidityPoolEntryBodyConstantProduct *cp = &e->data.liquidityPool.body.constantProduct;
    cp->params.assetA = a;
    cp->params.assetB = b;
    cp->params.fee = 30;
    cp->reserveA = reserve_a;
    cp->reserveB = reserve_b;
    cp->totalPoolShares = 1000;
    cp->poolSharesTrustLineCount = 2;
    return c;
}

static void want_row(expected *w, sluice_transfer_kind kind, const char *from, const char *to,
                     const char *asset, int64_t amount)
{
    w->kind = kind;
    snprintf(w->from, sizeof(w->from), "%s", from);
    snprintf(w->to, sizeof(w->to), "%s", to);
    w->asset = asset;
    w->amount = amount;
}

static char usd_name[80], eur_name[80];

/* ---- liquidity_pool_deposit ---------------------------------------------- */

/* The source of the deposit, the revocation and the path payments. */
static sx_MuxedAccount usd_issuer_source = {.type = SX_KEY_TYPE_ED25519};

/* The issuer of USD deposits XLM and USD into pool 1. */
static sx_LedgerEntryChange deposit_changes[2];

static size_t expect_deposit(const scenario *s, expected *want)
{
    (void)s;
    char pool[SLUICE_STRKEY_SIZE], issuer[SLUICE_STRKEY_SIZE];
    l_name(POOL_1, pool);
    g_name(key_of(ISSUER_USD), issuer);
    want_row(&want[0], SLUICE_TRANSFER, issuer, pool, "native", 700);
    want_row(&want[1], SLUICE_TRANSFER_MINT, "", pool, usd_name, 300);
    return 2;
}

static void check_deposit(const ledger_frames *set)
{
    usd_issuer_source.ed25519 = key_of(ISSUER_USD);
    sx_Asset usd = credit("USD", ISSUER_USD);
    deposit_changes[0] = pool_change(SX_LEDGER_ENTRY_STATE, POOL_1, native, usd, 1000, 500);
    deposit_changes[1] = pool_change(SX_LEDGER_ENTRY_UPDATED, POOL_1, native, usd, 1700, 800);
    scenario s = {.what = "liquidity_pool_deposit", .changes = deposit_changes, .change_count = 2};
    s.op.sourceAccount = &usd_issuer_source;
    s.op.body.type = SX_LIQUIDITY_POOL_DEPOSIT;
    s.op.body.liquidityPoolDepositOp.liquidityPoolID = key_of(POOL_1);
    s.op.body.liquidityPoolDepositOp.maxAmountA = 700;
    s.op.body.liquidityPoolDepositOp.maxAmountB = 300;
    s.op.body.liquidityPoolDepositOp.minPrice = (sx_Price){1, 1};
    s.op.body.liquidityPoolDepositOp.maxPrice = (sx_Price){3, 1};
    run(set, &s, expect_deposit);
}

/* ---- liquidity_pool_withdraw ------------------------------------------------ */

/* The issuer of EUR, as muxed account 77, withdraws USD and EUR from pool
 * 2: it receives USD (to_muxed_id 77), its own EUR is burned. */
static sx_LedgerEntryChange withdraw_changes[2];
static sx_MuxedAccount muxed_eur_issuer = {.type = SX_KEY_TYPE_MUXED_ED25519};

static size_t expect_withdraw(const scenario *s, expected *want)
{
    (void)s;
    char pool[SLUICE_STRKEY_SIZE], issuer[SLUICE_STRKEY_SIZE];
    l_name(POOL_2, pool);
    g_name(key_of(ISSUER_EUR), issuer);
    want_row(&want[0], SLUICE_TRANSFER, pool, issuer, usd_name, 40);
    want[0].has_to_muxed_id = true;
    want[0].to_muxed_id = 77;
    want_row(&want[1], SLUICE_TRANSFER_BURN, pool, "", eur_name, 0);
    return 2;
}

static void check_withdraw(const ledger_frames *set)
{
    muxed_eur_issuer.med25519.id = 77;
    muxed_eur_issuer.med25519.ed25519 = key_of(ISSUER_EUR);
    sx_Asset usd = credit("USD", ISSUER_USD), eur = credit("EUR", ISSUER_EUR);
    /* a zero amount of EUR comes out (rounding): core emits it all the same */
    withdraw_changes[0] = pool_change(SX_LEDGER_ENTRY_STATE, POOL_2, usd, eur, 400, 9);
    withdraw_changes[1] = pool_change(SX_LEDGER_ENTRY_UPDATED, POOL_2, usd, eur, 360, 9);
    scenario s = {.what = "liquidity_pool_withdraw", .changes = withdraw_changes,
                  .change_count = 2, .memo_id = true};
    s.op.sourceAccount = &muxed_eur_issuer;
    s.op.body.type = SX_LIQUIDITY_POOL_WITHDRAW;
    s.op.body.liquidityPoolWithdrawOp.liquidityPoolID = key_of(POOL_2);
    s.op.body.liquidityPoolWithdrawOp.amount = 100;
    run(set, &s, expect_withdraw);
}

/* ---- revocation ------------------------------------------------------------- */

/* The issuer of USD revokes the USD trustline of the issuer of EUR, which
 * holds shares of pool 1 (XLM/USD: 100 XLM and 50 USD redeemed) and pool 2
 * (USD/EUR, removed: 40 USD and 9 EUR redeemed; its EUR is burned). */
static sx_LedgerEntryChange revoke_changes[4];

/* CAP-38's revoke id, from the XDR bytes of HashIDPreimage written out by
 * hand: ENVELOPE_TYPE_POOL_REVOKE_OP_ID (7), source AccountID (type 0,
 * key), seqNum, opNum, pool id, Asset (a credit alphanum4 here or native). */
static void revoke_id(const scenario *s, uint8_t pool, const sx_Asset *asset, uint8_t out[32])
{
    uint8_t bytes[4 + 4 + 32 + 8 + 4 + 32 + 4 + 4 + 4 + 32], *p = bytes;
    memset(bytes, 0, sizeof(bytes));
    p[3] = 7, p += 4;
    p += 4; /* PUBLIC_KEY_TYPE_ED25519 */
    memcpy(p, s->tx_source, 32), p += 32;
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)((uint64_t)s->seq_num >> (56 - 8 * i));
    p += 8;
    p += 4; /* opNum 0 */
    memcpy(p, key_of(pool), 32), p += 32;
    p[3] = (uint8_t)asset->type, p += 4;
    if (asset->type == SX_ASSET_TYPE_CREDIT_ALPHANUM4) {
        memcpy(p, asset->alphaNum4.assetCode, 4), p += 4;
        p += 4; /* issuer: PUBLIC_KEY_TYPE_ED25519 */
        memcpy(p, asset->alphaNum4.issuer.ed25519, 32), p += 32;
    }
    sha256(bytes, (size_t)(p - bytes), out);
}

static size_t expect_revocation(const scenario *s, expected *want)
{
    char pool1[SLUICE_STRKEY_SIZE], pool2[SLUICE_STRKEY_SIZE], cb[SLUICE_STRKEY_SIZE];
    uint8_t id[32];
    sx_Asset usd = credit("USD", ISSUER_USD);
    l_name(POOL_1, pool1);
    l_name(POOL_2, pool2);
    revoke_id(s, POOL_1, &native, id);
    b_name(id, cb);
    want_row(&want[0], SLUICE_TRANSFER, pool1, cb, "native", 100);
    revoke_id(s, POOL_1, &usd, id);
    b_name(id, cb);
    want_row(&want[1], SLUICE_TRANSFER, pool1, cb, usd_name, 50);
    revoke_id(s, POOL_2, &usd, id);
    b_name(id, cb);
    want_row(&want[2], SLUICE_TRANSFER, pool2, cb, usd_name, 40);
    want_row(&want[3], SLUICE_TRANSFER_BURN, pool2, "", eur_name, 9);
    return 4;
}

static void check_revocation(const ledger_frames *set)
{
    sx_Asset usd = credit("USD", ISSUER_USD), eur = credit("EUR", ISSUER_EUR);
    /* pool 2 first in the changes: the rows follow the pool ids */
    revoke_changes[0] = pool_change(SX_LEDGER_ENTRY_STATE, POOL_2, usd, eur, 40, 9);
    revoke_changes[1] = pool_change(SX_LEDGER_ENTRY_REMOVED, POOL_2, usd, eur, 0, 0);
    revoke_changes[2] = pool_change(SX_LEDGER_ENTRY_STATE, POOL_1, native, usd, 1000, 500);
    revoke_changes[3] = pool_change(SX_LEDGER_ENTRY_UPDATED, POOL_1, native, usd, 900, 450);
    usd_issuer_source.ed25519 = key_of(ISSUER_USD);
    scenario s = {.what = "allow_trust revocation", .changes = revoke_changes, .change_count = 4};
    s.op.sourceAccount = &usd_issuer_source;
    s.op.body.type = SX_ALLOW_TRUST;
    s.op.body.allowTrustOp.trustor.ed25519 = key_of(ISSUER_EUR);
    s.op.body.allowTrustOp.asset.type = SX_ASSET_TYPE_CREDIT_ALPHANUM4;
    s.op.body.allowTrustOp.asset.assetCode4 = (const uint8_t *)"USD";
    s.op.body.allowTrustOp.authorize = 0;
    run(set, &s, expect_revocation);
}

/* ---- path payments ------------------------------------------------------------ */

/* The issuer of USD sends USD, crosses seller 0x44's offer (USD for EUR)
 * and pool 1 (EUR for XLM): the USD leg is a mint; then the XLM delivered
 * goes to `destination`.  The transaction has an id memo. */
static sx_ClaimAtom path_atoms[2];
static sx_MuxedAccount path_destination;

static size_t expect_path(const scenario *s, expected *want)
{
    char issuer[SLUICE_STRKEY_SIZE], seller[SLUICE_STRKEY_SIZE], pool[SLUICE_STRKEY_SIZE],
        dest[SLUICE_STRKEY_SIZE];
    g_name(key_of(ISSUER_USD), issuer);
    g_name(key_of(SELLER), seller);
    g_name(key_of(DESTINATION), dest);
    l_name(POOL_1, pool);
    want_row(&want[0], SLUICE_TRANSFER_MINT, "", seller, usd_name, 20);
    want_row(&want[1], SLUICE_TRANSFER, seller, issuer, eur_name, 10);
    want_row(&want[2], SLUICE_TRANSFER, issuer, pool, eur_name, 10);
    want_row(&want[3], SLUICE_TRANSFER, pool, issuer, "native", 5);
    want_row(&want[4], SLUICE_TRANSFER, issuer, dest, "native", 5);
    want[4].has_to_muxed_id = true;
    want[4].to_muxed_id = s->op.body.pathPaymentStrictSendOp.destination.type ==
                                  SX_KEY_TYPE_MUXED_ED25519
                              ? 99
                              : 4242;
    return 5;
}

static void check_path_payment(const ledger_frames *set, bool muxed_destination)
{
    sx_Asset usd = credit("USD", ISSUER_USD), eur = credit("EUR", ISSUER_EUR);
    memset(path_atoms, 0, sizeof(path_atoms));
    path_atoms[0].type = SX_CLAIM_ATOM_TYPE_ORDER_BOOK;
    path_atoms[0].orderBook = (sx_ClaimOfferAtom){
        .sellerID = {.ed25519 = key_of(SELLER)}, .offerID = 7, .assetSold = eur, .amountSold = 10,
        .assetBought = usd, .amountBought = 20};
    path_atoms[1].type = SX_CLAIM_ATOM_TYPE_LIQUIDITY_POOL;
    path_atoms[1].liquidityPool = (sx_ClaimLiquidityAtom){
        .liquidityPoolID = key_of(POOL_1), .assetSold = native, .amountSold = 5,
        .assetBought = eur, .amountBought = 10};
    memset(&path_destination, 0, sizeof(path_destination));
    if (muxed_destination) {
        path_destination.type = SX_KEY_TYPE_MUXED_ED25519;
        path_destination.med25519.id = 99;
        path_destination.med25519.ed25519 = key_of(DESTINATION);
    } else {
        path_destination.type = SX_KEY_TYPE_ED25519;
        path_destination.ed25519 = key_of(DESTINATION);
    }
    usd_issuer_source.ed25519 = key_of(ISSUER_USD);
    scenario s = {.what = muxed_destination ? "path payment to a muxed account"
                                            : "path payment with an id memo",
                  .memo_id = true};
    s.op.sourceAccount = &usd_issuer_source;
    s.op.body.type = SX_PATH_PAYMENT_STRICT_SEND;
    sx_PathPaymentStrictSendOp *op = &s.op.body.pathPaymentStrictSendOp;
    op->sendAsset = usd;
    op->sendAmount = 20;
    op->destination = path_destination;
    op->destAsset = native;
    op->destMin = 1;
    sx_PathPaymentStrictSendResult *r = &s.result.tr.pathPaymentStrictSendResult;
    r->success.offers = (sx_vec_ClaimAtom){path_atoms, 2};
    r->success.last = (sx_SimplePaymentResult){
        .destination = {.ed25519 = key_of(DESTINATION)}, .asset = native, .amount = 5};
    run(set, &s, expect_path);
}

int main(void)
{
    ledger_frames set;
    int status = ledger_frames_load_for_test(test_fixtures_dir(), &set);
    if (status != 0)
        return status;
    char issuer[SLUICE_STRKEY_SIZE];
    g_name(key_of(ISSUER_USD), issuer);
    snprintf(usd_name, sizeof(usd_name), "USD:%s", issuer);
    g_name(key_of(ISSUER_EUR), issuer);
    snprintf(eur_name, sizeof(eur_name), "EUR:%s", issuer);
    check_deposit(&set);
    check_withdraw(&set);
    check_revocation(&set);
    check_path_payment(&set, false);
    check_path_payment(&set, true);
    ledger_frames_free(&set);
    return test_finish();
}
