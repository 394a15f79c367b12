/* cmd_run.c — `sluice run`: take the store's lock; when the source's tip
 * is more than catchup_threshold ledgers ahead, catch up in parallel
 * chunks (G4, engine/catchup.c); then ingest live from latest + 1, one
 * ledger per sink transaction with its cursor advance (G1), through the
 * fetch/build/write pipeline. */
#include "config.h"

#include "base/cancel.h"
#include "cli/command.h"
#include "engine/catchup.h"
#include "engine/session.h"
#include "engine/writer.h"
#include "cli/exit_codes.h"
#include "base/log.h"
#include "base/metrics.h"
#include "config/setup.h"

#include <stdio.h>
#include <string.h>

#define LIVE_MAX_ATTEMPTS 10

/* Where to start: latest + 1, else start_ledger, else the source's tip. */
static int choose_start(session *s, int has_latest, uint32_t latest, uint32_t *start,
                        error_report *err)
{
    if (has_latest) {
        *start = latest + 1;
        return EXIT_OK;
    }
    int64_t configured = s->setup->core.start_ledger;
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

static int capture_hash(void *context, const sluice_chain_link *link)
{
    chain_position *position = context;
    memcpy(position->hash, link->hash, 32);
    position->has_hash = 1;
    return 1;
}

/* The hash of the store's latest ledger, so the first live ledger's link is
 * checked too; unknown when the sink cannot report it. */
static int read_latest_hash(session *s, chain_position *position, error_report *err)
{
    position->has_hash = 0;
    if (!position->has_latest || !s->sink_ops->ledger_chain)
        return EXIT_OK;
    sluice_status status = s->sink_ops->ledger_chain(s->sink.handle, position->latest,
                                                     position->latest, capture_hash, position);
    if (status == SLUICE_OK)
        return EXIT_OK;
    s->last_sink_failure = status;
    instance_take_error(&s->sink, status, err, "sink: hash of ledger %u", position->latest);
    return exit_code_for_status(status);
}

/* Catch up when far behind the source's tip; returns an exit code and
 * moves *start past what was caught up. */
static int catch_up_if_behind(session *s, chain_position *position, uint32_t stop,
                              uint32_t *start, error_report *err)
{
    uint32_t tip;
    error_report tip_err;
    uint32_t threshold = (uint32_t)s->setup->core.catchup_threshold;
    if (session_source_tip(s, &tip, &tip_err) != EXIT_OK)
        return EXIT_OK; /* a source without a tip is followed live */
    metric_set(METRIC_SOURCE_TIP, tip);
    if (stop && tip > stop)
        tip = stop;
    if (tip < *start || tip - *start + 1 <= threshold)
        return EXIT_OK;
    catchup_summary caught;
    int result = catchup_run(s, *start, tip, position, &caught, err);
    if (position->has_latest)
        *start = position->latest + 1;
    return result;
}

/* One attempt: lock, find where to start, catch up, follow live. */
static int live_attempt(session *s, uint32_t stop, chain_position *position,
                        write_progress *progress, error_report *err)
{
    sluice_status status = s->sink_ops->lock(s->sink.handle);
    if (status != SLUICE_OK) {
        /* held by another writer: final; the store out of reach: retried */
        if (status == SLUICE_ERROR_RETRY)
            s->last_sink_failure = status;
        instance_take_error(&s->sink, status, err, "sink: lock");
        return exit_code_for_status(status);
    }
    memset(position, 0, sizeof *position);
    uint32_t start;
    int result = session_cursor(s, SLUICE_CURSOR_LATEST, &position->latest,
                                &position->has_latest, err);
    if (result == EXIT_OK)
        result = choose_start(s, position->has_latest, position->latest, &start, err);
    if (result == EXIT_OK && !(stop && start > stop))
        result = catch_up_if_behind(s, position, stop, &start, err);
    if (result != EXIT_OK || (stop && start > stop))
        return result;
    result = read_latest_hash(s, position, err);
    if (result != EXIT_OK)
        return result;
    log_write("core", SLUICE_LOG_INFO, "live ingestion from ledger %u", start);
    progress_meter meter;
    progress_start(&meter, "live", stop ? (uint64_t)stop - start + 1 : 0);
    const write_policy live = {
        .ledgers_per_transaction = 1,
        .cursor = CURSOR_ADVANCE_LATEST,
        .apply_balances = 1,
        .pipeline_depth = (size_t)s->setup->core.pipeline_depth,
        .meter = &meter,
    };
    const write_request request = {.from = start, .to = stop};
    result = write_range(s, &request, &live, position, progress, err);
    progress_finish(&meter);
    if (result == EXIT_OK && !(stop && position->latest == stop))
        log_write("core", SLUICE_LOG_INFO, "source has no more ledgers after %u",
                  position->has_latest ? position->latest : start - 1);
    return result;
}

static int run_live(session *s, error_report *err)
{
    uint32_t stop = (uint32_t)s->setup->core.stop_ledger;
    write_progress progress = {0};
    chain_position position = {0};
    int result;
    for (unsigned attempt = 1;; attempt++) {
        s->last_sink_failure = SLUICE_OK;
        result = live_attempt(s, stop, &position, &progress, err);
        if (!session_failure_is_transient(s) || attempt == LIVE_MAX_ATTEMPTS ||
            cancel_requested())
            break;
        metric_add(METRIC_RETRIES, 1);
        log_write("core", SLUICE_LOG_WARN, "%s; retrying (attempt %u of %u)", err->message,
                  attempt + 1, LIVE_MAX_ATTEMPTS);
        session_backoff(attempt);
    }
    if (result == EXIT_INTERRUPTED)
        result = EXIT_OK; /* a stop request is how a live run ends; commits are atomic */
    if (result != EXIT_OK)
        metric_add(METRIC_ERRORS, 1);
    log_write("core", SLUICE_LOG_INFO, "stopped: %llu ledgers ingested live, latest %u",
              (unsigned long long)progress.ledgers, position.latest);
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
