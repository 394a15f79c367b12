/* batch_runner.c — batches on worker threads (see batch_runner.h). */
#include "config.h"

#include "engine/batch_runner.h"
#include "engine/retry.h"
#include "engine/session.h"
#include "base/log.h"
#include "base/metrics.h"
#include "base/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void batch_plan_init(batch_plan *plan, uint32_t batch_size)
{
    memset(plan, 0, sizeof *plan);
    plan->batch_size = batch_size ? batch_size : 1;
}

void batch_plan_add(batch_plan *plan, uint32_t from, uint32_t to, uint32_t first_claim)
{
    if (to < from)
        return;
    xgrow((void **)&plan->spans, &plan->capacity, plan->count + 1, sizeof *plan->spans);
    plan->spans[plan->count++] = (batch_span){from, to, first_claim};
    uint64_t ledgers = (uint64_t)to - from + 1;
    plan->ledgers += ledgers;
    plan->batches += (ledgers + plan->batch_size - 1) / plan->batch_size;
}

void batch_plan_free(batch_plan *plan)
{
    free(plan->spans);
    memset(plan, 0, sizeof *plan);
}

uint32_t batch_size_for(uint64_t ledgers, size_t workers, uint32_t limit)
{
    uint64_t share = workers ? (ledgers + workers - 1) / workers : ledgers;
    if (share == 0)
        share = 1;
    return share < limit ? (uint32_t)share : limit;
}

/* Shared by the workers. */
typedef struct batch_run {
    const sluice_setup *setup;
    sluice_write_mode mode;
    const batch_plan *plan;
    const write_policy *policy;
    const batch_hooks *hooks;
    pthread_mutex_t mutex;
    size_t next_span;        /* the span the next batch comes from */
    uint64_t next_from;      /* its first ledger (within that span) */
    engine_status result;
    error_report err;
    batch_outcome outcome;
} batch_run;

/* Cut the next batch into *b; 0 when done or after a failure. */
static int take_batch(batch_run *run, batch *b)
{
    pthread_mutex_lock(&run->mutex);
    const batch_plan *plan = run->plan;
    int taken = run->result == ENGINE_OK && run->next_span < plan->count;
    if (taken) {
        const batch_span *span = &plan->spans[run->next_span];
        uint64_t from = run->next_from ? run->next_from : span->from;
        uint64_t to = from + plan->batch_size - 1 < span->to ? from + plan->batch_size - 1
                                                             : span->to;
        *b = (batch){(uint32_t)from, (uint32_t)to,
                     from == span->from ? span->first_claim : (uint32_t)from};
        run->next_from = to + 1;
        if (to == span->to) {
            run->next_span++;
            run->next_from = 0;
        }
    }
    pthread_mutex_unlock(&run->mutex);
    return taken;
}

static void record(batch_run *run, engine_status result, const error_report *err, uint64_t ledgers,
                   int batch_done)
{
    pthread_mutex_lock(&run->mutex);
    run->outcome.ledgers += ledgers;
    run->outcome.batches_done += batch_done;
    if (result != ENGINE_OK && run->result == ENGINE_OK) {
        run->result = result;
        run->err = *err;
    }
    pthread_mutex_unlock(&run->mutex);
}

/* "batch A..B done|interrupted|failed", with from, to, ledgers, rows,
 * elapsed and rate as fields.  A stop request is not a failure: the batch
 * is redone whole by the next run. */
static void log_batch_end(const char *name, const batch *b, engine_status result,
                          const write_progress *progress, uint64_t elapsed_us)
{
    double elapsed = (double)elapsed_us / 1e6;
    const char *how = result == ENGINE_OK            ? "done"
                      : result == ENGINE_INTERRUPTED ? "interrupted (redone by the next run)"
                                                     : "failed";
    log_fields("core", result == ENGINE_OK ? SLUICE_LOG_INFO : SLUICE_LOG_WARN,
               LOG_FIELDS(LOG_UINT("from", b->from), LOG_UINT("to", b->to),
                          LOG_UINT("ledgers", progress->ledgers), LOG_UINT("rows", progress->rows),
                          LOG_REAL("elapsed", elapsed),
                          LOG_REAL("rate", elapsed > 0 ? (double)progress->ledgers / elapsed : 0)),
               "%s %s", name, how);
}

static void *batch_worker(void *arg)
{
    batch_run *run = arg;
    const batch_hooks *hooks = run->hooks;
    void *context = hooks && hooks->worker_start ? hooks->worker_start(hooks->shared) : NULL;
    session s;
    error_report err;
    engine_status result = session_open_at_start(&s, run->setup, run->mode, 1, &err);
    if (result != ENGINE_OK)
        record(run, result, &err, 0, 0);
    unsigned attempt_limit = retry_attempt_limit(run->setup);
    for (batch taken; result == ENGINE_OK && take_batch(run, &taken);) {
        const batch *b = &taken;
        char name[64];
        snprintf(name, sizeof name, "batch %u..%u", b->from, b->to);
        write_progress progress;
        uint64_t started = metric_now_us();
        for (unsigned attempt = 1;; attempt++) {
            /* from its start: commits a sink acknowledged before a lost
             * connection may be lost with it (see sluice-plugin(7)) */
            chain_position position = {0}; /* the ledger before a batch may be absent */
            memset(&progress, 0, sizeof progress);
            const write_request request = {b->from, b->to, b->oldest_claim, context};
            result = write_range(&s, &request, run->policy, &position, &progress, &err);
            int transient = result == ENGINE_RETRY;
            if (result == ENGINE_OK ||
                !retry_after_failure(&result, transient, attempt, attempt_limit, name, &err))
                break;
            /* redone from its start: what this attempt committed is counted again */
            if (run->policy->meter)
                progress_retract(run->policy->meter, progress.ledgers);
        }
        if (result == ENGINE_OK && hooks && hooks->batch_done)
            hooks->batch_done(hooks->shared, context, b);
        if (result != ENGINE_OK && result != ENGINE_INTERRUPTED) {
            error_report cause = err;
            report_set(&err, cause.detail, cause.hint, "%s: %s", name, cause.message);
        }
        log_batch_end(name, b, result, &progress, metric_now_us() - started);
        if (result != ENGINE_INTERRUPTED)
            metric_add(result == ENGINE_OK ? METRIC_BATCHES_SUCCEEDED : METRIC_BATCHES_FAILED, 1);
        record(run, result, &err, progress.ledgers, result == ENGINE_OK);
    }
    session_close(&s);
    if (hooks && hooks->worker_end)
        hooks->worker_end(hooks->shared, context);
    return NULL;
}

engine_status batch_runner_run(const sluice_setup *setup, sluice_write_mode mode,
                               const batch_plan *plan, const write_policy *policy, size_t workers,
                               const batch_hooks *hooks, batch_outcome *outcome,
                               error_report *err)
{
    batch_run run;
    memset(&run, 0, sizeof run);
    run.setup = setup;
    run.mode = mode;
    run.plan = plan;
    run.policy = policy;
    run.hooks = hooks;
    if (workers > plan->batches)
        workers = (size_t)plan->batches;
    pthread_mutex_init(&run.mutex, NULL);
    pthread_t *threads = xcalloc(workers ? workers : 1, sizeof *threads);
    for (size_t i = 0; i < workers; i++)
        pthread_create(&threads[i], NULL, batch_worker, &run);
    for (size_t i = 0; i < workers; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    pthread_mutex_destroy(&run.mutex);
    *outcome = run.outcome;
    if (run.result != ENGINE_OK)
        *err = run.err;
    return run.result;
}

engine_status batch_runner_run_history(const sluice_setup *setup, sluice_write_mode mode,
                                       const char *job, const batch_plan *plan,
                                       const batch_hooks *hooks, batch_outcome *outcome,
                                       error_report *err)
{
    progress_meter meter;
    progress_start(&meter, job, plan->ledgers);
    const write_policy policy = {
        .ledgers_per_transaction = (uint32_t)setup->core.flush_every,
        .cursor = CURSOR_OLDEST_AT_END,
        .apply_balances = 0,
        .pipeline_depth = (size_t)setup->core.pipeline_depth,
        .meter = &meter,
    };
    engine_status result = batch_runner_run(setup, mode, plan, &policy,
                                            (size_t)setup->core.workers, hooks, outcome, err);
    progress_finish(&meter);
    return result;
}
