/* pg_transaction.c — the sink transaction: begin (reconnecting first if
 * the data connection broke), commit (flush buffered rows, re-check the
 * writer lock, COMMIT and verify it committed), rollback (never fails).
 * With backfill_synchronous_commit = false (the default), backfill
 * transactions commit with synchronous_commit off, except a batch's last
 * one (see pg_cursor_update_min), so a batch the core reports done is
 * durable; and a connection that breaks after an asynchronous commit is a
 * transient failure, never a quiet reconnect (pg_ensure_connected), so the
 * core writes the batch again from its start. */
#include "config.h"

#include "pg_sink.h"

#include <string.h>

sluice_status pg_require_transaction(pg_sink *sink, const char *what)
{
    if (sink->in_transaction)
        return SLUICE_OK;
    sink->host->error(sink->host, "no open transaction", what,
                      "The core must call begin() first (a sluice bug).");
    return SLUICE_ERROR;
}

/* Whether this instance's transactions commit with synchronous_commit off
 * (backfill or reingest mode with backfill_synchronous_commit = false). */
static int pg_commits_async(const pg_sink *sink)
{
    return (sink->mode == SLUICE_MODE_BACKFILL || sink->mode == SLUICE_MODE_REINGEST) &&
           !sink->backfill_synchronous_commit;
}

static sluice_status begin_once(pg_sink *sink, void *context)
{
    (void)context;
    return pg_exec(sink, sink->conn,
                   pg_commits_async(sink) ? "BEGIN; SET LOCAL synchronous_commit = off" : "BEGIN",
                   "cannot begin a transaction");
}

sluice_status pg_begin(void *instance)
{
    pg_sink *sink = instance;
    if (sink->in_transaction) {
        sink->host->error(sink->host, "a transaction is already open", NULL,
                          "The core must commit or roll back first (a sluice bug).");
        return SLUICE_ERROR;
    }
    if (sink->mode == SLUICE_MODE_READ) {
        sink->host->error(sink->host, "this sink instance was opened read-only", NULL, NULL);
        return SLUICE_ERROR;
    }
    sluice_status status = pg_lock_check(sink);
    if (status != SLUICE_OK)
        return status;
    if ((status = pg_retrying(sink, begin_once, NULL)) != SLUICE_OK)
        return status;
    pg_discard_buffers(sink);
    sink->in_transaction = 1;
    sink->commit_durable = !pg_commits_async(sink);
    return SLUICE_OK;
}

sluice_status pg_commit(void *instance)
{
    pg_sink *sink = instance;
    sluice_status status = pg_require_transaction(sink, "commit");
    if (status != SLUICE_OK)
        return status;
    if ((status = pg_flush(sink)) != SLUICE_OK || (status = pg_lock_check(sink)) != SLUICE_OK)
        return status;
    PGresult *res = PQexec(sink->conn, "COMMIT");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        status = pg_report(sink, sink->conn, res, "The outcome of the commit is unknown when the "
                           "connection dropped; the cursors tell what is stored.",
                           "commit failed");
    } else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
        /* an aborted transaction "commits" as ROLLBACK */
        sink->host->error(sink->host, "the transaction was rolled back by the server", NULL, NULL);
        status = SLUICE_ERROR;
    }
    PQclear(res);
    if (status == SLUICE_OK) {
        sink->in_transaction = 0;
        /* a durable commit flushes the WAL of every commit before it */
        sink->async_commits_unflushed = !sink->commit_durable;
        pg_discard_buffers(sink);
    }
    return status;
}

void pg_rollback(void *instance)
{
    pg_sink *sink = instance;
    if (!sink->in_transaction)
        return;
    if (sink->conn && PQstatus(sink->conn) == CONNECTION_OK)
        PQclear(PQexec(sink->conn, "ROLLBACK"));
    sink->in_transaction = 0;
    pg_discard_buffers(sink);
}
