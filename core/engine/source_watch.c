/* source_watch.c — the source's tip and stalls (see source_watch.h). */
#include "config.h"

#include "engine/source_watch.h"
#include "base/log.h"
#include "base/metrics.h"

void source_watch_init(source_watch *w, int unbounded, uint64_t stall_warning_ms)
{
    w->unbounded = unbounded;
    w->stall_us = stall_warning_ms * 1000u;
    atomic_init(&w->waiting_since, 0);
    atomic_init(&w->awaited, 0);
    w->last_tip_poll = 0;
    w->stalled_since = 0;
}

void source_watch_begin(source_watch *w, uint32_t sequence)
{
    atomic_store(&w->awaited, sequence);
    atomic_store(&w->waiting_since, metric_now_us());
}

void source_watch_end(source_watch *w, uint32_t delivered)
{
    atomic_store(&w->waiting_since, 0);
    if (w->unbounded && delivered)
        metric_raise(METRIC_SOURCE_TIP, delivered);
}

void source_watch_poll_tip(source_watch *w, plugin_instance *source)
{
    const sluice_source_ops *ops = source->section->plugin.descriptor->source;
    uint64_t now = metric_now_us();
    if (!w->unbounded || !ops->latest_available ||
        (w->last_tip_poll && now - w->last_tip_poll < SOURCE_TIP_POLL_MS * 1000u))
        return;
    w->last_tip_poll = now;
    uint32_t tip;
    sluice_status status = ops->latest_available(source->handle, &tip);
    if (status == SLUICE_OK) {
        metric_raise(METRIC_SOURCE_TIP, tip);
        return;
    }
    error_report why; /* the next poll asks again; delivery goes on */
    instance_take_error(source, status, &why, "source: newest ledger");
    log_write("core", SLUICE_LOG_DEBUG, "%s", why.message);
}

static void stall_over(source_watch *w, uint64_t now)
{
    log_fields("core", SLUICE_LOG_INFO,
               LOG_FIELDS(LOG_UINT("ledger", atomic_load(&w->awaited)),
                          LOG_REAL("elapsed", (double)(now - w->stalled_since) / 1e6)),
               "the source is delivering again after %.1f s",
               (double)(now - w->stalled_since) / 1e6);
    metric_add(METRIC_SOURCE_STALLED, (uint64_t)-1);
    w->stalled_since = 0;
}

void source_watch_check(source_watch *w)
{
    if (!w->stall_us)
        return;
    uint64_t since = atomic_load(&w->waiting_since), now = metric_now_us();
    if (w->stalled_since && since != w->stalled_since) {
        stall_over(w, now);
        return;
    }
    if (w->stalled_since || !since || now - since < w->stall_us)
        return;
    w->stalled_since = since;
    metric_add(METRIC_SOURCE_STALLED, 1);
    metric_add(METRIC_SOURCE_STALLS, 1);
    log_fields("core", SLUICE_LOG_WARN,
               LOG_FIELDS(LOG_UINT("ledger", atomic_load(&w->awaited)),
                          LOG_REAL("elapsed", (double)(now - since) / 1e6)),
               "the source has delivered nothing for %.1f s (stall_warning): waiting for "
               "ledger %u",
               (double)(now - since) / 1e6, (unsigned)atomic_load(&w->awaited));
}

void source_watch_finish(source_watch *w)
{
    if (w->stalled_since) {
        metric_add(METRIC_SOURCE_STALLED, (uint64_t)-1);
        w->stalled_since = 0;
    }
}
