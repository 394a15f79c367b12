/* live.c — live ingestion with catchup and retries (see live.h). */
#include "config.h"

#include "engine/live.h"
#include "engine/catchup.h"
#include "engine/reaper.h"
#include "engine/retry.h"
#include "engine/session.h"
#include "engine/store_inspect.h"
#include "engine/writer.h"
#include "base/log.h"
#include "base/metrics.h"

#include <string.h>

/* Where to start: latest + 1, else start_ledger, else the source's tip. */
static engine_status choose_start(session *s, const chain_position *position, uint32_t *start,
                                  error_report *err)
{
    if (position->has_latest) {
        *start = position->latest + 1;
        return ENGINE_OK;
    }
    int64_t configured = s->setup->core.start_ledger;
    if (configured) {
        *start = (uint32_t)configured;
        return ENGINE_OK;
    }
    engine_status result = session_source_tip(s, start, err);
    if (result == ENGINE_CONFIG)
        report_set(err, "the store is empty and the source cannot report its newest ledger",
                   "Set start_ledger in [sluice].", "no ledger to start from");
    return result;
}

static int capture_hash(void *context, const sluice_chain_link *link)
{
    chain_position *position = context;
    memcpy(position->hash, link->hash, 32);
    position->has_hash = 1;
    return 1;
}

/* The hash of the store's latest ledger, so the first live ledger's link is
 * checked too; unknown when the sink cannot report it. */
static engine_status read_latest_hash(session *s, chain_position *position, error_report *err)
{
    position->has_hash = 0;
    if (!position->has_latest || !s->sink_ops->ledger_chain)
        return ENGINE_OK;
    sluice_status status = s->sink_ops->ledger_chain(s->sink.handle, position->latest,
                                                     position->latest, capture_hash, position);
    if (status == SLUICE_OK)
        return ENGINE_OK;
    return engine_plugin_failure(&s->sink, status, err, "sink: hash of ledger %u",
                                 position->latest);
}

/* What the run's first commit claims as the start of the stored history
 * (G5): nothing when the oldest cursor is set; start for an empty store;
 * the lowest stored ledger for a store written live before the oldest
 * cursor was kept.  *first: where the stored history starts (the oldest
 * cursor, else the claim). */
static engine_status oldest_to_claim(session *s, const chain_position *position, uint32_t start,
                                     uint32_t *claim, uint32_t *first, error_report *err)
{
    uint32_t oldest;
    int has_oldest;
    *claim = 0;
    engine_status result = session_cursor(s, SLUICE_CURSOR_OLDEST, &oldest, &has_oldest, err);
    if (result != ENGINE_OK)
        return result;
    if (has_oldest) {
        metric_set(METRIC_OLDEST_LEDGER, oldest);
        *first = oldest;
        return ENGINE_OK;
    }
    if (!position->has_latest)
        *claim = start;
    else
        result = store_lowest_ledger(s, position->latest, claim, err);
    *first = *claim;
    return result;
}

/* A latest cursor that points past what is stored (moved by hand, or a
 * store restored from an older copy) is not trusted silently: the hole
 * below it is named.  Ingestion goes on from latest + 1. */
static engine_status warn_if_latest_not_stored(session *s, const chain_position *position,
                                               uint32_t first, error_report *err)
{
    if (!position->has_latest)
        return ENGINE_OK;
    uint32_t hole_from = 0;
    engine_status result = store_hole_ending_at(s, first, position->latest, &hole_from, err);
    if (result == ENGINE_OK && hole_from)
        log_write("core", SLUICE_LOG_WARN,
                  "the latest cursor is %u but ledgers %u..%u are not stored (was the cursor "
                  "moved by hand?); ingestion goes on from %u: fill the hole with "
                  "`sluice backfill %u %u`",
                  position->latest, hole_from, position->latest, position->latest + 1,
                  hole_from, position->latest);
    return result;
}

/* Catch up when far behind the source's tip, moving *start past what was
 * caught up.  A source that cannot tell its tip (permanently) is followed
 * live; a transient failure to tell it is the attempt's. */
static engine_status catch_up_if_behind(session *s, chain_position *position, uint32_t stop,
                                        uint32_t *start, uint32_t *oldest_claim,
                                        int *interrupted, error_report *err)
{
    uint32_t tip;
    error_report tip_err;
    uint32_t threshold = (uint32_t)s->setup->core.catchup_threshold;
    engine_status result = session_source_tip(s, &tip, &tip_err);
    if (result == ENGINE_RETRY)
        *err = tip_err;
    if (result != ENGINE_OK)
        return result == ENGINE_RETRY ? result : ENGINE_OK;
    metric_set(METRIC_SOURCE_TIP, tip);
    if (stop && tip > stop)
        tip = stop;
    if (tip < *start || tip - *start + 1 <= threshold)
        return ENGINE_OK;
    catchup_summary caught;
    result = catchup_run(s, *start, tip, position, oldest_claim, &caught, err);
    *interrupted = result == ENGINE_INTERRUPTED;
    if (position->has_latest)
        *start = position->latest + 1;
    return result;
}

/* The live policy's after_commit: reap every REAP_EVERY ledgers. */
static engine_status reap_now_and_then(session *s, void *context, uint32_t latest,
                                       error_report *err)
{
    uint32_t *reaped_at = context;
    if (latest - *reaped_at < REAP_EVERY)
        return ENGINE_OK;
    *reaped_at = latest;
    return reaper_reap(s, latest, err);
}

/* One attempt: lock, find where to start, catch up, follow live.
 * *lock_taken tells whether the lock was taken (a lock failure after that
 * means it was lost); *catchup_interrupted whether a stop request ended a
 * catchup (a chunk left to redo). */
static engine_status live_attempt(session *s, uint32_t stop, chain_position *position,
                                  write_progress *progress, int *lock_taken,
                                  int *catchup_interrupted, error_report *err)
{
    sluice_status status = s->sink_ops->lock(s->sink.handle);
    if (status != SLUICE_OK)
        return engine_plugin_failure(&s->sink, status, err, "sink: lock");
    *lock_taken = 1;
    memset(position, 0, sizeof *position);
    uint32_t start, oldest_claim = 0, first = 2;
    engine_status result = session_cursor(s, SLUICE_CURSOR_LATEST, &position->latest,
                                          &position->has_latest, err);
    if (result == ENGINE_OK && position->has_latest)
        metric_set(METRIC_LATEST_LEDGER, position->latest); /* the lag counts from the store */
    if (result == ENGINE_OK)
        result = choose_start(s, position, &start, err);
    if (result == ENGINE_OK)
        result = oldest_to_claim(s, position, start, &oldest_claim, &first, err);
    if (result == ENGINE_OK)
        result = warn_if_latest_not_stored(s, position, first, err);
    if (result == ENGINE_OK && !(stop && start > stop))
        result = catch_up_if_behind(s, position, stop, &start, &oldest_claim,
                                    catchup_interrupted, err);
    uint32_t reaped_at = position->latest;
    if (result == ENGINE_OK && position->has_latest)
        result = reaper_reap(s, position->latest, err);
    if (result != ENGINE_OK || (stop && start > stop))
        return result;
    result = read_latest_hash(s, position, err);
    if (result != ENGINE_OK)
        return result;
    log_fields("core", SLUICE_LOG_INFO, LOG_FIELDS(LOG_UINT("ledger", start)),
               "live ingestion from ledger %u", start);
    progress_meter meter;
    progress_start(&meter, "live", stop ? (uint64_t)stop - start + 1 : 0);
    const write_policy live = {
        .ledgers_per_transaction = 1,
        .cursor = CURSOR_ADVANCE_LATEST,
        .apply_balances = 1,
        .pipeline_depth = (size_t)s->setup->core.pipeline_depth,
        .meter = &meter,
        .after_commit = s->setup->core.history_retention_ledgers ? reap_now_and_then : NULL,
        .after_commit_context = &reaped_at,
    };
    const write_request request = {.from = start, .to = stop, .oldest_claim = oldest_claim};
    result = write_range(s, &request, &live, position, progress, err);
    progress_finish(&meter);
    if (result == ENGINE_OK && !(stop && position->latest == stop))
        log_write("core", SLUICE_LOG_INFO, "source has no more ledgers after %u",
                  position->has_latest ? position->latest : start - 1);
    return result;
}

/* Attempts until one ends for good: a transient failure, or the writer
 * lock lost after it was taken (the next attempt takes it again, or finds
 * another writer holding it: ENGINE_LOCKED), is redone. */
static engine_status live_attempts(session *s, error_report *err)
{
    uint32_t stop = (uint32_t)s->setup->core.stop_ledger;
    unsigned limit = retry_attempt_limit(s->setup);
    write_progress progress = {0};
    chain_position position = {0};
    engine_status result;
    int catchup_interrupted = 0;
    for (unsigned attempt = 1;; attempt++) {
        int lock_taken = 0;
        result = live_attempt(s, stop, &position, &progress, &lock_taken, &catchup_interrupted,
                              err);
        int transient = result == ENGINE_RETRY || (result == ENGINE_LOCKED && lock_taken);
        if (result == ENGINE_OK ||
            !retry_after_failure(&result, transient, attempt, limit, "live", err))
            break;
    }
    if (result == ENGINE_INTERRUPTED && !catchup_interrupted)
        result = ENGINE_OK; /* a stop request is how a live run ends; commits are atomic */
    if (result != ENGINE_OK)
        metric_add(METRIC_ERRORS, 1);
    log_fields("core", SLUICE_LOG_INFO,
               LOG_FIELDS(LOG_UINT("ledgers", progress.ledgers), LOG_UINT("rows", progress.rows),
                          LOG_UINT("ledger", position.latest)),
               "stopped: %llu ledgers ingested live, latest %u",
               (unsigned long long)progress.ledgers, position.latest);
    return result;
}

engine_status live_run(const sluice_setup *setup, error_report *err)
{
    session s;
    engine_status result = session_open_at_start(&s, setup, SLUICE_MODE_LIVE, 1, err);
    if (result == ENGINE_OK)
        result = reaper_check(&s, err);
    if (result == ENGINE_OK)
        result = live_attempts(&s, err);
    session_close(&s);
    return result;
}
