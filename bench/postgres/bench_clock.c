/* bench_clock.c — clocks for the PostgreSQL benchmarks (see bench_clock.h). */
#include "config.h"

#include "bench_clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double seconds_of(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

double bench_wall(void)
{
    return seconds_of(CLOCK_MONOTONIC);
}

double bench_cpu(void)
{
    return seconds_of(CLOCK_PROCESS_CPUTIME_ID);
}

double bench_backend_cpu(long pid)
{
    char path[64], line[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    double seconds = 0;
    if (fgets(line, sizeof line, f)) {
        const char *after_name = strrchr(line, ')'); /* fields 14, 15: utime, stime */
        unsigned long utime, stime;
        if (after_name && sscanf(after_name + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
                                 "%lu %lu", &utime, &stime) == 2)
            seconds = (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
    }
    fclose(f);
    return seconds;
}

long bench_env(const char *name, long fallback)
{
    const char *value = getenv(name);
    return value && *value ? atol(value) : fallback;
}
