/* synth_journal.c — the keys touched since the last checkpoint, and the
 * world's entries as refs (see synth_journal.h). */
#include "synth_journal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

void synth_journal_init(synth_journal *journal)
{
    memset(journal, 0, sizeof *journal);
    sx_buf_init(&journal->key);
}

void synth_journal_free(synth_journal *journal)
{
    free(journal->keys);
    free(journal->items);
    free(journal->slots);
    free(journal->seen);
    sx_buf_free(&journal->key);
    memset(journal, 0, sizeof *journal);
}

void synth_journal_clear(synth_journal *journal)
{
    journal->keys_len = 0;
    journal->count = 0;
    if (journal->slots)
        memset(journal->slots, 0, journal->slot_count * sizeof *journal->slots);
    if (journal->seen)
        memset(journal->seen, 0, journal->seen_bytes);
}

/* The bit of a ref whose key depends on the ref alone: contract holders'
 * balances and TTL entries first, then each account's slots (0: the
 * account, 1..: its trustlines).  False for offers and claimable balances
 * (an offer's key has its ID; a claimable balance's index may be handed
 * again after a rollback). */
static bool seen_bit(synth_ref ref, size_t *bit)
{
    const size_t contracts = 2 * SYNTH_CONTRACT_HOLDERS * SYNTH_ASSET_SLOTS;
    switch (ref.kind) {
    case SYNTH_REF_CONTRACT_BALANCE:
    case SYNTH_REF_CONTRACT_TTL:
        *bit = ((size_t)(ref.kind == SYNTH_REF_CONTRACT_TTL) * SYNTH_CONTRACT_HOLDERS + ref.account) *
                   SYNTH_ASSET_SLOTS + ref.asset;
        return true;
    case SYNTH_REF_ACCOUNT:
    case SYNTH_REF_TRUSTLINE:
        *bit = contracts + (size_t)ref.account * SYNTH_ASSET_SLOTS +
               (ref.kind == SYNTH_REF_TRUSTLINE ? ref.asset : 0);
        return true;
    default:
        return false;
    }
}

/* FNV-1a over the key's bytes, its bits mixed (splitmix64's finalizer) so
 * that the low ones the table uses depend on all of them. */
static size_t key_hash(const uint8_t *key, size_t len)
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ key[i]) * 1099511628211ULL;
    h = (h ^ h >> 30) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ h >> 27) * 0x94d049bb133111ebULL;
    return (size_t)(h ^ h >> 31);
}

static const uint8_t *item_key(const synth_journal *journal, const synth_journal_item *item)
{
    return journal->keys + item->key_at;
}

/* The slot of key: holding it, or the empty one where it goes. */
static size_t find_slot(const synth_journal *journal, const uint8_t *key, size_t len)
{
    size_t mask = journal->slot_count - 1, at = key_hash(key, len) & mask;
    for (;;) {
        uint32_t held = journal->slots[at];
        if (held == 0)
            return at;
        const synth_journal_item *item = &journal->items[held - 1];
        if (item->key_len == len && memcmp(item_key(journal, item), key, len) == 0)
            return at;
        at = (at + 1) & mask;
    }
}

static void grow_slots(synth_journal *journal)
{
    free(journal->slots);
    journal->slot_count = journal->slot_count ? journal->slot_count * 2 : 1024;
    journal->slots = xcalloc(journal->slot_count, sizeof *journal->slots);
    for (size_t i = 0; i < journal->count; i++) {
        const synth_journal_item *item = &journal->items[i];
        journal->slots[find_slot(journal, item_key(journal, item), item->key_len)] = (uint32_t)i + 1;
    }
}

void synth_journal_note(synth_ctx *ctx, synth_ref ref, bool created)
{
    synth_journal *journal = ctx->journal;
    size_t bit;
    bool by_ref = seen_bit(ref, &bit);
    if (by_ref) {
        if (bit / 8 < journal->seen_bytes && (journal->seen[bit / 8] >> (bit % 8) & 1))
            return; /* noted this window */
        xgrow_zeroed((void **)&journal->seen, &journal->seen_bytes, bit / 8 + 1, 1);
        journal->seen[bit / 8] |= (uint8_t)(1u << (bit % 8));
    }
    sx_LedgerKey key;
    synth_key(ctx, ref, &key);
    journal->key.len = 0;
    if (sx_encode_LedgerKey(&key, &journal->key) != 0) {
        fputs("sluice-synth: out of memory\n", stderr);
        abort();
    }
    if (2 * (journal->count + 1) > journal->slot_count)
        grow_slots(journal);
    size_t at = find_slot(journal, journal->key.data, journal->key.len);
    if (journal->slots[at] != 0)
        return; /* the window's first change of the key decides */
    xgrow((void **)&journal->keys, &journal->keys_cap, journal->keys_len + journal->key.len, 1);
    memcpy(journal->keys + journal->keys_len, journal->key.data, journal->key.len);
    xgrow((void **)&journal->items, &journal->items_cap, journal->count + 1, sizeof *journal->items);
    journal->items[journal->count] = (synth_journal_item){journal->keys_len, (uint32_t)journal->key.len,
                                                          ref, created};
    journal->keys_len += journal->key.len;
    journal->slots[at] = (uint32_t)++journal->count;
}

int synth_key_compare(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
    int order = memcmp(a, b, a_len < b_len ? a_len : b_len);
    if (order != 0)
        return order;
    return a_len < b_len ? -1 : a_len > b_len;
}

static const uint8_t *sorting_keys; /* qsort has no context argument */

static int compare_items(const void *a, const void *b)
{
    const synth_journal_item *x = a, *y = b;
    return synth_key_compare(sorting_keys + x->key_at, x->key_len, sorting_keys + y->key_at, y->key_len);
}

void synth_journal_sort(synth_journal *journal)
{
    sorting_keys = journal->keys;
    if (journal->count > 1)
        qsort(journal->items, journal->count, sizeof *journal->items, compare_items);
    sorting_keys = NULL;
    /* the slots point at the old positions: no more notes until cleared */
    if (journal->slots)
        memset(journal->slots, 0, journal->slot_count * sizeof *journal->slots);
}

bool synth_ref_exists(const synth_world *world, synth_ref ref)
{
    switch (ref.kind) {
    case SYNTH_REF_ACCOUNT:
        return ref.account < world->count && world->accounts[ref.account].exists;
    case SYNTH_REF_TRUSTLINE:
        return ref.account < world->count && world->accounts[ref.account].exists &&
               (world->accounts[ref.account].trusted >> ref.asset & 1);
    case SYNTH_REF_OFFER:
        return ref.account < world->count && world->accounts[ref.account].exists &&
               world->accounts[ref.account].offer.id != 0;
    case SYNTH_REF_CONTRACT_BALANCE:
    case SYNTH_REF_CONTRACT_TTL:
        return world->contracts[ref.account].has >> ref.asset & 1;
    case SYNTH_REF_CLAIMABLE:
        return ref.account < world->claimable_count && world->claimables[ref.account].live;
    }
    return false;
}

int synth_world_each(const synth_world *world, int (*each)(void *arg, synth_ref ref), void *arg)
{
    int rc = 0;
    for (uint32_t i = 0; rc == 0 && i < world->count; i++) {
        if (!world->accounts[i].exists)
            continue;
        rc = each(arg, synth_account_ref(i));
        for (unsigned a = 1; rc == 0 && a < SYNTH_ASSET_SLOTS; a++)
            if (synth_ref_exists(world, synth_trustline_ref(i, a)))
                rc = each(arg, synth_trustline_ref(i, a));
        if (rc == 0 && synth_ref_exists(world, synth_offer_ref(i)))
            rc = each(arg, synth_offer_ref(i));
    }
    for (uint32_t i = 0; rc == 0 && i < world->claimable_count; i++)
        if (world->claimables[i].live)
            rc = each(arg, synth_claimable_ref(i));
    for (uint32_t h = 0; rc == 0 && h < SYNTH_CONTRACT_HOLDERS; h++)
        for (unsigned a = 0; rc == 0 && a < SYNTH_ASSET_SLOTS; a++)
            if (synth_ref_exists(world, synth_contract_balance_ref(h, a))) {
                rc = each(arg, synth_contract_balance_ref(h, a));
                if (rc == 0)
                    rc = each(arg, synth_contract_ttl_ref(h, a));
            }
    return rc;
}
