/* verify_state.h — the ledger state as the verifier reconstructs it from
 * the meta: encoded LedgerKey -> encoded LedgerEntry (or "removed"),
 * in an open-addressing hash table that owns copies of both. */
#ifndef VERIFY_STATE_H
#define VERIFY_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct vs_slot {
    uint8_t *key;       /* NULL: empty slot */
    size_t key_len;
    uint8_t *entry;     /* NULL once removed */
    size_t entry_len;
} vs_slot;

typedef struct vs_table {
    vs_slot *slots;
    size_t cap, used;
} vs_table;

void vs_init(vs_table *t);
void vs_free(vs_table *t);
/* The slot of `key`, or NULL when the key was never seen. */
vs_slot *vs_find(vs_table *t, const uint8_t *key, size_t key_len);
/* Stores entry bytes for key (entry NULL: mark removed). */
void vs_put(vs_table *t, const uint8_t *key, size_t key_len, const uint8_t *entry, size_t entry_len);

#endif
