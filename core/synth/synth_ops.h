/* synth_ops.h — one operation of a given kind: built against the world,
 * applied to it when it succeeds (its ledger-entry changes appended to the
 * operation's meta), and its OperationResult filled in. */
#ifndef SYNTH_OPS_H
#define SYNTH_OPS_H

#include "synth_build.h"

/* What the operation is to do; chosen by synth_plan before fees are
 * charged. */
typedef struct synth_op_spec {
    synth_kind kind;
    uint32_t source;
    unsigned asset;   /* asset moved (payments) or sold (offers) or trusted */
    bool fail;        /* build it to fail the way such operations fail on pubnet */
    uint8_t function; /* SYNTH_SAC_INVOKE: SYNTH_SAC_TRANSFER / _MINT / _BURN */
} synth_op_spec;

/* Classic operations only (SYNTH_SAC_INVOKE: synth_sac_build).
 * Returns true when the operation succeeded (then the world holds its
 * effects and `changes` its meta); false when it failed (world untouched by
 * it, `changes` empty, `result` carries the failure code). */
bool synth_op_build(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                    sx_OperationResult *result, synth_changes *changes);

#endif
