/* pg_check.c — check_rows for `sluice verify`: whether each stored
 * ledger's rows agree with its ledger row (transaction and operation
 * counts, each transaction's operation count, each transaction's source
 * among its participants).  Ids are TOIDs, so a ledger range is an id
 * range and each query reads only the partitions of the range; the range
 * is read CHECK_CHUNK ledgers at a time, so a check of millions of ledgers
 * holds one chunk's aggregates at once. */
#include "config.h"

#include "pg_sink.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define CHECK_CHUNK 10000u

typedef struct row_check {
    uint32_t from, to;             /* the chunk */
    char *fault;
    size_t fault_size;
} row_check;

/* The checks: queries over @L (ledgers), @T (transactions), @O
 * (operations) and @P (transaction_participants) with $1, $2 the chunk's
 * first and last ledger; the first row, if any, is the fault, in words. */
static const char *const checks[] = {
    "SELECT format('ledger %s counts %s transactions but %s are stored', l.sequence,"
    " l.successful_transaction_count + l.failed_transaction_count, coalesce(t.n, 0))"
    " FROM @L l LEFT JOIN (SELECT ledger_sequence, count(*) AS n FROM @T"
    " WHERE id BETWEEN $1::bigint << 32 AND (($2::bigint + 1) << 32) - 1 GROUP BY 1) t"
    " ON t.ledger_sequence = l.sequence WHERE l.sequence BETWEEN $1::bigint AND $2::bigint"
    " AND l.successful_transaction_count + l.failed_transaction_count <> coalesce(t.n, 0)"
    " ORDER BY l.sequence LIMIT 1",
    "SELECT format('ledger %s counts %s operations but %s are stored', l.sequence,"
    " l.operation_count, coalesce(o.n, 0))"
    " FROM @L l LEFT JOIN (SELECT id >> 32 AS sequence, count(*) AS n FROM @O"
    " WHERE id BETWEEN $1::bigint << 32 AND (($2::bigint + 1) << 32) - 1 GROUP BY 1) o"
    " ON o.sequence = l.sequence WHERE l.sequence BETWEEN $1::bigint AND $2::bigint"
    " AND l.operation_count <> coalesce(o.n, 0) ORDER BY l.sequence LIMIT 1",
    /* materialized: under ORDER BY ... LIMIT 1 the planner picks a nested
     * loop over the whole chunk (seconds for a few thousand transactions) */
    "WITH wrong AS MATERIALIZED (SELECT t.ledger_sequence, t.id, t.operation_count,"
    " coalesce(o.n, 0) AS stored FROM @T t"
    " LEFT JOIN (SELECT transaction_id, count(*) AS n FROM @O"
    " WHERE id BETWEEN $1::bigint << 32 AND (($2::bigint + 1) << 32) - 1 GROUP BY 1) o"
    " ON o.transaction_id = t.id"
    " WHERE t.id BETWEEN $1::bigint << 32 AND (($2::bigint + 1) << 32) - 1"
    " AND t.operation_count <> coalesce(o.n, 0))"
    " SELECT format('ledger %s: transaction %s counts %s operations but %s are stored',"
    " ledger_sequence, id, operation_count, stored) FROM wrong ORDER BY id LIMIT 1",
    "SELECT format('ledger %s: transaction %s lacks its source %s among its participants',"
    " t.ledger_sequence, t.id, t.source_account) FROM @T t"
    " WHERE t.id BETWEEN $1::bigint << 32 AND (($2::bigint + 1) << 32) - 1"
    " AND NOT EXISTS (SELECT 1 FROM @P p WHERE p.id = t.id AND p.account = t.source_account)"
    " ORDER BY t.id LIMIT 1",
};

/* Expand @L, @T, @O and @P into the schema's tables. */
static void expand_tables(const pg_sink *sink, const char *sql, char *out, size_t size)
{
    static const char *const tables[] = {"ledgers", "transactions", "operations",
                                         "transaction_participants"};
    static const char marks[] = "LTOP";
    size_t used = 0;
    out[0] = 0;
    for (const char *p = sql; *p && used + 1 < size; p++) {
        const char *mark = p[0] == '@' && p[1] ? strchr(marks, p[1]) : NULL;
        if (!mark) {
            out[used++] = *p;
            out[used] = 0;
            continue;
        }
        char table[192];
        pg_qualified(sink, tables[mark - marks], table, sizeof table);
        used += (size_t)snprintf(out + used, size - used, "%s", table);
        p++;
    }
}

static sluice_status run_checks(pg_sink *sink, void *context)
{
    row_check *c = context;
    char from_text[16], to_text[16], sql[2048];
    snprintf(from_text, sizeof from_text, "%" PRIu32, c->from);
    snprintf(to_text, sizeof to_text, "%" PRIu32, c->to);
    const char *params[] = {from_text, to_text};
    for (size_t i = 0; i < sizeof checks / sizeof checks[0] && !c->fault[0]; i++) {
        expand_tables(sink, checks[i], sql, sizeof sql);
        PGresult *res = NULL;
        sluice_status status = pg_query(sink, sql, 2, params, 0, &res,
                                        "cannot check the stored rows");
        if (status != SLUICE_OK)
            return status;
        if (PQntuples(res) > 0 && PQnfields(res) == 1)
            snprintf(c->fault, c->fault_size, "%s", PQgetvalue(res, 0, 0));
        PQclear(res);
    }
    return SLUICE_OK;
}

sluice_status pg_check_rows(void *instance, uint32_t from, uint32_t to, char *fault,
                            size_t fault_size)
{
    pg_sink *sink = instance;
    if (fault_size == 0 || from > to) {
        sink->host->errorf(sink->host, "check_rows: no room for the fault, or an empty range",
                           NULL, "from %" PRIu32 ", to %" PRIu32 ", fault_size %zu", from, to,
                           fault_size);
        return SLUICE_ERROR;
    }
    fault[0] = 0;
    for (uint64_t start = from; start <= to && !fault[0]; start += CHECK_CHUNK) {
        if (sink->host->cancelled(sink->host))
            return SLUICE_ERROR_CANCELLED;
        uint64_t end = start + CHECK_CHUNK - 1 < to ? start + CHECK_CHUNK - 1 : to;
        row_check c = {(uint32_t)start, (uint32_t)end, fault, fault_size};
        sluice_status status = pg_retrying(sink, run_checks, &c);
        if (status != SLUICE_OK)
            return status;
    }
    return SLUICE_OK;
}
