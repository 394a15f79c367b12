/* synth_op_kit.h — what one operation is to do (synth_op_spec) and the
 * helpers the operation builders share (synth_op_kit.c): amounts an
 * account can spend or receive, holdings moved with their meta, random
 * destinations and missing accounts, the result's arm. */
#ifndef SYNTH_OP_KIT_H
#define SYNTH_OP_KIT_H

#include "synth_build.h"

/* What the operation is to do; chosen by synth_plan before fees are
 * charged. */
typedef struct synth_op_spec {
    synth_kind kind;
    uint32_t source;
    unsigned asset;   /* asset moved (payments) or sold (offers) or trusted */
    bool fail;        /* build it to fail the way such operations fail on pubnet */
    uint8_t function; /* SYNTH_SAC_INVOKE: SYNTH_SAC_TRANSFER / _MINT / _BURN */
    uint32_t claimable; /* SYNTH_CLAIM_CLAIMABLE: the balance the next operation claims */
    uint32_t op_index;  /* position of the operation in its transaction (set when built) */
} synth_op_spec;

#define SYNTH_STROOPS_PER_XLM 10000000LL

bool synth_is_issuer_of(const synth_world *world, uint32_t account, unsigned asset);
/* Largest amount of `asset` the account can spend: its balance less the
 * reserve (native) and less what its offer sells. */
int64_t synth_spendable(synth_world *world, uint32_t account, unsigned asset);
/* Whether the account can receive `amount` of `asset` within its limit
 * (less what its offer buys). */
bool synth_can_receive(synth_world *world, uint32_t account, unsigned asset, int64_t amount);
/* A random spend: up to 1% of what the account can spend, at least 1. */
int64_t synth_some_amount(synth_ctx *ctx, uint32_t account, unsigned asset);
/* A random existing account other than `not`, able to hold `asset`. */
uint32_t synth_pick_destination(synth_ctx *ctx, uint32_t not, unsigned asset);
/* A key no account has. */
sx_AccountID synth_missing_account_id(synth_ctx *ctx);
/* Zeroes the result and sets opINNER of `type`. */
void synth_set_result(sx_OperationResult *result, sx_OperationType type);
/* Snapshots the entry holding the account's `asset` (none for an issuer). */
void synth_snap_holding(synth_ctx *ctx, synth_snapshot *snap, uint32_t account, unsigned asset);
/* Adds `delta` to the account's holding of `asset` with its STATE/UPDATED. */
void synth_move_holding(synth_ctx *ctx, synth_changes *changes, uint32_t account, unsigned asset, int64_t delta);

#endif
