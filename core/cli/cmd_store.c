/* cmd_store.c — the subcommands that work on the store through the sink:
 * `backfill FROM TO`, `gaps [FROM TO]`, `status` and `verify [FROM TO]`. */
#include "config.h"

#include "base/cancel.h"
#include "cli/command.h"
#include "engine/backfill.h"
#include "engine/gap_list.h"
#include "engine/session.h"
#include "cli/exit_codes.h"
#include "base/metrics.h"
#include "config/setup.h"

#include <stdio.h>
#include <string.h>

/* Optional (or required) FROM TO arguments: both or none, FROM <= TO. */
static int parse_range(const command_options *options, const char *name, int required,
                       int *given, uint32_t *from, uint32_t *to)
{
    int count = options->positional_count;
    if (count > 2 || count == 1 || (required && count != 2)) {
        fprintf(stderr, "sluice %s: give %sFROM and TO (ledger sequences)\n", name,
                required ? "" : "both or neither of ");
        return EXIT_USAGE;
    }
    *given = count == 2;
    if (!*given)
        return EXIT_OK;
    if (command_parse_ledger(options->positional[0], "FROM", from) != 0 ||
        command_parse_ledger(options->positional[1], "TO", to) != 0)
        return EXIT_USAGE;
    if (*from > *to) {
        fprintf(stderr, "sluice %s: FROM %u is after TO %u\n", name, *from, *to);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* The store's cursors. */
typedef struct cursors {
    int has_oldest, has_latest;
    uint32_t oldest, latest;
} cursors;

static int read_cursors(session *s, cursors *c, error_report *err)
{
    int result = session_cursor(s, SLUICE_CURSOR_OLDEST, &c->oldest, &c->has_oldest, err);
    if (result == EXIT_OK)
        result = session_cursor(s, SLUICE_CURSOR_LATEST, &c->latest, &c->has_latest, err);
    return result;
}

/* Range to inspect: FROM TO if given, else oldest..latest; 0 if none. */
static int inspected_range(int given, uint32_t *from, uint32_t *to, const cursors *c)
{
    if (given)
        return 1;
    if (!c->has_latest)
        return 0;
    *from = c->has_oldest && c->oldest < c->latest ? c->oldest : c->latest;
    *to = c->latest;
    return 1;
}

/* Load setup, open a session (sink, and source if asked), run body. */
typedef int (*store_body)(session *s, const command_options *options, void *args,
                          error_report *err);

static int with_store(const command_options *options, int with_source, sluice_write_mode mode,
                      store_body body, void *args)
{
    sluice_setup setup;
    int result = command_load_setup(options, &setup);
    if (result == EXIT_OK) {
        session s;
        error_report err;
        result = session_open(&s, &setup, mode, with_source, &err);
        if (result == EXIT_OK)
            result = body(&s, options, args, &err);
        if (result != EXIT_OK)
            report_print(&err);
        session_close(&s);
    }
    setup_free(&setup);
    return result;
}

typedef struct range_args {
    int given;
    uint32_t from, to;
} range_args;

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

static int gaps_body(session *s, const command_options *options, void *arg, error_report *err)
{
    range_args *range = arg;
    cursors c;
    int result = read_cursors(s, &c, err);
    gap_list gaps = {0};
    if (result == EXIT_OK && inspected_range(range->given, &range->from, &range->to, &c))
        result = gap_list_read(s, range->from, range->to, &gaps, err);
    if (result == EXIT_OK)
        print_gaps(&gaps, options->json);
    gap_list_free(&gaps);
    return result;
}

int cmd_gaps(const command_options *options)
{
    range_args range;
    int result = parse_range(options, "gaps", 0, &range.given, &range.from, &range.to);
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

static int status_body(session *s, const command_options *options, void *arg,
                       error_report *err)
{
    (void)arg;
    cursors c;
    int result = read_cursors(s, &c, err);
    uint32_t from = 0, to = 0, tip = 0;
    gap_list gaps = {0};
    if (result == EXIT_OK && inspected_range(0, &from, &to, &c))
        result = gap_list_read(s, from, to, &gaps, err);
    if (result != EXIT_OK)
        return result;
    error_report tip_err;
    int has_tip = session_source_tip(s, &tip, &tip_err) == EXIT_OK;
    uint32_t missing = 0;
    for (size_t i = 0; i < gaps.count; i++)
        missing += gaps.gaps[i].to - gaps.gaps[i].from + 1;
    long long lag = has_tip && c.has_latest ? (long long)tip - c.latest : -1;
    char buffers[4][16];
    if (options->json) {
        printf("{\"oldest\":%s,\"latest\":%s,\"gaps\":%zu,\"missing_ledgers\":%u,"
               "\"source_tip\":%s,\"lag\":%s}\n",
               optional_number(c.has_oldest, c.oldest, "null", buffers[0]),
               optional_number(c.has_latest, c.latest, "null", buffers[1]), gaps.count, missing,
               optional_number(has_tip, tip, "null", buffers[2]),
               optional_number(lag >= 0, (uint32_t)lag, "null", buffers[3]));
    } else {
        printf("oldest ledger:  %s\n", optional_number(c.has_oldest, c.oldest, "(none)", buffers[0]));
        printf("latest ledger:  %s\n", optional_number(c.has_latest, c.latest, "(none)", buffers[1]));
        printf("gaps:           %zu (%u ledgers missing)\n", gaps.count, missing);
        printf("source tip:     %s%s%s\n", optional_number(has_tip, tip, "unknown", buffers[2]),
               has_tip ? "" : ": ", has_tip ? "" : tip_err.message);
        printf("lag:            %s\n", optional_number(lag >= 0, (uint32_t)lag, "unknown", buffers[3]));
    }
    gap_list_free(&gaps);
    return EXIT_OK;
}

int cmd_status(const command_options *options)
{
    if (options->positional_count) {
        fprintf(stderr, "sluice status: unexpected argument '%s'\n", options->positional[0]);
        return EXIT_USAGE;
    }
    return with_store(options, 1, SLUICE_MODE_READ, status_body, NULL);
}

int cmd_backfill(const command_options *options)
{
    range_args range;
    int result = parse_range(options, "backfill", 1, &range.given, &range.from, &range.to);
    if (result != EXIT_OK)
        return result;
    sluice_setup setup;
    result = command_load_setup(options, &setup);
    if (result == EXIT_OK)
        result = command_start_metrics(&setup);
    if (result == EXIT_OK) {
        cancel_install_signal_handlers();
        backfill_summary summary;
        error_report err;
        result = backfill_run(&setup, range.from, range.to, &summary, &err);
        printf("backfill %u..%u: %u gaps, %u batches, %llu ledgers written%s\n", range.from,
               range.to, summary.gaps, summary.batches, (unsigned long long)summary.ledgers,
               result == EXIT_OK ? "" : " before stopping");
        if (result == EXIT_INTERRUPTED)
            fprintf(stderr, "sluice backfill: interrupted; run it again to finish (it resumes "
                    "from the gaps)\n");
        else if (result != EXIT_OK)
            report_print(&err);
        metrics_server_stop();
    }
    setup_free(&setup);
    return result;
}

/* verify: walk the hash chain, collecting the first fault. */
typedef struct chain_walk {
    int has_previous;
    sluice_chain_link previous;
    uint64_t links;
    char fault[512];
} chain_walk;

static void hex32(const uint8_t *bytes, char *out)
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", bytes[i]);
}

static int check_link(void *context, const sluice_chain_link *link)
{
    chain_walk *walk = context;
    walk->links++;
    if (walk->has_previous && link->sequence == walk->previous.sequence + 1 &&
        memcmp(link->previous_hash, walk->previous.hash, 32) != 0) {
        char stored[65], claimed[65];
        hex32(walk->previous.hash, stored);
        hex32(link->previous_hash, claimed);
        snprintf(walk->fault, sizeof walk->fault,
                 "hash chain broken at ledger %u: its previous hash %s is not the stored hash "
                 "%s of ledger %u", link->sequence, claimed, stored, walk->previous.sequence);
        return 1;
    }
    /* member by member: the sink's struct may be shorter than ours */
    walk->previous.sequence = link->sequence;
    memcpy(walk->previous.hash, link->hash, 32);
    walk->has_previous = 1;
    return 0;
}

static int verify_body(session *s, const command_options *options, void *arg,
                       error_report *err)
{
    (void)options;
    range_args *range = arg;
    cursors c;
    int result = read_cursors(s, &c, err);
    if (result != EXIT_OK)
        return result;
    if (!inspected_range(range->given, &range->from, &range->to, &c)) {
        printf("verify: the store is empty: nothing to check\n");
        return EXIT_OK;
    }
    char fault[600] = "";
    if (c.has_oldest && c.has_latest && c.oldest > c.latest)
        snprintf(fault, sizeof fault, "cursor oldest %u is after latest %u", c.oldest, c.latest);
    gap_list gaps = {0};
    if (!fault[0]) {
        result = gap_list_read(s, range->from, range->to, &gaps, err);
        if (result != EXIT_OK)
            return result;
        if (gaps.count)
            snprintf(fault, sizeof fault, "ledgers %u..%u are missing (%zu gaps in %u..%u)",
                     gaps.gaps[0].from, gaps.gaps[0].to, gaps.count, range->from, range->to);
        gap_list_free(&gaps);
    }
    chain_walk walk;
    memset(&walk, 0, sizeof walk);
    if (!fault[0] && s->sink_ops->ledger_chain) {
        sluice_status status = s->sink_ops->ledger_chain(s->sink.handle, range->from, range->to,
                                                         check_link, &walk);
        if (status != SLUICE_OK) {
            instance_take_error(&s->sink, status, err, "sink: ledger chain");
            return exit_code_for_status(status);
        }
        snprintf(fault, sizeof fault, "%s", walk.fault);
    }
    if (fault[0]) {
        report_set(err, NULL, NULL, "verify: FAULT: %s", fault);
        return EXIT_DATA;
    }
    printf("verify %u..%u: ok: cursors consistent, no gaps, ", range->from, range->to);
    if (s->sink_ops->ledger_chain)
        printf("hash chain unbroken over %llu ledgers\n", (unsigned long long)walk.links);
    else
        printf("hash chain NOT checked (sink %s cannot report it)\n",
               s->setup->sink.plugin.descriptor->name);
    return EXIT_OK;
}

int cmd_verify(const command_options *options)
{
    range_args range;
    int result = parse_range(options, "verify", 0, &range.given, &range.from, &range.to);
    return result == EXIT_OK ? with_store(options, 0, SLUICE_MODE_READ, verify_body, &range)
                             : result;
}
