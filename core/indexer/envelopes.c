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
 * on), or, without signatures, where the skip walker says.  A ledger's
 * spans are hashed BATCH at a time with sha256_many, several in flight. */
#include <string.h>

#include "indexer/ix_internal.h"
#include "stellar/sha256.h"
#include "base/xalloc.h"

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

static void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (24 - 8 * i));
}

void ix_hash_prefixes_init(indexer *ix)
{
    ix_hash_prefixes *p = &ix->hash_prefixes;
    memcpy(p->tx, ix->network_id, 32);
    put_u32(p->tx + 32, SX_ENVELOPE_TYPE_TX);
    memcpy(p->v0, p->tx, 36);
    put_u32(p->v0 + 36, SX_KEY_TYPE_ED25519);
    memcpy(p->fee_bump, ix->network_id, 32);
    put_u32(p->fee_bump + 32, SX_ENVELOPE_TYPE_TX_FEE_BUMP);
}

static int inner_job(indexer *ix, const sx_TransactionV1Envelope *inner, sha256_job *job)
{
    const ix_hash_prefixes *p = &ix->hash_prefixes;
    const sx_MuxedAccount *source = &inner->tx.sourceAccount;
    job->prefix = p->tx;
    job->prefix_len = sizeof(p->tx);
    return transaction_span(ix, muxed_key(source), muxed_key_offset(source), &inner->signatures,
                            sx_skip_Transaction, &job->data, &job->len);
}

/* The message whose SHA-256 is env's transaction hash. */
static int envelope_job(indexer *ix, const sx_TransactionEnvelope *env, sha256_job *job)
{
    const ix_hash_prefixes *p = &ix->hash_prefixes;
    switch (env->type) {
    case SX_ENVELOPE_TYPE_TX_V0:
        job->prefix = p->v0;
        job->prefix_len = sizeof(p->v0);
        return transaction_span(ix, env->v0.tx.sourceAccountEd25519, 0, &env->v0.signatures,
                                sx_skip_TransactionV0, &job->data, &job->len);
    case SX_ENVELOPE_TYPE_TX:
        return inner_job(ix, &env->v1, job);
    case SX_ENVELOPE_TYPE_TX_FEE_BUMP: {
        const sx_MuxedAccount *fee_source = &env->feeBump.tx.feeSource;
        job->prefix = p->fee_bump;
        job->prefix_len = sizeof(p->fee_bump);
        return transaction_span(ix, muxed_key(fee_source), muxed_key_offset(fee_source),
                                &env->feeBump.signatures, sx_skip_FeeBumpTransaction, &job->data,
                                &job->len);
    }
    default:
        return -1;
    }
}

static size_t slot_of(const uint8_t hash[32], size_t slots)
{
    uint64_t h;
    memcpy(&h, hash, sizeof(h));
    return (size_t)h & (slots - 1);
}

/* A table sized for this ledger: only its slots are cleared, so a small
 * ledger after a large one clears a small table. */
static void reset_table(indexer *ix, size_t count)
{
    size_t slots = 2;
    while (slots < 2 * count)
        slots *= 2;
    if (slots > ix->envelope_capacity) {
        ix->envelopes = xrealloc(ix->envelopes, slots * sizeof(*ix->envelopes));
        ix->envelope_capacity = slots;
    }
    ix->envelope_slots = slots;
    memset(ix->envelopes, 0, slots * sizeof(*ix->envelopes));
}

/* inner_hash: NULL but for fee bumps. */
static int insert(indexer *ix, const sx_TransactionEnvelope *env, const uint8_t hash[32],
                  const uint8_t *inner_hash, error_report *err)
{
    size_t mask = ix->envelope_slots - 1;
    for (size_t i = slot_of(hash, ix->envelope_slots);; i = (i + 1) & mask) {
        ix_envelope *slot = &ix->envelopes[i];
        if (!slot->envelope) {
            memcpy(slot->hash, hash, 32);
            if (inner_hash)
                memcpy(slot->inner_hash, inner_hash, 32);
            slot->envelope = env;
            return 0;
        }
        if (memcmp(slot->hash, hash, 32) == 0) {
            report_set(err, NULL, NULL, "the transaction set holds the same transaction twice");
            return -1;
        }
    }
}

const ix_envelope *ix_find_envelope(const indexer *ix, const uint8_t hash[32])
{
    size_t mask = ix->envelope_slots - 1;
    for (size_t i = slot_of(hash, ix->envelope_slots);; i = (i + 1) & mask) {
        const ix_envelope *slot = &ix->envelopes[i];
        if (!slot->envelope)
            return NULL;
        if (memcmp(slot->hash, hash, 32) == 0)
            return slot;
    }
}

/* Envelopes waiting to be hashed (sha256_many keeps several messages in
 * flight; a batch this size loses little to the lanes idle at its end,
 * and needs no allocation), or, while counting, only their number.  A fee
 * bump takes two jobs: its own hash, then its inner transaction's. */
#define BATCH 128
typedef struct batch {
    bool counting;
    size_t count;
    size_t n;
    sha256_job jobs[BATCH];
    const sx_TransactionEnvelope *envelopes[BATCH]; /* NULL: the inner job of the one before */
} batch;

static int flush(indexer *ix, batch *b, error_report *err)
{
    sha256_many(b->jobs, b->n);
    for (size_t i = 0; i < b->n; i++) {
        bool fee_bump = i + 1 < b->n && !b->envelopes[i + 1];
        if (insert(ix, b->envelopes[i], b->jobs[i].digest, fee_bump ? b->jobs[i + 1].digest : NULL,
                   err))
            return -1;
        i += fee_bump;
    }
    b->n = 0;
    return 0;
}

static int visit_vec(indexer *ix, const sx_vec_TransactionEnvelope *txs, batch *b,
                     error_report *err)
{
    if (b->counting) {
        b->count += txs->len;
        return 0;
    }
    for (uint32_t i = 0; i < txs->len; i++) {
        const sx_TransactionEnvelope *env = &txs->items[i];
        bool fee_bump = env->type == SX_ENVELOPE_TYPE_TX_FEE_BUMP;
        if (b->n + 2 > BATCH && flush(ix, b, err))
            return -1;
        if (envelope_job(ix, env, &b->jobs[b->n]) ||
            (fee_bump && inner_job(ix, &env->feeBump.tx.innerTx.v1, &b->jobs[b->n + 1]))) {
            report_set(err, NULL, NULL,
                       "cannot find the bytes of a transaction envelope of type %d",
                       (int)env->type);
            return -1;
        }
        b->envelopes[b->n++] = env;
        if (fee_bump)
            b->envelopes[b->n++] = NULL;
    }
    return 0;
}

static int visit_phase(indexer *ix, const sx_TransactionPhase *phase, batch *b,
                       error_report *err)
{
    if (phase->v == 0) {
        for (uint32_t c = 0; c < phase->v0Components.len; c++)
            if (visit_vec(ix, &phase->v0Components.items[c].txsMaybeDiscountedFee.txs, b, err))
                return -1;
        return 0;
    }
    const sx_vec_ParallelTxExecutionStage *stages = &phase->parallelTxsComponent.executionStages;
    for (uint32_t s = 0; s < stages->len; s++)
        for (uint32_t c = 0; c < stages->items[s].len; c++)
            if (visit_vec(ix, &stages->items[s].items[c], b, err))
                return -1;
    return 0;
}

static int visit_all(indexer *ix, const sx_LedgerCloseMeta *lcm, batch *b, error_report *err)
{
    if (lcm->v == 0)
        return visit_vec(ix, &lcm->v0.txSet.txs, b, err);
    const sx_GeneralizedTransactionSet *set = lcm->v == 1 ? &lcm->v1.txSet : &lcm->v2.txSet;
    for (uint32_t p = 0; p < set->v1TxSet.phases.len; p++)
        if (visit_phase(ix, &set->v1TxSet.phases.items[p], b, err))
            return -1;
    return 0;
}

int ix_collect_envelopes(indexer *ix, const sx_LedgerCloseMeta *lcm, error_report *err)
{
    batch b; /* not zeroed as a whole: its jobs are filled before use */
    b.counting = true;
    b.count = 0;
    b.n = 0;
    visit_all(ix, lcm, &b, err);
    reset_table(ix, b.count);
    if (b.count == 0)
        return 0;
    b.counting = false;
    if (visit_all(ix, lcm, &b, err))
        return -1;
    return flush(ix, &b, err);
}
