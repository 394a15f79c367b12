/* ledger_ranges.h — a set of ledger sequences kept as sorted, disjoint,
 * non-adjacent inclusive ranges: which ledgers a file sink has stored
 * (for G6 skips and G5 gap detection), compact however many are stored.
 *
 * Ownership: a ledger_ranges owns its array; free with ledger_ranges_free.
 * Functions that allocate return -1 on exhaustion and leave the set as it
 * was. */
#ifndef SINK_STDOUT_LEDGER_RANGES_H
#define SINK_STDOUT_LEDGER_RANGES_H

#include <stddef.h>
#include <stdint.h>

typedef struct ledger_range {
    uint32_t first, last;       /* inclusive, first <= last */
} ledger_range;

typedef struct ledger_ranges {
    ledger_range *items;        /* ascending; items[i].last + 1 < items[i+1].first */
    size_t count, capacity;
} ledger_ranges;

void ledger_ranges_free(ledger_ranges *set);

/* Non-zero when sequence is in the set. */
int ledger_ranges_contains(const ledger_ranges *set, uint32_t sequence);

/* Add one sequence, merging with neighbours.  0, or -1 out of memory. */
int ledger_ranges_add(ledger_ranges *set, uint32_t sequence);

/* Append a range read from a file: it must lie strictly after the last
 * one and not touch it (the canonical form).  0; -1 out of memory; -2 not
 * canonical (first > last, overlap, adjacency or disorder). */
int ledger_ranges_append(ledger_ranges *set, uint32_t first, uint32_t last);

/* Replace dst's contents with a copy of src.  0, or -1 out of memory. */
int ledger_ranges_copy(ledger_ranges *dst, const ledger_ranges *src);

/* Call missing(context, first, last) for each run of sequences in
 * from..to that is not in the set, ascending; stops early when it returns
 * non-zero. */
void ledger_ranges_holes(const ledger_ranges *set, uint32_t from, uint32_t to,
                         int (*missing)(void *context, uint32_t first, uint32_t last),
                         void *context);

#endif
