/* backfill.h — `sluice backfill FROM TO` (G3): find the gaps in the range
 * (G5), cut them into batches (one share per worker, at most batch_size
 * ledgers; planned lazily, so any range fits in memory) and run them on
 * `workers` threads, each with its own source and sink instances.  Each
 * batch commits every flush_every ledgers and its final commit moves the
 * oldest cursor with update-min, so completion order does not matter and
 * an interrupted run is finished by simply running it again.  Backfill
 * takes no lock and never touches latest or balances. */
#ifndef SLUICE_BACKFILL_H
#define SLUICE_BACKFILL_H

#include <stdint.h>

#include "engine/engine_status.h"
#include "base/report.h"
#include "host/setup.h"

typedef struct backfill_summary {
    uint32_t gaps;            /* holes found in the range */
    uint64_t batches;         /* batches run */
    uint64_t ledgers;         /* ledgers written */
} backfill_summary;

/* err says why on failure. */
engine_status backfill_run(const sluice_setup *setup, uint32_t from, uint32_t to,
                           backfill_summary *summary, error_report *err);

#endif
