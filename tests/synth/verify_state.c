/* verify_state.c — key -> entry table of the synth verifier (see verify_state.h). */
#include "verify_state.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

static uint64_t hash_bytes(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

void vs_init(vs_table *t)
{
    t->cap = 1024;
    t->used = 0;
    t->slots = xcalloc(t->cap, sizeof *t->slots);
}

void vs_free(vs_table *t)
{
    for (size_t i = 0; i < t->cap; i++) {
        free(t->slots[i].key);
        free(t->slots[i].entry);
    }
    free(t->slots);
    t->slots = NULL;
}

static vs_slot *probe(vs_slot *slots, size_t cap, const uint8_t *key, size_t key_len)
{
    size_t i = (size_t)hash_bytes(key, key_len) & (cap - 1);
    while (slots[i].key && (slots[i].key_len != key_len || memcmp(slots[i].key, key, key_len) != 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

vs_slot *vs_find(vs_table *t, const uint8_t *key, size_t key_len)
{
    vs_slot *s = probe(t->slots, t->cap, key, key_len);
    return s->key ? s : NULL;
}

static void grow(vs_table *t)
{
    size_t cap = t->cap * 2;
    vs_slot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].key)
            *probe(slots, cap, t->slots[i].key, t->slots[i].key_len) = t->slots[i];
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
}

void vs_put(vs_table *t, const uint8_t *key, size_t key_len, const uint8_t *entry, size_t entry_len)
{
    if ((t->used + 1) * 2 > t->cap)
        grow(t);
    vs_slot *s = probe(t->slots, t->cap, key, key_len);
    if (s->key == NULL) {
        s->key = xmalloc(key_len);
        memcpy(s->key, key, key_len);
        s->key_len = key_len;
        t->used++;
    }
    free(s->entry);
    s->entry = NULL;
    s->entry_len = 0;
    if (entry) {
        s->entry = xmalloc(entry_len);
        memcpy(s->entry, entry, entry_len);
        s->entry_len = entry_len;
    }
}
