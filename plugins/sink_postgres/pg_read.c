/* pg_read.c — read-only queries over the ledgers table: gaps (G5), a
 * window function over ledgers.sequence with sentinels just outside the
 * range so that holes at either end and a wholly empty range are found;
 * and the hash chain for verify (G8), read in keyset-paginated chunks. */
#include "config.h"

#include "pg_sink.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define CHAIN_CHUNK 10000

static sluice_status range_check(pg_sink *sink, uint32_t from, uint32_t to)
{
    if (from <= to)
        return SLUICE_OK;
    sink->host->errorf(sink->host, "empty ledger range", NULL, "from %" PRIu32 " > to %" PRIu32,
                       from, to);
    return SLUICE_ERROR;
}

typedef struct gap_query {
    uint32_t from, to;
    sluice_gap_callback callback;
    void *context;
} gap_query;

/* Parse a bigint column that must hold a ledger number. */
static int column_ledger(const PGresult *res, int row, int column, uint32_t *value)
{
    unsigned long long parsed;
    char tail;
    if (sscanf(PQgetvalue(res, row, column), "%llu%c", &parsed, &tail) != 1 || parsed > UINT32_MAX)
        return 0;
    *value = (uint32_t)parsed;
    return 1;
}

static sluice_status query_gaps(pg_sink *sink, void *context)
{
    gap_query *q = context;
    char table[192], sql[768], from_text[16], to_text[16];
    pg_qualified(sink, "ledgers", table, sizeof table);
    snprintf(sql, sizeof sql,
             "SELECT previous + 1, sequence - 1 FROM ("
             " SELECT sequence, lag(sequence) OVER (ORDER BY sequence) AS previous FROM ("
             "  SELECT sequence FROM %s WHERE sequence BETWEEN $1::bigint AND $2::bigint"
             "  UNION ALL SELECT $1::bigint - 1 UNION ALL SELECT $2::bigint + 1) AS bounded"
             ") AS steps WHERE sequence - previous > 1 ORDER BY sequence", table);
    snprintf(from_text, sizeof from_text, "%" PRIu32, q->from);
    snprintf(to_text, sizeof to_text, "%" PRIu32, q->to);
    const char *params[] = {from_text, to_text};
    PGresult *res = NULL;
    sluice_status status = pg_query(sink, sql, 2, params, 0, &res, "cannot find gaps");
    if (status != SLUICE_OK)
        return status;
    for (int row = 0; row < PQntuples(res); row++) {
        sluice_gap gap = {.struct_size = sizeof gap};
        if (!column_ledger(res, row, 0, &gap.from) || !column_ledger(res, row, 1, &gap.to)) {
            sink->host->error(sink->host, "the gap query returned a value that is not a ledger",
                              PQgetvalue(res, row, 0), NULL);
            status = SLUICE_ERROR;
            break;
        }
        if (q->callback(q->context, &gap))
            break;
    }
    PQclear(res);
    return status;
}

sluice_status pg_gaps(void *instance, uint32_t from, uint32_t to, sluice_gap_callback callback,
                      void *context)
{
    sluice_status status = range_check(instance, from, to);
    if (status != SLUICE_OK)
        return status;
    gap_query q = {from, to, callback, context};
    return pg_retrying(instance, query_gaps, &q);
}

/* One big-endian int8 from a binary result. */
static uint64_t binary_int8(const PGresult *res, int row, int column)
{
    const unsigned char *p = (const unsigned char *)PQgetvalue(res, row, column);
    uint64_t value = 0;
    for (int i = 0; i < 8; i++)
        value = value << 8 | p[i];
    return value;
}

typedef struct chain_query {
    uint32_t from, to;             /* from moves forward chunk by chunk */
    sluice_chain_callback callback;
    void *context;
    int stopped;
} chain_query;

static sluice_status query_chain_chunk(pg_sink *sink, void *context)
{
    chain_query *q = context;
    char table[192], sql[384], from_text[16], to_text[16];
    pg_qualified(sink, "ledgers", table, sizeof table);
    snprintf(sql, sizeof sql, "SELECT sequence, hash, previous_hash FROM %s "
             "WHERE sequence BETWEEN $1::bigint AND $2::bigint ORDER BY sequence LIMIT %d",
             table, CHAIN_CHUNK);
    snprintf(from_text, sizeof from_text, "%" PRIu32, q->from);
    snprintf(to_text, sizeof to_text, "%" PRIu32, q->to);
    const char *params[] = {from_text, to_text};
    PGresult *res = NULL;
    sluice_status status = pg_query(sink, sql, 2, params, 1, &res, "cannot read the hash chain");
    if (status != SLUICE_OK)
        return status;
    int rows = PQntuples(res);
    for (int row = 0; row < rows && !q->stopped; row++) {
        sluice_chain_link link = {.struct_size = sizeof link};
        uint64_t sequence = binary_int8(res, row, 0);
        if (PQgetlength(res, row, 0) != 8 || PQgetlength(res, row, 1) != 32 ||
            PQgetlength(res, row, 2) != 32 || sequence > UINT32_MAX) {
            sink->host->errorf(sink->host, "a stored ledger has a malformed sequence or hash",
                               NULL, "row %d after ledger %" PRIu32, row, q->from);
            status = SLUICE_ERROR_DATA;
            break;
        }
        link.sequence = (uint32_t)sequence;
        memcpy(link.hash, PQgetvalue(res, row, 1), 32);
        memcpy(link.previous_hash, PQgetvalue(res, row, 2), 32);
        q->stopped = q->callback(q->context, &link) != 0;
        q->from = link.sequence == UINT32_MAX ? link.sequence : link.sequence + 1;
        if (link.sequence == UINT32_MAX)
            q->stopped = 1;
    }
    if (rows < CHAIN_CHUNK)
        q->stopped = 1;
    PQclear(res);
    return status;
}

sluice_status pg_ledger_chain(void *instance, uint32_t from, uint32_t to,
                              sluice_chain_callback callback, void *context)
{
    sluice_status status = range_check(instance, from, to);
    chain_query q = {from, to, callback, context, 0};
    while (status == SLUICE_OK && !q.stopped)
        status = pg_retrying(instance, query_chain_chunk, &q);
    return status;
}
