/* net_balances.c — this ledger's net balance changes: every current-state
 * change of one ledger, in application order, folded per (holder, asset)
 * into one change (see balance_merge.h for the rule: the first change says
 * whether the key existed before the ledger, the last what it is after).
 *
 * Keyed by raw bytes (ix_balance_key), not by rendered strkeys: a change
 * costs one hash of 80 bytes and a memcmp; the holder's strkey is copied
 * once per key, when the key is first seen.  Records live in a dense array
 * reused from ledger to ledger; the table holds record indexes + 1. */
#include <stdlib.h>
#include <string.h>

#include "indexer/ix_internal.h"
#include "base/xalloc.h"

void ix_balance_key_holder(ix_balance_key *key, uint8_t strkey_version, const uint8_t id[32])
{
    key->holder_type = strkey_version;
    memcpy(key->holder, id, 32);
}

void ix_balance_key_asset(ix_balance_key *key, uint8_t asset_kind, const uint8_t *code,
                          size_t code_len, const uint8_t id[32])
{
    key->asset_kind = asset_kind;
    /* trailing NULs of a code do not name a different asset (ix_asset_name) */
    while (code_len > 0 && code[code_len - 1] == 0)
        code_len--;
    if (code_len)
        memcpy(key->code, code, code_len);
    if (id)
        memcpy(key->asset, id, 32);
}

/* Mixes the kinds and code word with the first 8 bytes of the holder and
 * of the asset id: keys, contract and pool ids are hashes or public keys,
 * so those bytes already differ (equality is still decided by memcmp). */
static uint64_t key_hash(const ix_balance_key *key)
{
    uint64_t head[2], holder, asset;
    memcpy(head, key, sizeof(head));
    memcpy(&holder, key->holder, sizeof(holder));
    memcpy(&asset, key->asset, sizeof(asset));
    uint64_t h = (head[0] ^ holder) * 0x9e3779b97f4a7c15ull ^ (head[1] ^ asset) * 0xff51afd7ed558ccdull;
    return h ^ (h >> 29);
}

/* Empties the slots this ledger used (not the whole table: a large ledger
 * leaves it large) and zeroes its records in one go for the next ledger
 * (records are handed out zeroed). */
void ix_net_clear(indexer *ix)
{
    for (size_t r = 0; r < ix->net_count; r++)
        ix->net_table[ix->net_records[r].slot] = 0;
    if (ix->net_count)
        memset(ix->net_records, 0, ix->net_count * sizeof(*ix->net_records));
    ix->net_count = 0;
}

void ix_net_free(indexer *ix)
{
    free(ix->net_records);
    free(ix->net_table);
    free(ix->net_result);
    free(ix->net_order);
}

/* Re-inserts every record into a table twice as large. */
static void grow_table(indexer *ix)
{
    size_t capacity = ix->net_table_capacity ? ix->net_table_capacity * 2 : 256;
    free(ix->net_table);
    ix->net_table = xcalloc(capacity, sizeof(*ix->net_table));
    ix->net_table_capacity = capacity;
    for (size_t r = 0; r < ix->net_count; r++) {
        size_t i = (size_t)ix->net_records[r].hash & (capacity - 1);
        while (ix->net_table[i])
            i = (i + 1) & (capacity - 1);
        ix->net_table[i] = (uint32_t)(r + 1);
        ix->net_records[r].slot = (uint32_t)i;
    }
}

void ix_net_add(indexer *ix, const ix_balance_key *key, const ix_name *holder, const char *asset,
                sluice_balance_kind kind, int64_t operation_id, sluice_int128 balance,
                int64_t limit, uint32_t flags)
{
    if ((ix->net_count + 1) * 2 > ix->net_table_capacity)
        grow_table(ix);
    uint64_t hash = key_hash(key);
    size_t mask = ix->net_table_capacity - 1, i = (size_t)hash & mask;
    ix_net_record *r = NULL;
    for (; ix->net_table[i]; i = (i + 1) & mask) {
        ix_net_record *candidate = &ix->net_records[ix->net_table[i] - 1];
        if (candidate->hash == hash && memcmp(&candidate->key, key, sizeof(*key)) == 0) {
            r = candidate;
            break;
        }
    }
    if (!r) {
        xgrow_zeroed((void **)&ix->net_records, &ix->net_record_capacity, ix->net_count + 1,
                     sizeof(*ix->net_records));
        r = &ix->net_records[ix->net_count++];
        ix->net_table[i] = (uint32_t)ix->net_count;
        r->key = *key;
        r->hash = hash;
        r->slot = (uint32_t)i;
        r->existed_before = kind != SLUICE_BALANCE_ADD;
        memcpy(r->change.account, holder->text, SLUICE_STRKEY_SIZE);
        r->change.asset = asset;
    }
    r->change.kind = kind;
    r->change.operation_id = operation_id;
    r->change.balance = balance;
    r->change.limit = limit;
    r->change.flags = flags;
}

/* Whether order entry x goes after y: by operation id, then like
 * balance_change_compare (account, asset). */
static bool goes_after(const ix_net_order *x, const ix_net_order *y, const ix_net_record *records)
{
    if (x->id != y->id)
        return x->id > y->id;
    return balance_change_compare(&records[x->index].change, &records[y->index].change) > 0;
}

/* Insertion sort of order[0..n), for short runs. */
static void insertion_sort(ix_net_order *order, size_t n, const ix_net_record *records)
{
    for (size_t i = 1; i < n; i++) {
        ix_net_order o = order[i];
        size_t j = i;
        for (; j > 0 && goes_after(&order[j - 1], &o, records); j--)
            order[j] = order[j - 1];
        order[j] = o;
    }
}

/* Below this many changes an insertion sort; above, a radix sort. */
#define RADIX_MIN 48

/* Sorts the (operation id, record) pairs order[0..n) (the first half of
 * an array of 2n) like balance_change_compare: a stable LSD radix sort, a
 * byte a pass, skipping the passes where every id has the same byte (ids
 * of one ledger share their upper half); then each run of equal ids by
 * (account, asset).  Returns the sorted pairs (either half). */
static const ix_net_order *sort_order(ix_net_order *order, size_t n, const ix_net_record *records)
{
    ix_net_order *from = order, *to = order + n;
    if (n < RADIX_MIN) {
        insertion_sort(from, n, records);
        return from;
    }
    size_t counts[8][256] = {{0}};
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 8; b++)
            counts[b][(from[i].id >> (8 * b)) & 0xff]++;
    for (int b = 0; b < 8; b++) {
        if (counts[b][(from[0].id >> (8 * b)) & 0xff] == n)
            continue;
        size_t at = 0;
        for (int d = 0; d < 256; d++) {
            size_t c = counts[b][d];
            counts[b][d] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++)
            to[counts[b][(from[i].id >> (8 * b)) & 0xff]++] = from[i];
        ix_net_order *swap = from;
        from = to;
        to = swap;
    }
    for (size_t run = 0, end; run < n; run = end) {
        for (end = run + 1; end < n && from[end].id == from[run].id; end++)
            ;
        insertion_sort(from + run, end - run, records);
    }
    return from;
}

size_t ix_net_result(indexer *ix, const sluice_balance_change **out)
{
    size_t n = 0;
    xgrow((void **)&ix->net_order, &ix->net_order_capacity, 2 * ix->net_count,
          sizeof(*ix->net_order));
    for (size_t r = 0; r < ix->net_count; r++) {
        const ix_net_record *rec = &ix->net_records[r];
        if (rec->existed_before || rec->change.kind != SLUICE_BALANCE_REMOVE)
            /* sign bit flipped: unsigned order = signed order */
            ix->net_order[n++] = (ix_net_order){(uint64_t)rec->change.operation_id ^ (1ull << 63),
                                                (uint32_t)r};
    }
    const ix_net_order *order = sort_order(ix->net_order, n, ix->net_records);
    xgrow((void **)&ix->net_result, &ix->net_result_capacity, n, sizeof(*ix->net_result));
    for (size_t i = 0; i < n; i++) {
        const ix_net_record *rec = &ix->net_records[order[i].index];
        sluice_balance_change *c = &ix->net_result[i];
        *c = rec->change;
        c->kind = !rec->existed_before                      ? SLUICE_BALANCE_ADD
                  : rec->change.kind != SLUICE_BALANCE_REMOVE ? SLUICE_BALANCE_UPDATE
                                                            : SLUICE_BALANCE_REMOVE;
    }
    *out = ix->net_result;
    return n;
}
