/* cmd_run.c — `sluice run`: take the store's lock; when the source's tip
 * is more than catchup_threshold ledgers ahead, catch up in parallel
 * chunks (G4, engine/catchup.c); then ingest live from latest + 1, one
 * ledger per sink transaction with its cursor advance (G1), through the
 * fetch/build/write pipeline. */
#include "config.h"

#include "cancel.h"
#include "command.h"
#include "engine/catchup.h"
#include "engine/session.h"
#include "engine/writer.h"
#include "exit_codes.h"
#include "log.h"
#include "metrics.h"
#include "setup.h"

#include <stdio.h>

#define LIVE_PIPELINE_DEPTH 8

/* Where to start: latest + 1, else start_ledger, else the source's tip. */
static int choose_start(session *s, int has_latest, uint32_t latest, uint32_t *start,
                        error_report *err)
{
    if (has_latest) {
        *start = latest + 1;
        return EXIT_OK;
    }
    int64_t configured = config_values_int(&s->setup->core, "start_ledger", 0);
    if (configured) {
        *start = (uint32_t)configured;
        return EXIT_OK;
    }
    int result = session_source_tip(s, start, err);
    if (result == EXIT_CONFIG)
        report_set(err, "the store is empty and the source cannot report its newest ledger",
                   "Set start_ledger in [sluice].", "no ledger to start from");
    return result;
}

static int run_live(session *s, error_report *err)
{
    sluice_status status = s->sink_ops->lock(s->sink.handle);
    if (status != SLUICE_OK) {
        instance_take_error(&s->sink, status, err, "sink: lock");
        return exit_code_for_status(status);
    }
    int has_latest;
    uint32_t latest, start;
    int result = session_cursor(s, SLUICE_CURSOR_LATEST, &latest, &has_latest, err);
    if (result == EXIT_OK)
        result = choose_start(s, has_latest, latest, &start, err);
    if (result != EXIT_OK)
        return result;
    uint32_t stop = (uint32_t)config_values_int(&s->setup->core, "stop_ledger", 0);
    if (stop && start > stop) {
        log_write("core", SLUICE_LOG_INFO, "store is at ledger %u, past stop_ledger %u: done",
                  start - 1, stop);
        return EXIT_OK;
    }
    uint32_t tip;
    error_report tip_err;
    uint32_t threshold = (uint32_t)config_values_int(&s->setup->core, "catchup_threshold", 100);
    int has_tip = session_source_tip(s, &tip, &tip_err) == EXIT_OK;
    if (has_tip && stop && tip > stop)
        tip = stop;
    if (has_tip && tip >= start && tip - start + 1 > threshold) {
        catchup_summary caught;
        result = catchup_run(s, start, tip, &has_latest, &latest, &caught, err);
        if (result == EXIT_INTERRUPTED) {
            log_write("core", SLUICE_LOG_INFO, "stopped during catchup: latest %u",
                      has_latest ? latest : 0);
            return EXIT_OK; /* each finished chunk is committed; the next start resumes */
        }
        if (result != EXIT_OK)
            return result;
        start = latest + 1;
        if (stop && start > stop)
            return EXIT_OK;
    }
    log_write("core", SLUICE_LOG_INFO, "live ingestion from ledger %u", start);
    write_policy live = {
        .ledgers_per_transaction = 1,
        .cursor = CURSOR_ADVANCE_LATEST,
        .apply_balances = 1,
        .pipeline_depth = LIVE_PIPELINE_DEPTH,
    };
    write_progress progress = {0};
    progress_meter meter;
    progress_start(&meter, "live", stop ? (uint64_t)stop - start + 1 : 0);
    live.meter = &meter;
    result = write_range(s, start, stop, &live, NULL, &has_latest, &latest, &progress, err);
    progress_finish(&meter);
    if (result == EXIT_OK && !(stop && has_latest && latest == stop))
        log_write("core", SLUICE_LOG_INFO, "source has no more ledgers after %u",
                  has_latest ? latest : start - 1);
    if (result == EXIT_INTERRUPTED)
        result = EXIT_OK; /* a stop request is how a live run ends */
    log_write("core", SLUICE_LOG_INFO, "stopped: %llu ledgers ingested, latest %u",
              (unsigned long long)progress.ledgers, has_latest ? latest : 0);
    return result;
}

int cmd_run(const command_options *options)
{
    if (options->positional_count) {
        fprintf(stderr, "sluice run: unexpected argument '%s'\n", options->positional[0]);
        return EXIT_USAGE;
    }
    sluice_setup setup;
    int result = command_load_setup(options, &setup);
    if (result == EXIT_OK)
        result = command_start_metrics(&setup);
    if (result == EXIT_OK) {
        cancel_install_signal_handlers();
        session s;
        error_report err;
        result = session_open(&s, &setup, SLUICE_MODE_LIVE, 1, &err);
        if (result == EXIT_OK)
            result = run_live(&s, &err);
        if (result != EXIT_OK)
            report_print(&err);
        session_close(&s);
        metrics_server_stop();
    }
    setup_free(&setup);
    return result;
}
