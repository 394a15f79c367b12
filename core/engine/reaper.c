/* reaper.c — the retention reaper (see reaper.h). */
#include "config.h"

#include "engine/reaper.h"
#include "base/cancel.h"
#include "base/log.h"
#include "base/metrics.h"

engine_status reaper_check(const session *s, error_report *err)
{
    if (!s->setup->core.history_retention_ledgers || s->sink_ops->drop_history)
        return ENGINE_OK;
    report_set(err, NULL, "Set history_retention_ledgers = 0, or use a sink that can (postgres).",
               "history_retention_ledgers is set but sink plugin %s cannot remove history",
               s->setup->sink.plugin.descriptor->name);
    return ENGINE_CONFIG;
}

/* One transaction: remove history from oldest towards floor and move the
 * cursor to where the removal ended (*oldest; unchanged when the sink
 * could remove nothing yet). */
static engine_status reap_once(session *s, uint32_t *oldest, uint32_t floor, error_report *err)
{
    sluice_status status = s->sink_ops->begin(s->sink.handle);
    if (status != SLUICE_OK)
        return session_sink_failure(s, status, err, "begin", *oldest);
    uint32_t removed_to = *oldest;
    status = s->sink_ops->drop_history(s->sink.handle, *oldest, floor, &removed_to);
    engine_status result = ENGINE_OK;
    if (status != SLUICE_OK) {
        result = session_sink_failure(s, status, err, "drop history", *oldest);
    } else if (removed_to < *oldest || removed_to > floor) {
        report_set(err, NULL, "A bug in the sink plugin.",
                   "sink: drop_history from %u below %u reported %u as the first ledger kept",
                   *oldest, floor, removed_to);
        result = ENGINE_FAILED;
    } else if (removed_to > *oldest) {
        status = s->sink_ops->cursor_advance(s->sink.handle, SLUICE_CURSOR_OLDEST, 1, *oldest,
                                             removed_to);
        if (status == SLUICE_OK)
            status = s->sink_ops->commit(s->sink.handle);
        if (status != SLUICE_OK)
            result = session_sink_failure(s, status, err, "reap", *oldest);
    }
    if (result != ENGINE_OK || removed_to == *oldest) {
        s->sink_ops->rollback(s->sink.handle);
        return result;
    }
    log_write("core", SLUICE_LOG_INFO, "retention: ledgers %u..%u removed, oldest is %u",
              *oldest, removed_to - 1, removed_to);
    metric_set(METRIC_OLDEST_LEDGER, removed_to);
    *oldest = removed_to;
    return ENGINE_OK;
}

engine_status reaper_reap(session *s, uint32_t latest, error_report *err)
{
    uint64_t retention = (uint64_t)s->setup->core.history_retention_ledgers;
    if (!retention || latest < retention + 1)
        return ENGINE_OK;
    uint32_t floor = (uint32_t)(latest - retention + 1), oldest;
    int has_oldest;
    engine_status result = session_cursor(s, SLUICE_CURSOR_OLDEST, &oldest, &has_oldest, err);
    while (result == ENGINE_OK && has_oldest && oldest < floor && !cancel_requested()) {
        uint32_t before = oldest;
        result = reap_once(s, &oldest, floor, err);
        if (oldest == before)
            break; /* nothing removable yet (a partition reaching the floor) */
    }
    return result;
}
