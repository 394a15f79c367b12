/* session.h — one worker's open plugin instances: a source (optional) and
 * a sink, opened from the setup, with the sink told its write mode.  The
 * live writer has one session; each catchup or backfill worker its own
 * (plugin instances are per worker, see <sluice/plugin.h>). */
#ifndef SLUICE_SESSION_H
#define SLUICE_SESSION_H

#include <sluice/plugin.h>

#include "engine/engine_status.h"
#include "indexer/indexer.h"
#include "host/instance.h"
#include "base/report.h"
#include "host/setup.h"

typedef struct session {
    const sluice_setup *setup;
    plugin_instance source;     /* handle NULL when not opened */
    plugin_instance sink;
    const sluice_source_ops *source_ops;
    const sluice_sink_ops *sink_ops;
    indexer_options indexing;   /* from [sluice]: passphrase, store_xdr */
} session;

/* Open the sink (in mode: SLUICE_MODE_READ opens it read-only, the
 * others migrate as auto_migrate says) and, if with_source, the source.  On failure
 * err says why and session_close is still required. */
engine_status session_open(session *s, const sluice_setup *setup, sluice_write_mode mode,
                           int with_source, error_report *err);
void session_close(session *s);

/* session_open for run and backfill at start: a plugin that cannot reach
 * its service (ENGINE_UNAVAILABLE) is opened again with backoff until
 * startup_timeout has passed, which then returns ENGINE_UNAVAILABLE (a
 * stop request: ENGINE_INTERRUPTED).  session_close is still required. */
engine_status session_open_at_start(session *s, const sluice_setup *setup,
                                    sluice_write_mode mode, int with_source, error_report *err);

/* Read a cursor; err on failure. */
engine_status session_cursor(session *s, const char *name, uint32_t *value, int *present,
                             error_report *err);

/* Read the oldest cursor back into sluice_oldest_ledger, after a commit
 * that may have moved it: the gauge shows the cursor as stored (UpdateMin
 * keeps a lower one another run set).  A failed read leaves the gauge. */
void session_show_oldest(session *s);

/* The source's newest ledger (latest_available).  ENGINE_CONFIG with err
 * when the source cannot tell. */
engine_status session_source_tip(session *s, uint32_t *tip, error_report *err);

/* A failed sink call in a transaction: roll back, take the sink's error
 * into err. */
engine_status session_sink_failure(session *s, sluice_status status, error_report *err,
                                   const char *what, uint32_t ledger);

#endif
