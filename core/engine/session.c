/* session.c — per-worker plugin instances (see session.h). */
#include "config.h"

#include "engine/session.h"
#include "base/metrics.h"
#include "engine/retry.h"
#include "base/cancel.h"
#include "base/log.h"

#include <string.h>
#include <time.h>

engine_status session_open(session *s, const sluice_setup *setup, sluice_write_mode mode,
                           int with_source, error_report *err)
{
    memset(s, 0, sizeof *s);
    s->setup = setup;
    s->source_ops = setup->source.plugin.descriptor->source;
    s->sink_ops = setup->sink.plugin.descriptor->sink;
    const char *passphrase = setup->core.network_passphrase;
    s->indexing.network_passphrase = passphrase;
    indexer_parse_store_xdr(setup->core.store_xdr, &s->indexing.store_xdr);
    s->indexing.diagnostic_events = setup->core.diagnostic_events != 0;
    uint32_t flags = mode == SLUICE_MODE_READ ? SLUICE_OPEN_READ_ONLY
                     : setup->core.auto_migrate ? 0 : SLUICE_OPEN_NO_MIGRATE;
    sluice_status opened = instance_open_with(&s->sink, &setup->sink, passphrase, flags, err);
    if (opened != SLUICE_OK)
        return engine_status_of_open(opened);
    if (s->sink_ops->set_mode) {
        sluice_status status = s->sink_ops->set_mode(s->sink.handle, mode);
        if (status != SLUICE_OK)
            return engine_plugin_failure(&s->sink, status, err, "sink: set mode");
    }
    if (with_source &&
        (opened = instance_open(&s->source, &setup->source, passphrase, err)) != SLUICE_OK)
        return engine_status_of_open(opened);
    return ENGINE_OK;
}

static int64_t monotonic_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

engine_status session_open_at_start(session *s, const sluice_setup *setup,
                                    sluice_write_mode mode, int with_source, error_report *err)
{
    int64_t timeout = setup->core.startup_timeout_ms;
    int64_t deadline = monotonic_ms() + timeout;
    for (unsigned attempt = 1;; attempt++) {
        engine_status result = session_open(s, setup, mode, with_source, err);
        int64_t left = deadline - monotonic_ms();
        if (result != ENGINE_UNAVAILABLE || cancel_requested() || left <= 0) {
            if (result == ENGINE_UNAVAILABLE && timeout > 0 && !cancel_requested())
                log_write("core", SLUICE_LOG_ERROR, "still unreachable after startup_timeout "
                          "(%lld s, %u attempts): %s", (long long)(timeout / 1000), attempt,
                          err->message);
            return result;
        }
        session_close(s);
        unsigned delay = retry_backoff_ms(attempt);
        if (delay > left)
            delay = (unsigned)left;
        log_write("core", SLUICE_LOG_WARN, "unreachable at start: %s; attempt %u, retrying in "
                  "%u ms (for %lld s more, startup_timeout)", err->message, attempt, delay,
                  (long long)(left / 1000));
        retry_sleep(delay);
        if (cancel_requested()) {
            report_set(err, NULL, NULL, "stopped while waiting for the store or source at start");
            return ENGINE_INTERRUPTED;
        }
    }
}

void session_close(session *s)
{
    instance_close(&s->source);
    instance_close(&s->sink);
}

engine_status session_cursor(session *s, const char *name, uint32_t *value, int *present,
                             error_report *err)
{
    sluice_status status = s->sink_ops->cursor_get(s->sink.handle, name, value, present);
    if (status == SLUICE_OK) {
        metric_set(METRIC_STORE_UP, 1);
        return ENGINE_OK;
    }
    return engine_plugin_failure(&s->sink, status, err, "sink: read cursor %s", name);
}

void session_show_oldest(session *s)
{
    uint32_t oldest;
    int present;
    error_report ignored;
    if (session_cursor(s, SLUICE_CURSOR_OLDEST, &oldest, &present, &ignored) == ENGINE_OK &&
        present)
        metric_set(METRIC_OLDEST_LEDGER, oldest);
}

engine_status session_source_tip(session *s, uint32_t *tip, error_report *err)
{
    if (!s->source_ops->latest_available) {
        report_set(err, NULL, NULL, "source plugin %s cannot report its newest ledger",
                   s->setup->source.plugin.descriptor->name);
        return ENGINE_CONFIG;
    }
    sluice_status status = s->source_ops->latest_available(s->source.handle, tip);
    if (status == SLUICE_OK)
        return ENGINE_OK;
    return engine_plugin_failure(&s->source, status, err, "source: newest ledger");
}

engine_status session_sink_failure(session *s, sluice_status status, error_report *err,
                                   const char *what, uint32_t ledger)
{
    s->sink_ops->rollback(s->sink.handle);
    return engine_plugin_failure(&s->sink, status, err, "sink: %s at ledger %u", what, ledger);
}
