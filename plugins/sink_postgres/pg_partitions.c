/* pg_partitions.c — declarative partitioning of the history tables by
 * ledger range (partition_ledgers > 0).  The partitions holding a ledger
 * are made on demand, before its rows are buffered, in a short transaction
 * of their own on a separate connection: created as plain tables, then
 * attached with ALTER TABLE ... ATTACH PARTITION, which takes SHARE UPDATE
 * EXCLUSIVE on the parent and so neither waits for nor blocks writers
 * inside their transactions (COPY and DELETE take ROW EXCLUSIVE).  CREATE
 * TABLE ... PARTITION OF would take ACCESS EXCLUSIVE: it would wait for
 * every open writer, the one asking included once its own transaction has
 * written into the parent.  Concurrent creators (parallel backfill workers)
 * serialize on a transaction-level advisory lock; the later one finds the
 * partitions made.  All tables' partitions of a range are made in one
 * transaction, so they exist together or not at all. */
#include "config.h"

#include "pg_sink.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* TOIDs are ledger << 32 in a bigint: no row of a ledger >= 2^31 has one. */
#define TOID_LEDGER_LIMIT ((int64_t)1 << 31)

/* "<schema>.<table>_<first ledger, 10 digits>" into out. */
static void partition_name(const pg_sink *sink, const char *table, int64_t first, char *out,
                           size_t size)
{
    snprintf(out, size, "%s.%s_%010" PRId64, sink->schema_ident, table, first);
}

/* CREATE and ATTACH of one table's partition for ledgers first..end-1. */
static void append_partition(const pg_sink *sink, const pg_table_spec *spec, int64_t first,
                             int64_t end, text_buffer *sql)
{
    if (spec->key_is_toid && first >= TOID_LEDGER_LIMIT)
        return; /* the partition below reaches MAXVALUE */
    char parent[192], partition[224], bounds[96], statement[768];
    pg_qualified(sink, spec->name, parent, sizeof parent);
    partition_name(sink, spec->name, first, partition, sizeof partition);
    if (!spec->key_is_toid)
        snprintf(bounds, sizeof bounds, "(%" PRId64 ") TO (%" PRId64 ")", first, end);
    else if (end >= TOID_LEDGER_LIMIT)
        snprintf(bounds, sizeof bounds, "(%" PRId64 ") TO (MAXVALUE)", first << 32);
    else
        snprintf(bounds, sizeof bounds, "(%" PRId64 ") TO (%" PRId64 ")", first << 32, end << 32);
    int n = snprintf(statement, sizeof statement,
                     "CREATE TABLE %s (LIKE %s);"
                     "ALTER TABLE %s ATTACH PARTITION %s FOR VALUES FROM %s;",
                     partition, parent, parent, partition, bounds);
    text_buffer_append(sql, statement, (size_t)n);
}

/* Inside the partition transaction: lock, look, create what is missing
 * (every table's partition is looked for: a table added by a later
 * migration has none yet for ranges made before it). */
static sluice_status create_in_transaction(pg_sink *sink, int64_t first)
{
    char partitions[PG_TABLE_COUNT][224];
    const char *params[1 + PG_TABLE_COUNT] = {sink->schema};
    text_buffer query = {0};
    text_buffer_puts(&query, "SELECT pg_advisory_xact_lock(hashtextextended("
                     "'sluice partitions ' || $1, 0))");
    for (int t = 0; t < PG_TABLE_COUNT; t++) {
        partition_name(sink, pg_tables[t].name, first, partitions[t], sizeof partitions[t]);
        params[1 + t] = partitions[t];
        text_buffer_printf(&query, ", to_regclass($%d) IS NOT NULL", 2 + t);
    }
    if (!text_buffer_ok(&query)) {
        text_buffer_free(&query);
        sink->host->error(sink->host, "out of memory building the partitions", NULL, NULL);
        return SLUICE_ERROR;
    }
    PGresult *res = PQexecParams(sink->partition_conn, query.data, 1 + PG_TABLE_COUNT, NULL,
                                 params, NULL, NULL, 0);
    text_buffer_free(&query);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        sluice_status status = pg_report(sink, sink->partition_conn, res, NULL,
                                         "cannot lock the partitions of schema %s", sink->schema);
        PQclear(res);
        return status;
    }
    int64_t end = first + sink->partition_ledgers;
    text_buffer sql = {0};
    for (int t = 0; t < PG_TABLE_COUNT; t++)
        if (strcmp(PQgetvalue(res, 0, 1 + t), "t") != 0)
            append_partition(sink, &pg_tables[t], first, end, &sql);
    PQclear(res);
    if (sql.len == 0 && text_buffer_ok(&sql)) {
        text_buffer_free(&sql);
        return SLUICE_OK; /* all there */
    }
    sluice_status status;
    if (!text_buffer_ok(&sql)) {
        sink->host->error(sink->host, "out of memory building the partitions", NULL, NULL);
        status = SLUICE_ERROR;
    } else {
        char what[128];
        snprintf(what, sizeof what, "cannot create the partitions for ledgers %" PRId64
                 "..%" PRId64, first, end - 1);
        status = pg_exec(sink, sink->partition_conn, sql.data, what);
    }
    text_buffer_free(&sql);
    if (status == SLUICE_OK)
        sink->host->log(sink->host, SLUICE_LOG_INFO, "schema %s: partitions for ledgers %"
                        PRId64 "..%" PRId64 " created", sink->schema, first, end - 1);
    return status;
}

static sluice_status create_partitions(pg_sink *sink, int64_t first)
{
    if (sink->partition_conn && PQstatus(sink->partition_conn) != CONNECTION_OK) {
        PQfinish(sink->partition_conn);
        sink->partition_conn = NULL;
    }
    sluice_status status = SLUICE_OK;
    if (!sink->partition_conn &&
        (status = pg_connect(sink, PG_PARTITION_APPLICATION_NAME, &sink->partition_conn)) !=
            SLUICE_OK)
        return status;
    if ((status = pg_exec(sink, sink->partition_conn, "BEGIN",
                          "cannot begin creating partitions")) != SLUICE_OK)
        return status;
    status = create_in_transaction(sink, first);
    if (status == SLUICE_OK)
        return pg_exec(sink, sink->partition_conn, "COMMIT", "cannot commit the partitions");
    if (PQstatus(sink->partition_conn) == CONNECTION_OK)
        PQclear(PQexec(sink->partition_conn, "ROLLBACK"));
    return status;
}

sluice_status pg_partition_ensure(pg_sink *sink, uint32_t sequence)
{
    if (sink->partition_ledgers <= 0)
        return SLUICE_OK;
    int64_t first = (int64_t)sequence - (int64_t)sequence % sink->partition_ledgers;
    if (first == sink->partition_ensured)
        return SLUICE_OK;
    sluice_status status = create_partitions(sink, first);
    if (status == SLUICE_OK)
        sink->partition_ensured = first;
    return status;
}

sluice_status pg_partition_drop_below(pg_sink *sink, uint32_t from, uint32_t before,
                                      uint32_t *removed_to)
{
    int64_t first = (int64_t)from - (int64_t)from % sink->partition_ledgers;
    int64_t end = first + sink->partition_ledgers;
    *removed_to = from;
    if (end > (int64_t)before)
        return SLUICE_OK; /* the partition of `from` reaches the floor: it stays */
    text_buffer sql = {0};
    for (int t = 0; t < PG_TABLE_COUNT; t++) {
        char partition[224];
        partition_name(sink, pg_tables[t].name, first, partition, sizeof partition);
        text_buffer_printf(&sql, "DROP TABLE IF EXISTS %s;", partition);
    }
    sluice_status status;
    if (!text_buffer_ok(&sql)) {
        sink->host->error(sink->host, "out of memory building the partition drops", NULL, NULL);
        status = SLUICE_ERROR;
    } else {
        char what[128];
        snprintf(what, sizeof what, "cannot drop the partitions of ledgers %" PRId64 "..%" PRId64,
                 first, end - 1);
        status = pg_exec(sink, sink->conn, sql.data, what);
    }
    text_buffer_free(&sql);
    if (status == SLUICE_OK) {
        *removed_to = (uint32_t)end;
        if (sink->partition_ensured == first)
            sink->partition_ensured = -1;
    }
    return status;
}
