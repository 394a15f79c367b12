/* pg_schema.c — the sink's tables, created and upgraded by numbered
 * migrations in one transaction at open.  schema_migrations records what
 * was applied; a store migrated by a newer sluice is refused.  Concurrent
 * opens (parallel backfill workers) serialize on a transaction-level
 * advisory lock.  "@S" in a migration stands for the quoted schema. */
#include "config.h"

#include "pg_sink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Migration N is migrations[N - 1].  Append only: never edit a released one. */
static const char *const migrations[] = {
    /* 1: the row model of doc/data-model.md, cursors, balances */
    "CREATE TABLE @S.ingest_store ("
    "  key text PRIMARY KEY,"
    "  value text NOT NULL);"
    "CREATE TABLE @S.ledgers ("
    "  sequence bigint PRIMARY KEY,"
    "  hash bytea NOT NULL,"
    "  previous_hash bytea NOT NULL,"
    "  close_time timestamptz NOT NULL,"
    "  protocol_version bigint NOT NULL,"
    "  base_fee bigint NOT NULL,"
    "  base_reserve bigint NOT NULL,"
    "  successful_transaction_count bigint NOT NULL,"
    "  failed_transaction_count bigint NOT NULL,"
    "  operation_count bigint NOT NULL);"
    "CREATE TABLE @S.transactions ("
    "  id bigint PRIMARY KEY,"
    "  hash bytea NOT NULL,"
    "  ledger_sequence bigint NOT NULL,"
    "  application_order bigint NOT NULL,"
    "  source_account text NOT NULL,"
    "  is_fee_bump boolean NOT NULL,"
    "  fee_account text,"
    "  inner_hash bytea,"
    "  max_fee bigint NOT NULL,"
    "  fee_charged bigint NOT NULL,"
    "  successful boolean NOT NULL,"
    "  result_code integer NOT NULL,"
    "  memo_type smallint NOT NULL,"
    "  memo_value bytea,"
    "  operation_count bigint NOT NULL,"
    "  envelope_xdr bytea,"
    "  result_xdr bytea,"
    "  meta_xdr bytea);"
    "CREATE INDEX transactions_by_hash ON @S.transactions (hash);"
    "CREATE TABLE @S.operations ("
    "  id bigint PRIMARY KEY,"
    "  transaction_id bigint NOT NULL,"
    "  type bigint NOT NULL,"
    "  source_account text NOT NULL,"
    "  source_muxed_id numeric(20, 0),"
    "  successful boolean NOT NULL,"
    "  result_code integer NOT NULL);"
    "CREATE TABLE @S.transaction_participants ("
    "  account text NOT NULL,"
    "  id bigint NOT NULL,"
    "  PRIMARY KEY (account, id));"
    "CREATE INDEX transaction_participants_by_id ON @S.transaction_participants (id);"
    "CREATE TABLE @S.operation_participants ("
    "  account text NOT NULL,"
    "  id bigint NOT NULL,"
    "  PRIMARY KEY (account, id));"
    "CREATE INDEX operation_participants_by_id ON @S.operation_participants (id);"
    "CREATE TABLE @S.state_changes ("
    "  operation_id bigint NOT NULL,"
    "  \"order\" bigint NOT NULL,"
    "  category smallint NOT NULL,"
    "  reason smallint NOT NULL,"
    "  account text NOT NULL,"
    "  asset text,"
    "  amount numeric(39, 0),"
    "  details_json jsonb,"
    "  PRIMARY KEY (operation_id, \"order\"));"
    "CREATE INDEX state_changes_by_account ON @S.state_changes (account, operation_id);"
    "CREATE TABLE @S.balances ("
    "  account text NOT NULL,"
    "  asset text NOT NULL,"
    "  balance numeric(39, 0) NOT NULL,"
    "  \"limit\" bigint NOT NULL,"
    "  flags bigint NOT NULL,"
    "  operation_id bigint NOT NULL,"
    "  PRIMARY KEY (account, asset));",
    /* 2: every rows.h field the stdout sink writes has a column of the same
     * name (doc/sink-stdout.md).  Rows stored before this migration hold
     * NULL in the added columns until their ledgers are written again. */
    "ALTER TABLE @S.ledgers ADD COLUMN total_coins bigint, ADD COLUMN fee_pool bigint;"
    "ALTER TABLE @S.operations RENAME COLUMN type TO operation_type;"
    "ALTER TABLE @S.operations ADD COLUMN operation_result_code integer,"
    "  ADD COLUMN has_result boolean;",
};

int pg_schema_version(void)
{
    return (int)(sizeof migrations / sizeof *migrations);
}

/* template with every "@S" replaced by the quoted schema, into out. */
static void expand_schema(const pg_sink *sink, const char *template, pg_text *out)
{
    pg_text_clear(out);
    for (const char *p = template; *p;) {
        const char *mark = strstr(p, "@S");
        size_t plain = mark ? (size_t)(mark - p) : strlen(p);
        pg_text_append(out, p, plain);
        if (!mark)
            break;
        pg_text_append(out, sink->schema_ident, strlen(sink->schema_ident));
        p = mark + 2;
    }
}

/* Everything after BEGIN; the caller commits or rolls back. */
static sluice_status migrate_in_transaction(pg_sink *sink, pg_text *sql)
{
    const char *params[1] = {sink->schema};
    PGresult *res = NULL;
    sluice_status status = pg_query(sink,
        "SELECT pg_advisory_xact_lock(hashtextextended('sluice migrate ' || $1, 0)),"
        " EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)",
        1, params, 0, &res, "cannot lock the schema for migration");
    if (status != SLUICE_OK)
        return status;
    int schema_exists = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
    PQclear(res);
    expand_schema(sink, "CREATE SCHEMA @S", sql);
    if (!schema_exists && pg_text_ok(sql) &&
        (status = pg_exec(sink, sink->conn, sql->data, "cannot create the schema")) != SLUICE_OK)
        return status;
    expand_schema(sink, "CREATE TABLE IF NOT EXISTS @S.schema_migrations ("
                  " version integer PRIMARY KEY,"
                  " applied_at timestamptz NOT NULL DEFAULT now());"
                  "SELECT coalesce(max(version), 0) FROM @S.schema_migrations", sql);
    if (!pg_text_ok(sql)) {
        sink->host->error(sink->host, "out of memory building the migration", NULL, NULL);
        return SLUICE_ERROR;
    }
    res = PQexec(sink->conn, sql->data);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        status = pg_report(sink, sink->conn, res, NULL, "cannot read schema_migrations");
        PQclear(res);
        return status;
    }
    int stored = atoi(PQgetvalue(res, 0, 0));
    PQclear(res);
    if (stored > pg_schema_version()) {
        char detail[256];
        snprintf(detail, sizeof detail, "schema %s is at version %d; this sink knows versions "
                 "up to %d", sink->schema, stored, pg_schema_version());
        sink->host->error(sink->host, "the database schema is newer than this sluice", detail,
                          "Upgrade sluice, or point the sink at another schema; nothing was "
                          "changed.");
        return SLUICE_ERROR;
    }
    for (int version = stored + 1; version <= pg_schema_version(); version++) {
        /* the migration and its record, as one multi-statement string */
        char record[96], what[64];
        snprintf(record, sizeof record, ";INSERT INTO @S.schema_migrations (version) VALUES (%d)",
                 version);
        pg_text template = {0};
        pg_text_append(&template, migrations[version - 1], strlen(migrations[version - 1]));
        pg_text_append(&template, record, strlen(record));
        int built = pg_text_ok(&template);
        if (built)
            expand_schema(sink, template.data, sql);
        pg_text_free(&template);
        if (!built || !pg_text_ok(sql)) {
            sink->host->error(sink->host, "out of memory building the migration", NULL, NULL);
            return SLUICE_ERROR;
        }
        snprintf(what, sizeof what, "migration %d failed", version);
        if ((status = pg_exec(sink, sink->conn, sql->data, what)) != SLUICE_OK)
            return status;
        sink->host->log(sink->host, SLUICE_LOG_INFO, "schema %s: applied migration %d",
                        sink->schema, version);
    }
    return SLUICE_OK;
}

static sluice_status migrate_once(pg_sink *sink, void *context)
{
    (void)context;
    sluice_status status = pg_exec(sink, sink->conn, "BEGIN", "cannot begin the migration");
    if (status != SLUICE_OK)
        return status;
    pg_text sql = {0};
    status = migrate_in_transaction(sink, &sql);
    pg_text_free(&sql);
    if (status == SLUICE_OK)
        return pg_exec(sink, sink->conn, "COMMIT", "cannot commit the migration");
    if (PQstatus(sink->conn) == CONNECTION_OK)
        PQclear(PQexec(sink->conn, "ROLLBACK"));
    return status;
}

sluice_status pg_migrate(pg_sink *sink)
{
    return pg_retrying(sink, migrate_once, NULL);
}
