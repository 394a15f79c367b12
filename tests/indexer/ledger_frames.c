/* ledger_frames.c — fixture ledgers for the indexer tests (see ledger_frames.h). */
#include "ledger_frames.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../xdr/xdr_fixtures.h"
#include "xdr/sx_codec.h"

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
