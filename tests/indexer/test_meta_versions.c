/* test_meta_versions.c — TransactionMeta versions the fixtures do not hold
 * (v0, v1, and v3 without Soroban meta) are indexed like the v2 they are
 * made from: every fixture ledger whose metas are v2 is re-encoded with
 * each meta rewritten as
 *   v3 {txChangesBefore, operations, txChangesAfter}  -> rows identical to v2
 *   v1 {txChanges = txChangesBefore, operations}      -> identical (the
 *                                                        fixtures' txChangesAfter are empty)
 *   v1 {txChanges = empty, operations} and v0 {operations}
 *                                                     -> identical to each other
 * and the indexer's rows (all of them, text dump) compared.
 *
 * Also: every fixture ledger re-encoded with no signatures on any envelope
 * (a fee bump's outer ones) indexes to identical rows: transactions are
 * hashed from their bytes in the frame, which end at the signature count,
 * or, with no signature to mark it, where the skip walker says.  And a fee
 * bump given a muxed fee source (none in the fixtures; the fee bump's
 * result re-paired with its new hash) indexes with that hash. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../testlib.h"
#include "indexer/indexer.h"
#include "stellar/sha256.h"
#include "ledger_frames.h"
#include "row_dump.h"
#include "xdr/gen/sx_codec.h"

enum rewrite { AS_V3, AS_V1, AS_V1_NO_TX_CHANGES, AS_V0 };

static sx_vec_TransactionResultMeta *processing(sx_LedgerCloseMeta *lcm)
{
    return lcm->v == 0 ? &lcm->v0.txProcessing : lcm->v == 1 ? &lcm->v1.txProcessing : NULL;
}

/* The XDR of `lcm` (owned), or NULL when it does not encode. */
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
    out = ledger_encoded(&lcm, len);
done:
    sx_arena_free(arena);
    return out;
}

enum envelope_kind { ENVELOPE_V0, ENVELOPE_V1, ENVELOPE_FEE_BUMP, ENVELOPE_KINDS };

/* The frame with every envelope's signatures dropped (V0, V1, a fee bump's
 * outer ones: the inner ones are part of the fee bump's hash, and the inner
 * transaction hashes by the V1 code); counts[kind] gets the envelopes of
 * each kind. */
static uint8_t *unsigned_frame(const ledger_frame *f, size_t counts[ENVELOPE_KINDS], size_t *len)
{
    sx_arena *arena = sx_arena_new(0);
    sx_LedgerCloseMeta lcm;
    sx_error err;
    uint8_t *out = NULL;
    static sx_vec_TransactionEnvelope *sets[1024];
    if (sx_decode_LedgerCloseMeta(f->data, f->len, arena, &lcm, &err) == 0) {
        size_t n = ledger_envelope_sets(&lcm, sets, sizeof(sets) / sizeof(sets[0]));
        for (size_t s = 0; s < n; s++)
            for (uint32_t i = 0; i < sets[s]->len; i++) {
                sx_TransactionEnvelope *env = &sets[s]->items[i];
                if (env->type == SX_ENVELOPE_TYPE_TX_V0) {
                    counts[ENVELOPE_V0]++;
                    env->v0.signatures.len = 0;
                } else if (env->type == SX_ENVELOPE_TYPE_TX) {
                    counts[ENVELOPE_V1]++;
                    env->v1.signatures.len = 0;
                } else {
                    counts[ENVELOPE_FEE_BUMP]++;
                    env->feeBump.signatures.len = 0;
                }
            }
        out = ledger_encoded(&lcm, len);
    }
    sx_arena_free(arena);
    return out;
}

/* SHA-256 of network id || ENVELOPE_TYPE_TX_FEE_BUMP || the fee bump's XDR. */
/* The frame with its first fee bump's fee source made muxed (id 42) and
 * the result re-paired; *hash gets the new transaction hash.  NULL when
 * the ledger has no fee bump. */
static uint8_t *muxed_fee_source_frame(const ledger_frame *f, uint8_t hash[32], size_t *len)
{
    sx_arena *arena = sx_arena_new(0);
    sx_LedgerCloseMeta lcm;
    sx_error err;
    uint8_t *out = NULL, network_id[32], old_hash[32];
    static sx_vec_TransactionEnvelope *sets[1024];
    sha256(f->passphrase, strlen(f->passphrase), network_id);
    if (sx_decode_LedgerCloseMeta(f->data, f->len, arena, &lcm, &err) || lcm.v == 0)
        goto done;
    size_t n = ledger_envelope_sets(&lcm, sets, sizeof(sets) / sizeof(sets[0]));
    for (size_t s = 0; s < n && !out; s++)
        for (uint32_t i = 0; i < sets[s]->len && !out; i++) {
            sx_TransactionEnvelope *env = &sets[s]->items[i];
            if (env->type != SX_ENVELOPE_TYPE_TX_FEE_BUMP ||
                env->feeBump.tx.feeSource.type != SX_KEY_TYPE_ED25519)
                continue;
            if (envelope_hash(network_id, env, old_hash))
                continue;
            sx_MuxedAccount *source = &env->feeBump.tx.feeSource;
            const uint8_t *key = source->ed25519;
            source->type = SX_KEY_TYPE_MUXED_ED25519;
            source->med25519.id = 42;
            source->med25519.ed25519 = key;
            if (envelope_hash(network_id, env, hash))
                goto done;
            for (uint32_t t = 0; t < ledger_transaction_count(&lcm); t++) {
                sx_TransactionResultPair *r = ledger_result_pair(&lcm, t);
                if (memcmp(r->transactionHash, old_hash, 32) == 0)
                    r->transactionHash = hash;
            }
            out = ledger_encoded(&lcm, len);
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
    ledger_frames set;
    int status = ledger_frames_load_for_test(test_fixtures_dir(), &set);
    if (status != 0)
        return status;
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
    size_t counts[ENVELOPE_KINDS] = {0};
    for (size_t i = 0; i < set.count; i++) {
        const ledger_frame *f = &set.frames[i];
        size_t len = 0;
        uint8_t *frame = unsigned_frame(f, counts, &len);
        char *original = dump_of(f, f->data, f->len), *stripped = frame ? dump_of(f, frame, len) : NULL;
        CHECK_MSG(original && stripped && strcmp(original, stripped) == 0,
                  "%s: rows differ once the signatures are dropped", f->name);
        free(original);
        free(stripped);
        free(frame);
    }
    fprintf(stderr, "unsigned envelopes: %zu V0, %zu V1, %zu fee bumps\n", counts[ENVELOPE_V0],
            counts[ENVELOPE_V1], counts[ENVELOPE_FEE_BUMP]);
    CHECK(counts[ENVELOPE_V0] > 0 && counts[ENVELOPE_V1] > 0 && counts[ENVELOPE_FEE_BUMP] > 0);
    size_t muxed = 0;
    for (size_t i = 0; i < set.count; i++) {
        const ledger_frame *f = &set.frames[i];
        static uint8_t hash[32]; /* the result's hash field points at it */
        size_t len = 0;
        uint8_t *frame = muxed_fee_source_frame(f, hash, &len);
        if (!frame)
            continue;
        indexer_options o = {.network_passphrase = f->passphrase};
        indexer *ix = indexer_new(&o);
        sluice_ledger l;
        error_report err;
        int rc = indexer_index_frame(ix, frame, len, &l, &err);
        CHECK_MSG(rc == 0, "%s with a muxed fee source: %s", f->name, err.message);
        bool found = false;
        for (size_t t = 0; rc == 0 && t < l.transaction_count; t++)
            found |= l.transactions[t].is_fee_bump && memcmp(l.transactions[t].hash, hash, 32) == 0 &&
                     l.transactions[t].fee_account[0] == 'G';
        CHECK_MSG(found, "%s: no fee bump row with the muxed fee source's hash", f->name);
        muxed++;
        indexer_free(ix);
        free(frame);
    }
    fprintf(stderr, "fee bumps given a muxed fee source: %zu ledgers\n", muxed);
    CHECK(muxed > 0);
    ledger_frames_free(&set);
    return test_finish();
}
