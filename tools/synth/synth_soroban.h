/* synth_soroban.h — Soroban transactions: invokeHostFunction calls of the
 * Stellar Asset Contracts of the world's credit assets (transfer between
 * contract holders, mint by the issuer, burn), with their contract-data
 * balance changes, SAC events, footprint and resources. */
#ifndef SYNTH_SOROBAN_H
#define SYNTH_SOROBAN_H

#include "synth_op_kit.h"

enum { SYNTH_SAC_TRANSFER, SYNTH_SAC_MINT, SYNTH_SAC_BURN };

/* The SAC contract ID of each asset (XLM and the credit assets) on the
 * network: SHA-256 of the HashIDPreimage {ENVELOPE_TYPE_CONTRACT_ID,
 * networkID, fromAsset}. */
void synth_sac_ids(synth_ctx *ctx);

/* Builds the call, applies it when it succeeds (changes, one SAC event),
 * fills the result and the transaction's SorobanTransactionData. */
bool synth_sac_build(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                     sx_OperationResult *result, synth_changes *changes,
                     sx_vec_ContractEvent *events, sx_SorobanTransactionData *data);

#endif
