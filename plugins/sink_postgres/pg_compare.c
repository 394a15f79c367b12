/* pg_compare.c — compare_ledger for `sluice verify --source`: the core
 * re-derives a ledger from the source; this loads its rows, encoded exactly
 * as write_ledger encodes them, into temporary tables of the stored
 * tables' shape (made once per session) and compares them with the stored
 * rows of that ledger, table by table (EXCEPT ALL both ways: a changed,
 * missing or extra row), inside one transaction that is rolled back, so
 * nothing is written to the schema.  Balances are current state, not history:
 * not compared. */
#include "config.h"

#include "pg_sink.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

typedef struct ledger_compare {
    const sluice_ledger *ledger;
    char *difference;
    size_t size;
} ledger_compare;

/* The first difference between the stored rows of table for sequence and
 * the derived rows in derived, into c->difference. */
static sluice_status compare_table(pg_sink *sink, pg_table table, const char *derived,
                                   uint32_t sequence, ledger_compare *c)
{
    const pg_table_spec *spec = &pg_tables[table];
    char stored[192], sql[2048], low[24], high[24];
    pg_qualified(sink, spec->name, stored, sizeof stored);
    uint64_t from = sequence;
    snprintf(low, sizeof low, "%" PRIu64, spec->key_is_toid ? from << 32 : from);
    snprintf(high, sizeof high, "%" PRIu64, spec->key_is_toid ? ((from + 1) << 32) - 1 : from);
    int length = snprintf(
        sql, sizeof sql,
        "(SELECT 'stored', r::text FROM (SELECT %s FROM %s WHERE %s BETWEEN $1::bigint AND"
        " $2::bigint EXCEPT ALL SELECT %s FROM %s) r ORDER BY 2 LIMIT 1) UNION ALL"
        " (SELECT 'derived', r::text FROM (SELECT %s FROM %s EXCEPT ALL SELECT %s FROM %s"
        " WHERE %s BETWEEN $1::bigint AND $2::bigint) r ORDER BY 2 LIMIT 1)",
        spec->columns, stored, spec->ledger_key, spec->columns, derived, spec->columns, derived,
        spec->columns, stored, spec->ledger_key);
    if (length < 0 || (size_t)length >= sizeof sql) {
        sink->host->errorf(sink->host, "the comparison query does not fit", NULL,
                           "table %s, schema %s", spec->name, sink->schema);
        return SLUICE_ERROR;
    }
    const char *params[] = {low, high};
    PGresult *res = NULL;
    sluice_status status = pg_query(sink, sql, 2, params, 0, &res, "cannot compare stored rows");
    if (status != SLUICE_OK)
        return status;
    const char *only_stored = NULL, *only_derived = NULL;
    for (int row = 0; row < PQntuples(res) && PQnfields(res) == 2; row++) {
        if (strcmp(PQgetvalue(res, row, 0), "stored") == 0)
            only_stored = PQgetvalue(res, row, 1);
        else
            only_derived = PQgetvalue(res, row, 1);
    }
    if (only_stored && only_derived)
        snprintf(c->difference, c->size, "%s: stored %s, the source gives %s", spec->name,
                 only_stored, only_derived);
    else if (only_stored)
        snprintf(c->difference, c->size, "%s: stored %s, which the source does not give",
                 spec->name, only_stored);
    else if (only_derived)
        snprintf(c->difference, c->size, "%s: the source gives %s, which is not stored",
                 spec->name, only_derived);
    PQclear(res);
    return SLUICE_OK;
}

/* The temporary tables of the stored tables' shape, made once per session
 * (a reconnect loses them): they empty at each commit, and each
 * comparison's rows go away with its rollback anyway. */
static sluice_status make_derived_tables(pg_sink *sink)
{
    if (sink->compare_conn == sink->conn)
        return SLUICE_OK;
    text_buffer sql = {0};
    text_buffer_puts(&sql, "BEGIN READ WRITE;");
    for (int t = 0; t < PG_TABLE_COUNT; t++) {
        char stored[192];
        pg_qualified(sink, pg_tables[t].name, stored, sizeof stored);
        text_buffer_printf(&sql, "CREATE TEMP TABLE IF NOT EXISTS sluice_derived_%s (LIKE %s) "
                           "ON COMMIT DELETE ROWS;", pg_tables[t].name, stored);
    }
    text_buffer_puts(&sql, "COMMIT");
    sluice_status status;
    if (!text_buffer_ok(&sql)) {
        sink->host->error(sink->host, "out of memory building the comparison tables", NULL, NULL);
        status = SLUICE_ERROR;
    } else {
        status = pg_exec(sink, sink->conn, sql.data, "cannot create the comparison tables");
    }
    text_buffer_free(&sql);
    if (status == SLUICE_OK)
        sink->compare_conn = sink->conn;
    return status;
}

static sluice_status compare_once(pg_sink *sink, void *context)
{
    ledger_compare *c = context;
    uint32_t sequence = c->ledger->ledger.sequence;
    c->difference[0] = 0;
    pg_discard_buffers(sink);
    sluice_status status = make_derived_tables(sink);
    if (status != SLUICE_OK)
        return status;
    status = pg_exec(sink, sink->conn, "BEGIN READ WRITE", "cannot begin the comparison");
    if (status != SLUICE_OK)
        return status;
    status = pg_encode_ledger(sink, c->ledger);
    for (int t = 0; t < PG_TABLE_COUNT && status == SLUICE_OK && !c->difference[0]; t++) {
        char derived[96];
        snprintf(derived, sizeof derived, "pg_temp.sluice_derived_%s", pg_tables[t].name);
        if (sink->buffers[t].lines)
            status = pg_copy_into(sink, (pg_table)t, derived);
        if (status == SLUICE_OK)
            status = compare_table(sink, (pg_table)t, derived, sequence, c);
    }
    pg_discard_buffers(sink);
    sluice_status ended = pg_exec(sink, sink->conn, "ROLLBACK", "cannot end the comparison");
    return status != SLUICE_OK ? status : ended;
}

sluice_status pg_compare_ledger(void *instance, const sluice_ledger *ledger, char *difference,
                                size_t difference_size)
{
    pg_sink *sink = instance;
    if (difference_size == 0 || sink->in_transaction) {
        sink->host->error(sink->host, "compare_ledger: no room for the difference, or a "
                          "transaction is open", NULL, "The core must not (a sluice bug).");
        return SLUICE_ERROR;
    }
    ledger_compare c = {ledger, difference, difference_size};
    return pg_retrying(sink, compare_once, &c);
}
