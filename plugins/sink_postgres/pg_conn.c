/* pg_conn.c — the sink's connections: connect with session settings, run
 * statements, classify failures by SQLSTATE, report them through
 * host->error, and retry transient ones with capped exponential backoff
 * and a reconnect.  The DSN is never put into a message (it may hold a
 * password); libpq's own messages do not repeat it. */
#include "config.h"

#include "pg_sink.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define BACKOFF_FIRST_MS 100

/* SQLSTATEs after which running the same work again may succeed. */
static int sqlstate_is_transient(const char *state)
{
    static const char *const transient[] = {
        "40001", /* serialization_failure */
        "40P01", /* deadlock_detected */
        "57P01", /* admin_shutdown */
        "57P02", /* crash_shutdown */
        "57P03", /* cannot_connect_now */
        "57014", /* query_canceled (statement_timeout) */
        "53300", /* too_many_connections */
        "55P03", /* lock_not_available */
    };
    if (strncmp(state, "08", 2) == 0) /* connection_exception class */
        return 1;
    for (size_t i = 0; i < sizeof transient / sizeof *transient; i++)
        if (strcmp(state, transient[i]) == 0)
            return 1;
    return 0;
}

/* Whether a result's SQLSTATE says the failure is transient; without one
 * (libpq itself failed: a lost or refused connection) it is. */
static int pg_failure_is_transient(PGconn *conn, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (state)
        return sqlstate_is_transient(state);
    /* No SQLSTATE: libpq itself failed, in practice a lost or refused
     * connection.  PQstatus may still say CONNECTION_OK right after a
     * statement failed with "server closed the connection unexpectedly". */
    (void)conn;
    return 1;
}

static void trim_end(char *text)
{
    size_t len = strlen(text);
    while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
        text[--len] = '\0';
}

/* Copy src into dst without its trailing newlines. */
static void trimmed(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
    trim_end(dst);
}

sluice_status pg_report(pg_sink *sink, PGconn *conn, const PGresult *res, const char *hint,
                        const char *what_fmt, ...)
{
    char what[512], primary[512], message[1100], detail[1500];
    va_list ap;
    va_start(ap, what_fmt);
    vsnprintf(what, sizeof what, what_fmt, ap);
    va_end(ap);
    const char *server_primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    trimmed(primary, sizeof primary,
            server_primary ? server_primary : conn ? PQerrorMessage(conn) : "no connection");
    snprintf(message, sizeof message, "%s: %s", what, primary[0] ? primary : "unknown error");

    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *server_detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    const char *context = res ? PQresultErrorField(res, PG_DIAG_CONTEXT) : NULL;
    char extra[1200];
    trimmed(extra, sizeof extra, server_detail);
    snprintf(detail, sizeof detail, "SQLSTATE %s%s%s%s%s", state ? state : "(none: connection)",
             extra[0] ? "; " : "", extra, context ? "; context: " : "", context ? context : "");
    trim_end(detail);

    int transient = pg_failure_is_transient(conn, res);
    const char *server_hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
    if (!hint)
        hint = server_hint ? server_hint
               : transient ? "This failure is transient; the work is retried from its start."
                           : NULL;
    sink->host->error(sink->host, message, detail, hint);
    return transient ? SLUICE_ERROR_RETRY : SLUICE_ERROR;
}

/* Sleep before retry number `attempt` (from 0): capped exponential backoff,
 * waking every 100 ms to honour host->cancelled. */
static sluice_status pg_backoff(pg_sink *sink, unsigned attempt)
{
    int64_t delay = BACKOFF_FIRST_MS;
    for (unsigned i = 0; i < attempt && delay < sink->retry_max_delay_ms; i++)
        delay *= 2;
    if (delay > sink->retry_max_delay_ms)
        delay = sink->retry_max_delay_ms;
    for (int64_t slept = 0; slept < delay; slept += 100) {
        if (sink->host->cancelled(sink->host)) {
            sink->host->error(sink->host, "cancelled while waiting to retry", NULL, NULL);
            return SLUICE_ERROR_CANCELLED;
        }
        int64_t step = delay - slept < 100 ? delay - slept : 100;
        struct timespec pause = {0, (long)step * 1000000L};
        nanosleep(&pause, NULL);
    }
    return SLUICE_OK;
}

sluice_status pg_exec(pg_sink *sink, PGconn *conn, const char *sql, const char *what)
{
    PGresult *res = PQexec(conn, sql);
    ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    sluice_status result = SLUICE_OK;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        result = pg_report(sink, conn, res, NULL, "%s", what);
    PQclear(res);
    return result;
}

sluice_status pg_query(pg_sink *sink, const char *sql, int nparams, const char *const *params,
                       int binary_result, PGresult **result, const char *what)
{
    PGresult *res = PQexecParams(sink->conn, sql, nparams, NULL, params, NULL, NULL,
                                 binary_result);
    ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        sluice_status failed = pg_report(sink, sink->conn, res, NULL, "%s", what);
        PQclear(res);
        *result = NULL;
        return failed;
    }
    *result = res;
    return SLUICE_OK;
}

/* Server notices (e.g. "already exists, skipping") go to the log at debug
 * level: a plugin never prints. */
static void log_notice(void *context, const char *message)
{
    pg_sink *sink = context;
    char line[512];
    trimmed(line, sizeof line, message);
    sink->host->log(sink->host, SLUICE_LOG_DEBUG, "server notice: %s", line);
}

/* One connection attempt, session settings included. */
static sluice_status connect_once(pg_sink *sink, const char *application_name, PGconn **out)
{
    const char *const keywords[] = {"dbname", "fallback_application_name", NULL};
    const char *const values[] = {sink->dsn ? sink->dsn : "", application_name, NULL};
    PGconn *conn = PQconnectdbParams(keywords, values, 1);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        pg_report(sink, conn, NULL, "Check the sink's dsn (or SLUICE_SINK_DSN / the PG* "
                  "environment variables) and that the server is running.",
                  "cannot connect to PostgreSQL");
        PQfinish(conn);
        return SLUICE_ERROR_RETRY;
    }
    PQsetNoticeProcessor(conn, log_notice, sink);
    char settings[320];
    /* a read-only instance's session refuses every write, as a guard */
    snprintf(settings, sizeof settings,
             "SET statement_timeout = %" PRId64 "; SET client_encoding = 'UTF8'; "
             "SET timezone = 'UTC'; SET datestyle = 'ISO'%s",
             sink->statement_timeout_ms,
             (sink->open_flags & SLUICE_OPEN_READ_ONLY)
                 ? "; SET default_transaction_read_only = on" : "");
    sluice_status status = pg_exec(sink, conn, settings, "cannot apply session settings");
    if (status != SLUICE_OK) {
        PQfinish(conn);
        return status;
    }
    *out = conn;
    return SLUICE_OK;
}

sluice_status pg_connect(pg_sink *sink, const char *application_name, PGconn **out)
{
    *out = NULL;
    sluice_status status = SLUICE_ERROR_RETRY;
    for (unsigned attempt = 0; attempt < (unsigned)sink->retry_attempts; attempt++) {
        if (attempt && (status = pg_backoff(sink, attempt - 1)) != SLUICE_OK)
            return status;
        status = connect_once(sink, application_name, out);
        if (status != SLUICE_ERROR_RETRY)
            return status;
    }
    return status;
}

/* Reconnect the data connection if it is broken (outside transactions);
 * one attempt: callers run it inside pg_retrying. */
static sluice_status pg_ensure_connected(pg_sink *sink)
{
    if (sink->conn && PQstatus(sink->conn) == CONNECTION_OK)
        return SLUICE_OK;
    if (sink->async_commits_unflushed) {
        /* a crash may have taken acknowledged commits: a quiet reconnect
         * would let the batch go on above a hole */
        sink->async_commits_unflushed = 0;
        sink->host->error(sink->host,
                          "the connection to PostgreSQL broke after commits made with "
                          "synchronous_commit off",
                          "A server crash may have taken those commits.",
                          "The core writes the batch again from its start.");
        return SLUICE_ERROR_RETRY;
    }
    PQfinish(sink->conn);
    sink->conn = NULL;
    sink->host->log(sink->host, SLUICE_LOG_WARN, "reconnecting to PostgreSQL");
    return connect_once(sink, PG_DATA_APPLICATION_NAME, &sink->conn);
}

sluice_status pg_retrying(pg_sink *sink, pg_operation operation, void *context)
{
    sluice_status status = SLUICE_ERROR_RETRY;
    for (unsigned attempt = 0; attempt < (unsigned)sink->retry_attempts; attempt++) {
        if (attempt) {
            sink->host->log(sink->host, SLUICE_LOG_WARN, "transient failure, retry %u of %" PRId64,
                            attempt, sink->retry_attempts - 1);
            if ((status = pg_backoff(sink, attempt - 1)) != SLUICE_OK)
                return status;
        }
        if (!sink->in_transaction && (status = pg_ensure_connected(sink)) != SLUICE_OK)
            return status;
        status = operation(sink, context);
        if (status != SLUICE_ERROR_RETRY || sink->in_transaction)
            return status;
    }
    return status;
}

void pg_qualified(const pg_sink *sink, const char *table, char *out, size_t size)
{
    snprintf(out, size, "%s.%s", sink->schema_ident, table);
}
