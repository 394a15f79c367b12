/* session.h — one worker's open plugin instances: a source (optional) and
 * a sink, opened from the setup, with the sink told its write mode.  The
 * live writer has one session; each catchup or backfill worker its own
 * (plugin instances are per worker, see <sluice/plugin.h>). */
#ifndef SLUICE_SESSION_H
#define SLUICE_SESSION_H

#include <sluice/plugin.h>

#include "indexer/indexer.h"
#include "host/instance.h"
#include "base/report.h"
#include "config/setup.h"

typedef struct session {
    const sluice_setup *setup;
    plugin_instance source;     /* handle NULL when not opened */
    plugin_instance sink;
    const sluice_source_ops *source_ops;
    const sluice_sink_ops *sink_ops;
    indexer_options indexing;   /* from [sluice]: passphrase, store_xdr */
    sluice_status last_sink_failure; /* status of the last failed sink call */
} session;

/* Open the sink (in mode) and, if with_source, the source.  Returns an exit
 * code; on failure err says why and session_close is still required. */
int session_open(session *s, const sluice_setup *setup, sluice_write_mode mode,
                 int with_source, error_report *err);
void session_close(session *s);

/* Read a cursor; exit code, err on failure. */
int session_cursor(session *s, const char *name, uint32_t *value, int *present,
                   error_report *err);

/* The source's newest ledger (latest_available); exit code.  EXIT_CONFIG
 * with err when the source cannot tell. */
int session_source_tip(session *s, uint32_t *tip, error_report *err);

/* Whether the last sink failure may pass by retrying: a lost connection
 * or server (SLUICE_ERROR_RETRY), or a writer lock lost at commit (which
 * the retry takes again, or reports held by another writer). */
int session_failure_is_transient(const session *s);

/* Sleep before retry `attempt` (1, 2, ...): 0.5 s doubling, capped at 10 s;
 * returns early when a stop is requested. */
void session_backoff(unsigned attempt);

/* Turn a failed sink status into err + exit code, rolling back first. */
int session_sink_failure(session *s, sluice_status status, error_report *err,
                         const char *what, uint32_t ledger);

#endif
