/* envelopes.c — every envelope of a ledger's transaction set, keyed by its
 * transaction hash (SHA-256 of network id || envelope type || transaction
 * XDR), so results in txProcessing (apply order) find their envelope.
 * A V0 envelope hashes exactly as the V1 transaction it converts to: its
 * XDR is the V1 XDR with the KEY_TYPE_ED25519 tag left out.
 *
 * The transaction XDR is not encoded again: it is hashed where it lies in
 * the frame.  Decoding is zero-copy, so the transaction's first field (its
 * source key) points into the frame, and the transaction ends where the
 * envelope's signature count begins (the first signature's hint, 8 bytes
 * on), or, without signatures, where the skip walker says. */
#include <string.h>

#include "indexer/ix_internal.h"
#include "indexer/sha256.h"
#include "xalloc.h"

typedef int (*skip_fn)(const uint8_t *buf, size_t len, size_t *consumed, sx_error *err);

/* Where a transaction starting at its source key `key` begins: after the
 * MuxedAccount discriminant (and a muxed id), `key_offset` bytes before. */
static int transaction_span(const indexer *ix, const uint8_t *key, size_t key_offset,
                            const sx_vec_DecoratedSignature *signatures, skip_fn skip,
                            const uint8_t **start, size_t *len)
{
    const uint8_t *frame_end = ix->frame + ix->frame_len;
    if (key < ix->frame + key_offset || key >= frame_end)
        return -1;
    *start = key - key_offset;
    if (signatures->len > 0) {
        const uint8_t *count = signatures->items[0].hint - 4;
        if (count <= *start || count > frame_end)
            return -1;
        *len = (size_t)(count - *start);
        return 0;
    }
    sx_error err;
    return skip(*start, (size_t)(frame_end - *start), len, &err);
}

static size_t muxed_key_offset(const sx_MuxedAccount *m)
{
    return m->type == SX_KEY_TYPE_MUXED_ED25519 ? 4 + 8 : 4;
}

static const uint8_t *muxed_key(const sx_MuxedAccount *m)
{
    return m->type == SX_KEY_TYPE_MUXED_ED25519 ? m->med25519.ed25519 : m->ed25519;
}

/* SHA-256 of network id || envelope_type || [prefix] || the span. */
static void hash_span(const indexer *ix, uint32_t envelope_type, bool v0_prefix,
                      const uint8_t *start, size_t len, uint8_t out[32])
{
    uint8_t head[8];
    sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, ix->network_id, 32);
    for (int i = 0; i < 4; i++) {
        head[i] = (uint8_t)(envelope_type >> (24 - 8 * i));
        head[4 + i] = (uint8_t)(SX_KEY_TYPE_ED25519 >> (24 - 8 * i));
    }
    sha256_update(&ctx, head, v0_prefix ? 8 : 4);
    sha256_update(&ctx, start, len);
    sha256_final(&ctx, out);
}

int ix_inner_hash(indexer *ix, const sx_TransactionV1Envelope *inner, uint8_t out[32])
{
    const uint8_t *start;
    size_t len;
    const sx_MuxedAccount *source = &inner->tx.sourceAccount;
    if (transaction_span(ix, muxed_key(source), muxed_key_offset(source), &inner->signatures,
                         sx_skip_Transaction, &start, &len))
        return -1;
    hash_span(ix, SX_ENVELOPE_TYPE_TX, false, start, len, out);
    return 0;
}

int ix_envelope_hash(indexer *ix, const sx_TransactionEnvelope *env, uint8_t out[32])
{
    const uint8_t *start;
    size_t len;
    switch (env->type) {
    case SX_ENVELOPE_TYPE_TX_V0:
        if (transaction_span(ix, env->v0.tx.sourceAccountEd25519, 0, &env->v0.signatures,
                             sx_skip_TransactionV0, &start, &len))
            return -1;
        hash_span(ix, SX_ENVELOPE_TYPE_TX, true, start, len, out);
        return 0;
    case SX_ENVELOPE_TYPE_TX:
        return ix_inner_hash(ix, &env->v1, out);
    case SX_ENVELOPE_TYPE_TX_FEE_BUMP: {
        const sx_MuxedAccount *fee_source = &env->feeBump.tx.feeSource;
        if (transaction_span(ix, muxed_key(fee_source), muxed_key_offset(fee_source),
                             &env->feeBump.signatures, sx_skip_FeeBumpTransaction, &start, &len))
            return -1;
        hash_span(ix, SX_ENVELOPE_TYPE_TX_FEE_BUMP, false, start, len, out);
        return 0;
    }
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
        report_set(err, NULL, NULL, "cannot find the bytes of a transaction envelope of type %d",
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
