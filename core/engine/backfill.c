/* backfill.c — parallel, resumable historical backfill (see backfill.h). */
#include "config.h"

#include "engine/backfill.h"
#include "engine/batch_runner.h"
#include "engine/gap_list.h"
#include "engine/session.h"
#include "exit_codes.h"
#include "log.h"

#include <stdio.h>
#include <string.h>

/* Rounds of "find the gaps, fill them": the first finds what the store
 * lacks; each later one finds ledgers that batches reported stored but that
 * are gone (acknowledged commits lost in a server crash, e.g. with
 * asynchronous commit).  More rounds than this and something keeps
 * deleting what we write: stop and say so. */
#define BACKFILL_MAX_ROUNDS 3

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

static uint64_t gap_ledgers(const gap_list *gaps)
{
    uint64_t missing = 0;
    for (size_t i = 0; i < gaps->count; i++)
        missing += gaps->gaps[i].to - gaps->gaps[i].from + 1;
    return missing;
}

/* Splits the gaps of from..to into batches and runs them; adds to summary. */
static int fill_gaps(const sluice_setup *setup, uint32_t from, const gap_list *gaps,
                     backfill_summary *summary, error_report *err)
{
    uint32_t batch_size = (uint32_t)config_values_int(&setup->core, "batch_size", 1000);
    batch_list batches = {0};
    for (size_t i = 0; i < gaps->count; i++) {
        /* the ledgers of from..to below this gap are stored already: the
         * gap's first batch completes the run that starts after the
         * previous gap (or at from), so a batch redone after a crash still
         * moves oldest as far as the clean run would */
        uint32_t run_start = i ? gaps->gaps[i - 1].to + 1 : from;
        batch_list_split(&batches, gaps->gaps[i].from, gaps->gaps[i].to, batch_size, run_start);
    }
    summary->batches += (uint32_t)batches.count;

    progress_meter meter;
    progress_start(&meter, "backfill", gap_ledgers(gaps));
    const write_policy policy = {
        .ledgers_per_transaction = (uint32_t)config_values_int(&setup->core, "flush_every", 100),
        .cursor = CURSOR_OLDEST_AT_END,
        .apply_balances = 0,
        .pipeline_depth = (size_t)config_values_int(&setup->core, "pipeline_depth", 8),
        .meter = &meter,
    };
    batch_outcome outcome;
    int result = batch_runner_run(setup, SLUICE_MODE_BACKFILL, &batches, &policy,
                                  (size_t)config_values_int(&setup->core, "workers", 2), NULL,
                                  &outcome, err);
    progress_finish(&meter);
    summary->ledgers += outcome.ledgers;
    batch_list_free(&batches);
    return result;
}

int backfill_run(const sluice_setup *setup, uint32_t from, uint32_t to,
                 backfill_summary *summary, error_report *err)
{
    memset(summary, 0, sizeof *summary);
    for (unsigned round = 1;; round++) {
        gap_list gaps;
        int result = find_gaps(setup, from, to, &gaps, err);
        if (result != EXIT_OK)
            return result;
        uint64_t missing = gap_ledgers(&gaps);
        if (round == 1) {
            summary->gaps = (uint32_t)gaps.count;
            log_write("core", SLUICE_LOG_INFO, "backfill %u..%u: %u gaps, %llu ledgers missing",
                      from, to, summary->gaps, (unsigned long long)missing);
        } else if (gaps.count && round <= BACKFILL_MAX_ROUNDS) {
            log_write("core", SLUICE_LOG_WARN,
                      "backfill %u..%u: %llu ledgers in %zu gaps are missing although every "
                      "batch reported them stored (commits lost in a server crash?); "
                      "writing them again (round %u of %u)",
                      from, to, (unsigned long long)missing, gaps.count, round,
                      BACKFILL_MAX_ROUNDS);
        }
        if (gaps.count == 0 || round > BACKFILL_MAX_ROUNDS) {
            result = gaps.count ? EXIT_DATA : EXIT_OK;
            if (gaps.count) {
                char detail[160];
                snprintf(detail, sizeof detail,
                         "The first is %u..%u; every batch reported its ledgers stored in "
                         "each of %u rounds.", gaps.gaps[0].from, gaps.gaps[0].to,
                         BACKFILL_MAX_ROUNDS);
                report_set(err, detail,
                           "Something removes rows while the backfill writes them, or the "
                           "store loses acknowledged commits.",
                           "backfill %u..%u: %zu gaps remain", from, to, gaps.count);
            }
            gap_list_free(&gaps);
            return result;
        }
        result = fill_gaps(setup, from, &gaps, summary, err);
        gap_list_free(&gaps);
        if (result != EXIT_OK)
            return result;
    }
}
