/* bench_archive.c — archive source throughput: open the archive plugin
 * through the real loader on a lake directory, read FROM..TO, and print
 * ledgers/s and MB/s (decompressed LedgerCloseMeta bytes delivered).
 *
 *   bench_archive LAKE_DIR FROM TO WORKERS BUFFER */
#include "config.h"

#include "sources/source_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: bench_archive LAKE_DIR FROM TO WORKERS BUFFER\n");
        return 2;
    }
    char header[1024], ini[4096];
    harness_ini_header(header, sizeof header, "Public Global Stellar Network ; September 2015",
                       "archive");
    snprintf(ini, sizeof ini, "%spath = %s\ndownload_workers = %s\nbuffer = %s\n", header,
             argv[1], argv[4], argv[5]);
    source_harness h;
    if (harness_open(&h, ini) != SLUICE_OK) {
        fprintf(stderr, "bench_archive: %s\n", h.err.message);
        harness_close(&h);
        return 1;
    }
    uint32_t from = (uint32_t)atol(argv[2]), to = (uint32_t)atol(argv[3]);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sluice_status status = h.ops->prepare(h.instance.handle, from, to);
    size_t ledgers = 0, bytes = 0;
    sluice_frame frame;
    while (status == SLUICE_OK && (status = h.ops->next(h.instance.handle, &frame)) == SLUICE_OK) {
        ledgers++;
        bytes += frame.len;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (status != SLUICE_END) {
        fprintf(stderr, "bench_archive: %s\n", harness_message(&h));
        harness_close(&h);
        return 1;
    }
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%zu ledgers %zu bytes %.4f s %.1f ledgers/s %.1f MB/s\n", ledgers, bytes, seconds,
           (double)ledgers / seconds, (double)bytes / seconds / 1e6);
    harness_close(&h);
    return 0;
}
