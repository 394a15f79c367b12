/* synth_ops.c — payments, trustlines, account creation and merges, and
 * the dispatch to every classic builder (see synth_ops.h).
 *
 * Every builder checks the conditions stellar-core checks for its operation
 * against the world first and only then emits changes and mutates the
 * world, so a failed operation leaves no trace but its result code. */
#include "synth_ops.h"

#include "synth_claimable.h"
#include "synth_dex.h"
#include "synth_events.h"

#include <string.h>

typedef enum xfer_status {
    XFER_OK,
    XFER_NO_DESTINATION,
    XFER_SRC_NO_TRUST,
    XFER_NO_TRUST,
    XFER_UNDERFUNDED,
    XFER_LINE_FULL,
} xfer_status;

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
    if (synth_spendable(w, from, asset) < amount)
        return XFER_UNDERFUNDED;
    if (!synth_can_receive(w, to, asset, amount))
        return XFER_LINE_FULL;
    if (from == to)
        return XFER_OK;
    synth_move_holding(ctx, changes, from, asset, -amount);
    synth_move_holding(ctx, changes, to, asset, amount);
    synth_event_payment(ctx, from, to, asset, amount);
    return XFER_OK;
}

static sx_MuxedAccount missing_account(synth_ctx *ctx)
{
    return (sx_MuxedAccount){.type = SX_KEY_TYPE_ED25519, .ed25519 = synth_missing_account_id(ctx).ed25519};
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
    p->amount = synth_some_amount(ctx, spec->source, spec->asset);
    synth_set_result(result, SX_PAYMENT);
    if (spec->fail) {
        p->destination = missing_account(ctx);
        result->tr.paymentResult.code = SX_PAYMENT_NO_DESTINATION;
        return false;
    }
    uint32_t to = synth_pick_destination(ctx, spec->source, spec->asset);
    p->destination = synth_muxed(ctx, to);
    xfer_status status = transfer(ctx, changes, spec->source, to, spec->asset, p->amount);
    result->tr.paymentResult.code = payment_code(status);
    return status == XFER_OK;
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
    synth_set_result(result, SX_CHANGE_TRUST);
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
        int64_t limit = acct->trust_balance[a] + synth_liabilities_of(acct, a).buying +
                        synth_rng_range(&w->rng, 1, INT64_MAX / 4);
        op->body.changeTrustOp.limit = limit;
        synth_change_before(ctx, changes, synth_trustline_ref(spec->source, a));
        acct->trust_limit[a] = limit;
        synth_change_after(ctx, changes, synth_trustline_ref(spec->source, a));
    } else {
        op->body.changeTrustOp.limit = SYNTH_TRUST_LIMIT;
        if (synth_spendable(w, spec->source, SYNTH_NATIVE) < SYNTH_BASE_RESERVE) {
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
    synth_set_result(result, SX_CREATE_ACCOUNT);
    int64_t starting = synth_rng_range(&w->rng, 2, 100) * SYNTH_STROOPS_PER_XLM;
    op->body.createAccountOp.startingBalance = starting;
    if (spec->fail) {
        uint32_t existing = synth_pick_destination(ctx, spec->source, SYNTH_NATIVE);
        op->body.createAccountOp.destination = synth_account_id(ctx, existing);
        result->tr.createAccountResult.code = SX_CREATE_ACCOUNT_ALREADY_EXIST;
        return false;
    }
    if (synth_spendable(w, spec->source, SYNTH_NATIVE) < starting) {
        op->body.createAccountOp.destination = synth_missing_account_id(ctx);
        result->tr.createAccountResult.code = SX_CREATE_ACCOUNT_UNDERFUNDED;
        return false;
    }
    synth_change_before(ctx, changes, synth_account_ref(spec->source));
    w->accounts[spec->source].balance -= starting;
    synth_change_after(ctx, changes, synth_account_ref(spec->source));
    uint32_t created = synth_world_add_account(w, ctx->seq, starting);
    synth_change_created(ctx, changes, synth_account_ref(created));
    synth_event_payment(ctx, spec->source, created, SYNTH_NATIVE, starting);
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
    synth_set_result(result, SX_ACCOUNT_MERGE);
    sx_AccountMergeResult *r = &result->tr.accountMergeResult;
    if (spec->fail) {
        op->body.destination = missing_account(ctx);
        r->code = SX_ACCOUNT_MERGE_NO_ACCOUNT;
        return false;
    }
    uint32_t to = synth_pick_destination(ctx, spec->source, SYNTH_NATIVE);
    op->body.destination = synth_muxed(ctx, to);
    if (src->num_sub != 0 || src->issuer) {
        r->code = SX_ACCOUNT_MERGE_HAS_SUB_ENTRIES;
        return false;
    }
    if (src->num_sponsoring != 0) {
        r->code = SX_ACCOUNT_MERGE_IS_SPONSOR;
        return false;
    }
    int64_t moved = src->balance;
    synth_change_removed(ctx, changes, synth_account_ref(spec->source));
    src->exists = false;
    src->balance = 0;
    synth_change_before(ctx, changes, synth_account_ref(to));
    w->accounts[to].balance += moved;
    synth_change_after(ctx, changes, synth_account_ref(to));
    synth_event_payment(ctx, spec->source, to, SYNTH_NATIVE, moved);
    r->code = SX_ACCOUNT_MERGE_SUCCESS;
    r->sourceAccountBalance = moved;
    return true;
}

bool synth_op_build(synth_ctx *ctx, synth_op_spec *spec, sx_Operation *op,
                    sx_OperationResult *result, synth_changes *changes)
{
    memset(op, 0, sizeof *op);
    switch (spec->kind) {
    case SYNTH_PAYMENT_CREDIT:
    case SYNTH_PAYMENT_NATIVE:
        return build_payment(ctx, spec, op, result, changes);
    case SYNTH_PATH_PAYMENT_SEND:
    case SYNTH_PATH_PAYMENT_RECEIVE:
        return synth_build_path_payment(ctx, spec, op, result, changes);
    case SYNTH_MANAGE_SELL_OFFER:
    case SYNTH_MANAGE_BUY_OFFER:
        return synth_build_offer(ctx, spec, op, result, changes);
    case SYNTH_CREATE_CLAIMABLE:
        return synth_build_create_claimable(ctx, spec, op, result, changes);
    case SYNTH_CLAIM_CLAIMABLE:
        return synth_build_claim_claimable(ctx, spec, op, result, changes);
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
