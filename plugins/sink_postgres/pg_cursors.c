/* pg_cursors.c — the cursors of G7 in ingest_store(key, value):
 * cursor_advance is a guarded UPDATE that only succeeds when the stored
 * value is the expected one (catching a second writer or a corrupted
 * cursor), cursor_update_min moves a cursor only backward with LEAST.
 * Both run inside the open transaction, so they commit with the rows they
 * cover.  Values are decimal text (the reference wallet backend's shape). */
#include "config.h"

#include "pg_sink.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parse a stored cursor value: decimal, 0..UINT32_MAX, nothing else. */
static int parse_ledger(const char *text, uint32_t *value)
{
    if (!text || *text < '0' || *text > '9' || strlen(text) > 10)
        return 0;
    char *end;
    errno = 0;
    unsigned long long parsed = strtoull(text, &end, 10);
    if (errno || *end || parsed > UINT32_MAX)
        return 0;
    *value = (uint32_t)parsed;
    return 1;
}

typedef struct cursor_read {
    const char *name;
    uint32_t value;
    int present;
} cursor_read;

static sluice_status read_cursor(pg_sink *sink, void *context)
{
    cursor_read *read = context;
    char table[192], sql[512];
    pg_qualified(sink, "ingest_store", table, sizeof table);
    snprintf(sql, sizeof sql, "SELECT value FROM %s WHERE key = $1", table);
    const char *params[] = {read->name};
    PGresult *res = NULL;
    sluice_status status = pg_query(sink, sql, 1, params, 0, &res, "cannot read a cursor");
    if (status != SLUICE_OK)
        return status;
    read->present = PQntuples(res) == 1;
    if (read->present && !parse_ledger(PQgetvalue(res, 0, 0), &read->value)) {
        sink->host->errorf(sink->host, "a cursor in ingest_store is not a ledger number",
                           "The store was edited by hand or by another program; fix the value.",
                           "%s holds '%.60s'", read->name, PQgetvalue(res, 0, 0));
        status = SLUICE_ERROR_DATA;
    }
    PQclear(res);
    return status;
}

sluice_status pg_cursor_get(void *instance, const char *name, uint32_t *value, int *present)
{
    cursor_read read = {name, 0, 0};
    sluice_status status = pg_retrying(instance, read_cursor, &read);
    *value = read.value;
    *present = read.present;
    return status;
}

/* After a refused advance: say what is stored. */
static sluice_status advance_refused(pg_sink *sink, const char *name, int expected_present,
                                     uint32_t expected, uint32_t value)
{
    cursor_read stored = {name, 0, 0};
    sluice_status status = read_cursor(sink, &stored);
    if (status != SLUICE_OK)
        return status;
    char message[160], detail[256];
    snprintf(message, sizeof message, "cursor %s is not where this writer left it", name);
    char stored_text[16] = "unset", expected_text[16] = "unset";
    if (stored.present)
        snprintf(stored_text, sizeof stored_text, "%" PRIu32, stored.value);
    if (expected_present)
        snprintf(expected_text, sizeof expected_text, "%" PRIu32, expected);
    snprintf(detail, sizeof detail, "stored %s, expected %s (advancing to %" PRIu32 ")",
             stored_text, expected_text, value);
    sink->host->error(sink->host, message, detail,
                      "Another writer may be ingesting into this store, or the cursor was "
                      "changed by hand; nothing of this transaction was committed.");
    return SLUICE_ERROR;
}

sluice_status pg_cursor_advance(void *instance, const char *name, int expected_present,
                                uint32_t expected, uint32_t value)
{
    pg_sink *sink = instance;
    sluice_status status = pg_require_transaction(sink, "cursor_advance");
    if (status != SLUICE_OK)
        return status;
    if (expected_present && value <= expected) {
        sink->host->errorf(sink->host, "a cursor advance must move forward", NULL,
                           "%s from %" PRIu32 " to %" PRIu32, name, expected, value);
        return SLUICE_ERROR;
    }
    char table[192], sql[512], expected_text[16], value_text[16];
    pg_qualified(sink, "ingest_store", table, sizeof table);
    snprintf(expected_text, sizeof expected_text, "%" PRIu32, expected);
    snprintf(value_text, sizeof value_text, "%" PRIu32, value);
    if (expected_present)
        snprintf(sql, sizeof sql, "UPDATE %s SET value = $2 WHERE key = $1 AND value = $3", table);
    else
        snprintf(sql, sizeof sql, "INSERT INTO %s (key, value) VALUES ($1, $2) "
                 "ON CONFLICT (key) DO NOTHING", table);
    const char *params[] = {name, value_text, expected_text};
    PGresult *res = NULL;
    status = pg_query(sink, sql, expected_present ? 3 : 2, params, 0, &res,
                      "cannot advance a cursor");
    if (status != SLUICE_OK)
        return status;
    int moved = strcmp(PQcmdTuples(res), "1") == 0;
    PQclear(res);
    return moved ? SLUICE_OK : advance_refused(sink, name, expected_present, expected, value);
}

sluice_status pg_cursor_update_min(void *instance, const char *name, uint32_t value)
{
    pg_sink *sink = instance;
    sluice_status status = pg_require_transaction(sink, "cursor_update_min");
    if (status != SLUICE_OK)
        return status;
    char table[192], sql[512], value_text[16];
    pg_qualified(sink, "ingest_store", table, sizeof table);
    snprintf(value_text, sizeof value_text, "%" PRIu32, value);
    snprintf(sql, sizeof sql, "INSERT INTO %s AS s (key, value) VALUES ($1, $2) "
             "ON CONFLICT (key) DO UPDATE SET value = "
             "LEAST(s.value::bigint, EXCLUDED.value::bigint)::text", table);
    const char *params[] = {name, value_text};
    PGresult *res = NULL;
    status = pg_query(sink, sql, 2, params, 0, &res, "cannot move a cursor back (UpdateMin)");
    PQclear(res);
    /* update-min ends a backfill batch: its commit is durable even when the
     * batch's others are not, and since the WAL is flushed in order that
     * makes every earlier commit durable too, so no batch the core reports
     * done can be lost in a server crash */
    if (status == SLUICE_OK && !sink->commit_durable) {
        status = pg_exec(sink, sink->conn, "SET LOCAL synchronous_commit = on",
                         "cannot make the batch's last commit durable");
        sink->commit_durable = status == SLUICE_OK;
    }
    return status;
}
