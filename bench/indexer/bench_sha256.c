/* bench_sha256.c — sha256_many's throughput per implementation on
 * envelope-sized messages (a 36-byte prefix and 200..1200 bytes of data,
 * batches of 1000, as the indexer hashes a ledger's transaction set);
 * best of BENCH_SECONDS (default 2) per implementation, in GB/s. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "stellar/sha256.h"

#define JOBS 1000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
    static const char *const names[] = {"", "portable", "SHA-NI, one by one", "SHA-NI, interleaved",
                                        "AVX-512, 16 lanes"};
    const char *env = getenv("BENCH_SECONDS");
    double seconds = env ? atof(env) : 2;
    static uint8_t prefix[36], data[JOBS * 1200];
    static sha256_job jobs[JOBS];
    size_t bytes = 0, at = 0;
    srand(1);
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)rand();
    for (size_t i = 0; i < JOBS; i++) {
        size_t len = 200 + (size_t)rand() % 1001;
        jobs[i] = (sha256_job){.prefix = prefix, .prefix_len = sizeof(prefix), .data = data + at,
                               .len = len};
        at += len;
        bytes += sizeof(prefix) + len;
    }
    double one_by_one = 0; /* the peer: SHA-NI (else portable) a message at a time */
    for (int impl = SHA256_PORTABLE; impl <= SHA256_AVX512; impl++) {
        if (!sha256_force((sha256_impl)impl))
            continue;
        double best = 1e30, start = now();
        do {
            double t0 = now();
            sha256_many(jobs, JOBS);
            if (now() - t0 < best)
                best = now() - t0;
        } while (now() - start < seconds);
        double rate = (double)bytes / best / 1e9;
        if (impl <= SHA256_SHANI)
            one_by_one = rate;
        printf("%-20s %6.2f GB/s  %5.2fx one by one\n", names[impl], rate, rate / one_by_one);
    }
    sha256_force(SHA256_AUTO);
    return 0;
}
