/* backfill.c — parallel, resumable historical backfill (see backfill.h). */
#include "config.h"

#include "engine/backfill.h"
#include "cancel.h"
#include "engine/gap_list.h"
#include "engine/session.h"
#include "engine/writer.h"
#include "exit_codes.h"
#include "log.h"
#include "xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct batch {
    uint32_t from, to;
} batch;

/* Shared by the workers: the batches, the next one to take, the first error. */
typedef struct backfill_work {
    const sluice_setup *setup;
    batch *batches;
    size_t batch_count, next_batch;
    write_policy policy;
    pthread_mutex_t mutex;
    int result;
    error_report err;
    uint64_t ledgers;
} backfill_work;

static void split_into_batches(const gap_list *gaps, uint32_t batch_size, backfill_work *work)
{
    size_t capacity = 0;
    for (size_t i = 0; i < gaps->count; i++) {
        for (uint64_t start = gaps->gaps[i].from; start <= gaps->gaps[i].to; start += batch_size) {
            uint64_t end = start + batch_size - 1;
            if (end > gaps->gaps[i].to)
                end = gaps->gaps[i].to;
            xgrow((void **)&work->batches, &capacity, work->batch_count + 1,
                  sizeof *work->batches);
            work->batches[work->batch_count++] = (batch){(uint32_t)start, (uint32_t)end};
        }
    }
}

/* The next batch to run, or NULL when done or after a failure. */
static const batch *take_batch(backfill_work *work)
{
    pthread_mutex_lock(&work->mutex);
    const batch *b = NULL;
    if (work->result == EXIT_OK && work->next_batch < work->batch_count)
        b = &work->batches[work->next_batch++];
    pthread_mutex_unlock(&work->mutex);
    return b;
}

static void record_outcome(backfill_work *work, int result, const error_report *err,
                           uint64_t ledgers)
{
    pthread_mutex_lock(&work->mutex);
    work->ledgers += ledgers;
    if (result != EXIT_OK && work->result == EXIT_OK) {
        work->result = result;
        work->err = *err;
    }
    pthread_mutex_unlock(&work->mutex);
}

static void *backfill_worker(void *arg)
{
    backfill_work *work = arg;
    session s;
    error_report err;
    int result = session_open(&s, work->setup, SLUICE_MODE_BACKFILL, 1, &err);
    if (result != EXIT_OK)
        record_outcome(work, result, &err, 0);
    for (const batch *b; result == EXIT_OK && (b = take_batch(work));) {
        write_progress progress = {0};
        int unused_present = 0;
        uint32_t unused_latest = 0;
        result = write_range(&s, b->from, b->to, &work->policy, &unused_present, &unused_latest,
                             &progress, &err);
        if (result != EXIT_OK && result != EXIT_INTERRUPTED)
            report_set(&err, err.detail, err.hint, "batch %u..%u: %s", b->from, b->to,
                       err.message);
        else if (result == EXIT_OK)
            log_write("core", SLUICE_LOG_INFO, "backfill batch %u..%u done", b->from, b->to);
        record_outcome(work, result, &err, progress.ledgers);
    }
    session_close(&s);
    return NULL;
}

/* Gaps in from..to, read through a sink-only session. */
static int find_gaps(const sluice_setup *setup, uint32_t from, uint32_t to, gap_list *gaps,
                     error_report *err)
{
    session s;
    int result = session_open(&s, setup, SLUICE_MODE_BACKFILL, 0, err);
    if (result == EXIT_OK)
        result = gap_list_read(&s, from, to, gaps, err);
    session_close(&s);
    return result;
}

int backfill_run(const sluice_setup *setup, uint32_t from, uint32_t to,
                 backfill_summary *summary, error_report *err)
{
    memset(summary, 0, sizeof *summary);
    gap_list gaps;
    int result = find_gaps(setup, from, to, &gaps, err);
    if (result != EXIT_OK)
        return result;
    backfill_work work;
    memset(&work, 0, sizeof work);
    work.setup = setup;
    work.policy = (write_policy){
        .ledgers_per_transaction = (uint32_t)config_values_int(&setup->core, "flush_every", 100),
        .cursor = CURSOR_OLDEST_AT_END,
        .apply_balances = 0,
        .pipeline_depth = 16,
    };
    split_into_batches(&gaps, (uint32_t)config_values_int(&setup->core, "batch_size", 1000),
                       &work);
    summary->gaps = (uint32_t)gaps.count;
    summary->batches = (uint32_t)work.batch_count;
    gap_list_free(&gaps);
    log_write("core", SLUICE_LOG_INFO, "backfill %u..%u: %u gaps in %u batches", from, to,
              summary->gaps, summary->batches);

    size_t workers = (size_t)config_values_int(&setup->core, "workers", 2);
    if (workers > work.batch_count)
        workers = work.batch_count;
    pthread_mutex_init(&work.mutex, NULL);
    pthread_t *threads = xcalloc(workers ? workers : 1, sizeof *threads);
    for (size_t i = 0; i < workers; i++)
        pthread_create(&threads[i], NULL, backfill_worker, &work);
    for (size_t i = 0; i < workers; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    pthread_mutex_destroy(&work.mutex);
    free(work.batches);
    summary->ledgers = work.ledgers;
    if (work.result != EXIT_OK)
        *err = work.err;
    return work.result;
}
