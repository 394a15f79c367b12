/* merge_property.h — the balance merge property check, shared by the
 * merge test and the synthetic-ledger test (header-only: the CHECK
 * counters of testlib.h are per program).  A history is ledgers of balance
 * changes; property() splits it at random into batches, folds each batch
 * with balance_merge_add, absorbs the batches in a random completion order
 * (sometimes into each other first) and checks that the net result,
 * applied to the state before the range, gives exactly the state of
 * applying every change in sequence, and that every net change is
 * applicable.  Include after testlib.h. */
#ifndef MERGE_PROPERTY_H
#define MERGE_PROPERTY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/balance_merge.h"

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

#endif
