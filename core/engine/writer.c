/* writer.c — pipeline → sink transactions (see writer.h). */
#include "config.h"

#include "engine/writer.h"
#include "base/cancel.h"
#include "engine/pipeline.h"
#include "base/log.h"
#include <stdio.h>
#include <string.h>
#include "base/metrics.h"

typedef struct transaction_state {
    int open;
    uint64_t fetched_us;    /* when the transaction's first frame arrived */
    uint32_t first, last;   /* ledgers written in the open transaction */
    uint64_t rows;          /* rows written in the open transaction */
    uint8_t last_hash[32];  /* hash of `last` */
    uint64_t last_close_time; /* close time of `last`, unix seconds */
} transaction_state;

/* The ledger must link to the one before it (when that one is known). */
static engine_status check_chain(const chain_position *position, const transaction_state *tx,
                       const sluice_ledger_row *row, error_report *err)
{
    const uint8_t *expected = tx->open ? tx->last_hash : position->has_hash ? position->hash
                                                                            : NULL;
    if (!expected || memcmp(expected, row->previous_hash, 32) == 0)
        return ENGINE_OK;
    char want[65], got[65];
    for (int i = 0; i < 32; i++) {
        snprintf(want + 2 * i, 3, "%02x", expected[i]);
        snprintf(got + 2 * i, 3, "%02x", row->previous_hash[i]);
    }
    char detail[200];
    snprintf(detail, sizeof detail, "its previous hash is %s, ledger %u's hash is %s", got,
             row->sequence - 1, want);
    report_set(err, detail, "Nothing of this ledger was committed; the cursor did not move.",
               "hash chain broken at ledger %u", row->sequence);
    return ENGINE_DATA;
}

static engine_status begin_if_needed(session *s, transaction_state *tx, uint32_t sequence,
                                     error_report *err)
{
    if (tx->open)
        return ENGINE_OK;
    sluice_status status = s->sink_ops->begin(s->sink.handle);
    if (status != SLUICE_OK)
        return session_sink_failure(s, status, err, "begin", sequence);
    tx->open = 1;
    tx->first = sequence;
    return ENGINE_OK;
}

/* Log how long the transaction's first ledger took from its frame's arrival
 * to its commit (the live latency bench/core reads these debug lines). */
static void log_commit_latency(const transaction_state *tx)
{
    log_write("core", SLUICE_LOG_DEBUG, "ledger %u committed %llu us after its frame arrived",
              tx->first, (unsigned long long)(metric_now_us() - tx->fetched_us));
}

static engine_status write_one(session *s, const pipeline_item *item, const write_policy *policy,
                               void *observer_context, transaction_state *tx,
                               error_report *err)
{
    const sluice_ledger *ledger = &item->ledger;
    uint64_t started = metric_now_us();
    sluice_status status = s->sink_ops->write_ledger(s->sink.handle, ledger);
    metric_observe_us(METRIC_WRITE_SECONDS, metric_now_us() - started);
    uint64_t rows = 1 + ledger->transaction_count + ledger->operation_count +
                    ledger->transaction_participant_count +
                    ledger->operation_participant_count + ledger->state_change_count;
    metric_add(METRIC_ROWS_INGESTED, rows);
    tx->rows += rows;
    if (status != SLUICE_OK)
        return session_sink_failure(s, status, err, "write", item->sequence);
    if (policy->apply_balances && ledger->balance_change_count) {
        status = s->sink_ops->write_balances(s->sink.handle, ledger->balance_changes,
                                             ledger->balance_change_count,
                                             ledger->balance_change_row_size);
        if (status != SLUICE_OK)
            return session_sink_failure(s, status, err, "write balances", item->sequence);
    }
    if (policy->observe && policy->observe(observer_context, ledger, err) != 0)
        return ENGINE_DATA; /* write_range rolls the transaction back */
    return ENGINE_OK;
}

/* Move the policy's cursor and commit the open transaction. */
static engine_status commit(session *s, transaction_state *tx, const write_policy *policy,
                            const write_request *request, int range_done,
                            chain_position *position, write_progress *progress,
                            error_report *err)
{
    sluice_status status = SLUICE_OK;
    int claim_oldest = (policy->cursor == CURSOR_OLDEST_AT_END && range_done) ||
                       (policy->cursor == CURSOR_ADVANCE_LATEST && request->oldest_claim &&
                        progress->ledgers == 0);
    if (policy->cursor == CURSOR_ADVANCE_LATEST) {
        status = s->sink_ops->cursor_advance(s->sink.handle, SLUICE_CURSOR_LATEST,
                                             position->has_latest, position->latest,
                                             tx->last);
        if (status != SLUICE_OK)
            return session_sink_failure(s, status, err, "cursor advance", tx->last);
    }
    if (claim_oldest) {
        status = s->sink_ops->cursor_update_min(s->sink.handle, SLUICE_CURSOR_OLDEST,
                                                request->oldest_claim);
        if (status != SLUICE_OK)
            return session_sink_failure(s, status, err, "cursor update-min", tx->last);
    }
    status = s->sink_ops->commit(s->sink.handle);
    if (status != SLUICE_OK)
        return session_sink_failure(s, status, err, "commit", tx->last);
    if (policy->cursor == CURSOR_ADVANCE_LATEST) {
        position->has_latest = 1;
        position->latest = tx->last;
    }
    position->has_hash = 1;
    memcpy(position->hash, tx->last_hash, 32);
    tx->open = 0;
    progress->committed_through = tx->last;
    progress->ledgers += tx->last - tx->first + 1;
    progress->rows += tx->rows;
    tx->rows = 0;
    metric_set(METRIC_STORE_UP, 1);
    metric_raise(METRIC_LAST_CLOSE_TIME, tx->last_close_time);
    log_commit_latency(tx);
    progress_add(policy->meter, tx->last - tx->first + 1, tx->last);
    metric_add(METRIC_LEDGERS_INGESTED, tx->last - tx->first + 1);
    if (policy->cursor == CURSOR_ADVANCE_LATEST)
        metric_set(METRIC_LATEST_LEDGER, tx->last);
    if (claim_oldest)
        session_show_oldest(s);
    return ENGINE_OK;
}

engine_status write_range(session *s, const write_request *request, const write_policy *policy,
                          chain_position *position, write_progress *progress, error_report *err)
{
    uint32_t from = request->from, to = request->to;
    pipeline *p;
    engine_status result = pipeline_start(&s->source, &s->indexing, from, to,
                                          policy->pipeline_depth,
                                          (uint64_t)s->setup->core.stall_warning, &p, err);
    if (result != ENGINE_OK)
        return result;
    transaction_state tx = {0};
    uint32_t delivered_through = from - 1; /* the last ledger the source delivered */
    for (;;) {
        pipeline_item *item = NULL;
        engine_status failure = ENGINE_FAILED;
        pipeline_result next = pipeline_next(p, &item, err, &failure);
        if (next == PIPELINE_FAILED) {
            result = failure;
            break;
        }
        if (next == PIPELINE_END && to && delivered_through < to) {
            /* a bounded range must come whole: a source that ends it early
             * would leave a silent hole and let oldest claim past it */
            char detail[160];
            snprintf(detail, sizeof detail, "ledgers %u..%u never came; nothing of the open "
                     "transaction was committed and the cursor did not move",
                     delivered_through + 1, to);
            report_set(err, detail, "A source must deliver a bounded range whole "
                       "(sluice-source(7)): a missing ledger is an error, not SLUICE_END.",
                       "the source ended the range %u..%u after ledger %u", from, to,
                       delivered_through);
            result = ENGINE_DATA;
            break;
        }
        if (next != PIPELINE_ITEM) {
            /* end of range or stop: what is written so far is committed */
            if (tx.open)
                result = commit(s, &tx, policy, request, next == PIPELINE_END, position,
                                progress, err);
            if (result == ENGINE_OK && next == PIPELINE_CANCELLED)
                result = ENGINE_INTERRUPTED;
            break;
        }
        uint32_t sequence = item->sequence;
        result = check_chain(position, &tx, &item->ledger.ledger, err);
        if (result == ENGINE_OK)
            result = begin_if_needed(s, &tx, sequence, err);
        if (result == ENGINE_OK && tx.first == sequence)
            tx.fetched_us = item->fetched_us;
        if (result == ENGINE_OK)
            result = write_one(s, item, policy, request->observer_context, &tx, err);
        if (result == ENGINE_OK) {
            memcpy(tx.last_hash, item->ledger.ledger.hash, 32);
            tx.last_close_time = item->ledger.ledger.close_time > 0
                                     ? (uint64_t)item->ledger.ledger.close_time : 0;
        }
        pipeline_release(p, item);
        if (result != ENGINE_OK)
            break;
        tx.last = sequence;
        delivered_through = sequence;
        int range_done = to && sequence == to;
        if (range_done || tx.last - tx.first + 1 >= policy->ledgers_per_transaction ||
            cancel_requested()) {
            result = commit(s, &tx, policy, request, range_done, position, progress, err);
            if (result == ENGINE_OK && policy->after_commit)
                result = policy->after_commit(s, policy->after_commit_context, position->latest,
                                              err);
            if (result != ENGINE_OK)
                break;
            if (cancel_requested() && !range_done) {
                result = ENGINE_INTERRUPTED;
                break;
            }
        }
    }
    if (result != ENGINE_OK && tx.open)
        s->sink_ops->rollback(s->sink.handle); /* nothing of a failed transaction stays */
    pipeline_finish(p);
    return result;
}
