/* synth_claimable.h — claimable balances: create and claim operations,
 * and who may claim a balance (synth_claimable.c). */
#ifndef SYNTH_CLAIMABLE_H
#define SYNTH_CLAIMABLE_H

#include "synth_op_kit.h"

bool synth_build_create_claimable(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                                  sx_OperationResult *result, synth_changes *changes);
/* Whether `account` may claim the balance now; the first balance from
 * index `from` on (within 256) that it may claim, or UINT32_MAX. */
bool synth_claimable_claimer(const synth_ctx *ctx, const synth_claimable *balance, uint32_t account);
uint32_t synth_claimable_next_of(const synth_ctx *ctx, uint32_t from, uint32_t account);
bool synth_build_claim_claimable(synth_ctx *ctx, synth_op_spec *spec, sx_Operation *op,
                                 sx_OperationResult *result, synth_changes *changes);

#endif
