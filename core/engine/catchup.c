/* catchup.c — chunked parallel catchup with a merged balance set (see
 * catchup.h). */
#include "config.h"

#include "engine/catchup.h"
#include "engine/batch_runner.h"
#include "indexer/balance_merge.h"
#include "base/log.h"
#include "base/metrics.h"

#include <pthread.h>
#include <string.h>

typedef struct chunk_merge {
    balance_merge *merged;    /* every finished batch of the chunk */
    pthread_mutex_t mutex;
} chunk_merge;

static void *worker_start(void *shared)
{
    (void)shared;
    return balance_merge_new();
}

static int collect_balances(void *worker_merge, const sluice_ledger *ledger, error_report *err)
{
    return balance_merge_add(worker_merge, ledger->balance_changes,
                             ledger->balance_change_count, err);
}

static void batch_done(void *shared, void *worker_merge, const batch *b)
{
    (void)b;
    chunk_merge *chunk = shared;
    pthread_mutex_lock(&chunk->mutex);
    balance_merge_absorb(chunk->merged, worker_merge);
    pthread_mutex_unlock(&chunk->mutex);
    balance_merge_clear(worker_merge);
}

static void worker_end(void *shared, void *worker_merge)
{
    (void)shared;
    balance_merge_free(worker_merge);
}

/* The chunk's one final transaction: merged balances + latest (and
 * oldest, when *oldest_claim asks for it). */
static engine_status finish_chunk(session *live, balance_merge *merged, chain_position *position,
                                  uint32_t end, uint32_t *oldest_claim, error_report *err)
{
    const sluice_balance_change *changes;
    size_t count = balance_merge_result(merged, &changes);
    const sluice_sink_ops *ops = live->sink_ops;
    sluice_status status = ops->begin(live->sink.handle);
    if (status != SLUICE_OK)
        return session_sink_failure(live, status, err, "catchup begin", end);
    status = ops->write_balances(live->sink.handle, changes, count, sizeof *changes);
    if (status != SLUICE_OK)
        return session_sink_failure(live, status, err, "catchup balances", end);
    status = ops->cursor_advance(live->sink.handle, SLUICE_CURSOR_LATEST, position->has_latest,
                                 position->latest, end);
    if (status != SLUICE_OK)
        return session_sink_failure(live, status, err, "catchup cursor advance", end);
    if (*oldest_claim) {
        status = ops->cursor_update_min(live->sink.handle, SLUICE_CURSOR_OLDEST, *oldest_claim);
        if (status != SLUICE_OK)
            return session_sink_failure(live, status, err, "catchup cursor update-min", end);
    }
    status = ops->commit(live->sink.handle);
    if (status != SLUICE_OK)
        return session_sink_failure(live, status, err, "catchup commit", end);
    position->has_latest = 1;
    position->latest = end;
    position->has_hash = 0; /* written by the batches: read back by the caller */
    metric_set(METRIC_LATEST_LEDGER, end);
    if (*oldest_claim)
        session_show_oldest(live);
    *oldest_claim = 0;
    log_fields("core", SLUICE_LOG_INFO, LOG_FIELDS(LOG_UINT("ledger", end)),
               "caught up through ledger %u (%zu balance changes)", end, count);
    return ENGINE_OK;
}

static engine_status catchup_chunk(session *live, uint32_t from, uint32_t to,
                                   chain_position *position, uint32_t *oldest_claim,
                                   uint64_t *ledgers, progress_meter *meter, error_report *err)
{
    const sluice_core_settings *core = &live->setup->core;
    size_t workers = (size_t)core->workers;
    batch_plan batches;
    batch_plan_init(&batches, batch_size_for((uint64_t)to - from + 1, workers, UINT32_MAX));
    batch_plan_add(&batches, from, to, from);
    const write_policy policy = {
        .ledgers_per_transaction = (uint32_t)core->flush_every,
        .cursor = CURSOR_NONE,
        .apply_balances = 0,
        .pipeline_depth = (size_t)core->pipeline_depth,
        .observe = collect_balances,
        .meter = meter,
    };
    chunk_merge chunk = {.merged = balance_merge_new()};
    pthread_mutex_init(&chunk.mutex, NULL);
    const batch_hooks hooks = {worker_start, batch_done, worker_end, &chunk};
    batch_outcome outcome;
    engine_status result = batch_runner_run(live->setup, SLUICE_MODE_CATCHUP, &batches, &policy,
                                            workers, &hooks, &outcome, err);
    *ledgers += outcome.ledgers;
    if (result == ENGINE_OK)
        result = finish_chunk(live, chunk.merged, position, to, oldest_claim, err);
    pthread_mutex_destroy(&chunk.mutex);
    balance_merge_free(chunk.merged);
    batch_plan_free(&batches);
    return result;
}

engine_status catchup_run(session *live, uint32_t start, uint32_t tip, chain_position *position,
                          uint32_t *oldest_claim, catchup_summary *summary, error_report *err)
{
    memset(summary, 0, sizeof *summary);
    uint32_t chunk = (uint32_t)live->setup->core.catchup_chunk;
    log_fields("core", SLUICE_LOG_INFO, LOG_FIELDS(LOG_UINT("from", start), LOG_UINT("to", tip)),
               "catching up ledgers %u..%u in chunks of %u", start, tip, chunk);
    progress_meter meter;
    progress_start(&meter, "catchup", (uint64_t)tip - start + 1);
    engine_status result = ENGINE_OK;
    for (uint64_t from = start; from <= tip && result == ENGINE_OK; from += chunk) {
        uint64_t to = from + chunk - 1 < tip ? from + chunk - 1 : tip;
        result = catchup_chunk(live, (uint32_t)from, (uint32_t)to, position, oldest_claim,
                               &summary->ledgers, &meter, err);
        summary->chunks += result == ENGINE_OK;
        if (result == ENGINE_INTERRUPTED) {
            log_fields("core", SLUICE_LOG_WARN,
                       LOG_FIELDS(LOG_UINT("from", from), LOG_UINT("to", to)),
                       "catchup interrupted: chunk %llu..%llu will be redone by the next run",
                       (unsigned long long)from, (unsigned long long)to);
            report_set(err, NULL, NULL, "stopped by a signal during the catchup of ledgers "
                       "%u..%u", start, tip);
        }
    }
    progress_finish(&meter);
    return result;
}
