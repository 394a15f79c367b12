/* synth_claimable.c — claimable balances: created (airdrops: many per
 * transaction, each for another recipient, sponsored by the creator's
 * reserve) and claimed (by the recipient, or back by the creator once the
 * reclaim time has passed, several in one transaction).
 *
 * The balance ID is what the network makes it: SHA-256 of the
 * HashIDPreimage {ENVELOPE_TYPE_OP_ID, source, seqNum, opNum} of the
 * creating operation. */
#include "synth_claimable.h"

#include "synth_events.h"

#include <string.h>

/* Seconds after creation from which the creator may claim back (a minute:
 * batch claims of 20 balances, as pubnet has them, come within the ledgers
 * a test generates). */
#define RECLAIM_AFTER 60

static void balance_id(synth_ctx *ctx, uint32_t source, uint32_t op_index, uint8_t id[32])
{
    sx_HashIDPreimage pre;
    memset(&pre, 0, sizeof pre);
    pre.type = SX_ENVELOPE_TYPE_OP_ID;
    pre.operationID = (sx_HashIDPreimageOperationID){
        .sourceAccount = synth_account_id(ctx, source),
        .seqNum = ctx->world->accounts[source].seq, /* already bumped to the transaction's */
        .opNum = op_index};
    memcpy(id, synth_hash_of(ctx, (synth_encode_fn)sx_encode_HashIDPreimage, &pre), 32);
}

bool synth_build_create_claimable(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                                  sx_OperationResult *result, synth_changes *changes)
{
    synth_world *w = ctx->world;
    uint32_t source = spec->source;
    unsigned asset = spec->asset;
    op->body.type = SX_CREATE_CLAIMABLE_BALANCE;
    synth_set_result(result, SX_CREATE_CLAIMABLE_BALANCE);
    sx_CreateClaimableBalanceResult *r = &result->tr.createClaimableBalanceResult;
    synth_claimable b = {
        .creator = source,
        .claimant = synth_pick_destination(ctx, source, asset),
        .asset = (uint8_t)asset,
        .reclaim_after = (int64_t)ctx->close_time + RECLAIM_AFTER,
    };
    int64_t can = synth_spendable(w, source, asset);
    /* an issuer can spend without limit (INT64_MAX): it cannot be underfunded */
    bool underfund = spec->fail && can < INT64_MAX;
    b.amount = underfund ? can + 1 : synth_rng_range(&w->rng, 1, can / 1000 > 1 ? can / 1000 : 1);
    op->body.createClaimableBalanceOp = (sx_CreateClaimableBalanceOp){
        .asset = synth_asset_xdr(ctx, asset), .amount = b.amount, .claimants = synth_claimants(ctx, &b)};
    if (can < b.amount) {
        r->code = SX_CREATE_CLAIMABLE_BALANCE_UNDERFUNDED;
        return false;
    }
    int64_t reserve_left = synth_spendable(w, source, SYNTH_NATIVE) - (asset == SYNTH_NATIVE ? b.amount : 0);
    if (reserve_left < SYNTH_BASE_RESERVE) {
        r->code = SX_CREATE_CLAIMABLE_BALANCE_LOW_RESERVE;
        return false;
    }
    balance_id(ctx, source, spec->op_index, b.id);
    synth_snapshot snap = {0};
    synth_snap(ctx, &snap, synth_account_ref(source));
    synth_snap_holding(ctx, &snap, source, asset);
    w->accounts[source].num_sponsoring++;
    if (!synth_is_issuer_of(w, source, asset))
        *synth_holding(w, source, asset) -= b.amount;
    synth_snap_emit(ctx, changes, &snap);
    uint32_t index = synth_claimable_add(w, &b);
    synth_change_created(ctx, changes, synth_claimable_ref(index));
    synth_event_transfer(ctx, synth_sc_account(ctx, source), source, synth_sc_claimable(ctx, b.id), UINT32_MAX,
                         asset, b.amount);
    r->code = SX_CREATE_CLAIMABLE_BALANCE_SUCCESS;
    r->balanceID = (sx_ClaimableBalanceID){.type = SX_CLAIMABLE_BALANCE_ID_TYPE_V0,
                                           .v0 = synth_dup(ctx, b.id, 32)};
    return true;
}

bool synth_claimable_claimer(const synth_ctx *ctx, const synth_claimable *b, uint32_t account)
{
    return b->live && (account == b->claimant ||
                       (account == b->creator && (int64_t)ctx->close_time >= b->reclaim_after));
}

uint32_t synth_claimable_next_of(const synth_ctx *ctx, uint32_t from, uint32_t account)
{
    const synth_world *w = ctx->world;
    for (uint32_t i = from, end = from + 256; i < w->claimable_count && i < end; i++)
        if (synth_claimable_claimer(ctx, &w->claimables[i], account))
            return i;
    return UINT32_MAX;
}

/* Claims spec->claimable and moves spec->claimable on to the next balance
 * the source may claim (the creator's next airdrop balance). */
bool synth_build_claim_claimable(synth_ctx *ctx, synth_op_spec *spec, sx_Operation *op,
                                 sx_OperationResult *result, synth_changes *changes)
{
    synth_world *w = ctx->world;
    uint32_t source = spec->source;
    op->body.type = SX_CLAIM_CLAIMABLE_BALANCE;
    synth_set_result(result, SX_CLAIM_CLAIMABLE_BALANCE);
    sx_ClaimClaimableBalanceResult *r = &result->tr.claimClaimableBalanceResult;
    sx_ClaimableBalanceID *id = &op->body.claimClaimableBalanceOp.balanceID;
    id->type = SX_CLAIMABLE_BALANCE_ID_TYPE_V0;
    uint32_t index = spec->claimable;
    if (spec->fail || index == UINT32_MAX || !synth_claimable_claimer(ctx, &w->claimables[index], source)) {
        id->v0 = synth_missing_account_id(ctx).ed25519; /* 32 random bytes: no such balance */
        r->code = SX_CLAIM_CLAIMABLE_BALANCE_DOES_NOT_EXIST;
        return false;
    }
    synth_claimable *b = &w->claimables[index];
    id->v0 = synth_dup(ctx, b->id, 32);
    spec->claimable = synth_claimable_next_of(ctx, index + 1, source);
    if (!synth_can_receive(w, source, b->asset, b->amount)) {
        r->code = synth_can_hold(w, source, b->asset) ? SX_CLAIM_CLAIMABLE_BALANCE_LINE_FULL
                                                      : SX_CLAIM_CLAIMABLE_BALANCE_NO_TRUST;
        return false;
    }
    synth_snapshot snap = {0};
    snap.removed[synth_snap(ctx, &snap, synth_claimable_ref(index))] = true;
    synth_snap(ctx, &snap, synth_account_ref(b->creator));
    synth_snap_holding(ctx, &snap, source, b->asset);
    synth_claimable_claim(w, index);
    w->accounts[b->creator].num_sponsoring--;
    if (!synth_is_issuer_of(w, source, b->asset))
        *synth_holding(w, source, b->asset) += b->amount;
    synth_snap_emit(ctx, changes, &snap);
    synth_event_transfer(ctx, synth_sc_claimable(ctx, b->id), UINT32_MAX, synth_sc_account(ctx, source), source,
                         b->asset, b->amount);
    r->code = SX_CLAIM_CLAIMABLE_BALANCE_SUCCESS;
    return true;
}
