/* history_keys.h — the set of ledger keys a newest-first bucket merge has
 * already met (so an older entry of the same key is shadowed), within a
 * memory budget.  A key is held as the first 16 bytes of the SHA-256 of its
 * XDR (two distinct keys of one archive agree there with a probability
 * near n^2 / 2^129: for 10^9 keys, about 10^-21), in an open-addressing
 * table (load at most 3/4) that doubles while the old and new tables
 * together fit the budget: 16 bytes a slot, so about 1 GiB / 32 = 33 M
 * keys for a 1 GiB budget.  When the next doubling
 * would not fit, the insert fails and says so: the caller stops with an
 * error naming the budget (no spill to disk). */
#ifndef PLUGINS_HISTORY_KEYS_H
#define PLUGINS_HISTORY_KEYS_H

#include <stddef.h>
#include <stdint.h>

#define HISTORY_KEY_DIGEST 16

typedef struct history_keys {
    uint8_t *slots;          /* capacity digests of 16 bytes; all zero: free */
    size_t capacity;         /* a power of two */
    size_t count;
    size_t budget;           /* bytes the table may take */
} history_keys;

/* An empty set allowed budget bytes.  0, or -1 when the budget is below
 * the smallest table (64 KiB) or memory runs out. */
int history_keys_init(history_keys *keys, size_t budget);
void history_keys_free(history_keys *keys);

/* The digest of a key's XDR. */
void history_keys_digest(const uint8_t *key_xdr, size_t len, uint8_t digest[HISTORY_KEY_DIGEST]);

/* Whether the set holds digest. */
int history_keys_contains(const history_keys *keys, const uint8_t digest[HISTORY_KEY_DIGEST]);
/* Add digest: 1 when it was new, 0 when already there, -1 when the table
 * would outgrow the budget (or memory ran out); the set is unchanged then. */
int history_keys_add(history_keys *keys, const uint8_t digest[HISTORY_KEY_DIGEST]);

/* Bytes the table takes now. */
size_t history_keys_bytes(const history_keys *keys);

#endif
