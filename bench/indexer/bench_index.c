/* bench_index.c — indexer throughput on real fixture ledgers: decode
 * alone (sx_decode_LedgerCloseMeta into an arena) versus decode + index
 * (indexer_index_frame), over the same frames, alternating for
 * BENCH_SECONDS (default 3) and keeping each one's fastest pass.  Run on
 * every fixture ledger, then on the pubnet ledgers alone (the workload
 * operators run; the stellar-core test streams are many small ledgers).
 * Prints MB/s of input, ledgers/s, rows derived per second, and the time
 * indexing adds as a multiple of the decode time (target <= 1x).  Results
 * go to BENCHMARKS.md. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "indexer/indexer.h"
#include "ledger_frames.h"
#include "xdr/gen/sx_codec.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t rows_of(const sluice_ledger *l)
{
    return 1 + l->transaction_count + l->operation_count + l->transaction_participant_count +
           l->operation_participant_count + l->state_change_count + l->balance_change_count +
           l->token_transfer_count + l->contract_event_count;
}

/* One measurement over frames[0..count); prints its table rows and
 * returns the time indexing adds as a multiple of the decode time, or a
 * negative number when a frame fails. */
static double measure(const char *label, const ledger_frame *const *frames, size_t count,
                      double seconds)
{
    size_t bytes = 0;
    for (size_t i = 0; i < count; i++)
        bytes += frames[i]->len;

    /* Alternating passes (decode only, then decode + index) for
     * BENCH_SECONDS, keeping each one's fastest pass: the machine is
     * shared, and the minimum is the run least disturbed by other load. */
    sx_arena *arena = sx_arena_new(0);
    indexer_options pub = {.network_passphrase = PUBNET_PASSPHRASE};
    indexer_options core = {.network_passphrase = CORE_TEST_PASSPHRASE};
    indexer *ix_pub = indexer_new(&pub), *ix_core = indexer_new(&core);
    size_t rows_per_pass = 0, passes = 0;
    double decode_per_pass = 1e30, index_per_pass = 1e30, start = now();
    int failed = 0;
    do {
        double t0 = now();
        for (size_t i = 0; i < count && !failed; i++) {
            sx_LedgerCloseMeta lcm;
            sx_error err;
            sx_arena_reset(arena);
            if (sx_decode_LedgerCloseMeta(frames[i]->data, frames[i]->len, arena, &lcm, &err)) {
                fprintf(stderr, "bench_index: %s does not decode\n", frames[i]->name);
                failed = 1;
            }
        }
        double t1 = now();
        size_t rows = 0;
        for (size_t i = 0; i < count && !failed; i++) {
            const ledger_frame *f = frames[i];
            indexer *ix = strcmp(f->passphrase, PUBNET_PASSPHRASE) == 0 ? ix_pub : ix_core;
            sluice_ledger l;
            error_report err;
            if (indexer_index_frame(ix, f->data, f->len, &l, &err)) {
                fprintf(stderr, "bench_index: %s: %s\n", f->name, err.message);
                failed = 1;
            }
            rows += rows_of(&l);
        }
        double t2 = now();
        rows_per_pass = rows;
        if (t1 - t0 < decode_per_pass)
            decode_per_pass = t1 - t0;
        if (t2 - t1 < index_per_pass)
            index_per_pass = t2 - t1;
        passes++;
    } while (!failed && now() - start < seconds);
    sx_arena_free(arena);
    indexer_free(ix_pub);
    indexer_free(ix_core);
    if (failed)
        return -1;

    double mb = (double)bytes / 1e6, added = (index_per_pass - decode_per_pass) / decode_per_pass;
    printf("| %s | decode only | %zu | %.1f | %.0f | - | |\n", label, count, mb / decode_per_pass,
           (double)count / decode_per_pass);
    printf("| %s | decode + index | %zu | %.1f | %.0f | %.0f | %.2fx |\n", label, count,
           mb / index_per_pass, (double)count / index_per_pass,
           (double)rows_per_pass / index_per_pass, added);
    fprintf(stderr, "%s: %zu bytes, %zu rows per pass, best of %zu passes\n", label, bytes,
            rows_per_pass, passes);
    return added;
}

int main(void)
{
    const char *dir = getenv("SLUICE_FIXTURES");
    const char *seconds_text = getenv("BENCH_SECONDS");
    double seconds = seconds_text ? atof(seconds_text) : 3.0;
    ledger_frames set;
    char why[512];
    if (!dir)
        dir = TEST_DATA_DIR;
    if (ledger_frames_load(dir, &set, why, sizeof(why))) {
        fprintf(stderr, "bench_index: %s\n", why);
        return 1;
    }
    const ledger_frame **all = calloc(set.count + 1, sizeof(*all));
    const ledger_frame **pubnet = calloc(set.count + 1, sizeof(*pubnet));
    size_t pubnet_count = 0;
    if (!all || !pubnet) {
        fputs("bench_index: out of memory\n", stderr);
        return 1;
    }
    for (size_t i = 0; i < set.count; i++) {
        all[i] = &set.frames[i];
        if (strcmp(set.frames[i].passphrase, PUBNET_PASSPHRASE) == 0)
            pubnet[pubnet_count++] = &set.frames[i];
    }
    printf("| ledgers | what | count | MB/s | ledgers/s | rows/s | indexing adds |\n"
           "|---|---|---:|---:|---:|---:|---:|\n");
    double all_added = measure("all fixtures", all, set.count, seconds);
    double pubnet_added = pubnet_count ? measure("pubnet only", pubnet, pubnet_count, seconds) : 0;
    int rc = all_added < 0 || pubnet_added < 0;
    if (!rc)
        printf("indexing adds %.2fx (all fixture ledgers) and %.2fx (pubnet ledgers) the decode "
               "time (target <= 1x)\n", all_added, pubnet_added);
    free(all);
    free(pubnet);
    ledger_frames_free(&set);
    return rc;
}
