/* cmd_store.c — the subcommands that work on the store through the sink:
 * `backfill FROM TO`, `reingest FROM TO`, `gaps [FROM TO]`, `status` and
 * `verify [FROM TO]`.  The engine does the work (engine/backfill.c, reingest.c, store_inspect.c,
 * verify.c); these parse the arguments and present the results. */
#include "config.h"

#include "base/cancel.h"
#include "cli/command.h"
#include "engine/backfill.h"
#include "engine/reingest.h"
#include "engine/source_compare.h"
#include "engine/store_inspect.h"
#include "engine/verify.h"
#include "cli/exit_codes.h"
#include "base/metrics.h"
#include "host/setup.h"

#include <stdio.h>
#include <string.h>

/* Optional (or required) FROM TO arguments: both or none, FROM <= TO. */
static int parse_range(const command_options *options, const char *name, int required,
                       ledger_range *range)
{
    int count = options->positional_count;
    if (count > 2 || count == 1 || (required && count != 2)) {
        fprintf(stderr, "sluice %s: give %sFROM and TO (ledger sequences)\n", name,
                required ? "" : "both or neither of ");
        return EXIT_USAGE;
    }
    range->given = count == 2;
    if (!range->given)
        return EXIT_OK;
    if (command_parse_ledger(options->positional[0], "FROM", &range->from) != 0 ||
        command_parse_ledger(options->positional[1], "TO", &range->to) != 0)
        return EXIT_USAGE;
    if (range->from > range->to) {
        fprintf(stderr, "sluice %s: FROM %u is after TO %u\n", name, range->from, range->to);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* Say on stdout that what (store or source) could not be reached, so that
 * a script reading it tells an unreachable store from an empty one. */
static void print_unreachable(const char *what, int json)
{
    if (json)
        printf("{\"%s\":\"unreachable\"}\n", what);
    else
        printf("%s: unreachable\n", what);
}

/* Load setup, open a session (sink, and source if asked), run body. */
typedef engine_status (*store_body)(session *s, const command_options *options, void *args,
                                    error_report *err);

static int with_store(const command_options *options, int with_source, sluice_write_mode mode,
                      store_body body, void *args)
{
    sluice_setup setup;
    int result = command_load_setup(options, &setup);
    if (result == EXIT_OK) {
        session s;
        error_report err;
        engine_status status = session_open(&s, &setup, mode, with_source, &err);
        if (status == ENGINE_OK)
            status = body(&s, options, args, &err);
        if (status != ENGINE_OK)
            report_print(&err);
        if (status == ENGINE_UNAVAILABLE)
            print_unreachable(s.sink.handle ? "source" : "store", options->json);
        session_close(&s);
        result = command_exit_code(status);
    }
    setup_free(&setup);
    return result;
}

static void print_gaps(const gap_list *gaps, int json)
{
    if (json) {
        printf("{\"gaps\":[");
        for (size_t i = 0; i < gaps->count; i++)
            printf("%s{\"from\":%u,\"to\":%u}", i ? "," : "", gaps->gaps[i].from,
                   gaps->gaps[i].to);
        printf("]}\n");
        return;
    }
    for (size_t i = 0; i < gaps->count; i++)
        printf("%u-%u (%u ledgers)\n", gaps->gaps[i].from, gaps->gaps[i].to,
               gaps->gaps[i].to - gaps->gaps[i].from + 1);
}

static engine_status gaps_body(session *s, const command_options *options, void *arg,
                               error_report *err)
{
    gap_list gaps;
    engine_status result = store_read_gaps(s, arg, &gaps, err);
    if (result == ENGINE_OK)
        print_gaps(&gaps, options->json);
    gap_list_free(&gaps);
    return result;
}

int cmd_gaps(const command_options *options)
{
    ledger_range range;
    int result = parse_range(options, "gaps", 0, &range);
    return result == EXIT_OK ? with_store(options, 0, SLUICE_MODE_READ, gaps_body, &range)
                             : result;
}

/* value as text when present, else absent_text; buffer holds 16 bytes. */
static const char *optional_number(int present, uint32_t value, const char *absent_text,
                                   char *buffer)
{
    if (!present)
        return absent_text;
    snprintf(buffer, 16, "%u", value);
    return buffer;
}

static engine_status status_body(session *s, const command_options *options, void *arg,
                                 error_report *err)
{
    (void)arg;
    store_status st;
    engine_status result = store_read_status(s, &st, err);
    if (result != ENGINE_OK)
        return result;
    int has_oldest = st.cursors.has_oldest, has_latest = st.cursors.has_latest;
    uint32_t oldest = st.cursors.oldest, latest = st.cursors.latest;
    char buffers[4][16];
    if (options->json) {
        printf("{\"oldest\":%s,\"latest\":%s,\"gaps\":%zu,\"missing_ledgers\":%u,"
               "\"source_tip\":%s,\"lag\":%s}\n",
               optional_number(has_oldest, oldest, "null", buffers[0]),
               optional_number(has_latest, latest, "null", buffers[1]), st.gaps, st.missing,
               optional_number(st.has_tip, st.tip, "null", buffers[2]),
               optional_number(st.has_lag, st.lag, "null", buffers[3]));
    } else {
        printf("oldest ledger:  %s\n", optional_number(has_oldest, oldest, "(none)", buffers[0]));
        printf("latest ledger:  %s\n", optional_number(has_latest, latest, "(none)", buffers[1]));
        printf("gaps:           %zu (%u ledgers missing)\n", st.gaps, st.missing);
        printf("source tip:     %s%s%s\n",
               optional_number(st.has_tip, st.tip, "unknown", buffers[2]),
               st.has_tip ? "" : ": ", st.has_tip ? "" : st.tip_error.message);
        printf("lag:            %s\n", optional_number(st.has_lag, st.lag, "unknown", buffers[3]));
    }
    return ENGINE_OK;
}

int cmd_status(const command_options *options)
{
    if (options->positional_count) {
        fprintf(stderr, "sluice status: unexpected argument '%s'\n", options->positional[0]);
        return EXIT_USAGE;
    }
    return with_store(options, 1, SLUICE_MODE_READ, status_body, NULL);
}

/* What a bounded writing job (backfill, reingest) does once set up: run
 * and print its summary; returns the engine's status. */
typedef engine_status (*job_body)(const sluice_setup *setup, const ledger_range *range,
                                  error_report *err);

/* Parse FROM TO, load the setup, start metrics and signal handlers, run body. */
static int run_job(const command_options *options, const char *name, job_body body)
{
    ledger_range range;
    int result = parse_range(options, name, 1, &range);
    if (result != EXIT_OK)
        return result;
    sluice_setup setup;
    result = command_load_setup(options, &setup);
    if (result == EXIT_OK)
        result = command_start_metrics(&setup);
    if (result == EXIT_OK) {
        cancel_install_signal_handlers();
        error_report err;
        engine_status status = body(&setup, &range, &err);
        if (status != ENGINE_OK && status != ENGINE_INTERRUPTED)
            report_print(&err);
        metrics_server_stop();
        result = command_exit_code(status);
    }
    setup_free(&setup);
    return result;
}

static engine_status backfill_body(const sluice_setup *setup, const ledger_range *range,
                                   error_report *err)
{
    backfill_summary summary;
    engine_status status = backfill_run(setup, range->from, range->to, &summary, err);
    printf("backfill %u..%u: %u gaps, %llu batches, %llu ledgers written%s\n", range->from,
           range->to, summary.gaps, (unsigned long long)summary.batches,
           (unsigned long long)summary.ledgers, status == ENGINE_OK ? "" : " before stopping");
    if (status == ENGINE_INTERRUPTED)
        fprintf(stderr, "sluice backfill: interrupted; run it again to finish (it resumes "
                "from the gaps)\n");
    return status;
}

int cmd_backfill(const command_options *options)
{
    return run_job(options, "backfill", backfill_body);
}

static engine_status reingest_body(const sluice_setup *setup, const ledger_range *range,
                                   error_report *err)
{
    reingest_summary summary;
    engine_status status = reingest_run(setup, range->from, range->to, &summary, err);
    printf("reingest %u..%u: %llu batches, %llu ledgers rewritten%s\n", range->from, range->to,
           (unsigned long long)summary.batches, (unsigned long long)summary.ledgers,
           status == ENGINE_OK ? "" : " before stopping");
    if (status != ENGINE_OK && summary.batches)
        fprintf(stderr, "sluice reingest: %s; every ledger below %u was rewritten: run "
                "`sluice reingest %u %u` to finish\n",
                status == ENGINE_INTERRUPTED ? "interrupted" : "stopped", summary.resume_from,
                summary.resume_from, range->to);
    return status;
}

int cmd_reingest(const command_options *options)
{
    return run_job(options, "reingest", reingest_body);
}

static engine_status verify_body(session *s, const command_options *options, void *arg,
                                 error_report *err)
{
    ledger_range *range = arg;
    verify_outcome outcome;
    engine_status result = store_verify(s, range, &outcome, err);
    if (result != ENGINE_OK)
        return result;
    if (outcome.empty) {
        printf("verify: nothing to check (the store is empty, or the range lies below the "
               "retention floor)\n");
        return ENGINE_OK;
    }
    printf("verify %u..%u: ok: cursors consistent, no gaps, ", range->from, range->to);
    const char *sink_name = s->setup->sink.plugin.descriptor->name;
    if (outcome.chain_checked)
        printf("hash chain unbroken over %llu ledgers, ", (unsigned long long)outcome.links);
    else
        printf("hash chain NOT checked (sink %s cannot report it), ", sink_name);
    if (outcome.rows_checked)
        printf("rows agree with their ledgers\n");
    else
        printf("rows NOT checked (sink %s cannot check them)\n", sink_name);
    if (!options->from_source)
        return ENGINE_OK;
    uint64_t compared;
    result = store_compare_source(s, range->from, range->to, &compared, err);
    if (result == ENGINE_OK)
        printf("verify %u..%u: ok: every row of %llu ledgers equals the source's\n", range->from,
               range->to, (unsigned long long)compared);
    return result;
}

int cmd_verify(const command_options *options)
{
    ledger_range range;
    int result = parse_range(options, "verify", 0, &range);
    return result == EXIT_OK ? with_store(options, options->from_source, SLUICE_MODE_READ,
                                          verify_body, &range)
                             : result;
}
