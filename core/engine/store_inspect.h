/* store_inspect.h — what a store holds, read through a sink session: its
 * cursors, the range they span, its gaps and its status against the
 * source's tip (`sluice gaps` and `sluice status`; `sluice verify` is
 * engine/verify.h).  The commands only present the results. */
#ifndef SLUICE_STORE_INSPECT_H
#define SLUICE_STORE_INSPECT_H

#include <stdint.h>

#include "engine/gap_list.h"
#include "engine/session.h"

typedef struct store_cursors {
    int has_oldest, has_latest;
    uint32_t oldest, latest;
    uint32_t first;          /* where the stored history starts: oldest, or
                                for a store without that cursor the lowest
                                stored ledger (0: the store is empty) */
    uint32_t floor;          /* history_retention_ledgers' floor, latest - N + 1:
                                ledgers below it are not gaps (0: none) */
} store_cursors;

/* A range of ledgers to inspect: from..to when given, else (once resolved
 * against the cursors) oldest..latest. */
typedef struct ledger_range {
    int given;
    uint32_t from, to;
} ledger_range;

engine_status store_read_cursors(session *s, store_cursors *cursors, error_report *err);

/* The lowest ledger stored at or below latest (the ledger after a gap
 * that starts at 2), for stores written before live runs kept the oldest
 * cursor; latest itself when nothing below it is stored. */
engine_status store_lowest_ledger(session *s, uint32_t latest, uint32_t *lowest,
                                  error_report *err);

/* When ledger `to` is not stored (a cursor moved past what was written),
 * *hole_from is the first ledger of the hole that ends at it (searched
 * from `floor`); else *hole_from = 0. */
engine_status store_hole_ending_at(session *s, uint32_t floor, uint32_t to, uint32_t *hole_from,
                                   error_report *err);

/* Fill range with first..latest unless given, and raise its start to the
 * retention floor; 0 when there is nothing to inspect (the store is empty
 * and no range was given, or the range lies below the floor), else 1. */
int store_resolve_range(const store_cursors *cursors, ledger_range *range);

/* The gaps of range (resolved first); none when the store is empty. */
engine_status store_read_gaps(session *s, ledger_range *range, gap_list *gaps, error_report *err);

typedef struct store_status {
    store_cursors cursors;
    size_t gaps;             /* holes between oldest and latest */
    uint32_t missing;        /* ledgers in them */
    int has_tip;
    uint32_t tip;            /* the source's newest ledger */
    error_report tip_error;  /* why the tip is unknown (!has_tip) */
    int has_lag;
    uint32_t lag;            /* tip - latest */
} store_status;

/* The store's cursors and gaps and the source's tip (s needs a source; a
 * tip the source cannot tell is not a failure, tip_error says why). */
engine_status store_read_status(session *s, store_status *status, error_report *err);

#endif
