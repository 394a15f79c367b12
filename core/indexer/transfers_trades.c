/* transfers_trades.c — the token movements of trades, derived from
 * operations, results and entry changes exactly as stellar-core emits them
 * from protocol 23 on (CAP-67), for ledgers whose meta carries no events:
 *
 *  - every offer or pool a path payment or an offer operation crossed (a
 *    ClaimAtom of the result, in result order): what the source paid the
 *    seller (or pool), then what the seller paid the source;
 *  - a path payment then moves what the destination received from the
 *    source to the destination (even when both are the same account);
 *  - a liquidity pool deposit moves asset A then asset B from the source to
 *    the pool, a withdrawal from the pool to the source, in the amounts the
 *    pool's reserves changed by;
 *  - an allow_trust / set_trust_line_flags revocation redeems the trustor's
 *    pool shares: pool by pool in pool id order (core sorts the pool-share
 *    trustlines it redeems), asset A then asset B, a transfer from the pool
 *    to the claimable balance it created (CAP-38's revoke id), or a burn
 *    when the trustor issues that asset (no balance is created then); the
 *    amounts are what left each pool's reserves.
 *
 * Every row goes through ix_classic_transfer (issuer rule: from the issuer
 * a mint, to it a burn).  to_muxed_id follows core's allowMuxedIdOrMemo:
 * claim legs never carry one; a path payment's destination and the source
 * a withdrawal pays do (a muxed account's id, else the id memo). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/ix_internal.h"
#include "stellar/sha256.h"
#include "stellar/strkey.h"

/* One leg of a crossed offer: core emits these with allowMuxedIdOrMemo
 * false, so no to_muxed_id whatever the transaction's memo. */
static void claim_leg(ix_ctx *ctx, const ix_name *from, const ix_name *to, const sx_Asset *asset,
                      int64_t amount)
{
    sluice_token_transfer_row *row =
        ix_classic_transfer(ctx, SLUICE_TRANSFER, from, to, asset, amount);
    if (row) {
        row->has_to_muxed_id = false;
        row->to_muxed_id = 0;
    }
}

/* Both legs of every offer or pool crossed, in result order: the asset
 * the counterparty bought goes from the source to it, then the asset it
 * sold comes back to the source. */
static void claim_atom_transfers(ix_ctx *ctx, const ix_name *source, const sx_vec_ClaimAtom *atoms)
{
    for (uint32_t i = 0; i < atoms->len; i++) {
        const sx_ClaimAtom *atom = &atoms->items[i];
        const ix_name *counterparty;
        const sx_Asset *sold, *bought;
        int64_t amount_sold, amount_bought;
        switch (atom->type) {
        case SX_CLAIM_ATOM_TYPE_V0:
            counterparty = ix_name_of(ctx->ix, STRKEY_ACCOUNT, atom->v0.sellerEd25519);
            sold = &atom->v0.assetSold, amount_sold = atom->v0.amountSold;
            bought = &atom->v0.assetBought, amount_bought = atom->v0.amountBought;
            break;
        case SX_CLAIM_ATOM_TYPE_ORDER_BOOK:
            counterparty = ix_account_name(ctx->ix, &atom->orderBook.sellerID);
            sold = &atom->orderBook.assetSold, amount_sold = atom->orderBook.amountSold;
            bought = &atom->orderBook.assetBought, amount_bought = atom->orderBook.amountBought;
            break;
        case SX_CLAIM_ATOM_TYPE_LIQUIDITY_POOL:
            counterparty =
                ix_name_of(ctx->ix, STRKEY_LIQUIDITY_POOL, atom->liquidityPool.liquidityPoolID);
            sold = &atom->liquidityPool.assetSold, amount_sold = atom->liquidityPool.amountSold;
            bought = &atom->liquidityPool.assetBought,
            amount_bought = atom->liquidityPool.amountBought;
            break;
        default:
            continue; /* the decoder accepts no other arm */
        }
        claim_leg(ctx, source, counterparty, bought, amount_bought);
        claim_leg(ctx, counterparty, source, sold, amount_sold);
    }
}

/* A movement core emits with allowMuxedIdOrMemo true to a destination
 * that was a muxed account (has_id): a TRANSFER row carries its id, which
 * takes precedence over the memo ix_classic_transfer applied. */
static void muxed_transfer(ix_ctx *ctx, const ix_name *from, const ix_name *to, bool has_id,
                           uint64_t id, const sx_Asset *asset, int64_t amount)
{
    sluice_token_transfer_row *row =
        ix_classic_transfer(ctx, SLUICE_TRANSFER, from, to, asset, amount);
    if (row && has_id && row->kind == SLUICE_TRANSFER) {
        row->has_to_muxed_id = true;
        row->to_muxed_id = id;
    }
}

/* The envelope of ctx's transaction (its row is the last one pushed). */
static const sx_TransactionEnvelope *current_envelope(const ix_ctx *ctx)
{
    const row_vec *txs = &ctx->ix->transactions;
    if (txs->count == 0)
        return NULL;
    const sluice_transaction_row *tx =
        (const sluice_transaction_row *)((const char *)txs->items +
                                         (txs->count - 1) * txs->item_size);
    if (tx->id != ctx->transaction_id)
        return NULL;
    const ix_envelope *found = ix_find_envelope(ctx->ix, tx->hash);
    return found ? found->envelope : NULL;
}

/* The (inner) transaction's source key and sequence number; false for an
 * envelope of unknown type. */
static bool transaction_source(const sx_TransactionEnvelope *env, const uint8_t **key,
                               int64_t *seq_num)
{
    const sx_Transaction *tx;
    switch (env->type) {
    case SX_ENVELOPE_TYPE_TX_V0:
        *key = env->v0.tx.sourceAccountEd25519;
        *seq_num = env->v0.tx.seqNum;
        return true;
    case SX_ENVELOPE_TYPE_TX:
        tx = &env->v1.tx;
        break;
    case SX_ENVELOPE_TYPE_TX_FEE_BUMP:
        tx = &env->feeBump.tx.innerTx.v1.tx;
        break;
    default:
        return false;
    }
    *key = tx->sourceAccount.type == SX_KEY_TYPE_MUXED_ED25519 ? tx->sourceAccount.med25519.ed25519
                                                                : tx->sourceAccount.ed25519;
    *seq_num = tx->seqNum;
    return true;
}

/* Every offer or pool crossed, then what the destination received (the
 * result's last payment) from the source. */
static void path_payment_transfers(ix_ctx *ctx, const ix_name *source,
                                   const sx_vec_ClaimAtom *offers,
                                   const sx_SimplePaymentResult *last,
                                   const sx_MuxedAccount *destination, const sx_Asset *dest_asset)
{
    bool has_id;
    uint64_t id;
    const ix_name *to = ix_muxed_name(ctx->ix, destination, &has_id, &id);
    claim_atom_transfers(ctx, source, offers);
    muxed_transfer(ctx, source, to, has_id, id, dest_asset, last->amount);
}

/* ---- liquidity pools ---------------------------------------------------- */

/* A pool's entry before and after an operation, from its change list. */
typedef struct pool_change {
    const sx_LiquidityPoolEntry *before;   /* never NULL */
    const sx_LiquidityPoolEntryBodyConstantProduct *pool; /* before's body */
    int64_t out_a, out_b;                  /* reserves before - after (0 after: removed) */
} pool_change;

static const uint8_t *change_pool_id(const sx_LedgerEntryChange *c)
{
    switch (c->type) {
    case SX_LEDGER_ENTRY_STATE:
    case SX_LEDGER_ENTRY_UPDATED:
    case SX_LEDGER_ENTRY_CREATED: {
        const sx_LedgerEntry *e = c->type == SX_LEDGER_ENTRY_STATE     ? &c->state
                                  : c->type == SX_LEDGER_ENTRY_UPDATED ? &c->updated
                                                                       : &c->created;
        return e->data.type == SX_LIQUIDITY_POOL ? e->data.liquidityPool.liquidityPoolID : NULL;
    }
    case SX_LEDGER_ENTRY_REMOVED:
        return c->removed.type == SX_LIQUIDITY_POOL ? c->removed.liquidityPool.liquidityPoolID
                                                    : NULL;
    default:
        return NULL;
    }
}

/* Whether change i is a pool's prior state (followed by its update or
 * removal in the list); fills *out.  Reserves are int64 >= 0, so the
 * differences fit. */
static bool pool_change_at(const sx_LedgerEntryChanges *changes, uint32_t i, pool_change *out)
{
    const sx_LedgerEntryChange *c = &changes->items[i];
    if (c->type != SX_LEDGER_ENTRY_STATE || c->state.data.type != SX_LIQUIDITY_POOL ||
        c->state.data.liquidityPool.body.type != SX_LIQUIDITY_POOL_CONSTANT_PRODUCT)
        return false;
    out->before = &c->state.data.liquidityPool;
    out->pool = &out->before->body.constantProduct;
    out->out_a = out->pool->reserveA;
    out->out_b = out->pool->reserveB;
    for (uint32_t j = i + 1; j < changes->len; j++) {
        const sx_LedgerEntryChange *next = &changes->items[j];
        const uint8_t *id = change_pool_id(next);
        if (!id || memcmp(id, out->before->liquidityPoolID, 32) != 0)
            continue;
        if (next->type == SX_LEDGER_ENTRY_UPDATED &&
            next->updated.data.liquidityPool.body.type == SX_LIQUIDITY_POOL_CONSTANT_PRODUCT) {
            const sx_LiquidityPoolEntryBodyConstantProduct *after =
                &next->updated.data.liquidityPool.body.constantProduct;
            out->out_a -= after->reserveA;
            out->out_b -= after->reserveB;
        }
        break; /* UPDATED or REMOVED: the pool's last state in this list */
    }
    return true;
}

/* The change of pool `id` in the list; false when it has none. */
static bool find_pool_change(const sx_LedgerEntryChanges *changes, const uint8_t id[32],
                             pool_change *out)
{
    for (uint32_t i = 0; i < changes->len; i++)
        if (pool_change_at(changes, i, out) && memcmp(out->before->liquidityPoolID, id, 32) == 0)
            return true;
    return false;
}

/* A deposit (source -> pool) or a withdrawal (pool -> source, to_muxed_id
 * as core gives it): asset A then asset B, in the amounts the pool's
 * reserves changed by. */
static void pool_transfers(ix_ctx *ctx, const ix_operation_view *v, const uint8_t *pool_id,
                           bool deposit)
{
    pool_change pc;
    if (!find_pool_change(v->changes, pool_id, &pc))
        return;
    const ix_name *pool = ix_name_of(ctx->ix, STRKEY_LIQUIDITY_POOL, pool_id);
    const ix_name *from = deposit ? v->source : pool, *to = deposit ? pool : v->source;
    for (int leg = 0; leg < 2; leg++) {
        const sx_Asset *asset = leg == 0 ? &pc.pool->params.assetA : &pc.pool->params.assetB;
        int64_t out = leg == 0 ? pc.out_a : pc.out_b;
        muxed_transfer(ctx, from, to, !deposit && v->source_has_id, v->source_muxed_id, asset,
                       deposit ? -out : out);
    }
}

/* ---- operations ----------------------------------------------------------- */

void ix_trade_transfers(ix_ctx *ctx, const ix_operation_view *v)
{
    const sx_OperationBody *body = &v->op->body;
    const sx_OperationResultTr *tr = &v->result->tr;
    const ix_name *source = v->source;
    if (v->result->code != SX_opINNER || tr->type != body->type)
        return; /* not applied (or the result of another operation) */
    const sx_ManageSellOfferResult *sell = &tr->manageSellOfferResult;
    switch (body->type) {
    case SX_PATH_PAYMENT_STRICT_RECEIVE: {
        const sx_PathPaymentStrictReceiveResult *r = &tr->pathPaymentStrictReceiveResult;
        if (r->code == SX_PATH_PAYMENT_STRICT_RECEIVE_SUCCESS)
            path_payment_transfers(ctx, source, &r->success.offers, &r->success.last,
                                   &body->pathPaymentStrictReceiveOp.destination,
                                   &body->pathPaymentStrictReceiveOp.destAsset);
        break;
    }
    case SX_PATH_PAYMENT_STRICT_SEND: {
        const sx_PathPaymentStrictSendResult *r = &tr->pathPaymentStrictSendResult;
        const sx_PathPaymentStrictSendOp *send = &body->pathPaymentStrictSendOp;
        if (r->code == SX_PATH_PAYMENT_STRICT_SEND_SUCCESS)
            path_payment_transfers(ctx, source, &r->success.offers, &r->success.last,
                                   &send->destination, &send->destAsset);
        break;
    }
    case SX_CREATE_PASSIVE_SELL_OFFER: /* the same result type as a sell offer */
        sell = &tr->createPassiveSellOfferResult;
        /* fall through */
    case SX_MANAGE_SELL_OFFER:
        if (sell->code == SX_MANAGE_SELL_OFFER_SUCCESS)
            claim_atom_transfers(ctx, source, &sell->success.offersClaimed);
        break;
    case SX_MANAGE_BUY_OFFER:
        if (tr->manageBuyOfferResult.code == SX_MANAGE_BUY_OFFER_SUCCESS)
            claim_atom_transfers(ctx, source, &tr->manageBuyOfferResult.success.offersClaimed);
        break;
    case SX_LIQUIDITY_POOL_DEPOSIT:
        if (tr->liquidityPoolDepositResult.code == SX_LIQUIDITY_POOL_DEPOSIT_SUCCESS)
            pool_transfers(ctx, v, body->liquidityPoolDepositOp.liquidityPoolID, true);
        break;
    case SX_LIQUIDITY_POOL_WITHDRAW:
        if (tr->liquidityPoolWithdrawResult.code == SX_LIQUIDITY_POOL_WITHDRAW_SUCCESS)
            pool_transfers(ctx, v, body->liquidityPoolWithdrawOp.liquidityPoolID, false);
        break;
    default:
        break;
    }
}

/* ---- revocations ---------------------------------------------------------- */

static bool issues(const uint8_t account[32], const sx_Asset *asset)
{
    const sx_AccountID *issuer = asset->type == SX_ASSET_TYPE_CREDIT_ALPHANUM4
                                     ? &asset->alphaNum4.issuer
                                 : asset->type == SX_ASSET_TYPE_CREDIT_ALPHANUM12
                                     ? &asset->alphaNum12.issuer
                                     : NULL;
    return issuer && memcmp(issuer->ed25519, account, 32) == 0;
}

/* The id of the claimable balance a revocation redeems a pool's `asset`
 * into (CAP-38): SHA-256 of the XDR HashIDPreimage
 * ENVELOPE_TYPE_POOL_REVOKE_OP_ID { transaction source, its sequence
 * number, the operation's index, pool, asset }.  The encoding grows the
 * indexer's scratch buffer: out of memory there aborts, like row growth. */
static void revoke_balance_id(ix_ctx *ctx, const uint8_t source[32], int64_t seq_num,
                              const uint8_t pool[32], const sx_Asset *asset, uint8_t out[32])
{
    sx_HashIDPreimage preimage;
    memset(&preimage, 0, sizeof(preimage));
    preimage.type = SX_ENVELOPE_TYPE_POOL_REVOKE_OP_ID;
    preimage.revokeID.sourceAccount.type = SX_PUBLIC_KEY_TYPE_ED25519;
    preimage.revokeID.sourceAccount.ed25519 = source; /* fixed opaques: pointers */
    preimage.revokeID.seqNum = seq_num;
    preimage.revokeID.opNum = (uint32_t)(ctx->operation_id - ctx->transaction_id - 1);
    preimage.revokeID.liquidityPoolID = pool;
    preimage.revokeID.asset = *asset;
    sx_buf *buf = &ctx->ix->scratch;
    buf->len = 0;
    if (sx_encode_HashIDPreimage(&preimage, buf)) {
        fprintf(stderr, "sluice: cannot encode a pool revocation id: %s\n",
                buf->fail ? buf->fail : "out of memory");
        abort();
    }
    sha256(buf->data, buf->len, out);
}

/* qsort order of redeemed pools: by pool id, as core sorts the pool-share
 * trustline keys it redeems (same account: the pool id decides). */
static int by_pool_id(const void *a, const void *b)
{
    return memcmp(((const pool_change *)a)->before->liquidityPoolID,
                  ((const pool_change *)b)->before->liquidityPoolID, 32);
}

/* One redeemed pool: asset A then asset B, each to the claimable balance
 * core created for it, or burned when the trustor issues it. */
static void redeemed_pool(ix_ctx *ctx, const pool_change *pc, const uint8_t trustor[32],
                          const uint8_t *tx_source, int64_t seq_num)
{
    const uint8_t *pool_id = pc->before->liquidityPoolID;
    const ix_name *pool = ix_name_of(ctx->ix, STRKEY_LIQUIDITY_POOL, pool_id);
    for (int leg = 0; leg < 2; leg++) {
        const sx_Asset *asset = leg == 0 ? &pc->pool->params.assetA : &pc->pool->params.assetB;
        int64_t amount = leg == 0 ? pc->out_a : pc->out_b;
        if (amount <= 0)
            continue; /* nothing redeemed: no balance, no event */
        if (issues(trustor, asset)) {
            ix_classic_transfer(ctx, SLUICE_TRANSFER_BURN, pool, NULL, asset, amount);
            continue;
        }
        uint8_t balance_id[32];
        revoke_balance_id(ctx, tx_source, seq_num, pool_id, asset, balance_id);
        const ix_name *balance = ix_name_of(ctx->ix, STRKEY_CLAIMABLE_BALANCE, balance_id);
        ix_classic_transfer(ctx, SLUICE_TRANSFER, pool, balance, asset, amount);
    }
}

void ix_revocation_transfers(ix_ctx *ctx, const sx_Operation *op,
                             const sx_LedgerEntryChanges *changes)
{
    const sx_AccountID *trustor = op->body.type == SX_ALLOW_TRUST ? &op->body.allowTrustOp.trustor
                                  : op->body.type == SX_SET_TRUST_LINE_FLAGS
                                      ? &op->body.setTrustLineFlagsOp.trustor
                                      : NULL;
    const sx_TransactionEnvelope *env;
    const uint8_t *tx_source;
    int64_t seq_num;
    size_t count = 0;
    pool_change *pools;
    if (!trustor || changes->len == 0 || !(env = current_envelope(ctx)) ||
        !transaction_source(env, &tx_source, &seq_num))
        return;
    /* the arena lives for the ledger; out of memory there aborts, like row growth */
    if (!(pools = sx_arena_alloc(ctx->ix->arena, changes->len * sizeof(*pools)))) {
        fputs("sluice: out of memory\n", stderr);
        abort();
    }
    for (uint32_t i = 0; i < changes->len; i++)
        if (pool_change_at(changes, i, &pools[count]))
            count++;
    qsort(pools, count, sizeof(*pools), by_pool_id);
    for (size_t i = 0; i < count; i++)
        redeemed_pool(ctx, &pools[i], trustor->ed25519, tx_source, seq_num);
}
