/* envelopes.c — every envelope of a ledger's transaction set, keyed by its
 * transaction hash (SHA-256 of network id || envelope type || transaction
 * XDR), so results in txProcessing (apply order) find their envelope.
 * A V0 envelope hashes exactly as the V1 transaction it converts to: its
 * XDR is the V1 XDR with the KEY_TYPE_ED25519 tag left out. */
#include <string.h>

#include "indexer/ix_internal.h"
#include "indexer/sha256.h"
#include "xalloc.h"

/* Hashes the payload built in scratch. */
static int finish_hash(indexer *ix, uint8_t out[32])
{
    sha256(ix->scratch.data, ix->scratch.len, out);
    return 0;
}

/* Starts the signature payload: network id || envelope type. */
static int start_payload(indexer *ix, uint32_t envelope_type)
{
    ix->scratch.len = 0;
    return sx_buf_put(&ix->scratch, ix->network_id, 32) || sx_put_u32(&ix->scratch, envelope_type);
}

int ix_inner_hash(indexer *ix, const sx_TransactionV1Envelope *inner, uint8_t out[32])
{
    if (start_payload(ix, SX_ENVELOPE_TYPE_TX) || sx_encode_Transaction(&inner->tx, &ix->scratch))
        return -1;
    return finish_hash(ix, out);
}

int ix_envelope_hash(indexer *ix, const sx_TransactionEnvelope *env, uint8_t out[32])
{
    switch (env->type) {
    case SX_ENVELOPE_TYPE_TX_V0:
        if (start_payload(ix, SX_ENVELOPE_TYPE_TX) || sx_put_u32(&ix->scratch, SX_KEY_TYPE_ED25519) ||
            sx_encode_TransactionV0(&env->v0.tx, &ix->scratch))
            return -1;
        return finish_hash(ix, out);
    case SX_ENVELOPE_TYPE_TX:
        return ix_inner_hash(ix, &env->v1, out);
    case SX_ENVELOPE_TYPE_TX_FEE_BUMP:
        if (start_payload(ix, SX_ENVELOPE_TYPE_TX_FEE_BUMP) ||
            sx_encode_FeeBumpTransaction(&env->feeBump.tx, &ix->scratch))
            return -1;
        return finish_hash(ix, out);
    default:
        return -1;
    }
}

static size_t slot_of(const uint8_t hash[32], size_t capacity)
{
    uint64_t h;
    memcpy(&h, hash, sizeof(h));
    return (size_t)h & (capacity - 1);
}

static void reset_table(indexer *ix, size_t count)
{
    size_t capacity = 16;
    while (capacity < 2 * count)
        capacity *= 2;
    if (capacity > ix->envelope_capacity) {
        ix->envelopes = xrealloc(ix->envelopes, capacity * sizeof(*ix->envelopes));
        ix->envelope_capacity = capacity;
    }
    memset(ix->envelopes, 0, ix->envelope_capacity * sizeof(*ix->envelopes));
}

static int insert(indexer *ix, const sx_TransactionEnvelope *env, error_report *err)
{
    uint8_t hash[32];
    if (ix_envelope_hash(ix, env, hash)) {
        report_set(err, ix->scratch.fail, NULL, "cannot hash a transaction envelope of type %d",
                   (int)env->type);
        return -1;
    }
    size_t mask = ix->envelope_capacity - 1;
    for (size_t i = slot_of(hash, ix->envelope_capacity);; i = (i + 1) & mask) {
        ix_envelope *slot = &ix->envelopes[i];
        if (!slot->envelope) {
            memcpy(slot->hash, hash, 32);
            slot->envelope = env;
            return 0;
        }
        if (memcmp(slot->hash, hash, 32) == 0) {
            report_set(err, NULL, NULL, "the transaction set holds the same transaction twice");
            return -1;
        }
    }
}

const sx_TransactionEnvelope *ix_find_envelope(const indexer *ix, const uint8_t hash[32])
{
    size_t mask = ix->envelope_capacity - 1;
    for (size_t i = slot_of(hash, ix->envelope_capacity);; i = (i + 1) & mask) {
        const ix_envelope *slot = &ix->envelopes[i];
        if (!slot->envelope)
            return NULL;
        if (memcmp(slot->hash, hash, 32) == 0)
            return slot->envelope;
    }
}

/* Calls insert (or, with count, only counts) for every envelope. */
static int visit_vec(indexer *ix, const sx_vec_TransactionEnvelope *txs, size_t *count,
                     error_report *err)
{
    if (count) {
        *count += txs->len;
        return 0;
    }
    for (uint32_t i = 0; i < txs->len; i++)
        if (insert(ix, &txs->items[i], err))
            return -1;
    return 0;
}

static int visit_phase(indexer *ix, const sx_TransactionPhase *phase, size_t *count,
                       error_report *err)
{
    if (phase->v == 0) {
        for (uint32_t c = 0; c < phase->v0Components.len; c++)
            if (visit_vec(ix, &phase->v0Components.items[c].txsMaybeDiscountedFee.txs, count, err))
                return -1;
        return 0;
    }
    const sx_vec_ParallelTxExecutionStage *stages = &phase->parallelTxsComponent.executionStages;
    for (uint32_t s = 0; s < stages->len; s++)
        for (uint32_t c = 0; c < stages->items[s].len; c++)
            if (visit_vec(ix, &stages->items[s].items[c], count, err))
                return -1;
    return 0;
}

static int visit_all(indexer *ix, const sx_LedgerCloseMeta *lcm, size_t *count, error_report *err)
{
    if (lcm->v == 0)
        return visit_vec(ix, &lcm->v0.txSet.txs, count, err);
    const sx_GeneralizedTransactionSet *set = lcm->v == 1 ? &lcm->v1.txSet : &lcm->v2.txSet;
    for (uint32_t p = 0; p < set->v1TxSet.phases.len; p++)
        if (visit_phase(ix, &set->v1TxSet.phases.items[p], count, err))
            return -1;
    return 0;
}

int ix_collect_envelopes(indexer *ix, const sx_LedgerCloseMeta *lcm, error_report *err)
{
    size_t count = 0;
    visit_all(ix, lcm, &count, err);
    reset_table(ix, count);
    return visit_all(ix, lcm, NULL, err);
}
