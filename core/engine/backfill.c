/* backfill.c — parallel, resumable historical backfill (see backfill.h). */
#include "config.h"

#include "engine/backfill.h"
#include "engine/batch_runner.h"
#include "engine/gap_list.h"
#include "engine/session.h"
#include "base/log.h"

#include <string.h>

/* Gaps in from..to, read through a sink-only session. */
static engine_status find_gaps(const sluice_setup *setup, uint32_t from, uint32_t to,
                               gap_list *gaps, error_report *err)
{
    session s;
    engine_status result = session_open_at_start(&s, setup, SLUICE_MODE_BACKFILL, 0, err);
    if (result == ENGINE_OK)
        result = gap_list_read(&s, from, to, gaps, err);
    session_close(&s);
    return result;
}

engine_status backfill_run(const sluice_setup *setup, uint32_t from, uint32_t to,
                           backfill_summary *summary, error_report *err)
{
    memset(summary, 0, sizeof *summary);
    gap_list gaps;
    engine_status result = find_gaps(setup, from, to, &gaps, err);
    if (result != ENGINE_OK)
        return result;
    uint64_t missing = 0;
    for (size_t i = 0; i < gaps.count; i++)
        missing += gaps.gaps[i].to - gaps.gaps[i].from + 1;
    size_t workers = (size_t)setup->core.workers;
    batch_plan batches;
    batch_plan_init(&batches, batch_size_for(missing, workers,
                              (uint32_t)setup->core.batch_size));
    for (size_t i = 0; i < gaps.count; i++) {
        /* the ledgers of from..to below this gap are stored already: the
         * gap's first batch completes the run that starts after the
         * previous gap (or at from), so a batch redone after a crash still
         * moves oldest as far as the clean run would */
        uint32_t run_start = i ? gaps.gaps[i - 1].to + 1 : from;
        batch_plan_add(&batches, gaps.gaps[i].from, gaps.gaps[i].to, run_start);
    }
    summary->gaps = (uint32_t)gaps.count;
    summary->batches = batches.batches;
    gap_list_free(&gaps);
    log_write("core", SLUICE_LOG_INFO, "backfill %u..%u: %u gaps in %llu batches of up to %u "
              "ledgers", from, to, summary->gaps, (unsigned long long)summary->batches,
              batches.batch_size);

    batch_outcome outcome;
    result = batch_runner_run_history(setup, SLUICE_MODE_BACKFILL, "backfill", &batches, NULL,
                                      &outcome, err);
    summary->ledgers = outcome.ledgers;
    batch_plan_free(&batches);
    return result;
}
