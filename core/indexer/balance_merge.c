/* balance_merge.c — per-key fold of balance changes (see balance_merge.h):
 * an open-addressing hash table of records keyed by (account, asset). */
#include "indexer/balance_merge.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

typedef struct merge_record {
    char account[SLUICE_STRKEY_SIZE];
    char *asset;             /* owned; NULL marks an empty slot */
    uint64_t hash;
    bool existed_before;     /* from the earliest change */
    int64_t first_id;
    bool exists_after;       /* from the latest change */
    int64_t last_id;
    sluice_int128 balance;   /* latest values */
    int64_t limit;
    uint32_t flags;
} merge_record;

struct balance_merge {
    merge_record *slots;
    size_t capacity;         /* power of two */
    size_t count;
    sluice_balance_change *result;
    size_t result_capacity;
};

balance_merge *balance_merge_new(void)
{
    balance_merge *m = xcalloc(1, sizeof(*m));
    m->capacity = 64;
    m->slots = xcalloc(m->capacity, sizeof(merge_record));
    return m;
}

void balance_merge_clear(balance_merge *m)
{
    if (m->count == 0)
        return;
    for (size_t i = 0; i < m->capacity; i++) {
        free(m->slots[i].asset);
        m->slots[i].asset = NULL;
    }
    m->count = 0;
}

void balance_merge_free(balance_merge *m)
{
    if (!m)
        return;
    balance_merge_clear(m);
    free(m->slots);
    free(m->result);
    free(m);
}

static uint64_t key_hash(const char *account, const char *asset)
{
    uint64_t h = 1469598103934665603ull;
    for (const char *p = account; *p; p++)
        h = (h ^ (uint8_t)*p) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
    for (const char *p = asset; *p; p++)
        h = (h ^ (uint8_t)*p) * 1099511628211ull;
    return h;
}

/* The slot holding the key, or the empty slot where it belongs. */
static merge_record *find_slot(merge_record *slots, size_t capacity, uint64_t hash,
                               const char *account, const char *asset)
{
    size_t i = (size_t)hash & (capacity - 1);
    for (;; i = (i + 1) & (capacity - 1)) {
        merge_record *r = &slots[i];
        if (!r->asset ||
            (r->hash == hash && strcmp(r->account, account) == 0 && strcmp(r->asset, asset) == 0))
            return r;
    }
}

static void grow(balance_merge *m)
{
    size_t capacity = m->capacity * 2;
    merge_record *slots = xcalloc(capacity, sizeof(merge_record));
    for (size_t i = 0; i < m->capacity; i++) {
        merge_record *r = &m->slots[i];
        if (r->asset)
            *find_slot(slots, capacity, r->hash, r->account, r->asset) = *r;
    }
    free(m->slots);
    m->slots = slots;
    m->capacity = capacity;
}

/* The record of (account, asset), created empty (asset NULL on return
 * means new: the caller fills it) when absent. */
static merge_record *lookup(balance_merge *m, const char *account, const char *asset, bool *is_new)
{
    if ((m->count + 1) * 4 > m->capacity * 3)
        grow(m);
    uint64_t hash = key_hash(account, asset);
    merge_record *r = find_slot(m->slots, m->capacity, hash, account, asset);
    *is_new = r->asset == NULL;
    if (*is_new) {
        memset(r, 0, sizeof(*r));
        strcpy(r->account, account);
        r->asset = xstrdup(asset);
        r->hash = hash;
        m->count++;
    }
    return r;
}

/* Combines `in` (a record for the same key) into `r`.  in_is_later /
 * in_is_earlier say whether `in` supplies the latest / earliest state. */
static void combine(merge_record *r, const merge_record *in, bool in_is_earlier, bool in_is_later)
{
    if (in_is_earlier) {
        r->existed_before = in->existed_before;
        r->first_id = in->first_id;
    }
    if (in_is_later) {
        r->exists_after = in->exists_after;
        r->last_id = in->last_id;
        r->balance = in->balance;
        r->limit = in->limit;
        r->flags = in->flags;
    }
}

/* Folds `in` by operation id. */
static void fold(balance_merge *m, const merge_record *in)
{
    bool is_new;
    merge_record *r = lookup(m, in->account, in->asset, &is_new);
    if (is_new)
        combine(r, in, true, true);
    else
        combine(r, in, in->first_id < r->first_id, in->last_id >= r->last_id);
}

static merge_record record_of(const sluice_balance_change *c)
{
    merge_record in;
    memset(&in, 0, sizeof(in));
    memcpy(in.account, c->account, SLUICE_STRKEY_SIZE);
    in.account[SLUICE_STRKEY_SIZE - 1] = '\0';
    in.asset = (char *)c->asset;
    in.existed_before = c->kind != SLUICE_BALANCE_ADD;
    in.exists_after = c->kind != SLUICE_BALANCE_REMOVE;
    in.first_id = in.last_id = c->operation_id;
    in.balance = c->balance;
    in.limit = c->limit;
    in.flags = c->flags;
    return in;
}

int balance_merge_add(balance_merge *m, const sluice_balance_change *changes, size_t n,
                      error_report *err)
{
    for (size_t i = 0; i < n; i++) {
        const sluice_balance_change *c = &changes[i];
        if (c->kind < SLUICE_BALANCE_ADD || c->kind > SLUICE_BALANCE_REMOVE || !c->asset ||
            !c->account[0] || !memchr(c->account, '\0', SLUICE_STRKEY_SIZE)) {
            report_set(err, "a change needs kind 1 (add), 2 (update) or 3 (remove), an account and an asset",
                       NULL, "balance change %zu (operation %lld) is invalid: kind %d, asset %s", i,
                       (long long)c->operation_id, (int)c->kind, c->asset ? c->asset : "NULL");
            return -1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        merge_record in = record_of(&changes[i]);
        fold(m, &in);
    }
    return 0;
}

void balance_merge_absorb(balance_merge *into, const balance_merge *from)
{
    for (size_t i = 0; i < from->capacity; i++)
        if (from->slots[i].asset)
            fold(into, &from->slots[i]);
}

int balance_change_compare(const void *a, const void *b)
{
    const sluice_balance_change *x = a, *y = b;
    if (x->operation_id != y->operation_id)
        return x->operation_id < y->operation_id ? -1 : 1;
    int c = strcmp(x->account, y->account);
    return c ? c : strcmp(x->asset, y->asset);
}

size_t balance_merge_result(balance_merge *m, const sluice_balance_change **out)
{
    size_t n = 0;
    xgrow((void **)&m->result, &m->result_capacity, m->count, sizeof(*m->result));
    for (size_t i = 0; i < m->capacity; i++) {
        const merge_record *r = &m->slots[i];
        if (!r->asset || (!r->existed_before && !r->exists_after))
            continue;
        sluice_balance_change *c = &m->result[n++];
        memset(c, 0, sizeof(*c));
        c->kind = !r->existed_before ? SLUICE_BALANCE_ADD
                  : r->exists_after  ? SLUICE_BALANCE_UPDATE
                                     : SLUICE_BALANCE_REMOVE;
        c->operation_id = r->last_id;
        memcpy(c->account, r->account, SLUICE_STRKEY_SIZE);
        c->asset = r->asset;
        if (r->exists_after) {
            c->balance = r->balance;
            c->limit = r->limit;
            c->flags = r->flags;
        }
    }
    if (n > 1)
        qsort(m->result, n, sizeof(*m->result), balance_change_compare);
    *out = m->result;
    return n;
}
