/* progress.c — progress lines for long jobs (see progress.h). */
#include "config.h"

#include "engine/progress.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define TERMINAL_INTERVAL_MS 500
#define LOG_INTERVAL_MS 10000

static int64_t elapsed_ms(const struct timespec *since, const struct timespec *now)
{
    return (int64_t)(now->tv_sec - since->tv_sec) * 1000 +
           (now->tv_nsec - since->tv_nsec) / 1000000;
}

void progress_start(progress_meter *meter, const char *job, uint64_t total)
{
    memset(meter, 0, sizeof *meter);
    meter->job = job;
    meter->total = total;
    meter->on_terminal = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &meter->started);
    meter->last_shown = meter->started;
    pthread_mutex_init(&meter->mutex, NULL);
}

/* Called with the mutex held. */
static void show(progress_meter *meter, const struct timespec *now, int final)
{
    double seconds = (double)elapsed_ms(&meter->started, now) / 1000.0;
    double rate = seconds > 0 ? (double)meter->done / seconds : 0;
    char eta[32] = "";
    if (meter->total && rate > 0 && meter->done < meter->total)
        snprintf(eta, sizeof eta, ", ETA %.0fs", (double)(meter->total - meter->done) / rate);
    char total[32] = "";
    if (meter->total)
        snprintf(total, sizeof total, "/%llu", (unsigned long long)meter->total);
    char line[256];
    snprintf(line, sizeof line, "%s: %llu%s ledgers, %.1f ledgers/s%s, at ledger %u", meter->job,
             (unsigned long long)meter->done, total, rate, eta, meter->last_ledger);
    if (meter->on_terminal) {
        log_status_line(line);
        if (final)
            log_status_line(NULL);
    } else {
        log_fields("core", SLUICE_LOG_INFO,
                   LOG_FIELDS(LOG_TEXT("job", meter->job), LOG_UINT("ledgers", meter->done),
                              LOG_UINT("total", meter->total),
                              LOG_UINT("ledger", meter->last_ledger), LOG_REAL("rate", rate),
                              LOG_REAL("elapsed", seconds)),
                   "%s", line);
    }
    meter->last_shown = *now;
}

void progress_add(progress_meter *meter, uint64_t count, uint32_t last_ledger)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    pthread_mutex_lock(&meter->mutex);
    meter->done += count;
    if (last_ledger > meter->last_ledger)
        meter->last_ledger = last_ledger;
    int64_t interval = meter->on_terminal ? TERMINAL_INTERVAL_MS : LOG_INTERVAL_MS;
    if (elapsed_ms(&meter->last_shown, &now) >= interval)
        show(meter, &now, 0);
    pthread_mutex_unlock(&meter->mutex);
}

void progress_retract(progress_meter *meter, uint64_t count)
{
    pthread_mutex_lock(&meter->mutex);
    meter->done -= count < meter->done ? count : meter->done;
    pthread_mutex_unlock(&meter->mutex);
}

void progress_finish(progress_meter *meter)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    pthread_mutex_lock(&meter->mutex);
    if (meter->done)
        show(meter, &now, 1);
    pthread_mutex_unlock(&meter->mutex);
    pthread_mutex_destroy(&meter->mutex);
}
