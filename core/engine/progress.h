/* progress.h — one progress meter per job (live run, catchup chunk,
 * backfill), shared by its workers: on a terminal a self-updating line
 * with ledgers done/total, ledgers/s and ETA (base/log.h keeps log lines
 * from running into it); otherwise one log line per interval, with the
 * numbers as structured fields too.  Thread-safe. */
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
/* count ledgers counted by progress_add are to be done again (a batch
 * redone from its start after a transient failure): done no longer holds
 * them, so it never passes total. */
void progress_retract(progress_meter *meter, uint64_t count);
/* Final line (and newline on a terminal). */
void progress_finish(progress_meter *meter);

#endif
