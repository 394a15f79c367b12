/* synth_main.c — sluice-synth: writes N consecutive synthetic ledgers,
 * deterministic for a --seed, as a data lake or a captive-core meta stream
 * (see `sluice-synth --help`). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cli/exit_codes.h"
#include "synth_ledger.h"
#include "synth_output.h"

static const char usage_text[] =
    "usage: sluice-synth --ledgers N [options] (--lake DIR | --stream FILE | --fd N)\n"
    "\n"
    "Writes N consecutive synthetic ledgers (valid, hash-chained, state-consistent\n"
    "LedgerCloseMeta), the same bytes for the same options and --seed.\n"
    "\n"
    "what:\n"
    "  --ledgers N                 how many ledgers (required)\n"
    "  --start SEQ                 first ledger sequence (default 2)\n"
    "  --seed S                    random seed (default 1)\n"
    "  --meta-version 1|2          LedgerCloseMeta shape: V1 (protocol 21, TxMeta v3)\n"
    "                              or V2 (protocol 23, TxMeta v4; default)\n"
    "  --network-passphrase P      network of the transaction hashes\n"
    "                              (default: the pubnet passphrase)\n"
    "  --accounts N                accounts existing before the first ledger (default 10000)\n"
    "  --txs-per-ledger MEAN       transactions per ledger, drawn from [MEAN/2, 3*MEAN/2]\n"
    "                              (default 308, pubnet: frames of ~1.1 MB)\n"
    "  --frame-bytes MEAN[,SD]     instead: each ledger's frame size is drawn from a normal\n"
    "                              distribution (mean MEAN, standard deviation SD, default\n"
    "                              MEAN/5, within 3 SD) and the ledger gets transactions\n"
    "                              until their operations, at the bytes per operation seen\n"
    "                              so far, fill it (content adds ~13% of MEAN of its own\n"
    "                              variation); sizes take k or M (x1000), e.g. 1.1M,200k\n"
    "  --ops-per-tx MEAN           operations of payment/offer transactions (default 2.5)\n"
    "  --failed-fraction F         transactions built to fail (default 0.43; with those\n"
    "                              that fail on their own: 47.5%, as on pubnet)\n"
    "  --fee-bump-fraction F       transactions wrapped in a fee bump (default 0.047)\n"
    "  --mix KIND=W,...            relative weights of the kinds (see DISTRIBUTION.md)\n"
    "where:\n"
    "  --lake DIR                  data lake: DIR/.config.json + zstd LedgerCloseMetaBatch files\n"
    "  --ledgers-per-file N        ledgers per lake file (default 1)\n"
    "  --files-per-partition N     lake files per partition folder (default 64000)\n"
    "  --zstd-level L              1..22 (default 2: the ratio of 3 at nearly twice the speed)\n"
    "  --stream FILE               captive-core meta stream to FILE ('-': standard output)\n"
    "  --fd N                      captive-core meta stream to inherited descriptor N\n"
    "  --interval SECONDS          stream: pace frames this far apart (default 0: no pacing)\n"
    "  --quiet                     no summary line on standard error\n";

enum {
    OPT_LEDGERS = 256, OPT_START, OPT_SEED, OPT_META, OPT_PASSPHRASE, OPT_ACCOUNTS, OPT_TXS, OPT_FRAME_BYTES,
    OPT_OPS, OPT_FAILED, OPT_FEE_BUMP, OPT_MIX, OPT_LAKE, OPT_PER_FILE, OPT_PER_PARTITION,
    OPT_ZSTD, OPT_STREAM, OPT_FD, OPT_INTERVAL, OPT_ARCHIVE, OPT_DUMP_STATE, OPT_QUIET, OPT_HELP,
};

static const struct option options[] = {
    {"ledgers", required_argument, NULL, OPT_LEDGERS},
    {"start", required_argument, NULL, OPT_START},
    {"seed", required_argument, NULL, OPT_SEED},
    {"meta-version", required_argument, NULL, OPT_META},
    {"network-passphrase", required_argument, NULL, OPT_PASSPHRASE},
    {"accounts", required_argument, NULL, OPT_ACCOUNTS},
    {"txs-per-ledger", required_argument, NULL, OPT_TXS},
    {"frame-bytes", required_argument, NULL, OPT_FRAME_BYTES},
    {"ops-per-tx", required_argument, NULL, OPT_OPS},
    {"failed-fraction", required_argument, NULL, OPT_FAILED},
    {"fee-bump-fraction", required_argument, NULL, OPT_FEE_BUMP},
    {"mix", required_argument, NULL, OPT_MIX},
    {"lake", required_argument, NULL, OPT_LAKE},
    {"ledgers-per-file", required_argument, NULL, OPT_PER_FILE},
    {"files-per-partition", required_argument, NULL, OPT_PER_PARTITION},
    {"zstd-level", required_argument, NULL, OPT_ZSTD},
    {"stream", required_argument, NULL, OPT_STREAM},
    {"fd", required_argument, NULL, OPT_FD},
    {"interval", required_argument, NULL, OPT_INTERVAL},
    {"archive", required_argument, NULL, OPT_ARCHIVE},
    {"dump-state", required_argument, NULL, OPT_DUMP_STATE},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

typedef struct synth_cli {
    synth_params params;
    const char *lake, *stream;
    const char *archive, *dump_state;
    int fd;
    uint32_t per_file, per_partition;
    int zstd_level;
    double interval;
    int quiet;
} synth_cli;

static int usage_error(const char *message)
{
    fprintf(stderr, "sluice-synth: %s\n(see sluice-synth --help)\n", message);
    return EXIT_USAGE;
}

static int bad_value(const char *option, const char *value, const char *expected)
{
    char message[512];
    snprintf(message, sizeof message, "%s: '%s' is not %s", option, value, expected);
    return usage_error(message);
}

static int parse_u64(const char *option, const char *text, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-' || v > max) {
        char expected[64];
        snprintf(expected, sizeof expected, "a whole number in 0..%llu", (unsigned long long)max);
        return bad_value(option, text, expected);
    }
    *out = v;
    return 0;
}

static int parse_double(const char *option, const char *text, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v >= lo && v <= hi)) {
        char expected[96];
        snprintf(expected, sizeof expected, "a number in %g..%g", lo, hi);
        return bad_value(option, text, expected);
    }
    *out = v;
    return 0;
}

/* A byte count: a number with an optional k or M (x 1000, x 1000000),
 * from `min` to 100 MB. */
static int parse_bytes(const char *option, const char *text, size_t len, double min, double *out)
{
    const char *expected = min > 0 ? "MEAN[,SD]: a mean from 1k to 100M such as 1.1M"
                                   : "MEAN[,SD]: a standard deviation up to 100M such as 200k";
    char number[64];
    if (len == 0 || len >= sizeof number)
        return bad_value(option, text, expected);
    memcpy(number, text, len);
    number[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(number, &end);
    double scale = *end == 'k' ? 1e3 : *end == 'M' ? 1e6 : 1;
    if (*end == 'k' || *end == 'M')
        end++;
    v *= scale;
    if (errno || end == number || *end || !(v >= min && v <= 1e8))
        return bad_value(option, text, expected);
    *out = v;
    return 0;
}

/* MEAN[,SD]: SD defaults to MEAN/5 and may be 0. */
static int parse_frame_bytes(const char *text, synth_params *p)
{
    const char *comma = strchr(text, ',');
    size_t mean_len = comma ? (size_t)(comma - text) : strlen(text);
    if (parse_bytes("--frame-bytes", text, mean_len, 1e3, &p->frame_bytes))
        return EXIT_USAGE;
    p->frame_bytes_spread = p->frame_bytes / 5;
    if (comma && parse_bytes("--frame-bytes", comma + 1, strlen(comma + 1), 0, &p->frame_bytes_spread))
        return EXIT_USAGE;
    return 0;
}

static int parse_u32(const char *option, const char *text, uint32_t *out)
{
    uint64_t v;
    int rc = parse_u64(option, text, UINT32_MAX, &v);
    *out = (uint32_t)v;
    return rc;
}

/* A lake file holds the ledgers of one whole batch (the data lake's
 * convention: Galexie writes a file only when its batch is complete, and
 * the archive source reads a file name as the range it holds).  A count
 * that would end inside a file is extended to the file's end, saying so. */
static int complete_last_file(synth_cli *cli)
{
    uint32_t per_file = cli->per_file;
    uint64_t last = (uint64_t)cli->params.start + cli->params.ledgers - 1;
    if (!cli->lake || per_file <= 1 || cli->params.ledgers == 0 || (last + 1) % per_file == 0)
        return 0;
    uint64_t extra = per_file - (last + 1) % per_file;
    if (last + extra > UINT32_MAX)
        return usage_error("--ledgers ends inside a lake file that would pass ledger 2^32 - 1");
    fprintf(stderr, "sluice-synth: ledger %llu ends inside the lake file of ledgers %llu..%llu: "
            "writing %llu more ledgers to complete it (a lake file holds a whole batch)\n",
            (unsigned long long)last, (unsigned long long)(last / per_file * per_file),
            (unsigned long long)(last + extra), (unsigned long long)extra);
    cli->params.ledgers += (uint32_t)extra;
    return 0;
}

static int parse_args(int argc, char **argv, synth_cli *cli)
{
    synth_params_default(&cli->params);
    cli->fd = -1;
    cli->per_file = 1;
    cli->per_partition = 64000;
    cli->zstd_level = 2;
    int have_ledgers = 0, have_txs = 0, rc = 0, opt;
    uint64_t u;
    char why[512];
    while (rc == 0 && (opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        synth_params *p = &cli->params;
        switch (opt) {
        case OPT_LEDGERS: rc = parse_u32("--ledgers", optarg, &p->ledgers); have_ledgers = 1; break;
        case OPT_START: rc = parse_u32("--start", optarg, &p->start); break;
        case OPT_SEED: rc = parse_u64("--seed", optarg, UINT64_MAX, &p->seed); break;
        case OPT_META:
            rc = parse_u64("--meta-version", optarg, 2, &u);
            p->meta_version = (int)u;
            if (rc == 0 && u < 1)
                rc = bad_value("--meta-version", optarg, "1 or 2");
            break;
        case OPT_PASSPHRASE: p->passphrase = optarg; break;
        case OPT_ACCOUNTS:
            rc = parse_u64("--accounts", optarg, 10000000, &u);
            p->accounts = (uint32_t)u;
            break;
        case OPT_TXS:
            rc = parse_double("--txs-per-ledger", optarg, 0, 5000, &p->txs_per_ledger);
            have_txs = 1;
            break;
        case OPT_FRAME_BYTES: rc = parse_frame_bytes(optarg, p); break;
        case OPT_OPS: rc = parse_double("--ops-per-tx", optarg, 1, 100, &p->ops_per_tx); break;
        case OPT_FAILED: rc = parse_double("--failed-fraction", optarg, 0, 1, &p->failed_fraction); break;
        case OPT_FEE_BUMP: rc = parse_double("--fee-bump-fraction", optarg, 0, 1, &p->fee_bump_fraction); break;
        case OPT_MIX:
            if (synth_params_parse_mix(p, optarg, why, sizeof why))
                rc = usage_error(why);
            break;
        case OPT_LAKE: cli->lake = optarg; break;
        case OPT_PER_FILE: rc = parse_u32("--ledgers-per-file", optarg, &cli->per_file); break;
        case OPT_PER_PARTITION: rc = parse_u32("--files-per-partition", optarg, &cli->per_partition); break;
        case OPT_ZSTD:
            rc = parse_u64("--zstd-level", optarg, 22, &u);
            cli->zstd_level = (int)u;
            break;
        case OPT_STREAM: cli->stream = optarg; break;
        case OPT_FD:
            rc = parse_u64("--fd", optarg, INT_MAX, &u);
            cli->fd = (int)u;
            break;
        case OPT_INTERVAL: rc = parse_double("--interval", optarg, 0, 3600, &cli->interval); break;
        case OPT_ARCHIVE: cli->archive = optarg; break;
        case OPT_DUMP_STATE: cli->dump_state = optarg; break;
        case OPT_QUIET: cli->quiet = 1; break;
        case OPT_HELP: fputs(usage_text, stdout); exit(EXIT_OK);
        default: return EXIT_USAGE;
        }
    }
    if (rc)
        return rc;
    if (optind < argc)
        return bad_value("argument", argv[optind], "expected (options only)");
    if (!have_ledgers)
        return usage_error("--ledgers N is required");
    if (have_txs && cli->params.frame_bytes > 0)
        return usage_error("give either --txs-per-ledger or --frame-bytes, not both");
    if ((cli->lake != NULL) + (cli->stream != NULL) + (cli->fd >= 0) != 1)
        return usage_error("give exactly one of --lake DIR, --stream FILE, --fd N");
    if (cli->dump_state && !cli->archive)
        return usage_error("--dump-state needs --archive");
    return complete_last_file(cli);
}

/* CPU seconds (user + system) this process used so far. */
static double cpu_seconds(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
    synth_cli cli = {0};
    int rc = parse_args(argc, argv, &cli);
    if (rc)
        return rc;
    char why[1024] = "";
    synth_gen gen;
    if (synth_gen_init(&gen, &cli.params, why, sizeof why)) {
        fprintf(stderr, "sluice-synth: %s\n", why);
        return EXIT_USAGE;
    }
    synth_stream stream = {0};
    synth_lake lake = {0};
    synth_archive archive;
    if (cli.archive && synth_gen_archive(&gen, &archive, cli.archive, cli.dump_state, why, sizeof why)) {
        fprintf(stderr, "sluice-synth: %s\n", why);
        synth_gen_free(&gen);
        return EXIT_FAILURE_;
    }
    int failed = cli.lake
        ? synth_lake_open(&lake, cli.lake, cli.params.passphrase, cli.per_file, cli.per_partition,
                          cli.zstd_level, why, sizeof why)
        : synth_stream_open(&stream, cli.stream, cli.fd, cli.interval, why, sizeof why);
    int opened = !failed;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    double cpu_start = cpu_seconds();
    uint64_t bytes = 0;
    for (uint32_t i = 0; !failed && i < cli.params.ledgers; i++) {
        const uint8_t *frame;
        size_t len;
        uint32_t seq = gen.next_seq;
        failed = synth_gen_next(&gen, &frame, &len, why, sizeof why) ||
                 (cli.lake ? synth_lake_add(&lake, seq, frame, len, why, sizeof why)
                           : synth_stream_write(&stream, frame, len, why, sizeof why));
        bytes += len;
    }
    if (opened) {
        char close_why[1024];
        int close_failed = cli.lake ? synth_lake_close(&lake, close_why, sizeof close_why)
                                    : synth_stream_close(&stream, close_why, sizeof close_why);
        if (close_failed && !failed) {
            failed = 1;
            memcpy(why, close_why, sizeof why);
        }
    }
    double elapsed = seconds_since(&start), cpu = cpu_seconds() - cpu_start;
    if (!cli.quiet && !failed)
        fprintf(stderr, "sluice-synth: %u ledgers (%u..%u), %llu transactions, %llu frame bytes "
                "in %.2f s (%.0f tx/s), %.2f CPU s (%.0f tx per CPU second)\n", cli.params.ledgers,
                cli.params.start, cli.params.start + cli.params.ledgers - 1,
                (unsigned long long)gen.transactions, (unsigned long long)bytes, elapsed,
                elapsed > 0 ? (double)gen.transactions / elapsed : 0.0, cpu,
                cpu > 0 ? (double)gen.transactions / cpu : 0.0);
    if (!cli.quiet && !failed && cli.archive)
        fprintf(stderr, "sluice-synth: archive %s: %llu checkpoints, %llu buckets\n", cli.archive,
                (unsigned long long)archive.checkpoints, (unsigned long long)archive.buckets_written);
    synth_gen_free(&gen);
    if (failed) {
        fprintf(stderr, "sluice-synth: %s\n", why);
        return EXIT_FAILURE_;
    }
    return EXIT_OK;
}
