/* test_merge.c — balance_merge (the catchup merge, DESIGN.md G4) against
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

/* ---- a history: ledgers of changes (owned copies) ------------------------ */

typedef struct history {
    sluice_balance_change *changes;
    size_t count, capacity;
    size_t *ledger_start;      /* index of each ledger's first change; [ledgers] = count */
    size_t ledgers, ledger_capacity;
} history;

static void history_begin_ledger(history *h)
{
    if (h->ledgers + 2 > h->ledger_capacity) {
        h->ledger_capacity = h->ledger_capacity ? 2 * h->ledger_capacity : 64;
        h->ledger_start = realloc(h->ledger_start, h->ledger_capacity * sizeof(size_t));
    }
    h->ledger_start[h->ledgers++] = h->count;
    h->ledger_start[h->ledgers] = h->count;
}

static void history_push(history *h, const sluice_balance_change *c)
{
    if (h->count == h->capacity) {
        h->capacity = h->capacity ? 2 * h->capacity : 256;
        h->changes = realloc(h->changes, h->capacity * sizeof(*h->changes));
    }
    h->changes[h->count] = *c;
    h->changes[h->count].asset = strdup(c->asset);
    h->count++;
    h->ledger_start[h->ledgers] = h->count;
}

static void history_free(history *h)
{
    for (size_t i = 0; i < h->count; i++)
        free((char *)h->changes[i].asset);
    free(h->changes);
    free(h->ledger_start);
    memset(h, 0, sizeof(*h));
}

/* ---- the oracle: a map (account, asset) -> balance ----------------------- */

typedef struct state_entry {
    char key[SLUICE_STRKEY_SIZE + 80];
    bool present;
    sluice_int128 balance;
    int64_t limit;
    uint32_t flags;
} state_entry;

typedef struct state {
    state_entry *slots;
    size_t capacity;
} state;

static void state_init(state *s, size_t capacity)
{
    s->capacity = capacity;
    s->slots = calloc(capacity, sizeof(state_entry));
}

static state_entry *state_get(state *s, const sluice_balance_change *c)
{
    char key[sizeof(s->slots[0].key)];
    snprintf(key, sizeof(key), "%s|%s", c->account, c->asset);
    uint64_t h = 1469598103934665603ull;
    for (const char *p = key; *p; p++)
        h = (h ^ (uint8_t)*p) * 1099511628211ull;
    for (size_t i = h % s->capacity;; i = (i + 1) % s->capacity) {
        if (!s->slots[i].key[0]) {
            strcpy(s->slots[i].key, key);
            return &s->slots[i];
        }
        if (strcmp(s->slots[i].key, key) == 0)
            return &s->slots[i];
    }
}

/* Applies one change; false when it does not fit the state. */
static bool state_apply(state *s, const sluice_balance_change *c)
{
    state_entry *e = state_get(s, c);
    bool ok = c->kind == SLUICE_BALANCE_ADD ? !e->present : e->present;
    e->present = c->kind != SLUICE_BALANCE_REMOVE;
    e->balance = c->balance;
    e->limit = c->limit;
    e->flags = c->flags;
    if (!e->present)
        memset(&e->balance, 0, sizeof(e->balance));
    return ok;
}

static bool states_equal(const state *a, const state *b)
{
    for (size_t i = 0; i < a->capacity; i++) {
        const state_entry *x = &a->slots[i];
        if (!x->key[0])
            continue;
        /* find x in b */
        state *bb = (state *)b;
        sluice_balance_change probe = {0};
        char account[SLUICE_STRKEY_SIZE];
        const char *bar = strchr(x->key, '|');
        snprintf(account, sizeof(account), "%.*s", (int)(bar - x->key), x->key);
        memcpy(probe.account, account, sizeof(account));
        probe.asset = bar + 1;
        const state_entry *y = state_get(bb, &probe);
        if (x->present != y->present ||
            (x->present && (memcmp(&x->balance, &y->balance, sizeof(x->balance)) != 0 ||
                            x->limit != y->limit || x->flags != y->flags)))
            return false;
    }
    return true;
}

/* The state before the range: every key whose first change is not an ADD. */
static void initial_state(const history *h, state *s)
{
    state seen;
    state_init(&seen, s->capacity);
    for (size_t i = 0; i < h->count; i++) {
        const sluice_balance_change *c = &h->changes[i];
        state_entry *mark = state_get(&seen, c);
        if (mark->present)
            continue;
        mark->present = true;
        state_entry *e = state_get(s, c);
        e->present = c->kind != SLUICE_BALANCE_ADD;
        e->balance.lo = 123456789; /* a value the range never wrote */
    }
    free(seen.slots);
}

static void state_copy(state *to, const state *from)
{
    state_init(to, from->capacity);
    memcpy(to->slots, from->slots, from->capacity * sizeof(state_entry));
}

/* ---- one property trial --------------------------------------------------- */

static unsigned long long rng_state;
static uint64_t rng(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return rng_state >> 33;
}

/* Splits the history at random, merges batches in a random order and
 * compares with `expected` (the sequential final state). */
static void trial(const history *h, const state *before, const state *expected, const char *name,
                  int number)
{
    size_t max_batches = h->ledgers < 16 ? h->ledgers : 16;
    size_t batches = 1 + rng() % (max_batches ? max_batches : 1);
    size_t *cut = calloc(batches + 1, sizeof(size_t));
    cut[batches] = h->ledgers;
    for (size_t b = 1; b < batches; b++)
        cut[b] = rng() % (h->ledgers + 1);
    for (size_t i = 1; i < batches; i++) /* sort the cuts */
        for (size_t j = i; j > 0 && cut[j - 1] > cut[j]; j--) {
            size_t t = cut[j];
            cut[j] = cut[j - 1];
            cut[j - 1] = t;
        }
    balance_merge **merged = calloc(batches, sizeof(*merged));
    error_report err;
    for (size_t b = 0; b < batches; b++) {
        merged[b] = balance_merge_new();
        size_t from = h->ledger_start[cut[b]], to = h->ledger_start[cut[b + 1]];
        CHECK(balance_merge_add(merged[b], h->changes + from, to - from, &err) == 0);
    }
    /* completion order: a random permutation; sometimes a batch is first
     * absorbed into another one (a tree of merges). */
    size_t *order = calloc(batches, sizeof(size_t));
    for (size_t b = 0; b < batches; b++)
        order[b] = b;
    for (size_t b = batches; b > 1; b--) {
        size_t j = rng() % b, t = order[b - 1];
        order[b - 1] = order[j];
        order[j] = t;
    }
    balance_merge *total = balance_merge_new();
    for (size_t k = 0; k < batches; k++) {
        if (k + 1 < batches && rng() % 4 == 0) {
            balance_merge_absorb(merged[order[k + 1]], merged[order[k]]);
            continue;
        }
        balance_merge_absorb(total, merged[order[k]]);
    }
    const sluice_balance_change *net;
    size_t n = balance_merge_result(total, &net);
    state after;
    state_copy(&after, before);
    bool applicable = true;
    for (size_t i = 0; i < n; i++)
        applicable &= state_apply(&after, &net[i]);
    CHECK_MSG(applicable, "%s trial %d: a net change does not fit the state before the range", name,
              number);
    CHECK_MSG(states_equal(expected, &after) && states_equal(&after, expected),
              "%s trial %d (%zu batches): merged balances differ from sequential ones", name, number,
              batches);
    free(after.slots);
    balance_merge_free(total);
    for (size_t b = 0; b < batches; b++)
        balance_merge_free(merged[b]);
    free(merged);
    free(order);
    free(cut);
}

static void property(const history *h, const char *name, int trials)
{
    state before, expected;
    size_t capacity = 2 * h->count + 64;
    state_init(&before, capacity);
    initial_state(h, &before);
    state_copy(&expected, &before);
    bool sequential_ok = true;
    for (size_t i = 0; i < h->count; i++)
        sequential_ok &= state_apply(&expected, &h->changes[i]);
    CHECK_MSG(sequential_ok, "%s: the history itself is inconsistent", name);
    for (int t = 0; t < trials; t++)
        trial(h, &before, &expected, name, t);
    free(before.slots);
    free(expected.slots);
}

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
