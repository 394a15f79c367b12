/* synth_tx.h — one transaction of a ledger: what it will do (the plan,
 * chosen before fees are charged), and what it became (envelope, result
 * pair and meta), built by applying its operations to the world. */
#ifndef SYNTH_TX_H
#define SYNTH_TX_H

#include "synth_soroban.h"

typedef struct synth_tx_plan {
    synth_op_spec spec;      /* the kind, source and asset of every operation */
    uint32_t ops;            /* number of operations */
    bool fee_bump;
    uint32_t fee_source;     /* pays the fee: the source, or the fee-bump source */
    int64_t fee_charged;
    uint32_t fee_bid;        /* per operation, in the (inner) transaction */
    int64_t resource_fee;    /* Soroban: declared, charged in full before applying */
    int64_t refund;          /* Soroban: the part of it refunded after applying */
} synth_tx_plan;

static inline bool synth_plan_is_soroban(const synth_tx_plan *plan)
{
    return plan->spec.kind == SYNTH_SAC_INVOKE;
}

typedef struct synth_tx {
    sx_TransactionEnvelope envelope;
    sx_TransactionResultPair result;
    synth_changes fee_changes;     /* feeProcessing */
    synth_changes changes_before;  /* txChangesBefore: the sequence number bump */
    synth_changes refund_changes;  /* the Soroban refund: txChangesAfter (V1) or
                                    * postTxApplyFeeProcessing (V2) */
    synth_changes *op_changes;     /* per operation; all empty when it failed */
    synth_events *op_events;       /* V2: CAP-67 events per classic operation; as the changes */
    uint32_t ops;
    bool soroban;
    bool success;
    sx_vec_ContractEvent events;   /* Soroban: the SAC event of the (single) operation */
    sx_vec_TransactionEvent fee_events; /* V2: CAP-67 fee charged, and refunded */
} synth_tx;

/* Chooses the next transaction of the ledger: kind by the mix, a source
 * that can do it and is not yet a source in this ledger.  false when no
 * such source was found (the ledger gets one transaction fewer). */
bool synth_tx_plan_next(synth_ctx *ctx, const double *cumulative_mix, synth_tx_plan *plan);

/* Charges the plan's fee (feeProcessing changes; the world's fee pool). */
void synth_tx_charge_fee(synth_ctx *ctx, const synth_tx_plan *plan, synth_tx *tx);

/* Bumps the sequence number, applies the operations (rolled back if any
 * fails), and builds the envelope with its hash and the result pair
 * (feeCharged: the fee less the refund). */
void synth_tx_apply(synth_ctx *ctx, const synth_tx_plan *plan, synth_tx *tx);

/* Soroban: credits the refund back to the fee source (refund_changes; the
 * world's fee pool).  V1 does it right after the transaction, V2 after all
 * transactions of the ledger.  Then, in V2, the CAP-67 fee events. */
void synth_tx_refund(synth_ctx *ctx, const synth_tx_plan *plan, synth_tx *tx);
void synth_tx_fee_events(synth_ctx *ctx, const synth_tx_plan *plan, synth_tx *tx);

#endif
