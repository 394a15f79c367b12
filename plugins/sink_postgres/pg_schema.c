/* pg_schema.c — the sink's tables, created and upgraded by numbered
 * migrations in one transaction at open.  schema_migrations records what
 * was applied; a store migrated by a newer sluice is refused.  Concurrent
 * opens (parallel backfill workers) serialize on a transaction-level
 * advisory lock.  In a migration "@S" stands for the quoted schema,
 * "@P(column)" for " PARTITION BY RANGE (column)" when the schema is
 * partitioned and for nothing otherwise (so the SQL of a released migration
 * is unchanged for an unpartitioned schema), and "@N" for the partition
 * size a new schema is created with (0 when an existing one is upgraded:
 * only a new schema can be partitioned).  The size is kept in
 * ledger_partitioning; a config that disagrees is refused.  Migrations 1
 * to 3 partition only a new schema; later ones read ledger_partitioning,
 * so a table added to a partitioned schema is partitioned too (its
 * partitions for ledgers stored before are made when they are written
 * again, pg_partitions.c).
 * How an open treats the schema depends on host->open_flags: a read-only
 * open changes nothing (pg_schema_check_readable), a writer applies what
 * is pending or, with SLUICE_OPEN_NO_MIGRATE, refuses to start naming
 * it; `sluice migrate` lists and applies through pg_migrate_op. */
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
    "  operation_count bigint NOT NULL)@P(sequence);"
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
    "  meta_xdr bytea)@P(id);"
    "CREATE INDEX transactions_by_hash ON @S.transactions (hash);"
    "CREATE TABLE @S.operations ("
    "  id bigint PRIMARY KEY,"
    "  transaction_id bigint NOT NULL,"
    "  type bigint NOT NULL,"
    "  source_account text NOT NULL,"
    "  source_muxed_id numeric(20, 0),"
    "  successful boolean NOT NULL,"
    "  result_code integer NOT NULL)@P(id);"
    "CREATE TABLE @S.transaction_participants ("
    "  account text NOT NULL,"
    "  id bigint NOT NULL,"
    "  PRIMARY KEY (account, id))@P(id);"
    "CREATE INDEX transaction_participants_by_id ON @S.transaction_participants (id);"
    "CREATE TABLE @S.operation_participants ("
    "  account text NOT NULL,"
    "  id bigint NOT NULL,"
    "  PRIMARY KEY (account, id))@P(id);"
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
    "  PRIMARY KEY (operation_id, \"order\"))@P(operation_id);"
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
    /* 3: the ledger range of one partition of the history tables (0: not
     * partitioned), fixed when the schema is created */
    "CREATE TABLE @S.ledger_partitioning ("
    "  partition_ledgers bigint NOT NULL CHECK (partition_ledgers >= 0));"
    "INSERT INTO @S.ledger_partitioning VALUES (@N);",
    /* 4: token_transfers (ABI 3.2), one row per CAP-67 token movement */
    "CREATE TABLE @S.token_transfers ("
    "  transaction_id bigint NOT NULL,"
    "  operation_id bigint,"
    "  event_index bigint NOT NULL,"
    "  kind smallint NOT NULL,"
    "  \"from\" text,"
    "  \"to\" text,"
    "  asset text,"
    "  asset_contract text,"
    "  amount numeric(39, 0) NOT NULL,"
    "  to_muxed_id numeric(20, 0))@P(transaction_id);"
    "CREATE UNIQUE INDEX token_transfers_key ON @S.token_transfers"
    "  (transaction_id, (coalesce(operation_id, 0)), event_index);"
    /* an account's transfers newest first, a page at a time */
    "CREATE INDEX token_transfers_by_from ON @S.token_transfers"
    "  (\"from\", transaction_id DESC, operation_id DESC, event_index DESC)"
    "  WHERE \"from\" IS NOT NULL;"
    "CREATE INDEX token_transfers_by_to ON @S.token_transfers"
    "  (\"to\", transaction_id DESC, operation_id DESC, event_index DESC)"
    "  WHERE \"to\" IS NOT NULL;"
    "COMMENT ON TABLE @S.token_transfers IS 'One row per token movement, in the vocabulary"
    " of stellar-core''s unified events (CAP-67): from the meta''s events (meta v4) or derived"
    " as stellar-core emits them; gross, zero amounts included';"
    "COMMENT ON COLUMN @S.token_transfers.transaction_id IS 'The transaction (SEP-35 TOID)';"
    "COMMENT ON COLUMN @S.token_transfers.operation_id IS 'The operation (TOID); NULL for a"
    " transaction-level event (fees)';"
    "COMMENT ON COLUMN @S.token_transfers.event_index IS 'Position among the operation''s"
    " token events, or among the transaction''s fee events, from 0';"
    "COMMENT ON COLUMN @S.token_transfers.kind IS 'token_transfer_kinds.code: 1 transfer,"
    " 2 mint, 3 burn, 4 clawback, 5 fee';"
    "COMMENT ON COLUMN @S.token_transfers.\"from\" IS 'Strkey (G, M, C, B or L) the amount"
    " leaves; NULL for a mint';"
    "COMMENT ON COLUMN @S.token_transfers.\"to\" IS 'Strkey the amount reaches; NULL for"
    " burn, clawback and fee';"
    "COMMENT ON COLUMN @S.token_transfers.asset IS 'native or CODE:ISSUER; NULL for a token"
    " contract that is not a Stellar Asset Contract';"
    "COMMENT ON COLUMN @S.token_transfers.asset_contract IS 'The asset''s contract id (C...)';"
    "COMMENT ON COLUMN @S.token_transfers.amount IS 'In the asset''s smallest unit (stroops"
    " for classic assets); a fee refund is negative';"
    "COMMENT ON COLUMN @S.token_transfers.to_muxed_id IS 'CAP-67 to_muxed_id of type uint64;"
    " NULL when none';",
    /* 5: names beside codes, joinable lookup tables filled at every open
     * from the core's names (pg_names.c) */
    "CREATE TABLE @S.operation_types (code integer PRIMARY KEY, name text NOT NULL);"
    "CREATE TABLE @S.transaction_result_codes (code integer PRIMARY KEY, name text NOT NULL);"
    "CREATE TABLE @S.operation_result_codes (code integer PRIMARY KEY, name text NOT NULL);"
    "CREATE TABLE @S.operation_type_result_codes (operation_type integer NOT NULL,"
    "  code integer NOT NULL, name text NOT NULL, PRIMARY KEY (operation_type, code));"
    "CREATE TABLE @S.state_change_categories (code integer PRIMARY KEY, name text NOT NULL);"
    "CREATE TABLE @S.state_change_reasons (code integer PRIMARY KEY, name text NOT NULL);"
    "CREATE TABLE @S.token_transfer_kinds (code integer PRIMARY KEY, name text NOT NULL);"
    "CREATE TABLE @S.contract_event_types (code integer PRIMARY KEY, name text NOT NULL);"
    "COMMENT ON TABLE @S.operation_types IS 'Names of operations.operation_type (XDR"
    " OperationType)';"
    "COMMENT ON COLUMN @S.operation_types.code IS 'The OperationType value';"
    "COMMENT ON COLUMN @S.operation_types.name IS 'Its name as sluice decode renders it"
    " (payment)';"
    "COMMENT ON TABLE @S.transaction_result_codes IS 'Names of transactions.result_code (XDR"
    " TransactionResultCode)';"
    "COMMENT ON COLUMN @S.transaction_result_codes.code IS 'The TransactionResultCode value';"
    "COMMENT ON COLUMN @S.transaction_result_codes.name IS 'Its name as sluice decode renders"
    " it (tx_success)';"
    "COMMENT ON TABLE @S.operation_result_codes IS 'Names of operations.operation_result_code"
    " (XDR OperationResultCode)';"
    "COMMENT ON COLUMN @S.operation_result_codes.code IS 'The OperationResultCode value';"
    "COMMENT ON COLUMN @S.operation_result_codes.name IS 'Its name as sluice decode renders it"
    " (op_inner)';"
    "COMMENT ON TABLE @S.operation_type_result_codes IS 'Names of operations.result_code, per"
    " operation type (XDR PaymentResultCode, ...): join on operation_type and code';"
    "COMMENT ON COLUMN @S.operation_type_result_codes.operation_type IS 'The OperationType"
    " value';"
    "COMMENT ON COLUMN @S.operation_type_result_codes.code IS 'A value of that type''s result"
    " code enum';"
    "COMMENT ON COLUMN @S.operation_type_result_codes.name IS 'Its name as sluice decode"
    " renders it (underfunded)';"
    "COMMENT ON TABLE @S.state_change_categories IS 'Names of state_changes.category';"
    "COMMENT ON COLUMN @S.state_change_categories.code IS 'The category value';"
    "COMMENT ON COLUMN @S.state_change_categories.name IS 'Its name (balance)';"
    "COMMENT ON TABLE @S.state_change_reasons IS 'Names of state_changes.reason';"
    "COMMENT ON COLUMN @S.state_change_reasons.code IS 'The reason value';"
    "COMMENT ON COLUMN @S.state_change_reasons.name IS 'Its name (credit)';"
    "COMMENT ON TABLE @S.token_transfer_kinds IS 'Names of token_transfers.kind';"
    "COMMENT ON COLUMN @S.token_transfer_kinds.code IS 'The kind value';"
    "COMMENT ON COLUMN @S.token_transfer_kinds.name IS 'Its name (transfer)';"
    "COMMENT ON TABLE @S.contract_event_types IS 'Names of contract event types (XDR"
    " ContractEventType)';"
    "COMMENT ON COLUMN @S.contract_event_types.code IS 'The ContractEventType value';"
    "COMMENT ON COLUMN @S.contract_event_types.name IS 'Its name (contract)';",
    /* 6: contract_events (doc/data-model.md); its index answers a
     * full-history getEvents (doc/sink-postgres.md, "Contract events") */
    "CREATE TABLE @S.contract_events ("
    "  transaction_id bigint NOT NULL,"
    "  operation_id bigint NOT NULL,"
    "  event_index bigint NOT NULL,"
    "  event_type smallint NOT NULL,"
    "  contract text,"
    "  in_successful_call boolean NOT NULL,"
    "  topic1_xdr bytea,"
    "  topics_xdr bytea NOT NULL,"
    "  data_xdr bytea NOT NULL,"
    "  topics_json jsonb NOT NULL,"
    "  data_json jsonb NOT NULL,"
    "  PRIMARY KEY (transaction_id, operation_id, event_index))@P(transaction_id);"
    "CREATE INDEX contract_events_by_contract_topic ON @S.contract_events"
    "  (contract, topic1_xdr, transaction_id, operation_id, event_index);"
    "COMMENT ON TABLE @S.contract_events IS 'Every contract and system event of every "
    "transaction (diagnostic events when the core key diagnostic_events is on); one row per "
    "event, in the order of the meta';"
    "COMMENT ON COLUMN @S.contract_events.transaction_id IS 'TOID of the transaction that "
    "emitted the event; places the row in its ledger (transaction_id >> 32)';"
    "COMMENT ON COLUMN @S.contract_events.operation_id IS 'TOID of the operation whose events "
    "hold it; 0 for a transaction-level event (meta v4 fee events) and for diagnostic events';"
    "COMMENT ON COLUMN @S.contract_events.event_index IS 'position of the event among the rows "
    "of its (transaction_id, operation_id), from 0; diagnostic events follow the "
    "transaction-level ones';"
    "COMMENT ON COLUMN @S.contract_events.event_type IS 'the row''s type (ContractEventType): "
    "0 system, 1 contract, 2 diagnostic (every event of the diagnostic list)';"
    "COMMENT ON COLUMN @S.contract_events.contract IS 'C... strkey of the contract that "
    "emitted the event; NULL when the event names none';"
    "COMMENT ON COLUMN @S.contract_events.in_successful_call IS 'whether the call that emitted "
    "it succeeded: the transaction''s success, for a diagnostic event its own flag';"
    "COMMENT ON COLUMN @S.contract_events.topic1_xdr IS 'XDR SCVal of the first topic (NULL "
    "without topics): the key of the by-contract-and-topic index';"
    "COMMENT ON COLUMN @S.contract_events.topics_xdr IS 'XDR of every topic as an SCVec "
    "(4-byte count, then each SCVal)';"
    "COMMENT ON COLUMN @S.contract_events.data_xdr IS 'XDR SCVal of the event''s data';"
    "COMMENT ON COLUMN @S.contract_events.topics_json IS 'the topics as a JSON array, each "
    "SCVal as sluice decode renders it';"
    "COMMENT ON COLUMN @S.contract_events.data_json IS 'the data as sluice decode renders an "
    "SCVal';",
};

/* What each migration does, one line each, as `sluice migrate` prints it. */
static const char *const migration_descriptions[] = {
    "the row model: ledgers, transactions, operations, participants, state changes, "
    "balances, cursors",
    "columns for every field the stdout sink writes (total_coins, fee_pool, "
    "operation_result_code, has_result; operations.type renamed operation_type)",
    "ledger_partitioning: the partition size fixed when the schema is created",
    "token_transfers, one row per CAP-67 token movement",
    "lookup tables of names beside codes",
    "contract_events and the index answering getEvents",
};

_Static_assert(sizeof migrations / sizeof *migrations ==
                   sizeof migration_descriptions / sizeof *migration_descriptions,
               "every migration has a description");

/* The first migration that reads the stored partitioning for "@P" (the
 * ones before it ran before ledger_partitioning existed). */
#define FIRST_MIGRATION_AFTER_PARTITIONING 4

/* The newest migration this binary knows. */
static int pg_schema_version(void)
{
    return (int)(sizeof migrations / sizeof *migrations);
}

/* template with its placeholders expanded (see the top of this file) into
 * out; partition_ledgers: the size a new schema is created with, else 0. */
static void expand_schema(const pg_sink *sink, const char *template, int64_t partition_ledgers,
                          text_buffer *out)
{
    text_buffer_clear(out);
    for (const char *p = template; *p;) {
        const char *mark = strchr(p, '@');
        size_t plain = mark ? (size_t)(mark - p) : strlen(p);
        text_buffer_append(out, p, plain);
        if (!mark)
            break;
        const char *close = mark[1] == 'P' ? strchr(mark, ')') : NULL; /* "@P(column)" */
        p = mark + 2;
        if (mark[1] == 'S') {
            text_buffer_append(out, sink->schema_ident, strlen(sink->schema_ident));
        } else if (mark[1] == 'N') {
            pg_text_int(out, partition_ledgers);
        } else if (close) {
            if (partition_ledgers > 0) {
                static const char clause[] = " PARTITION BY RANGE ";
                text_buffer_append(out, clause, sizeof clause - 1);
                text_buffer_append(out, mark + 2, (size_t)(close + 1 - (mark + 2)));
            }
            p = close + 1;
        } else {
            text_buffer_char(out, '@'); /* not a placeholder */
            p = mark + 1;
        }
    }
}

/* The schema's partition size (ledger_partitioning) into *stored; -1
 * when the table does not hold exactly one row. */
static sluice_status stored_partitioning(pg_sink *sink, text_buffer *sql, long long *stored)
{
    expand_schema(sink, "SELECT partition_ledgers FROM @S.ledger_partitioning", 0, sql);
    PGresult *res = NULL;
    sluice_status status = text_buffer_ok(sql)
        ? pg_query(sink, sql->data, 0, NULL, 0, &res, "cannot read ledger_partitioning")
        : SLUICE_ERROR;
    if (status != SLUICE_OK)
        return status;
    *stored = PQntuples(res) == 1 ? atoll(PQgetvalue(res, 0, 0)) : -1;
    PQclear(res);
    return SLUICE_OK;
}

/* The stored partition size must be the configured one. */
static sluice_status check_partitioning(pg_sink *sink, text_buffer *sql)
{
    long long stored;
    sluice_status status = stored_partitioning(sink, sql, &stored);
    if (status != SLUICE_OK)
        return status;
    if (stored == sink->partition_ledgers)
        return SLUICE_OK;
    char detail[320];
    snprintf(detail, sizeof detail, "schema %s is %s (partition_ledgers = %lld); the config "
             "asks for partition_ledgers = %lld", sink->schema,
             stored > 0 ? "partitioned by ledger range" : "not partitioned", stored,
             (long long)sink->partition_ledgers);
    sink->host->error(sink->host, "the schema's partitioning is not the configured one", detail,
                      "A schema's partitioning is fixed when it is created: set partition_ledgers "
                      "to the schema's value, or point the sink at a new schema (schema = ...) "
                      "and backfill it; nothing was changed.");
    return SLUICE_ERROR;
}

/* What one migration pass does with the pending migrations. */
typedef struct migration_plan {
    int apply;                        /* apply them; else only report them */
    int refuse_pending;               /* a writer without auto_migrate: pending is an error */
    sluice_migration_callback report; /* NULL: report nothing */
    void *context;
} migration_plan;

static sluice_status out_of_memory(pg_sink *sink)
{
    sink->host->error(sink->host, "out of memory building a schema statement", NULL, NULL);
    return SLUICE_ERROR;
}

/* Whether the schema and its schema_migrations exist, and the newest
 * version applied (0 when none). */
static sluice_status stored_version(pg_sink *sink, text_buffer *sql, int *schema_exists,
                                    int *version)
{
    PGresult *res = NULL;
    /* Statements of their own (read committed: a snapshot each), so that
     * after the migration lock was granted they see the schema that the
     * instance holding it created meanwhile. */
    expand_schema(sink, "@S.schema_migrations", 0, sql);
    if (!text_buffer_ok(sql))
        return out_of_memory(sink);
    const char *both[2] = {sink->schema, sql->data};
    sluice_status status = pg_query(sink,
        "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1), "
        "to_regclass($2) IS NOT NULL", 2, both, 0, &res, "cannot look up the schema");
    if (status != SLUICE_OK)
        return status;
    *schema_exists = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    int table_exists = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
    PQclear(res);
    *version = 0;
    if (!table_exists)
        return SLUICE_OK;
    expand_schema(sink, "SELECT coalesce(max(version), 0) FROM @S.schema_migrations", 0, sql);
    if (!text_buffer_ok(sql))
        return out_of_memory(sink);
    status = pg_query(sink, sql->data, 0, NULL, 0, &res, "cannot read schema_migrations");
    if (status != SLUICE_OK)
        return status;
    *version = atoi(PQgetvalue(res, 0, 0));
    PQclear(res);
    return SLUICE_OK;
}

/* A stored version newer than this binary's: refuse. */
static sluice_status refuse_newer(pg_sink *sink, int stored)
{
    sink->host->errorf(sink->host, "the database schema is newer than this sluice",
                       "Upgrade sluice, or point the sink at another schema; nothing was "
                       "changed.", "schema %s is at version %d; this sink knows versions "
                       "up to %d", sink->schema, stored, pg_schema_version());
    return SLUICE_ERROR;
}

/* Apply migration version to a schema at stored (before any was applied). */
static sluice_status apply_migration(pg_sink *sink, text_buffer *sql, int stored, int version)
{
    /* the partition size "@P" and "@N" stand for */
    long long partitioning = stored == 0 ? sink->partition_ledgers : 0;
    sluice_status status;
    if (version >= FIRST_MIGRATION_AFTER_PARTITIONING &&
        (status = stored_partitioning(sink, sql, &partitioning)) != SLUICE_OK)
        return status;
    /* the migration and its record, as one multi-statement string */
    char record[96], what[64];
    snprintf(record, sizeof record, ";INSERT INTO @S.schema_migrations (version) VALUES (%d)",
             version);
    text_buffer template = {0};
    text_buffer_append(&template, migrations[version - 1], strlen(migrations[version - 1]));
    text_buffer_append(&template, record, strlen(record));
    int built = text_buffer_ok(&template);
    if (built)
        expand_schema(sink, template.data, partitioning, sql);
    text_buffer_free(&template);
    if (!built || !text_buffer_ok(sql))
        return out_of_memory(sink);
    snprintf(what, sizeof what, "migration %d failed", version);
    if ((status = pg_exec(sink, sink->conn, sql->data, what)) != SLUICE_OK)
        return status;
    sink->host->log(sink->host, SLUICE_LOG_INFO, "schema %s: applied migration %d",
                    sink->schema, version);
    return SLUICE_OK;
}

/* Create the schema and its schema_migrations where missing. */
static sluice_status create_bookkeeping(pg_sink *sink, text_buffer *sql, int schema_exists)
{
    sluice_status status;
    expand_schema(sink, "CREATE SCHEMA @S", 0, sql);
    if (!schema_exists && text_buffer_ok(sql) &&
        (status = pg_exec(sink, sink->conn, sql->data, "cannot create the schema")) != SLUICE_OK)
        return status;
    expand_schema(sink, "CREATE TABLE IF NOT EXISTS @S.schema_migrations ("
                  " version integer PRIMARY KEY,"
                  " applied_at timestamptz NOT NULL DEFAULT now())", 0, sql);
    if (!text_buffer_ok(sql))
        return out_of_memory(sink);
    return pg_exec(sink, sink->conn, sql->data, "cannot create schema_migrations");
}

/* A writer without auto_migrate found migrations pending: refuse. */
static sluice_status refuse_pending(pg_sink *sink, int stored)
{
    sink->host->errorf(sink->host, "the database schema needs migrations before writing",
                       "Run `sluice migrate` (with a role that may change the schema), or set "
                       "auto_migrate = true in [sluice]; nothing was changed.",
                       "schema %s is at version %d; this sink needs version %d (migrations "
                       "%d to %d pending)", sink->schema, stored, pg_schema_version(),
                       stored + 1, pg_schema_version());
    return SLUICE_ERROR;
}

/* Everything after BEGIN; the caller commits or rolls back. */
static sluice_status migrate_in_transaction(pg_sink *sink, const migration_plan *plan,
                                           text_buffer *sql)
{
    const char *params[1] = {sink->schema};
    PGresult *res = NULL;
    sluice_status status = pg_query(sink,
        "SELECT pg_advisory_xact_lock(hashtextextended('sluice migrate ' || $1, 0))",
        1, params, 0, &res, "cannot lock the schema for migration");
    if (status != SLUICE_OK)
        return status;
    PQclear(res);
    int schema_exists, stored;
    if ((status = stored_version(sink, sql, &schema_exists, &stored)) != SLUICE_OK)
        return status;
    if (stored > pg_schema_version())
        return refuse_newer(sink, stored);
    for (int version = stored + 1; version <= pg_schema_version(); version++) {
        sluice_migration migration = {sizeof migration, (uint32_t)version,
                                      migration_descriptions[version - 1]};
        if (plan->report && plan->report(plan->context, &migration) != 0)
            break;
    }
    if (stored < pg_schema_version() && plan->refuse_pending)
        return refuse_pending(sink, stored);
    if (!plan->apply)
        return SLUICE_OK;
    if (stored < pg_schema_version() &&
        (status = create_bookkeeping(sink, sql, schema_exists)) != SLUICE_OK)
        return status;
    for (int version = stored + 1; version <= pg_schema_version(); version++)
        if ((status = apply_migration(sink, sql, stored, version)) != SLUICE_OK)
            return status;
    if ((status = check_partitioning(sink, sql)) != SLUICE_OK)
        return status;
    return pg_names_fill(sink, sql);
}

static sluice_status migrate_once(pg_sink *sink, void *context)
{
    const migration_plan *plan = context;
    sluice_status status = pg_exec(sink, sink->conn, "BEGIN", "cannot begin the migration");
    if (status != SLUICE_OK)
        return status;
    text_buffer sql = {0};
    status = migrate_in_transaction(sink, plan, &sql);
    text_buffer_free(&sql);
    if (status == SLUICE_OK && plan->apply)
        return pg_exec(sink, sink->conn, "COMMIT", "cannot commit the migration");
    if (PQstatus(sink->conn) == CONNECTION_OK)
        PQclear(PQexec(sink->conn, "ROLLBACK"));
    return status;
}

sluice_status pg_migrate(pg_sink *sink, int apply)
{
    /* refusing writers still fill the names and check the partitioning */
    migration_plan plan = {1, !apply, NULL, NULL};
    return pg_retrying(sink, migrate_once, &plan);
}

sluice_status pg_migrate_op(void *instance, int apply, sluice_migration_callback callback,
                            void *context)
{
    migration_plan plan = {apply != 0, 0, callback, context};
    return pg_retrying(instance, migrate_once, &plan);
}

sluice_status pg_schema_check_readable(pg_sink *sink)
{
    text_buffer sql = {0};
    int schema_exists, stored;
    sluice_status status = stored_version(sink, &sql, &schema_exists, &stored);
    text_buffer_free(&sql);
    if (status != SLUICE_OK)
        return status;
    if (!schema_exists || stored == 0) {
        sink->host->errorf(sink->host, "the store does not exist",
                           "Check the sink's schema setting; `sluice migrate` (or a first "
                           "`sluice run`) creates it.  Nothing was created.",
                           "schema %s %s", sink->schema,
                           schema_exists ? "holds no sluice tables (no schema_migrations)"
                                         : "does not exist in this database");
        return SLUICE_ERROR;
    }
    if (stored > pg_schema_version())
        return refuse_newer(sink, stored);
    if (stored < pg_schema_version())
        sink->host->log(sink->host, SLUICE_LOG_WARN,
                        "schema %s is at version %d, this sink's is %d: run `sluice migrate`",
                        sink->schema, stored, pg_schema_version());
    return SLUICE_OK;
}
