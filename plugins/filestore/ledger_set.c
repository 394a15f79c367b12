/* ledger_set.c — libsluice-filestore: the set of stored ledgers, as
 * sorted disjoint ranges (see <sluice/filestore.h>). */
#include "config.h"

#include "ranges_append.h"

#include <stdlib.h>
#include <string.h>

void sluice_fs_ranges_free(sluice_fs_ranges *set)
{
    free(set->items);
    memset(set, 0, sizeof *set);
}

/* Index of the first range whose last >= sequence (count if none). */
static size_t first_not_before(const sluice_fs_ranges *set, uint32_t sequence)
{
    size_t low = 0, high = set->count;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        if (set->items[mid].last < sequence)
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}

int sluice_fs_ranges_contains(const sluice_fs_ranges *set, uint32_t sequence)
{
    size_t i = first_not_before(set, sequence);
    return i < set->count && set->items[i].first <= sequence;
}

static int reserve(sluice_fs_ranges *set, size_t needed)
{
    if (needed <= set->capacity)
        return 0;
    size_t capacity = set->capacity ? set->capacity * 2 : 16;
    while (capacity < needed)
        capacity *= 2;
    if (capacity > SIZE_MAX / sizeof *set->items)
        return -1;
    sluice_fs_range *items = realloc(set->items, capacity * sizeof *items);
    if (!items)
        return -1;
    set->items = items;
    set->capacity = capacity;
    return 0;
}

int sluice_fs_ranges_add(sluice_fs_ranges *set, uint32_t sequence)
{
    size_t i = first_not_before(set, sequence);
    if (i < set->count && set->items[i].first <= sequence)
        return 0; /* already stored */
    int joins_previous = i > 0 && set->items[i - 1].last + 1 == sequence;
    int joins_next = i < set->count && sequence + 1 == set->items[i].first;
    if (joins_previous && joins_next) {
        set->items[i - 1].last = set->items[i].last;
        memmove(&set->items[i], &set->items[i + 1],
                (set->count - i - 1) * sizeof *set->items);
        set->count--;
    } else if (joins_previous) {
        set->items[i - 1].last = sequence;
    } else if (joins_next) {
        set->items[i].first = sequence;
    } else {
        if (reserve(set, set->count + 1) != 0)
            return -1;
        memmove(&set->items[i + 1], &set->items[i], (set->count - i) * sizeof *set->items);
        set->items[i].first = set->items[i].last = sequence;
        set->count++;
    }
    return 0;
}

int fs_ranges_append(sluice_fs_ranges *set, uint32_t first, uint32_t last)
{
    if (first > last)
        return -2;
    if (set->count && (uint64_t)set->items[set->count - 1].last + 1 >= first)
        return -2;
    if (reserve(set, set->count + 1) != 0)
        return -1;
    set->items[set->count].first = first;
    set->items[set->count].last = last;
    set->count++;
    return 0;
}

int sluice_fs_ranges_copy(sluice_fs_ranges *dst, const sluice_fs_ranges *src)
{
    if (reserve(dst, src->count) != 0)
        return -1;
    if (src->count)
        memcpy(dst->items, src->items, src->count * sizeof *src->items);
    dst->count = src->count;
    return 0;
}

/* One hole as the sink's gaps callback receives it. */
static int report_hole(sluice_gap_callback callback, void *context, uint32_t first,
                       uint32_t last)
{
    sluice_gap gap = {sizeof gap, first, last};
    return callback(context, &gap);
}

void sluice_fs_ranges_holes(const sluice_fs_ranges *set, uint32_t from, uint32_t to,
                            sluice_gap_callback missing, void *context)
{
    if (from > to)
        return;
    uint64_t next = from; /* first sequence not yet accounted for */
    for (size_t i = first_not_before(set, from); i < set->count && next <= to; i++) {
        const sluice_fs_range *range = &set->items[i];
        if (range->first > next) {
            uint32_t hole_last = range->first - 1 < to ? range->first - 1 : to;
            if (report_hole(missing, context, (uint32_t)next, hole_last))
                return;
        }
        next = (uint64_t)range->last + 1;
    }
    if (next <= to)
        report_hole(missing, context, (uint32_t)next, to);
}
