/* synth_dex.h — the order book's operations: manage sell/buy offers and
 * path payments (synth_dex.c), called by synth_op_build. */
#ifndef SYNTH_DEX_H
#define SYNTH_DEX_H

#include "synth_op_kit.h"

bool synth_build_offer(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                       sx_OperationResult *result, synth_changes *changes);
bool synth_build_path_payment(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                              sx_OperationResult *result, synth_changes *changes);

#endif
