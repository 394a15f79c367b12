/* pg_compare.c — compare_ledger for `sluice verify --source`: the core
 * re-derives a ledger from the source; this loads its rows, encoded exactly
 * as write_ledger encodes them, into temporary tables of the stored
 * tables' shape (made once per session) and compares them with the stored
 * rows of that ledger, every table in one query (EXCEPT ALL both ways: a
 * changed, missing or extra row), inside one transaction that is rolled
 * back, so nothing is written to the schema.  Balances are current state, not history:
 * not compared. */
#include "config.h"

#include "pg_sink.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ledger_compare {
    const sluice_ledger *ledger;
    char *difference;
    size_t size;
} ledger_compare;

/* Append to sql the comparison of one table: at most one row stored but
 * not derived and one derived but not stored, each as (table index, side,
 * row text).  $1..$2 bound the ledger's sequence, $3..$4 its TOIDs. */
static void append_table_compare(const pg_sink *sink, pg_table table, text_buffer *sql)
{
    const pg_table_spec *spec = &pg_tables[table];
    char stored[192], derived[96], bounds[96];
    pg_qualified(sink, spec->name, stored, sizeof stored);
    snprintf(derived, sizeof derived, "pg_temp.sluice_derived_%s", spec->name);
    snprintf(bounds, sizeof bounds, "%s BETWEEN %s AND %s", spec->ledger_key,
             spec->key_is_toid ? "$3::bigint" : "$1::bigint",
             spec->key_is_toid ? "$4::bigint" : "$2::bigint");
    text_buffer_printf(sql,
                       "%s(SELECT %d, 'stored', r::text FROM (SELECT %s FROM %s WHERE %s"
                       " EXCEPT ALL SELECT %s FROM %s) r ORDER BY 3 LIMIT 1) UNION ALL"
                       " (SELECT %d, 'derived', r::text FROM (SELECT %s FROM %s EXCEPT ALL"
                       " SELECT %s FROM %s WHERE %s) r ORDER BY 3 LIMIT 1)",
                       table ? " UNION ALL " : "", (int)table, spec->columns, stored, bounds,
                       spec->columns, derived, (int)table, spec->columns, derived,
                       spec->columns, stored, bounds);
}

/* Name the first difference of res (rows of append_table_compare) in
 * c->difference: the one of the first table in pg_tables' order. */
static void describe_difference(const PGresult *res, ledger_compare *c)
{
    int first = PG_TABLE_COUNT;
    const char *only_stored = NULL, *only_derived = NULL;
    for (int row = 0; row < PQntuples(res) && PQnfields(res) == 3; row++) {
        int table = atoi(PQgetvalue(res, row, 0));
        if (table < 0 || table > first)
            continue;
        if (table < first)
            only_stored = only_derived = NULL;
        first = table;
        if (strcmp(PQgetvalue(res, row, 1), "stored") == 0)
            only_stored = PQgetvalue(res, row, 2);
        else
            only_derived = PQgetvalue(res, row, 2);
    }
    if (first == PG_TABLE_COUNT)
        return;
    const char *name = pg_tables[first].name;
    if (only_stored && only_derived)
        snprintf(c->difference, c->size, "%s: stored %s, the source gives %s", name,
                 only_stored, only_derived);
    else if (only_stored)
        snprintf(c->difference, c->size, "%s: stored %s, which the source does not give",
                 name, only_stored);
    else
        snprintf(c->difference, c->size, "%s: the source gives %s, which is not stored", name,
                 only_derived);
}

/* Every table's stored rows of the ledger against the derived ones: one
 * query. */
static sluice_status compare_tables(pg_sink *sink, uint32_t sequence, ledger_compare *c)
{
    text_buffer sql = {0};
    for (int t = 0; t < PG_TABLE_COUNT; t++)
        append_table_compare(sink, (pg_table)t, &sql);
    if (!text_buffer_ok(&sql)) {
        text_buffer_free(&sql);
        sink->host->error(sink->host, "out of memory building the comparison", NULL, NULL);
        return SLUICE_ERROR;
    }
    uint64_t ledger = sequence;
    char params_text[4][24];
    snprintf(params_text[0], sizeof params_text[0], "%" PRIu64, ledger);
    snprintf(params_text[1], sizeof params_text[1], "%" PRIu64, ledger);
    snprintf(params_text[2], sizeof params_text[2], "%" PRIu64, ledger << 32);
    snprintf(params_text[3], sizeof params_text[3], "%" PRIu64, ((ledger + 1) << 32) - 1);
    const char *params[] = {params_text[0], params_text[1], params_text[2], params_text[3]};
    PGresult *res = NULL;
    sluice_status status = pg_query(sink, sql.data, 4, params, 0, &res,
                                    "cannot compare stored rows");
    text_buffer_free(&sql);
    if (status != SLUICE_OK)
        return status;
    describe_difference(res, c);
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
    for (int t = 0; t < PG_TABLE_COUNT && status == SLUICE_OK; t++) {
        char derived[96];
        snprintf(derived, sizeof derived, "pg_temp.sluice_derived_%s", pg_tables[t].name);
        if (sink->buffers[t].lines)
            status = pg_copy_into(sink, (pg_table)t, derived);
    }
    if (status == SLUICE_OK)
        status = compare_tables(sink, sequence, c);
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
