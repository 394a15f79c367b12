/* test_merge.c — balance_merge (the catchup merge, doc/design.md G4) against
 * sequential application, property-based:
 *   - history: real fixture streams (the indexer's per-ledger balance
 *     changes of each stellar-core stream and each pubnet ledger) and
 *     synthetic random histories (>= 10,000 ledgers; keys added, updated
 *     and removed at random, several changes per key per ledger);
 *   - for each, hundreds of random splits into batches, each batch folded
 *     on its own, and the batches absorbed in a random completion order
 *     (sometimes into each other first);
 *   - the net result, applied to the state before the range, must give
 *     exactly the state that applying every change in sequence gives, and
 *     every net change must be applicable (ADD of an absent key, UPDATE and
 *     REMOVE of a present one).
 * Seed: $SLUICE_TEST_SEED or the time; printed so a failure can be rerun. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../testlib.h"
#include "indexer/balance_merge.h"
#include "indexer/indexer.h"
#include "ledger_frames.h"
#include "merge_property.h"

/* ---- histories ----------------------------------------------------------- */

/* Random history: `ledgers` ledgers over `keys` keys; each ledger changes a
 * few keys, sometimes the same key several times (ids increase). */
static void synthetic(history *h, size_t ledgers, unsigned keys)
{
    bool *present = calloc(keys, sizeof(bool));
    static const char *const assets[] = {"native", "USD:GISSUER", "C_SAC_CONTRACT"};
    for (size_t l = 0; l < ledgers; l++) {
        history_begin_ledger(h);
        unsigned changes = (unsigned)(rng() % 12);
        int64_t id = (int64_t)(l + 100) << 32;
        for (unsigned c = 0; c < changes; c++) {
            unsigned k = (unsigned)(rng() % keys);
            sluice_balance_change ch = {0};
            id += 1 + (int64_t)(rng() % 4096);
            ch.operation_id = id;
            snprintf(ch.account, sizeof(ch.account), "GACCOUNT%05u", k / 3);
            ch.asset = assets[k % 3];
            if (!present[k])
                ch.kind = SLUICE_BALANCE_ADD;
            else
                ch.kind = rng() % 3 == 0 ? SLUICE_BALANCE_REMOVE : SLUICE_BALANCE_UPDATE;
            present[k] = ch.kind != SLUICE_BALANCE_REMOVE;
            if (present[k]) {
                ch.balance.lo = rng();
                ch.balance.hi = (int64_t)(rng() % 3) - 1;
                ch.limit = (int64_t)rng();
                ch.flags = (uint32_t)(rng() % 8);
            }
            history_push(h, &ch);
        }
    }
    free(present);
}

/* The indexer's balance changes of every fixture ledger, one history per
 * fixture file (a stellar-core stream is consecutive ledgers). */
static size_t fixture_properties(const char *dir, int trials)
{
    ledger_frames set;
    char why[512];
    size_t histories = 0;
    if (ledger_frames_load(dir, &set, why, sizeof(why))) {
        CHECK_MSG(0, "cannot load fixtures: %s", why);
        return 0;
    }
    for (size_t i = 0; i < set.count;) {
        history h = {0};
        size_t j = i;
        indexer_options o = {.network_passphrase = set.frames[i].passphrase};
        indexer *ix = indexer_new(&o);
        for (; j < set.count && strcmp(set.frames[j].file, set.frames[i].file) == 0; j++) {
            sluice_ledger l;
            error_report err;
            CHECK_MSG(indexer_index_frame(ix, set.frames[j].data, set.frames[j].len, &l, &err) == 0,
                      "%s: %s", set.frames[j].name, err.message);
            history_begin_ledger(&h);
            for (size_t c = 0; c < l.balance_change_count; c++)
                history_push(&h, &l.balance_changes[c]);
        }
        indexer_free(ix);
        property(&h, set.frames[i].file, trials);
        histories++;
        history_free(&h);
        i = j;
    }
    ledger_frames_free(&set);
    return histories;
}

int main(void)
{
    const char *seed_text = getenv("SLUICE_TEST_SEED");
    rng_state = seed_text ? strtoull(seed_text, NULL, 10) : (unsigned long long)time(NULL);
    fprintf(stderr, "seed %llu (rerun with SLUICE_TEST_SEED)\n", rng_state);

    /* the rules one by one */
    error_report err;
    balance_merge *m = balance_merge_new();
    sluice_balance_change add = {.kind = SLUICE_BALANCE_ADD, .operation_id = 10, .account = "GA",
                                 .asset = "native"};
    sluice_balance_change remove = add, update = add, bad = add;
    remove.kind = SLUICE_BALANCE_REMOVE;
    remove.operation_id = 20;
    update.kind = SLUICE_BALANCE_UPDATE;
    update.operation_id = 5;
    const sluice_balance_change *net;
    CHECK(balance_merge_add(m, &add, 1, &err) == 0 && balance_merge_add(m, &remove, 1, &err) == 0);
    CHECK_MSG(balance_merge_result(m, &net) == 0, "add then remove inside the range is dropped");
    balance_merge_clear(m);
    remove.operation_id = 5;
    add.operation_id = 10;
    CHECK(balance_merge_add(m, &add, 1, &err) == 0 && balance_merge_add(m, &remove, 1, &err) == 0);
    CHECK_MSG(balance_merge_result(m, &net) == 1 && net[0].kind == SLUICE_BALANCE_UPDATE,
              "remove then add becomes an update, whatever order they are folded in");
    balance_merge_clear(m);
    remove.operation_id = 20;
    CHECK(balance_merge_add(m, &remove, 1, &err) == 0 && balance_merge_add(m, &update, 1, &err) == 0);
    CHECK_MSG(balance_merge_result(m, &net) == 1 && net[0].kind == SLUICE_BALANCE_REMOVE &&
                  net[0].operation_id == 20,
              "a later lower-id change never resurrects a removed key");
    bad.kind = (sluice_balance_kind)7;
    CHECK(balance_merge_add(m, &bad, 1, &err) == -1);
    CHECK_STR_CONTAINS(err.message, "balance change 0 (operation 10) is invalid");
    bad.kind = SLUICE_BALANCE_ADD;
    bad.asset = NULL;
    CHECK(balance_merge_add(m, &bad, 1, &err) == -1);
    balance_merge_free(m);

    /* synthetic histories: one long (>= 10,000 ledgers), many short */
    history h = {0};
    synthetic(&h, 12000, 600);
    property(&h, "synthetic-12000", 200);
    fprintf(stderr, "synthetic: 12000 ledgers, %zu changes, 200 random splits/orders\n", h.count);
    history_free(&h);
    for (int s = 0; s < 100; s++) {
        synthetic(&h, 1 + rng() % 60, 1 + (unsigned)(rng() % 12));
        property(&h, "synthetic-short", 20);
        history_free(&h);
    }

    const char *dir = test_fixtures_dir();
    if (dir) {
        size_t histories = fixture_properties(dir, 300);
        fprintf(stderr, "fixtures: %zu histories, 300 random splits/orders each\n", histories);
        CHECK(histories > 50);
    }
    return test_finish();
}
