/* history_keys.c — the seen-key set of a bucket merge (see history_keys.h). */
#include "config.h"

#include "history_keys.h"
#include "stellar/sha256.h"

#include <stdlib.h>
#include <string.h>

#define FIRST_CAPACITY 4096u      /* 64 KiB */

static int alloc_table(history_keys *keys, size_t capacity)
{
    keys->slots = calloc(capacity, HISTORY_KEY_DIGEST);
    keys->capacity = keys->slots ? capacity : 0;
    return keys->slots ? 0 : -1;
}

int history_keys_init(history_keys *keys, size_t budget)
{
    memset(keys, 0, sizeof *keys);
    keys->budget = budget;
    if (budget < (size_t)FIRST_CAPACITY * HISTORY_KEY_DIGEST)
        return -1;
    return alloc_table(keys, FIRST_CAPACITY);
}

void history_keys_free(history_keys *keys)
{
    free(keys->slots);
    memset(keys, 0, sizeof *keys);
}

void history_keys_digest(const uint8_t *key_xdr, size_t len, uint8_t digest[HISTORY_KEY_DIGEST])
{
    uint8_t full[32];
    sha256(key_xdr, len, full);
    memcpy(digest, full, HISTORY_KEY_DIGEST);
    static const uint8_t zero[HISTORY_KEY_DIGEST];
    if (memcmp(digest, zero, HISTORY_KEY_DIGEST) == 0)
        digest[0] = 1; /* all zero marks a free slot */
}

/* The slot holding digest, or the free slot where it would go. */
static size_t find_slot(const uint8_t *slots, size_t capacity,
                        const uint8_t digest[HISTORY_KEY_DIGEST])
{
    static const uint8_t zero[HISTORY_KEY_DIGEST];
    uint64_t h;
    memcpy(&h, digest, sizeof h); /* already uniformly distributed */
    size_t mask = capacity - 1, i = (size_t)h & mask;
    for (;;) {
        const uint8_t *slot = slots + i * HISTORY_KEY_DIGEST;
        if (memcmp(slot, digest, HISTORY_KEY_DIGEST) == 0 ||
            memcmp(slot, zero, HISTORY_KEY_DIGEST) == 0)
            return i;
        i = (i + 1) & mask;
    }
}

int history_keys_contains(const history_keys *keys, const uint8_t digest[HISTORY_KEY_DIGEST])
{
    size_t i = find_slot(keys->slots, keys->capacity, digest);
    return memcmp(keys->slots + i * HISTORY_KEY_DIGEST, digest, HISTORY_KEY_DIGEST) == 0;
}

/* Double the table; -1 when the old and new tables together (while the
 * keys move) would pass the budget, or memory ran out. */
static int grow(history_keys *keys)
{
    size_t capacity = keys->capacity * 2;
    if (capacity + keys->capacity > keys->budget / HISTORY_KEY_DIGEST)
        return -1;
    history_keys bigger = *keys;
    if (alloc_table(&bigger, capacity) != 0)
        return -1;
    static const uint8_t zero[HISTORY_KEY_DIGEST];
    for (size_t i = 0; i < keys->capacity; i++) {
        const uint8_t *slot = keys->slots + i * HISTORY_KEY_DIGEST;
        if (memcmp(slot, zero, HISTORY_KEY_DIGEST) != 0)
            memcpy(bigger.slots + find_slot(bigger.slots, capacity, slot) * HISTORY_KEY_DIGEST,
                   slot, HISTORY_KEY_DIGEST);
    }
    free(keys->slots);
    *keys = bigger;
    return 0;
}

int history_keys_add(history_keys *keys, const uint8_t digest[HISTORY_KEY_DIGEST])
{
    size_t i = find_slot(keys->slots, keys->capacity, digest);
    uint8_t *slot = keys->slots + i * HISTORY_KEY_DIGEST;
    if (memcmp(slot, digest, HISTORY_KEY_DIGEST) == 0)
        return 0;
    if ((keys->count + 1) * 4 > keys->capacity * 3) { /* load at most 3/4 */
        if (grow(keys) != 0)
            return -1;
        slot = keys->slots + find_slot(keys->slots, keys->capacity, digest) * HISTORY_KEY_DIGEST;
    }
    memcpy(slot, digest, HISTORY_KEY_DIGEST);
    keys->count++;
    return 1;
}

size_t history_keys_bytes(const history_keys *keys)
{
    return keys->capacity * HISTORY_KEY_DIGEST;
}
