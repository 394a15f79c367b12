/* synth_op_kit.c — what every operation builder shares: spendable and
 * receivable amounts, holdings moved with their meta, destinations, the
 * result's arm (see synth_op_kit.h). */
#include "synth_op_kit.h"

#include <string.h>

bool synth_is_issuer_of(const synth_world *world, uint32_t account, unsigned asset)
{
    return asset != SYNTH_NATIVE && world->assets[asset].issuer == account;
}

int64_t synth_spendable(synth_world *world, uint32_t account, unsigned asset)
{
    if (synth_is_issuer_of(world, account, asset))
        return INT64_MAX;
    const synth_account *a = &world->accounts[account];
    int64_t have = *synth_holding(world, account, asset) - synth_liabilities_of(a, asset).selling;
    if (asset == SYNTH_NATIVE)
        have -= synth_min_balance(a);
    return have > 0 ? have : 0;
}

bool synth_can_receive(synth_world *world, uint32_t account, unsigned asset, int64_t amount)
{
    if (!synth_can_hold(world, account, asset))
        return false;
    if (synth_is_issuer_of(world, account, asset) || amount <= 0)
        return true;
    const synth_account *a = &world->accounts[account];
    int64_t limit = asset == SYNTH_NATIVE ? INT64_MAX : a->trust_limit[asset];
    return *synth_holding(world, account, asset) <= limit - synth_liabilities_of(a, asset).buying - amount;
}

int64_t synth_some_amount(synth_ctx *ctx, uint32_t account, unsigned asset)
{
    int64_t can = synth_spendable(ctx->world, account, asset);
    if (can == INT64_MAX)
        can = 1000000 * SYNTH_STROOPS_PER_XLM;
    int64_t hi = can / 100 > 1 ? can / 100 : 1;
    return synth_rng_range(&ctx->world->rng, 1, hi);
}

void synth_snap_holding(synth_ctx *ctx, synth_snapshot *snap, uint32_t account, unsigned asset)
{
    if (!synth_is_issuer_of(ctx->world, account, asset))
        synth_snap(ctx, snap, synth_holding_ref(account, asset));
}

void synth_move_holding(synth_ctx *ctx, synth_changes *changes, uint32_t account, unsigned asset, int64_t delta)
{
    if (synth_is_issuer_of(ctx->world, account, asset))
        return; /* issuers mint and burn their own asset */
    synth_change_before(ctx, changes, synth_holding_ref(account, asset));
    *synth_holding(ctx->world, account, asset) += delta;
    synth_change_after(ctx, changes, synth_holding_ref(account, asset));
}

/* Holders first, the issuer as the fallback for credit assets. */
uint32_t synth_pick_destination(synth_ctx *ctx, uint32_t not, unsigned asset)
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

/* The destination of operations built to fail with "no destination", or
 * of a creation that cannot be funded. */
sx_AccountID synth_missing_account_id(synth_ctx *ctx)
{
    uint8_t key[32];
    for (int i = 0; i < 4; i++) {
        uint64_t r = synth_rng_next(&ctx->world->rng);
        memcpy(key + 8 * i, &r, 8);
    }
    return (sx_AccountID){.type = SX_PUBLIC_KEY_TYPE_ED25519, .ed25519 = synth_dup(ctx, key, 32)};
}

void synth_set_result(sx_OperationResult *result, sx_OperationType type)
{
    memset(result, 0, sizeof *result);
    result->code = SX_opINNER;
    result->tr.type = type;
}
