/* cmd_run.c — `sluice run`: live ingestion, one ledger per sink
 * transaction (G1), resuming at latest + 1.
 *
 * This is the sequential first version: take the sink's lock, read the
 * latest cursor, ask the source for latest + 1 onward and commit each
 * ledger with its cursor advance.  Catchup, pipelining and the indexer's
 * rows arrive with later work; until the indexer exists a ledger is passed
 * to the sink with its sequence and raw frame only. */
#include "config.h"

#include "cancel.h"
#include "command.h"
#include "exit_codes.h"
#include "instance.h"
#include "log.h"
#include "setup.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct live_run {
    plugin_instance source;
    plugin_instance sink;
    const sluice_source_ops *source_ops;
    const sluice_sink_ops *sink_ops;
    int has_latest;
    uint32_t latest;
    error_report err;
} live_run;

/* Where to start: latest + 1, else start_ledger, else the source's tip. */
static int choose_start(live_run *run, const sluice_setup *setup, uint32_t *start)
{
    if (run->has_latest) {
        *start = run->latest + 1;
        return EXIT_OK;
    }
    int64_t configured = config_values_int(&setup->core, "start_ledger", 0);
    if (configured) {
        *start = (uint32_t)configured;
        return EXIT_OK;
    }
    if (!run->source_ops->latest_available) {
        report_set(&run->err, "the store is empty and the source cannot report its newest ledger",
                   "Set start_ledger in [sluice].", "no ledger to start from");
        return EXIT_CONFIG;
    }
    sluice_status status = run->source_ops->latest_available(run->source.handle, start);
    if (status != SLUICE_OK) {
        instance_take_error(&run->source, status, &run->err, "source: newest ledger");
        return exit_code_for_status(status);
    }
    return EXIT_OK;
}

/* One ledger in one sink transaction, cursor included. */
static int commit_ledger(live_run *run, const sluice_frame *frame)
{
    sluice_ledger ledger;
    memset(&ledger, 0, sizeof ledger);
    ledger.ledger.sequence = frame->sequence;
    ledger.frame.data = frame->data;
    ledger.frame.len = frame->len;

    void *sink = run->sink.handle;
    sluice_status status = run->sink_ops->begin(sink);
    const char *step = "begin";
    if (status == SLUICE_OK) {
        step = "write";
        status = run->sink_ops->write_ledger(sink, &ledger);
    }
    if (status == SLUICE_OK) {
        step = "cursor advance";
        status = run->sink_ops->cursor_advance(sink, SLUICE_CURSOR_LATEST, run->has_latest,
                                               run->latest, frame->sequence);
    }
    if (status == SLUICE_OK) {
        step = "commit";
        status = run->sink_ops->commit(sink);
    }
    if (status != SLUICE_OK) {
        run->sink_ops->rollback(sink);
        instance_take_error(&run->sink, status, &run->err, "sink: %s of ledger %u", step,
                            frame->sequence);
        return exit_code_for_status(status);
    }
    run->has_latest = 1;
    run->latest = frame->sequence;
    return EXIT_OK;
}

static int ingest(live_run *run, uint32_t start)
{
    sluice_status status = run->source_ops->prepare(run->source.handle, start, 0);
    if (status != SLUICE_OK) {
        instance_take_error(&run->source, status, &run->err, "source: prepare from ledger %u",
                            start);
        return exit_code_for_status(status);
    }
    log_write("core", SLUICE_LOG_INFO, "live ingestion from ledger %u", start);
    uint32_t expected = start;
    uint64_t done = 0;
    time_t last_report = time(NULL);
    while (!cancel_requested()) {
        sluice_frame frame;
        status = run->source_ops->next(run->source.handle, &frame);
        if (status == SLUICE_END) {
            log_write("core", SLUICE_LOG_INFO, "source has no more ledgers after %u", expected - 1);
            break;
        }
        if (status == SLUICE_ERROR_CANCELLED)
            break;
        if (status != SLUICE_OK) {
            instance_take_error(&run->source, status, &run->err, "source: ledger %u", expected);
            return exit_code_for_status(status);
        }
        if (frame.sequence != expected) {
            report_set(&run->err, NULL, "The source skipped or repeated a ledger; nothing of it "
                       "was committed.", "source delivered ledger %u where %u was expected",
                       frame.sequence, expected);
            return EXIT_DATA;
        }
        int result = commit_ledger(run, &frame);
        if (result != EXIT_OK)
            return result;
        expected++;
        done++;
        if (time(NULL) - last_report >= 10) {
            log_write("core", SLUICE_LOG_INFO, "ingested %llu ledgers, latest %u",
                      (unsigned long long)done, run->latest);
            last_report = time(NULL);
        }
    }
    log_write("core", SLUICE_LOG_INFO, "stopped: %llu ledgers ingested, latest %u",
              (unsigned long long)done, run->latest);
    return EXIT_OK;
}

static int run_with_instances(live_run *run, const sluice_setup *setup)
{
    sluice_status status = run->sink_ops->lock(run->sink.handle);
    if (status != SLUICE_OK) {
        instance_take_error(&run->sink, status, &run->err, "sink: lock");
        return exit_code_for_status(status);
    }
    status = run->sink_ops->cursor_get(run->sink.handle, SLUICE_CURSOR_LATEST, &run->latest,
                                       &run->has_latest);
    if (status != SLUICE_OK) {
        instance_take_error(&run->sink, status, &run->err, "sink: read cursor");
        return exit_code_for_status(status);
    }
    uint32_t start;
    int result = choose_start(run, setup, &start);
    return result == EXIT_OK ? ingest(run, start) : result;
}

int cmd_run(const command_options *options)
{
    if (options->positional_count) {
        fprintf(stderr, "sluice run: unexpected argument '%s'\n", options->positional[0]);
        return EXIT_USAGE;
    }
    sluice_setup setup;
    int result = command_load_setup(options, &setup);
    if (result != EXIT_OK) {
        setup_free(&setup);
        return result;
    }
    cancel_install_signal_handlers();
    live_run run;
    memset(&run, 0, sizeof run);
    run.source_ops = setup.source.plugin.descriptor->source;
    run.sink_ops = setup.sink.plugin.descriptor->sink;
    const char *passphrase = config_values_string(&setup.core, "network_passphrase");
    if (instance_open(&run.sink, &setup.sink, passphrase, &run.err) != SLUICE_OK ||
        instance_open(&run.source, &setup.source, passphrase, &run.err) != SLUICE_OK)
        result = EXIT_PLUGIN;
    else
        result = run_with_instances(&run, &setup);
    if (result != EXIT_OK)
        report_print(&run.err);
    instance_close(&run.source);
    instance_close(&run.sink);
    setup_free(&setup);
    return result;
}
