/* writer.c — pipeline → sink transactions (see writer.h). */
#include "config.h"

#include "engine/writer.h"
#include "cancel.h"
#include "engine/pipeline.h"
#include "exit_codes.h"
#include "metrics.h"

typedef struct transaction_state {
    int open;
    uint32_t first, last;   /* ledgers written in the open transaction */
} transaction_state;

static int begin_if_needed(session *s, transaction_state *tx, uint32_t sequence,
                           error_report *err)
{
    if (tx->open)
        return EXIT_OK;
    sluice_status status = s->sink_ops->begin(s->sink.handle);
    if (status != SLUICE_OK)
        return session_sink_failure(s, status, err, "begin", sequence);
    tx->open = 1;
    tx->first = sequence;
    return EXIT_OK;
}

static int write_one(session *s, const pipeline_item *item, const write_policy *policy,
                     void *observer_context, error_report *err)
{
    const sluice_ledger *ledger = &item->ledger;
    uint64_t started = metric_now_us();
    sluice_status status = s->sink_ops->write_ledger(s->sink.handle, ledger);
    metric_observe_us(METRIC_WRITE_SECONDS, metric_now_us() - started);
    metric_add(METRIC_ROWS_INGESTED, 1 + ledger->transaction_count + ledger->operation_count +
                                         ledger->transaction_participant_count +
                                         ledger->operation_participant_count +
                                         ledger->state_change_count);
    if (status != SLUICE_OK)
        return session_sink_failure(s, status, err, "write", item->sequence);
    if (policy->apply_balances && ledger->balance_change_count) {
        status = s->sink_ops->write_balances(s->sink.handle, ledger->balance_changes,
                                             ledger->balance_change_count);
        if (status != SLUICE_OK)
            return session_sink_failure(s, status, err, "write balances", item->sequence);
    }
    if (policy->observe && policy->observe(observer_context, ledger, err) != 0) {
        s->sink_ops->rollback(s->sink.handle);
        return EXIT_DATA;
    }
    return EXIT_OK;
}

/* Move the policy's cursor and commit the open transaction. */
static int commit(session *s, transaction_state *tx, const write_policy *policy, uint32_t from,
                  int range_done, int *latest_present, uint32_t *latest,
                  write_progress *progress, error_report *err)
{
    sluice_status status = SLUICE_OK;
    if (policy->cursor == CURSOR_ADVANCE_LATEST) {
        status = s->sink_ops->cursor_advance(s->sink.handle, SLUICE_CURSOR_LATEST,
                                             *latest_present, *latest, tx->last);
        if (status != SLUICE_OK)
            return session_sink_failure(s, status, err, "cursor advance", tx->last);
    } else if (policy->cursor == CURSOR_OLDEST_AT_END && range_done) {
        status = s->sink_ops->cursor_update_min(s->sink.handle, SLUICE_CURSOR_OLDEST, from);
        if (status != SLUICE_OK)
            return session_sink_failure(s, status, err, "cursor update-min", tx->last);
    }
    status = s->sink_ops->commit(s->sink.handle);
    if (status != SLUICE_OK)
        return session_sink_failure(s, status, err, "commit", tx->last);
    if (policy->cursor == CURSOR_ADVANCE_LATEST) {
        *latest_present = 1;
        *latest = tx->last;
    }
    tx->open = 0;
    progress->committed_through = tx->last;
    progress->ledgers += tx->last - tx->first + 1;
    progress_add(policy->meter, tx->last - tx->first + 1, tx->last);
    metric_add(METRIC_LEDGERS_INGESTED, tx->last - tx->first + 1);
    if (policy->cursor == CURSOR_ADVANCE_LATEST)
        metric_set(METRIC_LATEST_LEDGER, tx->last);
    return EXIT_OK;
}

int write_range(session *s, uint32_t from, uint32_t to, const write_policy *policy,
                void *observer_context, int *latest_present, uint32_t *latest,
                write_progress *progress, error_report *err)
{
    pipeline *p = pipeline_start(&s->source, &s->indexing, from, to, policy->pipeline_depth,
                                 err);
    if (!p)
        return EXIT_FAILURE_;
    transaction_state tx = {0};
    int result = EXIT_OK;
    for (;;) {
        pipeline_item *item = NULL;
        int exit_code = EXIT_FAILURE_;
        pipeline_result next = pipeline_next(p, &item, err, &exit_code);
        if (next == PIPELINE_FAILED) {
            result = exit_code;
            break;
        }
        if (next != PIPELINE_ITEM) {
            /* end of range or stop: what is written so far is committed */
            if (tx.open)
                result = commit(s, &tx, policy, from, next == PIPELINE_END, latest_present,
                                latest, progress, err);
            if (result == EXIT_OK && next == PIPELINE_CANCELLED)
                result = EXIT_INTERRUPTED;
            break;
        }
        uint32_t sequence = item->sequence;
        result = begin_if_needed(s, &tx, sequence, err);
        if (result == EXIT_OK)
            result = write_one(s, item, policy, observer_context, err);
        pipeline_release(p, item);
        if (result != EXIT_OK)
            break;
        tx.last = sequence;
        int range_done = to && sequence == to;
        if (range_done || tx.last - tx.first + 1 >= policy->ledgers_per_transaction ||
            cancel_requested()) {
            result = commit(s, &tx, policy, from, range_done, latest_present, latest, progress,
                            err);
            if (result != EXIT_OK)
                break;
            if (cancel_requested() && !range_done) {
                result = EXIT_INTERRUPTED;
                break;
            }
        }
    }
    pipeline_finish(p);
    return result;
}
