/* synth_ops.c — building and applying operations (see synth_ops.h).
 *
 * Every builder checks the conditions stellar-core checks for its operation
 * against the world first and only then emits changes and mutates the
 * world, so a failed operation leaves no trace but its result code. */
#include "synth_ops.h"

#include <string.h>

#define STROOPS_PER_XLM 10000000LL

typedef enum xfer_status {
    XFER_OK,
    XFER_NO_DESTINATION,
    XFER_SRC_NO_TRUST,
    XFER_NO_TRUST,
    XFER_UNDERFUNDED,
    XFER_LINE_FULL,
} xfer_status;

static bool is_issuer_of(const synth_world *world, uint32_t account, unsigned asset)
{
    return asset != SYNTH_NATIVE && world->assets[asset].issuer == account;
}

static synth_ref holding_ref(uint32_t account, unsigned asset)
{
    return asset == SYNTH_NATIVE ? synth_account_ref(account) : synth_trustline_ref(account, asset);
}

/* Largest amount of `asset` the account can spend. */
static int64_t spendable(synth_world *world, uint32_t account, unsigned asset)
{
    if (is_issuer_of(world, account, asset))
        return INT64_MAX;
    int64_t have = *synth_holding(world, account, asset);
    if (asset == SYNTH_NATIVE)
        have -= synth_min_balance(&world->accounts[account]);
    return have > 0 ? have : 0;
}

/* A random spend: up to 1% of what the account can spend, at least 1. */
static int64_t some_amount(synth_ctx *ctx, uint32_t account, unsigned asset)
{
    int64_t can = spendable(ctx->world, account, asset);
    if (can == INT64_MAX)
        can = 1000000 * STROOPS_PER_XLM;
    int64_t hi = can / 100 > 1 ? can / 100 : 1;
    return synth_rng_range(&ctx->world->rng, 1, hi);
}

/* Moves `amount` of `asset` between two existing accounts; checks first,
 * changes nothing unless XFER_OK.  Issuers mint and burn (no trustline). */
static xfer_status transfer(synth_ctx *ctx, synth_changes *changes, uint32_t from, uint32_t to,
                            unsigned asset, int64_t amount)
{
    synth_world *w = ctx->world;
    if (!w->accounts[to].exists)
        return XFER_NO_DESTINATION;
    if (!synth_can_hold(w, from, asset))
        return XFER_SRC_NO_TRUST;
    if (!synth_can_hold(w, to, asset))
        return XFER_NO_TRUST;
    if (spendable(w, from, asset) < amount)
        return XFER_UNDERFUNDED;
    if (!is_issuer_of(w, to, asset)) {
        int64_t limit = asset == SYNTH_NATIVE ? INT64_MAX : w->accounts[to].trust_limit[asset];
        if (*synth_holding(w, to, asset) > limit - amount)
            return XFER_LINE_FULL;
    }
    if (from == to)
        return XFER_OK;
    if (!is_issuer_of(w, from, asset)) {
        synth_change_before(ctx, changes, holding_ref(from, asset));
        *synth_holding(w, from, asset) -= amount;
        synth_change_after(ctx, changes, holding_ref(from, asset));
    }
    if (!is_issuer_of(w, to, asset)) {
        synth_change_before(ctx, changes, holding_ref(to, asset));
        *synth_holding(w, to, asset) += amount;
        synth_change_after(ctx, changes, holding_ref(to, asset));
    }
    return XFER_OK;
}

/* A random existing account other than `not`, able to hold `asset`
 * (holders first, the issuer as the fallback for credit assets). */
static uint32_t pick_destination(synth_ctx *ctx, uint32_t not, unsigned asset)
{
    synth_world *w = ctx->world;
    for (int tries = 0; tries < 16; tries++) {
        uint32_t i;
        if (asset == SYNTH_NATIVE)
            i = (uint32_t)synth_rng_below(&w->rng, w->count);
        else if (w->holder_count[asset])
            i = w->holders[asset][synth_rng_below(&w->rng, w->holder_count[asset])];
        else
            break;
        if (i != not && synth_can_hold(w, i, asset))
            return i;
    }
    return asset == SYNTH_NATIVE ? (not == 0 ? 1 : 0) : w->assets[asset].issuer;
}

/* A key no account has: the destination of operations built to fail with
 * "no destination", or of a creation that cannot be funded. */
static sx_AccountID missing_account_id(synth_ctx *ctx)
{
    uint8_t key[32];
    for (int i = 0; i < 4; i++) {
        uint64_t r = synth_rng_next(&ctx->world->rng);
        memcpy(key + 8 * i, &r, 8);
    }
    return (sx_AccountID){.type = SX_PUBLIC_KEY_TYPE_ED25519, .ed25519 = synth_dup(ctx, key, 32)};
}

static sx_MuxedAccount missing_account(synth_ctx *ctx)
{
    return (sx_MuxedAccount){.type = SX_KEY_TYPE_ED25519, .ed25519 = missing_account_id(ctx).ed25519};
}

static void set_result(sx_OperationResult *result, sx_OperationType type)
{
    memset(result, 0, sizeof *result);
    result->code = SX_opINNER;
    result->tr.type = type;
}

/* ---- payments ------------------------------------------------------------ */

static int32_t payment_code(xfer_status status)
{
    static const int32_t codes[] = {
        [XFER_OK] = SX_PAYMENT_SUCCESS,
        [XFER_NO_DESTINATION] = SX_PAYMENT_NO_DESTINATION,
        [XFER_SRC_NO_TRUST] = SX_PAYMENT_SRC_NO_TRUST,
        [XFER_NO_TRUST] = SX_PAYMENT_NO_TRUST,
        [XFER_UNDERFUNDED] = SX_PAYMENT_UNDERFUNDED,
        [XFER_LINE_FULL] = SX_PAYMENT_LINE_FULL,
    };
    return codes[status];
}

static bool build_payment(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                          sx_OperationResult *result, synth_changes *changes)
{
    op->body.type = SX_PAYMENT;
    sx_PaymentOp *p = &op->body.paymentOp;
    p->asset = synth_asset_xdr(ctx, spec->asset);
    p->amount = some_amount(ctx, spec->source, spec->asset);
    set_result(result, SX_PAYMENT);
    if (spec->fail) {
        p->destination = missing_account(ctx);
        result->tr.paymentResult.code = SX_PAYMENT_NO_DESTINATION;
        return false;
    }
    uint32_t to = pick_destination(ctx, spec->source, spec->asset);
    p->destination = synth_muxed(ctx, to);
    xfer_status status = transfer(ctx, changes, spec->source, to, spec->asset, p->amount);
    result->tr.paymentResult.code = payment_code(status);
    return status == XFER_OK;
}

/* Path payments move one asset to the same asset over an empty path (no
 * order book is modelled); failures are the bots' usual ones: the bound
 * (destMin / sendMax) cannot be met. */
static int32_t path_code(xfer_status status, bool strict_send)
{
    static const int32_t send[] = {
        [XFER_OK] = SX_PATH_PAYMENT_STRICT_SEND_SUCCESS,
        [XFER_NO_DESTINATION] = SX_PATH_PAYMENT_STRICT_SEND_NO_DESTINATION,
        [XFER_SRC_NO_TRUST] = SX_PATH_PAYMENT_STRICT_SEND_SRC_NO_TRUST,
        [XFER_NO_TRUST] = SX_PATH_PAYMENT_STRICT_SEND_NO_TRUST,
        [XFER_UNDERFUNDED] = SX_PATH_PAYMENT_STRICT_SEND_UNDERFUNDED,
        [XFER_LINE_FULL] = SX_PATH_PAYMENT_STRICT_SEND_LINE_FULL,
    };
    static const int32_t receive[] = {
        [XFER_OK] = SX_PATH_PAYMENT_STRICT_RECEIVE_SUCCESS,
        [XFER_NO_DESTINATION] = SX_PATH_PAYMENT_STRICT_RECEIVE_NO_DESTINATION,
        [XFER_SRC_NO_TRUST] = SX_PATH_PAYMENT_STRICT_RECEIVE_SRC_NO_TRUST,
        [XFER_NO_TRUST] = SX_PATH_PAYMENT_STRICT_RECEIVE_NO_TRUST,
        [XFER_UNDERFUNDED] = SX_PATH_PAYMENT_STRICT_RECEIVE_UNDERFUNDED,
        [XFER_LINE_FULL] = SX_PATH_PAYMENT_STRICT_RECEIVE_LINE_FULL,
    };
    return strict_send ? send[status] : receive[status];
}

static bool build_path_payment(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                               sx_OperationResult *result, synth_changes *changes)
{
    bool strict_send = spec->kind == SYNTH_PATH_PAYMENT_SEND;
    sx_OperationType type = strict_send ? SX_PATH_PAYMENT_STRICT_SEND : SX_PATH_PAYMENT_STRICT_RECEIVE;
    op->body.type = type;
    set_result(result, type);
    int64_t amount = some_amount(ctx, spec->source, spec->asset);
    uint32_t to = pick_destination(ctx, spec->source, spec->asset);
    sx_Asset asset = synth_asset_xdr(ctx, spec->asset);
    /* the bound: met with slack, or (built to fail) just out of reach */
    int64_t bound = spec->fail ? amount + 1 + amount / 200 : amount - amount / 200;
    xfer_status status = XFER_OK;
    if (strict_send) {
        op->body.pathPaymentStrictSendOp = (sx_PathPaymentStrictSendOp){
            .sendAsset = asset, .sendAmount = amount, .destination = synth_muxed(ctx, to),
            .destAsset = asset, .destMin = bound};
    } else {
        bound = spec->fail ? amount - 1 - amount / 200 : amount + amount / 200;
        op->body.pathPaymentStrictReceiveOp = (sx_PathPaymentStrictReceiveOp){
            .sendAsset = asset, .sendMax = bound, .destination = synth_muxed(ctx, to),
            .destAsset = asset, .destAmount = amount};
    }
    if (spec->fail) {
        result->tr.pathPaymentStrictSendResult.code = strict_send
            ? SX_PATH_PAYMENT_STRICT_SEND_UNDER_DESTMIN
            : SX_PATH_PAYMENT_STRICT_RECEIVE_OVER_SENDMAX;
        return false;
    }
    status = transfer(ctx, changes, spec->source, to, spec->asset, amount);
    sx_SimplePaymentResult last = {synth_account_id(ctx, to), asset, amount};
    if (strict_send) {
        result->tr.pathPaymentStrictSendResult.code = path_code(status, true);
        result->tr.pathPaymentStrictSendResult.success.last = last;
    } else {
        result->tr.pathPaymentStrictReceiveResult.code = path_code(status, false);
        result->tr.pathPaymentStrictReceiveResult.success.last = last;
    }
    return status == XFER_OK;
}

/* ---- offers -------------------------------------------------------------- */

/* The asset an account's new offer buys: any other asset it can hold; when
 * it can hold none (selling XLM without trustlines), a credit asset it
 * does not trust, and false (the offer fails with BUY_NO_TRUST). */
static bool pick_buying(synth_ctx *ctx, uint32_t account, unsigned selling, uint8_t *buying)
{
    unsigned options[SYNTH_ASSET_SLOTS], n = 0;
    for (unsigned a = 0; a < SYNTH_ASSET_SLOTS; a++)
        if (a != selling && synth_can_hold(ctx->world, account, a))
            options[n++] = a;
    if (n == 0) {
        *buying = (uint8_t)(1 + synth_rng_below(&ctx->world->rng, SYNTH_CREDIT_ASSETS));
        return false;
    }
    *buying = (uint8_t)options[synth_rng_below(&ctx->world->rng, n)];
    return true;
}

static void fill_offer_result(synth_ctx *ctx, sx_ManageOfferSuccessResult *success, uint32_t account,
                              sx_ManageOfferEffect effect)
{
    success->offer.effect = effect;
    if (effect == SX_MANAGE_OFFER_DELETED)
        return;
    sx_LedgerEntry entry;
    synth_entry(ctx, synth_offer_ref(account), &entry);
    success->offer.offer = entry.data.offer;
}

/* Manage sell/buy offer: creates the account's offer, or updates or
 * deletes the one it has.  Offers are priced off the market and never
 * cross (no order book is modelled). */
static bool build_offer(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                        sx_OperationResult *result, synth_changes *changes)
{
    synth_world *w = ctx->world;
    synth_account *acct = &w->accounts[spec->source];
    bool buy = spec->kind == SYNTH_MANAGE_BUY_OFFER;
    sx_OperationType type = buy ? SX_MANAGE_BUY_OFFER : SX_MANAGE_SELL_OFFER;
    op->body.type = type;
    set_result(result, type);

    synth_offer next = acct->offer;
    bool create = next.id == 0;
    bool delete = !create && !spec->fail && synth_rng_below(&w->rng, 2) == 0;
    bool buy_trusted = true;
    if (create) {
        next.selling = (uint8_t)spec->asset;
        buy_trusted = pick_buying(ctx, spec->source, spec->asset, &next.buying);
        next.price_n = (int32_t)synth_rng_range(&w->rng, 1, 100000);
        next.price_d = (int32_t)synth_rng_range(&w->rng, 1, 100000);
    }
    int64_t available = spendable(w, spec->source, next.selling);
    if (create && next.selling == SYNTH_NATIVE)
        available -= SYNTH_BASE_RESERVE; /* the offer is a new subentry */
    next.amount = delete ? 0 : spec->fail ? available + 1 : some_amount(ctx, spec->source, next.selling);
    /* buy offers state the amount bought at the inverse price */
    int64_t stated = buy ? (int64_t)((__int128)next.amount * next.price_n / next.price_d) : next.amount;
    if (buy && stated == 0 && !delete) {
        stated = 1;
        next.amount = (int64_t)(((__int128)next.price_d + next.price_n - 1) / next.price_n);
    }
    sx_Asset selling = synth_asset_xdr(ctx, next.selling), buying = synth_asset_xdr(ctx, next.buying);
    int64_t offer_id = create ? 0 : next.id;
    if (buy)
        op->body.manageBuyOfferOp = (sx_ManageBuyOfferOp){selling, buying, stated,
                                                          {next.price_d, next.price_n}, offer_id};
    else
        op->body.manageSellOfferOp = (sx_ManageSellOfferOp){selling, buying, stated,
                                                            {next.price_n, next.price_d}, offer_id};
    sx_ManageSellOfferResult *r = &result->tr.manageSellOfferResult; /* same shape for buy */
    if (!buy_trusted) {
        r->code = SX_MANAGE_SELL_OFFER_BUY_NO_TRUST;
        return false;
    }
    if (!delete && (next.amount > available || next.amount <= 0)) {
        r->code = SX_MANAGE_SELL_OFFER_UNDERFUNDED;
        return false;
    }
    if (create) {
        synth_change_before(ctx, changes, synth_account_ref(spec->source));
        acct->num_sub++;
        synth_change_after(ctx, changes, synth_account_ref(spec->source));
        next.id = ++w->id_pool;
        acct->offer = next;
        synth_change_created(ctx, changes, synth_offer_ref(spec->source));
        fill_offer_result(ctx, &r->success, spec->source, SX_MANAGE_OFFER_CREATED);
    } else if (delete) {
        synth_change_removed(ctx, changes, synth_offer_ref(spec->source));
        acct->offer.id = 0;
        synth_change_before(ctx, changes, synth_account_ref(spec->source));
        acct->num_sub--;
        synth_change_after(ctx, changes, synth_account_ref(spec->source));
        fill_offer_result(ctx, &r->success, spec->source, SX_MANAGE_OFFER_DELETED);
    } else {
        synth_change_before(ctx, changes, synth_offer_ref(spec->source));
        acct->offer.amount = next.amount;
        synth_change_after(ctx, changes, synth_offer_ref(spec->source));
        fill_offer_result(ctx, &r->success, spec->source, SX_MANAGE_OFFER_UPDATED);
    }
    r->code = SX_MANAGE_SELL_OFFER_SUCCESS;
    return true;
}

/* ---- trustlines, accounts ---------------------------------------------- */

/* Adds the trustline if missing, else removes it (when empty and not used
 * by the offer) or changes its limit.  Built to fail: removing a trustline
 * that still holds a balance. */
static bool build_change_trust(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                               sx_OperationResult *result, synth_changes *changes)
{
    synth_world *w = ctx->world;
    synth_account *acct = &w->accounts[spec->source];
    unsigned a = spec->asset;
    sx_Asset asset = synth_asset_xdr(ctx, a);
    op->body.type = SX_CHANGE_TRUST;
    op->body.changeTrustOp.line = (sx_ChangeTrustAsset){.type = asset.type, .alphaNum4 = asset.alphaNum4};
    set_result(result, SX_CHANGE_TRUST);
    sx_ChangeTrustResult *r = &result->tr.changeTrustResult;
    bool trusted = acct->trusted >> a & 1;
    bool offer_uses = acct->offer.id && (acct->offer.selling == a || acct->offer.buying == a);
    bool remove = trusted && !offer_uses &&
                  (spec->fail ? acct->trust_balance[a] > 0
                              : acct->trust_balance[a] == 0 && synth_rng_below(&w->rng, 3) == 0);
    if (remove) {
        op->body.changeTrustOp.limit = 0;
        if (acct->trust_balance[a] > 0) {
            r->code = SX_CHANGE_TRUST_INVALID_LIMIT;
            return false;
        }
        synth_change_removed(ctx, changes, synth_trustline_ref(spec->source, a));
        acct->trusted &= (uint8_t)~(1u << a);
        synth_change_before(ctx, changes, synth_account_ref(spec->source));
        acct->num_sub--;
        synth_change_after(ctx, changes, synth_account_ref(spec->source));
    } else if (trusted) {
        int64_t limit = acct->trust_balance[a] + synth_rng_range(&w->rng, 1, INT64_MAX / 4);
        op->body.changeTrustOp.limit = limit;
        synth_change_before(ctx, changes, synth_trustline_ref(spec->source, a));
        acct->trust_limit[a] = limit;
        synth_change_after(ctx, changes, synth_trustline_ref(spec->source, a));
    } else {
        op->body.changeTrustOp.limit = SYNTH_TRUST_LIMIT;
        if (acct->balance < synth_min_balance(acct) + SYNTH_BASE_RESERVE) {
            r->code = SX_CHANGE_TRUST_LOW_RESERVE;
            return false;
        }
        synth_change_before(ctx, changes, synth_account_ref(spec->source));
        acct->num_sub++;
        synth_change_after(ctx, changes, synth_account_ref(spec->source));
        acct->trusted |= (uint8_t)(1u << a);
        acct->trust_balance[a] = 0;
        acct->trust_limit[a] = SYNTH_TRUST_LIMIT;
        synth_change_created(ctx, changes, synth_trustline_ref(spec->source, a));
        synth_world_note_holder(w, spec->source, a);
    }
    r->code = SX_CHANGE_TRUST_SUCCESS;
    return true;
}

static bool build_create_account(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                                 sx_OperationResult *result, synth_changes *changes)
{
    synth_world *w = ctx->world;
    op->body.type = SX_CREATE_ACCOUNT;
    set_result(result, SX_CREATE_ACCOUNT);
    int64_t starting = synth_rng_range(&w->rng, 2, 100) * STROOPS_PER_XLM;
    op->body.createAccountOp.startingBalance = starting;
    if (spec->fail) {
        uint32_t existing = pick_destination(ctx, spec->source, SYNTH_NATIVE);
        op->body.createAccountOp.destination = synth_account_id(ctx, existing);
        result->tr.createAccountResult.code = SX_CREATE_ACCOUNT_ALREADY_EXIST;
        return false;
    }
    if (spendable(w, spec->source, SYNTH_NATIVE) < starting) {
        op->body.createAccountOp.destination = missing_account_id(ctx);
        result->tr.createAccountResult.code = SX_CREATE_ACCOUNT_UNDERFUNDED;
        return false;
    }
    synth_change_before(ctx, changes, synth_account_ref(spec->source));
    w->accounts[spec->source].balance -= starting;
    synth_change_after(ctx, changes, synth_account_ref(spec->source));
    uint32_t created = synth_world_add_account(w, ctx->seq, starting);
    synth_change_created(ctx, changes, synth_account_ref(created));
    op->body.createAccountOp.destination = synth_account_id(ctx, created);
    result->tr.createAccountResult.code = SX_CREATE_ACCOUNT_SUCCESS;
    return true;
}

static bool build_account_merge(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                                sx_OperationResult *result, synth_changes *changes)
{
    synth_world *w = ctx->world;
    synth_account *src = &w->accounts[spec->source];
    op->body.type = SX_ACCOUNT_MERGE;
    set_result(result, SX_ACCOUNT_MERGE);
    sx_AccountMergeResult *r = &result->tr.accountMergeResult;
    if (spec->fail) {
        op->body.destination = missing_account(ctx);
        r->code = SX_ACCOUNT_MERGE_NO_ACCOUNT;
        return false;
    }
    uint32_t to = pick_destination(ctx, spec->source, SYNTH_NATIVE);
    op->body.destination = synth_muxed(ctx, to);
    if (src->num_sub != 0 || src->issuer) {
        r->code = SX_ACCOUNT_MERGE_HAS_SUB_ENTRIES;
        return false;
    }
    int64_t moved = src->balance;
    synth_change_removed(ctx, changes, synth_account_ref(spec->source));
    src->exists = false;
    src->balance = 0;
    synth_change_before(ctx, changes, synth_account_ref(to));
    w->accounts[to].balance += moved;
    synth_change_after(ctx, changes, synth_account_ref(to));
    r->code = SX_ACCOUNT_MERGE_SUCCESS;
    r->sourceAccountBalance = moved;
    return true;
}

bool synth_op_build(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                    sx_OperationResult *result, synth_changes *changes)
{
    memset(op, 0, sizeof *op);
    switch (spec->kind) {
    case SYNTH_PAYMENT_CREDIT:
    case SYNTH_PAYMENT_NATIVE:
        return build_payment(ctx, spec, op, result, changes);
    case SYNTH_PATH_PAYMENT_SEND:
    case SYNTH_PATH_PAYMENT_RECEIVE:
        return build_path_payment(ctx, spec, op, result, changes);
    case SYNTH_MANAGE_SELL_OFFER:
    case SYNTH_MANAGE_BUY_OFFER:
        return build_offer(ctx, spec, op, result, changes);
    case SYNTH_CHANGE_TRUST:
        return build_change_trust(ctx, spec, op, result, changes);
    case SYNTH_CREATE_ACCOUNT:
        return build_create_account(ctx, spec, op, result, changes);
    case SYNTH_ACCOUNT_MERGE:
        return build_account_merge(ctx, spec, op, result, changes);
    case SYNTH_SAC_INVOKE:
    case SYNTH_KIND_COUNT:
        break;
    }
    return false;
}
