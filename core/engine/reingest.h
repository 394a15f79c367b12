/* reingest.h — `sluice reingest FROM TO`: rewrite every ledger of the
 * range from the source, stored or not (a fix for rows written by an older
 * sluice), with the batches, workers and retries of backfill (G3).  Each
 * ledger's rewrite replaces its rows in one transaction (G6), so a run is
 * idempotent and a reader never sees a ledger half rewritten.  The sink
 * is told SLUICE_MODE_REINGEST and must accept it: a sink that cannot
 * replace stored rows (or predates ABI 3.2) is refused before any work.
 * Reingest takes no lock and never touches latest or balances; like a
 * backfill batch, each batch's last commit moves oldest with update-min.
 * An interrupted or failed run names the first ledger not rewritten:
 * running `reingest RESUME TO` finishes it. */
#ifndef SLUICE_REINGEST_H
#define SLUICE_REINGEST_H

#include <stdint.h>

#include "engine/engine_status.h"
#include "base/report.h"
#include "host/setup.h"

typedef struct reingest_summary {
    uint64_t batches;         /* batches planned */
    uint64_t ledgers;         /* ledgers rewritten (committed) */
    uint32_t resume_from;     /* on failure: every ledger below it was rewritten */
} reingest_summary;

/* err says why on failure. */
engine_status reingest_run(const sluice_setup *setup, uint32_t from, uint32_t to,
                           reingest_summary *summary, error_report *err);

#endif
