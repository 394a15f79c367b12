/* reingest.c — rewrite a range of ledgers from the source (see reingest.h). */
#include "config.h"

#include "engine/reingest.h"
#include "engine/batch_runner.h"
#include "base/log.h"
#include "base/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The batches that committed everything, for the resume point. */
typedef struct done_batches {
    pthread_mutex_t mutex;
    batch *done;
    size_t count, capacity;
} done_batches;

static void record_done(void *shared, void *worker_context, const batch *b)
{
    (void)worker_context;
    done_batches *d = shared;
    pthread_mutex_lock(&d->mutex);
    xgrow((void **)&d->done, &d->capacity, d->count + 1, sizeof *d->done);
    d->done[d->count++] = *b;
    pthread_mutex_unlock(&d->mutex);
}

static int by_first_ledger(const void *a, const void *b)
{
    uint32_t x = ((const batch *)a)->from, y = ((const batch *)b)->from;
    return (x > y) - (x < y);
}

/* The first ledger from which the done batches stop covering from..to
 * without a hole (batches are handed out in ascending order, so only the
 * few in flight at the failure lie beyond it). */
static uint32_t resume_point(done_batches *d, uint32_t from)
{
    qsort(d->done, d->count, sizeof *d->done, by_first_ledger);
    uint64_t next = from;
    for (size_t i = 0; i < d->count && d->done[i].from == next; i++)
        next = (uint64_t)d->done[i].to + 1;
    return (uint32_t)next; /* a failed run never covered TO, so this fits */
}

/* The sink must say it rewrites: only a sink with set_mode, built for ABI
 * 3.2 or later, knows SLUICE_MODE_REINGEST (an older one may skip stored
 * ledgers, as an append-only file does, and leave them unchanged). */
static engine_status check_sink_rewrites(const sluice_setup *setup, error_report *err)
{
    const sluice_plugin_descriptor *d = setup->sink.plugin.descriptor;
    if (d->sink->set_mode && d->abi_minor >= 2)
        return ENGINE_OK;
    report_set(err, NULL, "Reingest needs a sink that replaces stored rows (postgres does).",
               "sink plugin %s cannot rewrite stored ledgers: %s", d->name,
               d->sink->set_mode ? "it was built for ABI 3.1 or older, before reingest"
                                 : "it has no set_mode to be told SLUICE_MODE_REINGEST");
    return ENGINE_CONFIG;
}

engine_status reingest_run(const sluice_setup *setup, uint32_t from, uint32_t to,
                           reingest_summary *summary, error_report *err)
{
    memset(summary, 0, sizeof *summary);
    engine_status result = check_sink_rewrites(setup, err);
    if (result != ENGINE_OK)
        return result;
    size_t workers = (size_t)setup->core.workers;
    uint64_t ledgers = (uint64_t)to - from + 1;
    batch_plan batches;
    batch_plan_init(&batches, batch_size_for(ledgers, workers, (uint32_t)setup->core.batch_size));
    batch_plan_add(&batches, from, to, from);
    summary->batches = batches.batches;
    log_write("core", SLUICE_LOG_INFO, "reingest %u..%u: %llu batches of up to %u ledgers", from,
              to, (unsigned long long)batches.batches, batches.batch_size);

    done_batches done;
    memset(&done, 0, sizeof done);
    pthread_mutex_init(&done.mutex, NULL);
    const batch_hooks hooks = {.batch_done = record_done, .shared = &done};
    batch_outcome outcome;
    result = batch_runner_run_history(setup, SLUICE_MODE_REINGEST, "reingest", &batches, &hooks,
                                      &outcome, err);
    summary->ledgers = outcome.ledgers;
    if (result != ENGINE_OK)
        summary->resume_from = resume_point(&done, from);
    pthread_mutex_destroy(&done.mutex);
    free(done.done);
    batch_plan_free(&batches);
    return result;
}
