/* synth_ops.h — one classic operation of a given kind: built against the
 * world, applied to it when it succeeds (its ledger-entry changes appended
 * to the operation's meta), and its OperationResult filled in.
 *
 * synth_ops.c builds payments, trustlines, accounts and merges itself and
 * dispatches offers and path payments to synth_dex.c, claimable balances
 * to synth_claimable.c; all of them use synth_op_kit.h. */
#ifndef SYNTH_OPS_H
#define SYNTH_OPS_H

#include "synth_op_kit.h"

/* Classic operations only (SYNTH_SAC_INVOKE: synth_sac_build).
 * Returns true when the operation succeeded (then the world holds its
 * effects and `changes` its meta); false when it failed (world untouched by
 * it, `changes` empty, `result` carries the failure code).  May advance
 * spec->claimable for the transaction's next operation. */
bool synth_op_build(synth_ctx *ctx, synth_op_spec *spec, sx_Operation *op,
                    sx_OperationResult *result, synth_changes *changes);

#endif
