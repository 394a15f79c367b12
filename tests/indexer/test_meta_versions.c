/* test_meta_versions.c — TransactionMeta versions the fixtures do not hold
 * (v0, v1, and v3 without Soroban meta) are indexed like the v2 they are
 * made from: every fixture ledger whose metas are v2 is re-encoded with
 * each meta rewritten as
 *   v3 {txChangesBefore, operations, txChangesAfter}  -> rows identical to v2
 *   v1 {txChanges = txChangesBefore, operations}      -> identical (the
 *                                                        fixtures' txChangesAfter are empty)
 *   v1 {txChanges = empty, operations} and v0 {operations}
 *                                                     -> identical to each other
 * and the indexer's rows (all of them, text dump) compared. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../testlib.h"
#include "indexer/indexer.h"
#include "ledger_frames.h"
#include "row_dump.h"
#include "xdr/sx_codec.h"

enum rewrite { AS_V3, AS_V1, AS_V1_NO_TX_CHANGES, AS_V0 };

static sx_vec_TransactionResultMeta *processing(sx_LedgerCloseMeta *lcm)
{
    return lcm->v == 0 ? &lcm->v0.txProcessing : lcm->v == 1 ? &lcm->v1.txProcessing : NULL;
}

/* The frame re-encoded with every v2 meta rewritten; NULL if the ledger
 * has no v2 meta or one with txChangesAfter. */
static uint8_t *rewrite(const ledger_frame *f, enum rewrite how, size_t *len)
{
    sx_arena *arena = sx_arena_new(0);
    sx_LedgerCloseMeta lcm;
    sx_error err;
    uint8_t *out = NULL;
    if (sx_decode_LedgerCloseMeta(f->data, f->len, arena, &lcm, &err) || !processing(&lcm) ||
        processing(&lcm)->len == 0)
        goto done;
    sx_vec_TransactionResultMeta *txs = processing(&lcm);
    for (uint32_t i = 0; i < txs->len; i++) {
        sx_TransactionMeta *m = &txs->items[i].txApplyProcessing;
        if (m->v != 2 || m->v2.txChangesAfter.len != 0)
            goto done;
        sx_TransactionMetaV2 v2 = m->v2;
        sx_LedgerEntryChanges none = {0};
        memset(m, 0, sizeof(*m));
        switch (how) {
        case AS_V3:
            m->v = 3;
            m->v3.txChangesBefore = v2.txChangesBefore;
            m->v3.operations = v2.operations;
            m->v3.txChangesAfter = v2.txChangesAfter;
            break;
        case AS_V1:
        case AS_V1_NO_TX_CHANGES:
            m->v = 1;
            m->v1.txChanges = how == AS_V1 ? v2.txChangesBefore : none;
            m->v1.operations = v2.operations;
            break;
        case AS_V0:
            m->v = 0;
            m->operations = v2.operations;
            break;
        }
    }
    sx_buf buf;
    sx_buf_init(&buf);
    if (sx_encode_LedgerCloseMeta(&lcm, &buf) == 0) {
        out = buf.data;
        *len = buf.len;
    } else {
        sx_buf_free(&buf);
    }
done:
    sx_arena_free(arena);
    return out;
}

static char *dump_of(const ledger_frame *f, const uint8_t *frame, size_t len)
{
    indexer_options o = {.network_passphrase = f->passphrase};
    indexer *ix = indexer_new(&o);
    sluice_ledger l;
    error_report err;
    char *text = NULL;
    size_t size = 0;
    if (indexer_index_frame(ix, frame, len, &l, &err) == 0) {
        FILE *mem = open_memstream(&text, &size);
        row_dump(&l, mem);
        fclose(mem);
    } else {
        fprintf(stderr, "%s: %s\n", f->name, err.message);
    }
    indexer_free(ix);
    return text;
}

int main(void)
{
    const char *dir = test_fixtures_dir();
    if (!dir)
        return 77;
    ledger_frames set;
    char why[512];
    if (ledger_frames_load(dir, &set, why, sizeof(why))) {
        fprintf(stderr, "cannot load fixtures: %s\n", why);
        return 99;
    }
    size_t rewritten = 0;
    for (size_t i = 0; i < set.count; i++) {
        const ledger_frame *f = &set.frames[i];
        size_t len[4];
        uint8_t *frames[4];
        char *dumps[4] = {0};
        for (int how = AS_V3; how <= AS_V0; how++)
            frames[how] = rewrite(f, (enum rewrite)how, &len[how]);
        if (frames[AS_V3]) {
            char *original = dump_of(f, f->data, f->len);
            for (int how = AS_V3; how <= AS_V0; how++)
                dumps[how] = dump_of(f, frames[how], len[how]);
            CHECK_MSG(original && dumps[AS_V3] && strcmp(original, dumps[AS_V3]) == 0,
                      "%s: rows from TransactionMeta v3 differ from v2", f->name);
            CHECK_MSG(dumps[AS_V1] && strcmp(original, dumps[AS_V1]) == 0,
                      "%s: rows from TransactionMeta v1 differ from v2", f->name);
            CHECK_MSG(dumps[AS_V0] && dumps[AS_V1_NO_TX_CHANGES] &&
                          strcmp(dumps[AS_V0], dumps[AS_V1_NO_TX_CHANGES]) == 0,
                      "%s: rows from TransactionMeta v0 differ from v1 without tx changes", f->name);
            rewritten++;
            free(original);
        }
        for (int how = AS_V3; how <= AS_V0; how++) {
            free(frames[how]);
            free(dumps[how]);
        }
    }
    fprintf(stderr, "%zu ledgers with v2 metas rewritten as v3, v1 and v0\n", rewritten);
    CHECK(rewritten >= 2);
    ledger_frames_free(&set);
    return test_finish();
}
