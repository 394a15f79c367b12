/* synth_soroban.h — Soroban transactions: invokeHostFunction calls of the
 * Stellar Asset Contracts of the world's credit assets (transfer between
 * contract holders, mint by the issuer, burn), with their contract-data
 * balance changes, SAC events, footprint and resources. */
#ifndef SYNTH_SOROBAN_H
#define SYNTH_SOROBAN_H

#include "synth_ops.h"

enum { SYNTH_SAC_TRANSFER, SYNTH_SAC_MINT, SYNTH_SAC_BURN };

/* The SAC contract ID of each asset (XLM and the credit assets) on the
 * network: SHA-256 of the HashIDPreimage {ENVELOPE_TYPE_CONTRACT_ID,
 * networkID, fromAsset}. */
void synth_sac_ids(synth_ctx *ctx);

/* A CAP-67 fee event of the native asset's contract: topics ["fee",
 * account], data i128 amount (> 0 charged, < 0 refunded). */
sx_ContractEvent synth_fee_event(synth_ctx *ctx, uint32_t account, int64_t amount);

/* Builds the call, applies it when it succeeds (changes, one SAC event),
 * fills the result and the transaction's SorobanTransactionData. */
bool synth_sac_build(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                     sx_OperationResult *result, synth_changes *changes,
                     sx_vec_ContractEvent *events, sx_SorobanTransactionData *data);

#endif
