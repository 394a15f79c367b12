/* progress.h — one progress meter per job (live run, catchup chunk,
 * backfill), shared by its workers: on a terminal a self-updating line
 * with ledgers done/total, ledgers/s and ETA; otherwise one log line per
 * interval.  Thread-safe. */
#ifndef SLUICE_PROGRESS_H
#define SLUICE_PROGRESS_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

typedef struct progress_meter {
    const char *job;          /* "live", "catchup", "backfill" */
    uint64_t total;           /* 0: open-ended (live) */
    uint64_t done;
    uint32_t last_ledger;
    struct timespec started, last_shown;
    int on_terminal;
    pthread_mutex_t mutex;
} progress_meter;

void progress_start(progress_meter *meter, const char *job, uint64_t total);
/* count more ledgers committed, the newest being last_ledger. */
void progress_add(progress_meter *meter, uint64_t count, uint32_t last_ledger);
/* Final line (and newline on a terminal). */
void progress_finish(progress_meter *meter);

#endif
