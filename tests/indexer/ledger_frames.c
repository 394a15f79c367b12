/* ledger_frames.c — fixture ledgers for the indexer tests (see ledger_frames.h). */
#include "ledger_frames.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../xdr/xdr_fixtures.h"
#include "stellar/sha256.h"
#include "xdr/gen/sx_codec.h"

static int push(ledger_frames *set, const xf_frame *f, uint8_t *data, size_t len)
{
    ledger_frame *grown = realloc(set->frames, (set->count + 1) * sizeof(*grown));
    if (!grown)
        return -1;
    set->frames = grown;
    ledger_frame *lf = &set->frames[set->count++];
    snprintf(lf->name, sizeof(lf->name), "%s", f->name);
    snprintf(lf->file, sizeof(lf->file), "%s", f->name);
    char *hash = strrchr(lf->file, '#');
    if (hash)
        *hash = '\0';
    lf->passphrase = strncmp(f->name, "stellar-core/", 13) == 0 ? CORE_TEST_PASSPHRASE
                                                                 : PUBNET_PASSPHRASE;
    lf->data = data;
    lf->len = len;
    return 0;
}

/* Splits a LedgerCloseMetaBatch into re-encoded LedgerCloseMeta frames. */
static int split_batch(ledger_frames *set, const xf_frame *f, char *why, size_t why_size)
{
    sx_arena *arena = sx_arena_new(0);
    sx_LedgerCloseMetaBatch batch;
    sx_error err;
    int rc = -1;
    if (!arena || sx_decode_LedgerCloseMetaBatch(f->data, f->len, arena, &batch, &err)) {
        snprintf(why, why_size, "%s: cannot decode the batch", f->name);
        goto done;
    }
    for (uint32_t i = 0; i < batch.ledgerCloseMetas.len; i++) {
        sx_buf out;
        sx_buf_init(&out);
        if (sx_encode_LedgerCloseMeta(&batch.ledgerCloseMetas.items[i], &out) ||
            push(set, f, out.data, out.len)) {
            sx_buf_free(&out);
            snprintf(why, why_size, "%s: cannot re-encode ledger %u", f->name, i);
            goto done;
        }
    }
    rc = 0;
done:
    sx_arena_free(arena);
    return rc;
}

int ledger_frames_load(const char *dir, ledger_frames *set, char *why, size_t why_size)
{
    xf_set raw;
    memset(set, 0, sizeof(*set));
    if (xf_load(dir, &raw, why, why_size))
        return -1;
    int rc = 0;
    for (size_t i = 0; i < raw.count && rc == 0; i++) {
        xf_frame *f = &raw.frames[i];
        if (strcmp(f->type, "LedgerCloseMetaBatch") == 0) {
            rc = split_batch(set, f, why, why_size);
        } else if (push(set, f, f->data, f->len) == 0) {
            f->data = NULL; /* ownership moved */
        } else {
            snprintf(why, why_size, "out of memory");
            rc = -1;
        }
    }
    xf_free(&raw);
    if (rc)
        ledger_frames_free(set);
    return rc;
}

void ledger_frames_free(ledger_frames *set)
{
    for (size_t i = 0; i < set->count; i++)
        free(set->frames[i].data);
    free(set->frames);
    memset(set, 0, sizeof(*set));
}

uint32_t ledger_transaction_count(const sx_LedgerCloseMeta *lcm)
{
    return lcm->v == 0   ? lcm->v0.txProcessing.len
           : lcm->v == 1 ? lcm->v1.txProcessing.len
                         : lcm->v2.txProcessing.len;
}

sx_TransactionResultPair *ledger_result_pair(sx_LedgerCloseMeta *lcm, uint32_t i)
{
    return lcm->v == 0   ? &lcm->v0.txProcessing.items[i].result
           : lcm->v == 1 ? &lcm->v1.txProcessing.items[i].result
                         : &lcm->v2.txProcessing.items[i].result;
}

int envelope_hash(const uint8_t network_id[32], const sx_TransactionEnvelope *env, uint8_t out[32])
{
    if (env->type == SX_ENVELOPE_TYPE_TX_V0)
        return -1;
    sx_buf buf;
    sx_buf_init(&buf);
    int rc = sx_buf_put(&buf, network_id, 32) || sx_put_u32(&buf, (uint32_t)env->type) ||
             (env->type == SX_ENVELOPE_TYPE_TX ? sx_encode_Transaction(&env->v1.tx, &buf)
                                               : sx_encode_FeeBumpTransaction(&env->feeBump.tx, &buf));
    if (rc == 0)
        sha256(buf.data, buf.len, out);
    sx_buf_free(&buf);
    return rc ? -1 : 0;
}

sx_TransactionEnvelope *ledger_v1_envelope(sx_LedgerCloseMeta *lcm, const uint8_t network_id[32],
                                           const uint8_t hash[32])
{
    static sx_vec_TransactionEnvelope *sets[1024];
    size_t n = ledger_envelope_sets(lcm, sets, sizeof(sets) / sizeof(sets[0]));
    for (size_t i = 0; i < n; i++)
        for (uint32_t e = 0; e < sets[i]->len; e++) {
            sx_TransactionEnvelope *env = &sets[i]->items[e];
            uint8_t h[32];
            if (env->type == SX_ENVELOPE_TYPE_TX && envelope_hash(network_id, env, h) == 0 &&
                memcmp(h, hash, 32) == 0)
                return env;
        }
    return NULL;
}

uint8_t *ledger_encoded(const sx_LedgerCloseMeta *lcm, size_t *len)
{
    sx_buf buf;
    sx_buf_init(&buf);
    if (sx_encode_LedgerCloseMeta(lcm, &buf)) {
        sx_buf_free(&buf);
        return NULL;
    }
    *len = buf.len;
    return buf.data;
}

size_t ledger_meta_changes(const sx_TransactionMeta *m, const sx_LedgerEntryChanges **lists,
                           size_t max)
{
    size_t n = 0;
    const sx_LedgerEntryChanges *before = m->v == 1 ? &m->v1.txChanges
                                          : m->v == 2 ? &m->v2.txChangesBefore
                                          : m->v == 3 ? &m->v3.txChangesBefore
                                          : m->v == 4 ? &m->v4.txChangesBefore
                                                      : NULL;
    const sx_LedgerEntryChanges *after = m->v == 2 ? &m->v2.txChangesAfter
                                         : m->v == 3 ? &m->v3.txChangesAfter
                                         : m->v == 4 ? &m->v4.txChangesAfter
                                                     : NULL;
    if (before && n < max)
        lists[n++] = before;
    uint32_t ops = m->v == 0 ? m->operations.len : m->v == 1 ? m->v1.operations.len
                   : m->v == 2 ? m->v2.operations.len : m->v == 3 ? m->v3.operations.len
                               : m->v4.operations.len;
    for (uint32_t i = 0; i < ops && n < max; i++)
        lists[n++] = m->v == 0   ? &m->operations.items[i].changes
                     : m->v == 1 ? &m->v1.operations.items[i].changes
                     : m->v == 2 ? &m->v2.operations.items[i].changes
                     : m->v == 3 ? &m->v3.operations.items[i].changes
                                 : &m->v4.operations.items[i].changes;
    if (after && n < max)
        lists[n++] = after;
    return n;
}

size_t ledger_envelope_sets(sx_LedgerCloseMeta *lcm, sx_vec_TransactionEnvelope **sets, size_t max)
{
    size_t n = 0;
    if (lcm->v == 0) {
        if (max > 0)
            sets[n++] = &lcm->v0.txSet.txs;
        return n;
    }
    sx_GeneralizedTransactionSet *g = lcm->v == 1 ? &lcm->v1.txSet : &lcm->v2.txSet;
    for (uint32_t p = 0; p < g->v1TxSet.phases.len; p++) {
        sx_TransactionPhase *phase = &g->v1TxSet.phases.items[p];
        for (uint32_t c = 0; phase->v == 0 && c < phase->v0Components.len && n < max; c++)
            sets[n++] = &phase->v0Components.items[c].txsMaybeDiscountedFee.txs;
        sx_vec_ParallelTxExecutionStage *stages = &phase->parallelTxsComponent.executionStages;
        for (uint32_t st = 0; phase->v == 1 && st < stages->len; st++)
            for (uint32_t c = 0; c < stages->items[st].len && n < max; c++)
                sets[n++] = &stages->items[st].items[c];
    }
    return n;
}

int ledger_frames_load_for_test(const char *dir, ledger_frames *set)
{
    char why[512];
    if (!dir)
        return 77;
    if (ledger_frames_load(dir, set, why, sizeof why) != 0) {
        fprintf(stderr, "cannot load the fixtures in %s: %s\n", dir, why);
        return 99;
    }
    return 0;
}
