/* backfill.c — parallel, resumable historical backfill (see backfill.h). */
#include "config.h"

#include "engine/backfill.h"
#include "engine/batch_runner.h"
#include "engine/gap_list.h"
#include "engine/session.h"
#include "cli/exit_codes.h"
#include "base/log.h"

#include <string.h>

/* Gaps in from..to, read through a sink-only session. */
static int find_gaps(const sluice_setup *setup, uint32_t from, uint32_t to, gap_list *gaps,
                     error_report *err)
{
    session s;
    int result = session_open(&s, setup, SLUICE_MODE_BACKFILL, 0, err);
    if (result == EXIT_OK)
        result = gap_list_read(&s, from, to, gaps, err);
    session_close(&s);
    return result;
}

int backfill_run(const sluice_setup *setup, uint32_t from, uint32_t to,
                 backfill_summary *summary, error_report *err)
{
    memset(summary, 0, sizeof *summary);
    gap_list gaps;
    int result = find_gaps(setup, from, to, &gaps, err);
    if (result != EXIT_OK)
        return result;
    uint32_t batch_size = (uint32_t)setup->core.batch_size;
    batch_list batches = {0};
    uint64_t missing = 0;
    for (size_t i = 0; i < gaps.count; i++) {
        /* the ledgers of from..to below this gap are stored already: the
         * gap's first batch completes the run that starts after the
         * previous gap (or at from), so a batch redone after a crash still
         * moves oldest as far as the clean run would */
        uint32_t run_start = i ? gaps.gaps[i - 1].to + 1 : from;
        batch_list_split(&batches, gaps.gaps[i].from, gaps.gaps[i].to, batch_size, run_start);
        missing += gaps.gaps[i].to - gaps.gaps[i].from + 1;
    }
    summary->gaps = (uint32_t)gaps.count;
    summary->batches = (uint32_t)batches.count;
    gap_list_free(&gaps);
    log_write("core", SLUICE_LOG_INFO, "backfill %u..%u: %u gaps in %u batches", from, to,
              summary->gaps, summary->batches);

    progress_meter meter;
    progress_start(&meter, "backfill", missing);
    const write_policy policy = {
        .ledgers_per_transaction = (uint32_t)setup->core.flush_every,
        .cursor = CURSOR_OLDEST_AT_END,
        .apply_balances = 0,
        .pipeline_depth = (size_t)setup->core.pipeline_depth,
        .meter = &meter,
    };
    batch_outcome outcome;
    result = batch_runner_run(setup, SLUICE_MODE_BACKFILL, &batches, &policy,
                              (size_t)setup->core.workers, NULL,
                              &outcome, err);
    progress_finish(&meter);
    summary->ledgers = outcome.ledgers;
    batch_list_free(&batches);
    return result;
}
