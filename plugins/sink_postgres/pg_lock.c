/* pg_lock.c — the single-writer lock of G2: a session advisory lock
 * (pg_try_advisory_lock) on a key derived from the network passphrase and
 * the schema, held by a dedicated connection for the life of the instance.
 * A session lock lasts exactly as long as its connection, so before each
 * commit the sink checks that connection is still alive; if it died
 * (pg_terminate_backend, server restart, failover) the lock may be held by
 * someone else: the commit fails with SLUICE_ERROR_LOCKED, and every begin
 * after it, until lock() takes the lock again on a new session. */
#include "config.h"

#include "pg_sink.h"

#include <stdio.h>
#include <string.h>

#define LOCK_KEY_SQL "hashtextextended('sluice writer' || chr(10) || $1 || chr(10) || $2, 0)"

/* Who holds the lock now, for the refusal's detail. */
static void describe_holder(pg_sink *sink, char *detail, size_t size)
{
    const char *params[] = {sink->host->network_passphrase ? sink->host->network_passphrase : "",
                            sink->schema};
    PGresult *res = PQexecParams(sink->lock_conn,
        "SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.client_addr::text, 'local') "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND (l.classid::bigint << 32 | l.objid::bigint) = (" LOCK_KEY_SQL ")",
        2, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
        snprintf(detail, size, "schema %s is locked by server process %s (%s, from %s)",
                 sink->schema, PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
    else
        snprintf(detail, size, "schema %s is locked by another session", sink->schema);
    PQclear(res);
}

sluice_status pg_lock(void *instance)
{
    pg_sink *sink = instance;
    if (sink->lock_conn && !sink->lock_lost && PQstatus(sink->lock_conn) == CONNECTION_OK)
        return SLUICE_OK;
    /* first call, or the lock was lost: take it again on a new session (the
     * core re-reads the cursors after a lost lock, so this is safe) */
    PQfinish(sink->lock_conn);
    sink->lock_conn = NULL;
    sluice_status status = pg_connect(sink, PG_LOCK_APPLICATION_NAME, &sink->lock_conn);
    if (status != SLUICE_OK)
        return status;
    const char *params[] = {sink->host->network_passphrase ? sink->host->network_passphrase : "",
                            sink->schema};
    PGresult *res = PQexecParams(sink->lock_conn, "SELECT pg_try_advisory_lock(" LOCK_KEY_SQL ")",
                                 2, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        status = pg_report(sink, sink->lock_conn, res, NULL, "cannot take the writer lock");
    } else if (strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
        char detail[512];
        describe_holder(sink, detail, sizeof detail);
        sink->host->error(sink->host, "another sluice instance is the writer of this store",
                          detail, "Only one live ingestion may run per store and schema; stop "
                          "the other one first.  Backfill needs no lock.");
        status = SLUICE_ERROR_LOCKED;
    }
    PQclear(res);
    if (status != SLUICE_OK) {
        PQfinish(sink->lock_conn);
        sink->lock_conn = NULL;
        return status;
    }
    sink->lock_lost = 0;
    sink->host->log(sink->host, SLUICE_LOG_INFO, "writer lock taken on schema %s", sink->schema);
    return SLUICE_OK;
}

static sluice_status lock_lost(pg_sink *sink, const char *why)
{
    sink->lock_lost = 1;
    sink->host->error(sink->host, "the writer lock was lost; ingestion stops",
                      why, "The lock connection ended (server restart, failover or "
                      "pg_terminate_backend); another instance may be writing now.  Nothing of "
                      "this transaction was committed; lock() must take the lock again.");
    return SLUICE_ERROR_LOCKED;
}

sluice_status pg_lock_check(pg_sink *sink)
{
    if (sink->lock_lost)
        return lock_lost(sink, "the lock connection failed earlier");
    if (!sink->lock_conn)
        return SLUICE_OK; /* backfill: no lock to keep */
    PGresult *res = PQexec(sink->lock_conn, "SELECT 1");
    int alive = PQresultStatus(res) == PGRES_TUPLES_OK;
    char why[512];
    snprintf(why, sizeof why, "%s", alive ? "" : PQerrorMessage(sink->lock_conn));
    why[strcspn(why, "\n")] = '\0';
    PQclear(res);
    return alive ? SLUICE_OK : lock_lost(sink, why);
}
