/* synth_journal.h — the ledger entries the generator touched since the last
 * checkpoint (the "window" a new bucket is made of), for --archive: each
 * key once, with what it refers to in the world and whether the window
 * created it (its first change in the window was a CREATED).  At the
 * checkpoint the window's bucket holds, for each key, the world's current
 * entry (INITENTRY when created in the window, else LIVEENTRY) or, when the
 * world no longer has it, a DEADENTRY (nothing when it was created and
 * removed within the window: CAP-20's INIT + DEAD annihilate).  A change of
 * a transaction that failed and was rolled back is noted too; the current
 * state is looked up at the end, so it only adds an unchanged entry. */
#ifndef SYNTH_JOURNAL_H
#define SYNTH_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "synth_build.h"

typedef struct synth_journal_item {
    size_t key_at;            /* the key's XDR: keys[key_at .. key_at + key_len) */
    uint32_t key_len;
    synth_ref ref;
    bool created;
} synth_journal_item;

typedef struct synth_journal {
    uint8_t *keys;
    size_t keys_len, keys_cap;
    synth_journal_item *items;
    size_t count, items_cap;
    uint32_t *slots;          /* open addressing: item index + 1, 0 empty */
    size_t slot_count;        /* a power of two, at least twice count */
    sx_buf key;               /* the key being noted */
    uint8_t *seen;            /* one bit per ref whose key is the ref's alone (an
                               * account, a trustline, a contract balance and its
                               * TTL), set once noted: a later note costs no key */
    size_t seen_bytes;
} synth_journal;

void synth_journal_init(synth_journal *journal);
void synth_journal_free(synth_journal *journal);
/* Forget every key (the window was written). */
void synth_journal_clear(synth_journal *journal);

/* Notes the entry `ref` names now (created: this change is its CREATED). */
void synth_journal_note(synth_ctx *ctx, synth_ref ref, bool created);

/* Sorts the items by key (synth_key_compare). */
void synth_journal_sort(synth_journal *journal);

/* Orders LedgerKey XDR: bytes, then length (the order of every bucket but
 * the genesis one). */
int synth_key_compare(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len);

/* Whether the world holds the entry `ref` names (for an offer: any offer). */
bool synth_ref_exists(const synth_world *world, synth_ref ref);

/* Calls each(arg, ref) for every entry the world holds, in world order;
 * stops at and returns the first non-zero. */
int synth_world_each(const synth_world *world, int (*each)(void *arg, synth_ref ref), void *arg);

#endif
