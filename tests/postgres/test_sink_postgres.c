/* test_sink_postgres.c — the PostgreSQL sink against a real server, through
 * the real loader and host table, one fresh database per test: the
 * conformance checks every sink must pass (core/conformance, as `sluice
 * check-plugin` runs them: cursors, rollback, G6 skips, the hash chain,
 * the writer lock and its loss, concurrent instances, SIGKILL and restart,
 * exact gaps), then what is the PostgreSQL sink's own: schema migrations,
 * COPY writes and their content, idempotent re-writes across writers, the
 * cursors' and the lock's messages and rows, balances, partitioning, write
 * modes (backfill may commit asynchronously, read-only refuses writes),
 * error classification and reconnects. */
#include "config.h"

#include "conformance/ledger_factory.h"
#include "conformance/sink_checks.h"
#include "host/code_names.h"
#include "pg_harness.h"
#include "testlib.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- helpers ---------------------------------------------------------------- */

static long long count_rows(PGconn *db, const char *table)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sluice.%s", table);
    return harness_scalar(db, sql);
}

/* Write ledgers from..to (tx transactions of ops operations each; ledgers
 * listed in `empty` get none) in one transaction, advancing nothing. */
static sluice_status write_range(harness_sink *s, uint32_t from, uint32_t to, unsigned tx,
                                 unsigned ops)
{
    sluice_status status = s->ops->begin(s->handle);
    for (uint32_t seq = from; status == SLUICE_OK && seq <= to; seq++) {
        factory_ledger l;
        factory_build(&l, seq, tx, ops);
        status = s->ops->write_ledger(s->handle, &l.ledger);
        factory_free(&l);
    }
    if (status == SLUICE_OK)
        status = s->ops->commit(s->handle);
    if (status != SLUICE_OK) {
        fprintf(stderr, "  write_range %u..%u: %s (%s)\n", from, to, harness_error(s),
                harness_error_detail(s));
        s->ops->rollback(s->handle);
    }
    return status;
}

static void expect_counts(PGconn *db, long long ledgers, unsigned tx_per_ledger,
                          unsigned ops_per_tx)
{
    factory_counts c = factory_expected(tx_per_ledger, ops_per_tx);
    CHECK_MSG(count_rows(db, "ledgers") == ledgers, "ledgers %lld", count_rows(db, "ledgers"));
    CHECK_MSG(count_rows(db, "transactions") == ledgers * (long long)c.transactions,
              "transactions %lld", count_rows(db, "transactions"));
    CHECK(count_rows(db, "operations") == ledgers * (long long)c.operations);
    CHECK(count_rows(db, "transaction_participants") ==
          ledgers * (long long)c.transaction_participants);
    CHECK(count_rows(db, "operation_participants") == ledgers * (long long)c.operation_participants);
    CHECK(count_rows(db, "state_changes") == ledgers * (long long)c.state_changes);
    CHECK_MSG(count_rows(db, "token_transfers") == ledgers * (long long)c.token_transfers,
              "token_transfers %lld", count_rows(db, "token_transfers"));
}

/* The history tables (partitioned alike): ledgers, transactions,
 * operations, both participant tables, state_changes, token_transfers. */
#define HISTORY_TABLES 7

static int open_or_fail(harness_sink *s, const char *dsn, const char *extra)
{
    sluice_status status = harness_open_sink(s, dsn, extra);
    CHECK_MSG(status == SLUICE_OK, "open: %s (%s)", s->open_error.message, s->open_error.detail);
    return status == SLUICE_OK;
}

/* ---- schema -------------------------------------------------------------- */

static void test_schema_migrations(void)
{
    char *dsn = harness_fresh_database("schema");
    PGconn *db = harness_connect(dsn);
    harness_sink a, b;
    if (open_or_fail(&a, dsn, NULL)) {
        long long version = harness_scalar(db, "SELECT max(version) FROM sluice.schema_migrations");
        CHECK(version >= 1);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.schema_migrations") == version);
        CHECK(harness_scalar(db, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'sluice' "
                             "AND indexname IN ('transactions_by_hash', "
                             "'state_changes_by_account', 'transaction_participants_pkey')") == 3);
        /* a second open applies nothing twice */
        CHECK(open_or_fail(&b, dsn, NULL));
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.schema_migrations") == version);
        harness_close_sink(&b);
    }
    harness_close_sink(&a);

    /* a store migrated by a newer sluice is refused, untouched */
    harness_exec(db, "INSERT INTO sluice.schema_migrations (version) VALUES (999)");
    CHECK(harness_open_sink(&b, dsn, NULL) == SLUICE_ERROR);
    CHECK_STR_CONTAINS(b.open_error.message, "schema is newer than this sluice");
    CHECK_STR_CONTAINS(b.open_error.detail, "version 999");
    harness_close_sink(&b);

    /* a configurable schema, with a name needing quotes */
    CHECK(open_or_fail(&a, dsn, "schema = wallet \"x\""));
    CHECK(harness_scalar(db, "SELECT count(*) FROM \"wallet \"\"x\"\"\".schema_migrations") >= 1);
    harness_close_sink(&a);
    PQfinish(db);
    free(dsn);
}

static char *explain(PGconn *db, const char *sql);

/* Every lookup table and token_transfers have a comment on the table and
 * on every column; the lookup tables hold every name of the core's table
 * (every operation type among them), and a second open leaves them as
 * they are. */
static void test_lookup_tables(void)
{
    char *dsn = harness_fresh_database("names");
    PGconn *db = harness_connect(dsn);
    harness_sink s;
    static const struct {
        const char *table;
        sluice_name_set set;
    } lookups[] = {
        {"operation_types", SLUICE_NAMES_OPERATION_TYPE},
        {"transaction_result_codes", SLUICE_NAMES_TRANSACTION_RESULT},
        {"operation_result_codes", SLUICE_NAMES_OPERATION_RESULT},
        {"operation_type_result_codes", SLUICE_NAMES_OPERATION_TYPE_RESULT},
        {"state_change_categories", SLUICE_NAMES_STATE_CATEGORY},
        {"state_change_reasons", SLUICE_NAMES_STATE_REASON},
        {"token_transfer_kinds", SLUICE_NAMES_TRANSFER_KIND},
        {"contract_event_types", SLUICE_NAMES_CONTRACT_EVENT_TYPE},
    };
    if (open_or_fail(&s, dsn, NULL)) {
        char sql[512];
        for (size_t t = 0; t < sizeof lookups / sizeof *lookups; t++) {
            size_t count = 0;
            const sluice_code_name *names = code_names(lookups[t].set, &count);
            CHECK_MSG(count > 0 && harness_scalar(db, (snprintf(sql, sizeof sql,
                      "SELECT count(*) FROM sluice.%s", lookups[t].table), sql)) ==
                      (long long)count, "%s: rows differ from the core's %zu names",
                      lookups[t].table, count);
            for (size_t i = 0; i < count; i++) {
                snprintf(sql, sizeof sql, "SELECT count(*) FROM sluice.%s WHERE code = %d "
                         "AND name = '%s'%s", lookups[t].table, (int)names[i].code,
                         names[i].name, lookups[t].set == SLUICE_NAMES_OPERATION_TYPE_RESULT
                             ? " AND operation_type = " : "");
                if (lookups[t].set == SLUICE_NAMES_OPERATION_TYPE_RESULT)
                    snprintf(sql + strlen(sql), sizeof sql - strlen(sql), "%d",
                             (int)names[i].context);
                CHECK_MSG(harness_scalar(db, sql) == 1, "%s", sql);
            }
        }
        /* every operation type of the spec (0..26 today) is named */
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.operation_types WHERE code "
                             "BETWEEN 0 AND 26") == 27);
        CHECK(harness_scalar(db, "SELECT count(DISTINCT operation_type) FROM "
                             "sluice.operation_type_result_codes") == 27);
        char *text = harness_text(db, "SELECT string_agg(name, ',' ORDER BY code) FROM "
                                  "sluice.operation_types WHERE code IN (0, 1, 24)");
        CHECK_MSG(strcmp(text, "create_account,payment,invoke_host_function") == 0, "%s", text);
        free(text);
        text = harness_text(db, "SELECT name FROM sluice.operation_type_result_codes WHERE "
                            "operation_type = 1 AND code = -2");
        CHECK_MSG(strcmp(text, "underfunded") == 0, "%s", text);
        free(text);
        /* comments on every table and column of the new tables */
        CHECK(harness_scalar(db, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON "
                             "n.oid = c.relnamespace WHERE n.nspname = 'sluice' AND c.relname IN "
                             "('token_transfers', 'operation_types', 'transaction_result_codes', "
                             "'operation_result_codes', 'operation_type_result_codes', "
                             "'state_change_categories', 'state_change_reasons', "
                             "'token_transfer_kinds', 'contract_event_types') AND "
                             "obj_description(c.oid, 'pg_class') IS NOT NULL") == 9);
        CHECK(harness_scalar(db, "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON "
                             "c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE n.nspname = 'sluice' AND a.attnum > 0 AND NOT a.attisdropped "
                             "AND c.relname IN ('token_transfers', 'operation_types', "
                             "'transaction_result_codes', 'operation_result_codes', "
                             "'operation_type_result_codes', 'state_change_categories', "
                             "'state_change_reasons', 'token_transfer_kinds', "
                             "'contract_event_types') AND "
                             "col_description(c.oid, a.attnum) IS NULL") == 0);
        /* names join: an operation's type and result by name */
        CHECK(write_range(&s, 10, 10, 1, 1) == SLUICE_OK);
        text = harness_text(db, "SELECT t.name || '/' || r.name || '/' || o_r.name FROM "
                            "sluice.operations o JOIN sluice.operation_types t ON "
                            "t.code = o.operation_type JOIN sluice.operation_type_result_codes r "
                            "ON r.operation_type = o.operation_type AND r.code = o.result_code "
                            "JOIN sluice.operation_result_codes o_r ON "
                            "o_r.code = o.operation_result_code");
        CHECK_MSG(strcmp(text, "payment/success/op_inner") == 0, "%s", text);
        free(text);
        /* a second open rewrites nothing; a changed name is put back */
        harness_close_sink(&s);
        const char *row_version = "SELECT xmin::text::bigint FROM sluice.operation_types "
                                  "WHERE code = 0";
        long long before = harness_scalar(db, row_version);
        harness_exec(db, "UPDATE sluice.operation_types SET name = 'x' WHERE code = 1");
        if (open_or_fail(&s, dsn, NULL)) {
            CHECK(harness_scalar(db, row_version) == before);
            text = harness_text(db, "SELECT name FROM sluice.operation_types WHERE code = 1");
            CHECK_MSG(strcmp(text, "payment") == 0, "%s", text);
            free(text);
        }
    }
    harness_close_sink(&s);
    PQfinish(db);
    free(dsn);
}

/* token_transfers: the factory's fee (operation NULL) and payment rows,
 * exact, and an account's transfers newest first come from an index in
 * its order, without a sort. */
static void test_token_transfers(const char *format_line)
{
    fprintf(stderr, "token transfers with %s\n", format_line);
    char *dsn = harness_fresh_database("transfers");
    PGconn *db = harness_connect(dsn);
    harness_sink s;
    if (open_or_fail(&s, dsn, format_line)) {
        CHECK(write_range(&s, 10, 12, 2, 2) == SLUICE_OK);
        expect_counts(db, 3, 2, 2);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.token_transfers WHERE kind = 5 "
                             "AND operation_id IS NULL AND \"to\" IS NULL AND asset = 'native' "
                             "AND amount = 100 AND event_index = 0 AND to_muxed_id IS NULL") ==
              3 * 2);
        char *text = harness_text(db, "SELECT string_agg(amount::text || ':' || "
                                  "coalesce(to_muxed_id::text, '-'), ',' ORDER BY operation_id) "
                                  "FROM sluice.token_transfers WHERE kind = 1 AND "
                                  "transaction_id = ((10::bigint << 32) | (1 << 12))");
        CHECK_MSG(strcmp(text, "18446744073709551616:18446744073709551615,"
                         "18446744073709551617:-") == 0, "%s", text);
        free(text);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.token_transfers t JOIN "
                             "sluice.operations o ON o.id = t.operation_id AND "
                             "o.transaction_id = t.transaction_id") == 3 * 2 * 2);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.token_transfers WHERE "
                             "asset_contract LIKE 'C%' AND length(asset_contract) = 56") ==
              3 * 2 * 3);
        harness_exec(db, "SET enable_seqscan = off; SET enable_bitmapscan = off");
        char *plan = explain(db, "SELECT * FROM sluice.token_transfers WHERE \"to\" = 'G' "
                             "ORDER BY transaction_id DESC, operation_id DESC, event_index DESC "
                             "LIMIT 20");
        CHECK_MSG(testlib_contains(plan, "token_transfers_by_to") &&
                  !testlib_contains(plan, "Sort"), "%s", testlib_shown(plan));
        free(plan);
        plan = explain(db, "SELECT * FROM sluice.token_transfers WHERE \"from\" = 'G' AND "
                       "transaction_id < 1 ORDER BY transaction_id DESC, operation_id DESC, "
                       "event_index DESC LIMIT 20");
        CHECK_MSG(testlib_contains(plan, "token_transfers_by_from") &&
                  !testlib_contains(plan, "Sort"), "%s", testlib_shown(plan));
        free(plan);
        /* the same event twice is refused by the key (G6 deletes before) */
        PGresult *res = PQexec(db, "INSERT INTO sluice.token_transfers SELECT * FROM "
                               "sluice.token_transfers WHERE operation_id IS NULL LIMIT 1");
        CHECK(PQresultStatus(res) == PGRES_FATAL_ERROR);
        PQclear(res);
    }
    harness_close_sink(&s);
    PQfinish(db);
    free(dsn);
}

/* A store created by version 1 (rebuilt here by undoing migrations 2 and 3
 * on a fresh store) is upgraded at open: its rows stay, the added columns are
 * NULL for them until their ledgers are written again, new rows have them. */
static void test_upgrade_from_v1(void)
{
    char *dsn = harness_fresh_database("upgrade");
    PGconn *db = harness_connect(dsn);
    harness_sink s;
    if (open_or_fail(&s, dsn, NULL))
        CHECK(write_range(&s, 10, 12, 2, 2) == SLUICE_OK);
    harness_close_sink(&s);
    harness_exec(db, "ALTER TABLE sluice.ledgers DROP COLUMN total_coins, DROP COLUMN fee_pool;"
                 "ALTER TABLE sluice.operations DROP COLUMN operation_result_code,"
                 "  DROP COLUMN has_result;"
                 "ALTER TABLE sluice.operations RENAME COLUMN operation_type TO type;"
                 "DROP TABLE sluice.ledger_partitioning, sluice.token_transfers,"
                 " sluice.operation_types, sluice.transaction_result_codes,"
                 " sluice.operation_result_codes, sluice.operation_type_result_codes,"
                 " sluice.state_change_categories, sluice.state_change_reasons,"
                 " sluice.token_transfer_kinds, sluice.contract_event_types;"
                 "DELETE FROM sluice.schema_migrations WHERE version >= 2");
    if (open_or_fail(&s, dsn, NULL)) {
        CHECK(harness_scalar(db, "SELECT max(version) FROM sluice.schema_migrations") ==
              5 /* the newest migration */);
        CHECK(harness_scalar(db, "SELECT partition_ledgers FROM sluice.ledger_partitioning") == 0);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.ledgers WHERE total_coins IS NULL "
                             "AND fee_pool IS NULL") == 3);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.operations WHERE operation_type = 1 "
                             "AND has_result IS NULL AND operation_result_code IS NULL") == 12);
        CHECK(write_range(&s, 13, 13, 2, 2) == SLUICE_OK);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.ledgers WHERE "
                             "total_coins IS NOT NULL") == 1);
        /* re-writing the old ledgers fills their columns, one copy each */
        CHECK(write_range(&s, 10, 12, 2, 2) == SLUICE_OK);
        expect_counts(db, 4, 2, 2);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.ledgers WHERE total_coins IS NULL "
                             "OR fee_pool IS NULL") == 0);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.operations WHERE has_result IS NULL "
                             "OR operation_result_code IS NULL") == 0);
    }
    harness_close_sink(&s);
    PQfinish(db);
    free(dsn);
}

/* ---- writes and idempotence (G6) ---------------------------------------- */

/* format_lines: the sink's copy_format (and a small copy_rows, so that
 * ledgers span several COPY sends). */
static void test_rows_and_idempotence(const char *format_lines)
{
    fprintf(stderr, "rows and idempotence with %s\n", format_lines);
    char *dsn = harness_fresh_database("idem");
    PGconn *db = harness_connect(dsn);
    harness_sink s;
    if (open_or_fail(&s, dsn, format_lines)) {
        CHECK(write_range(&s, 10, 14, 3, 2) == SLUICE_OK);
        expect_counts(db, 5, 3, 2);
        /* again: as one batch, then ledger by ledger */
        CHECK(write_range(&s, 10, 14, 3, 2) == SLUICE_OK);
        for (uint32_t seq = 10; seq <= 14; seq++)
            CHECK(write_range(&s, seq, seq, 3, 2) == SLUICE_OK);
        expect_counts(db, 5, 3, 2);
        /* a range partly present */
        CHECK(write_range(&s, 12, 17, 3, 2) == SLUICE_OK);
        expect_counts(db, 8, 3, 2);

        /* content round trip */
        char *text = harness_text(db, "SELECT close_time::text FROM sluice.ledgers "
                                  "WHERE sequence = 10");
        CHECK_STR_CONTAINS(text, "2023-11-14 22:14:10+00");
        free(text);
        text = harness_text(db, "SELECT encode(memo_value, 'escape') FROM sluice.transactions "
                            "WHERE id = ((10::bigint << 32) | (2 << 12))");
        CHECK_MSG(strcmp(text, "tab\there \\\\ and\nnewline") == 0, "memo %s", text);
        free(text);
        text = harness_text(db, "SELECT string_agg(amount::text, ',' ORDER BY \"order\") "
                            "FROM sluice.state_changes WHERE operation_id = ((10::bigint << 32) | (1 << 12)) + 1");
        CHECK_MSG(strcmp(text, "-36893488147419103232,18446744073709551616") == 0, "amounts %s",
                  text);
        free(text);
        text = harness_text(db, "SELECT details_json->>'memo' FROM sluice.state_changes "
                            "WHERE operation_id = ((10::bigint << 32) | (1 << 12)) + 1 AND \"order\" = 1");
        CHECK_MSG(strcmp(text, "a\tb") == 0, "details %s", text);
        free(text);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.operations WHERE "
                             "source_muxed_id = 18446744073709551615") == 8 * 3);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.transactions WHERE "
                             "memo_value IS NULL AND fee_account IS NULL") == 8 * 2);
        /* the columns of migration 2 */
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.ledgers WHERE "
                             "total_coins = 9223372036854775807 - sequence AND "
                             "fee_pool = 7 * sequence") == 8);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.operations WHERE has_result "
                             "AND operation_type = 1 AND result_code = 0 AND "
                             "operation_result_code = -(id - transaction_id - 1)") == 8 * 3 * 2);
        /* an empty ledger is stored (G5) */
        CHECK(write_range(&s, 18, 18, 0, 0) == SLUICE_OK);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.ledgers WHERE sequence = 18") == 1);

        /* descending order inside one transaction is refused */
        factory_ledger l;
        CHECK(s.ops->begin(s.handle) == SLUICE_OK);
        factory_build(&l, 30, 1, 1);
        CHECK(s.ops->write_ledger(s.handle, &l.ledger) == SLUICE_OK);
        factory_free(&l);
        factory_build(&l, 29, 1, 1);
        CHECK(s.ops->write_ledger(s.handle, &l.ledger) == SLUICE_ERROR);
        CHECK_STR_CONTAINS(harness_error(&s), "ascending order");
        factory_free(&l);
        s.ops->rollback(s.handle);
    }
    harness_close_sink(&s);
    PQfinish(db);
    free(dsn);
}

/* Two backfills re-writing overlapping ranges at the same time (G6 across
 * writers): the second waits for the first's per-ledger locks, then
 * replaces its rows; one copy of every row, no key collision. */
typedef struct overlap_writer {
    const char *dsn;
    sluice_status status;
    volatile int done;
} overlap_writer;

static void *write_overlapping_range(void *context)
{
    overlap_writer *w = context;
    harness_sink b;
    w->status = harness_open_sink(&b, w->dsn, NULL);
    if (w->status == SLUICE_OK && (w->status = b.ops->set_mode(b.handle, SLUICE_MODE_BACKFILL)) ==
                                      SLUICE_OK)
        w->status = write_range(&b, 12, 16, 2, 1);
    harness_close_sink(&b);
    w->done = 1;
    return NULL;
}

static void test_concurrent_rewrites(void)
{
    char *dsn = harness_fresh_database("overlap");
    PGconn *db = harness_connect(dsn);
    harness_sink a;
    if (open_or_fail(&a, dsn, "copy_rows = 1")) { /* every write_ledger sends at once */
        CHECK(write_range(&a, 10, 16, 2, 1) == SLUICE_OK); /* already stored once */
        CHECK(a.ops->set_mode(a.handle, SLUICE_MODE_BACKFILL) == SLUICE_OK);
        CHECK(a.ops->begin(a.handle) == SLUICE_OK);
        for (uint32_t seq = 10; seq <= 14; seq++) {
            factory_ledger l;
            factory_build(&l, seq, 2, 1);
            CHECK(a.ops->write_ledger(a.handle, &l.ledger) == SLUICE_OK);
            factory_free(&l);
        }
        overlap_writer w = {dsn, SLUICE_ERROR, 0};
        pthread_t thread;
        CHECK(pthread_create(&thread, NULL, write_overlapping_range, &w) == 0);
        struct timespec pause = {0, 700 * 1000000L};
        nanosleep(&pause, NULL);
        CHECK_MSG(!w.done, "the overlapping writer did not wait for the first");
        CHECK(a.ops->commit(a.handle) == SLUICE_OK);
        pthread_join(thread, NULL);
        CHECK_MSG(w.status == SLUICE_OK, "overlapping writer: status %d", w.status);
        expect_counts(db, 7, 2, 1);
    }
    harness_close_sink(&a);
    PQfinish(db);
    free(dsn);
}

/* ---- cursors (G7) and atomicity (G1) ------------------------------------- */

static void test_cursors(void)
{
    char *dsn = harness_fresh_database("cursor");
    PGconn *db = harness_connect(dsn);
    harness_sink s;
    if (open_or_fail(&s, dsn, NULL)) {
        const sluice_sink_ops *ops = s.ops;
        uint32_t value = 0;
        int present = 1;
        CHECK(ops->cursor_get(s.handle, SLUICE_CURSOR_LATEST, &value, &present) == SLUICE_OK);
        CHECK(present == 0);

        CHECK(ops->begin(s.handle) == SLUICE_OK);
        CHECK(ops->cursor_advance(s.handle, SLUICE_CURSOR_LATEST, 0, 0, 5) == SLUICE_OK);
        CHECK(ops->commit(s.handle) == SLUICE_OK);
        CHECK(ops->cursor_get(s.handle, SLUICE_CURSOR_LATEST, &value, &present) == SLUICE_OK);
        CHECK(present == 1 && value == 5);

        /* from the wrong value: refused, says what is stored */
        CHECK(ops->begin(s.handle) == SLUICE_OK);
        CHECK(ops->cursor_advance(s.handle, SLUICE_CURSOR_LATEST, 1, 4, 5) == SLUICE_ERROR);
        CHECK_STR_CONTAINS(harness_error(&s), "is not where this writer left it");
        CHECK_STR_CONTAINS(harness_error_detail(&s), "stored 5, expected 4");
        ops->rollback(s.handle);
        /* "unset" expected while set: refused */
        CHECK(ops->begin(s.handle) == SLUICE_OK);
        CHECK(ops->cursor_advance(s.handle, SLUICE_CURSOR_LATEST, 0, 0, 9) == SLUICE_ERROR);
        ops->rollback(s.handle);
        /* backward: refused */
        CHECK(ops->begin(s.handle) == SLUICE_OK);
        CHECK(ops->cursor_advance(s.handle, SLUICE_CURSOR_LATEST, 1, 5, 3) == SLUICE_ERROR);
        ops->rollback(s.handle);
        CHECK(ops->cursor_get(s.handle, SLUICE_CURSOR_LATEST, &value, &present) == SLUICE_OK);
        CHECK(value == 5);

        /* G1: ledger rows and cursor together, or neither */
        factory_ledger l;
        factory_build(&l, 6, 2, 2);
        CHECK(ops->begin(s.handle) == SLUICE_OK);
        CHECK(ops->write_ledger(s.handle, &l.ledger) == SLUICE_OK);
        CHECK(ops->cursor_advance(s.handle, SLUICE_CURSOR_LATEST, 1, 5, 6) == SLUICE_OK);
        ops->rollback(s.handle);
        CHECK(count_rows(db, "ledgers") == 0);
        CHECK(ops->cursor_get(s.handle, SLUICE_CURSOR_LATEST, &value, &present) == SLUICE_OK);
        CHECK(value == 5);
        CHECK(ops->begin(s.handle) == SLUICE_OK);
        CHECK(ops->write_ledger(s.handle, &l.ledger) == SLUICE_OK);
        CHECK(ops->cursor_advance(s.handle, SLUICE_CURSOR_LATEST, 1, 5, 6) == SLUICE_OK);
        CHECK(ops->commit(s.handle) == SLUICE_OK);
        CHECK(count_rows(db, "ledgers") == 1);
        CHECK(harness_scalar(db, "SELECT value::bigint FROM sluice.ingest_store "
                             "WHERE key = 'latest_ingest_ledger'") == 6);
        factory_free(&l);

        /* a corrupted cursor is reported, not trusted */
        harness_exec(db, "UPDATE sluice.ingest_store SET value = '12abc' "
                     "WHERE key = 'latest_ingest_ledger'");
        CHECK(ops->cursor_get(s.handle, SLUICE_CURSOR_LATEST, &value, &present) == SLUICE_ERROR_DATA);
        CHECK_STR_CONTAINS(harness_error_detail(&s), "12abc");
        CHECK(ops->begin(s.handle) == SLUICE_OK);
        CHECK(ops->cursor_advance(s.handle, SLUICE_CURSOR_LATEST, 1, 6, 7) != SLUICE_OK);
        ops->rollback(s.handle);
    }
    harness_close_sink(&s);
    PQfinish(db);
    free(dsn);
}

/* ---- every check of `sluice check-plugin` --------------------------------- */

/* On a fresh database, the lock lost by terminating the session that
 * holds it (application_name "sluice writer lock"). */
static void test_conformance(void)
{
    char *dsn = harness_fresh_database("conformance");
    harness_sink s;
    if (open_or_fail(&s, dsn, NULL)) {
        char lose_lock[2048];
        snprintf(lose_lock, sizeof lose_lock, "psql \"%s\" -qAt -c \"SELECT "
                 "pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                 "current_database() AND application_name = 'sluice writer lock'\" >/dev/null",
                 dsn);
        sink_target target = {&s.setup.sink, TEST_PASSPHRASE, lose_lock};
        check_tally tally = {stderr, 0, 0, 0};
        CHECK(sink_checks_run(&target, &tally) == 0);
        CHECK_MSG(tally.passed == sink_check_count, "%u of %zu checks passed", tally.passed,
                  sink_check_count);
    }
    harness_close_sink(&s);
    free(dsn);
}

/* ---- the writer lock (G2) ------------------------------------------------ */

static void test_single_writer(void)
{
    char *dsn = harness_fresh_database("lock");
    PGconn *db = harness_connect(dsn);
    harness_sink a, b, backfill, other;
    if (open_or_fail(&a, dsn, NULL) && open_or_fail(&b, dsn, NULL)) {
        CHECK(a.ops->lock(a.handle) == SLUICE_OK);
        CHECK(b.ops->lock(b.handle) == SLUICE_ERROR_LOCKED);
        CHECK_STR_CONTAINS(harness_error(&b), "another sluice instance is the writer");
        CHECK_STR_CONTAINS(harness_error_detail(&b), "locked by server process");
        CHECK_STR_CONTAINS(harness_error_detail(&b), "sluice writer lock");

        /* backfill takes no lock and writes beside the live writer */
        if (open_or_fail(&backfill, dsn, NULL)) {
            CHECK(backfill.ops->set_mode(backfill.handle, SLUICE_MODE_BACKFILL) == SLUICE_OK);
            CHECK(write_range(&backfill, 100, 101, 1, 1) == SLUICE_OK);
            CHECK(count_rows(db, "ledgers") == 2);
        }
        harness_close_sink(&backfill);
        /* another schema is another store */
        if (open_or_fail(&other, dsn, "schema = other"))
            CHECK(other.ops->lock(other.handle) == SLUICE_OK);
        harness_close_sink(&other);

        harness_close_sink(&a);
    } else {
        harness_close_sink(&a);
    }
    harness_close_sink(&b);
    PQfinish(db);
    free(dsn);
}

static void terminate_backend(PGconn *db, const char *application_name)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
             "WHERE datname = current_database() AND application_name = '%s'", application_name);
    CHECK_MSG(harness_scalar(db, sql) == 1, "no backend named %s", application_name);
}

/* ---- write modes ------------------------------------------------------------ */

/* The statement begin() sent, as the server saw it (pg_stat_activity). */
static char *begin_statement(PGconn *db, harness_sink *s)
{
    if (s->ops->begin(s->handle) != SLUICE_OK)
        return strdup("(begin failed)");
    char *query = harness_text(db, "SELECT query FROM pg_stat_activity WHERE datname = "
                               "current_database() AND application_name = 'sluice sink'");
    s->ops->rollback(s->handle);
    return query;
}

static void test_write_modes(void)
{
    char *dsn = harness_fresh_database("modes");
    PGconn *db = harness_connect(dsn);
    harness_sink s;
    /* live (also the default without set_mode): durable commits */
    if (open_or_fail(&s, dsn, NULL)) {
        char *query = begin_statement(db, &s);
        CHECK_MSG(strcmp(query, "BEGIN") == 0, "live begin: %s", query);
        free(query);
        /* backfill: asynchronous commit by default ... */
        CHECK(s.ops->set_mode(s.handle, SLUICE_MODE_BACKFILL) == SLUICE_OK);
        query = begin_statement(db, &s);
        CHECK_STR_CONTAINS(query, "SET LOCAL synchronous_commit = off");
        free(query);
        /* ... except a batch's last transaction (update-min), whose durable
         * commit flushes the WAL of the others */
        CHECK(s.ops->begin(s.handle) == SLUICE_OK);
        CHECK(s.ops->cursor_update_min(s.handle, "oldest_ingest_ledger", 7) == SLUICE_OK);
        query = harness_text(db, "SELECT query FROM pg_stat_activity WHERE datname = "
                             "current_database() AND application_name = 'sluice sink'");
        CHECK_MSG(strcmp(query, "SET LOCAL synchronous_commit = on") == 0,
                  "after update-min: %s", query);
        free(query);
        CHECK(s.ops->commit(s.handle) == SLUICE_OK);
        /* read-only instances refuse to write */
        CHECK(s.ops->set_mode(s.handle, SLUICE_MODE_READ) == SLUICE_OK);
        CHECK(s.ops->begin(s.handle) == SLUICE_ERROR);
        CHECK_STR_CONTAINS(harness_error(&s), "read-only");
    }
    harness_close_sink(&s);
    /* backfill_synchronous_commit = true: backfill commits wait for the WAL */
    if (open_or_fail(&s, dsn, "backfill_synchronous_commit = true")) {
        CHECK(s.ops->set_mode(s.handle, SLUICE_MODE_BACKFILL) == SLUICE_OK);
        char *query = begin_statement(db, &s);
        CHECK_MSG(strcmp(query, "BEGIN") == 0, "durable backfill begin: %s", query);
        free(query);
    }
    harness_close_sink(&s);
    PQfinish(db);
    free(dsn);
}

/* ---- gaps (G5) and the hash chain (G8) ----------------------------------- */

typedef struct gap_list {
    sluice_gap gaps[16];
    size_t count;
    size_t stop_after;
} gap_list;

static int collect_gap(void *context, const sluice_gap *gap)
{
    gap_list *list = context;
    if (list->count < 16)
        list->gaps[list->count] = *gap;
    list->count++;
    return list->stop_after && list->count >= list->stop_after;
}

static void expect_gaps(harness_sink *s, uint32_t from, uint32_t to, const char *expected)
{
    gap_list list = {0};
    CHECK(s->ops->gaps(s->handle, from, to, collect_gap, &list) == SLUICE_OK);
    char got[256] = "";
    for (size_t i = 0; i < list.count && i < 16; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%u-%u", i ? " " : "",
                 list.gaps[i].from, list.gaps[i].to);
    CHECK_MSG(strcmp(got, expected) == 0, "gaps %u..%u: got \"%s\", expected \"%s\"", from, to,
              got, expected);
}

/* ---- partitioning by ledger range ---------------------------------------- */

/* Every line of EXPLAIN (COSTS OFF) of `sql`, joined (caller frees). */
static char *explain(PGconn *db, const char *sql)
{
    char query[512];
    snprintf(query, sizeof query, "EXPLAIN (COSTS OFF) %s", sql);
    PGresult *res = PQexec(db, query);
    size_t size = 1;
    for (int i = 0; i < PQntuples(res); i++)
        size += strlen(PQgetvalue(res, i, 0)) + 1;
    char *text = calloc(1, size);
    for (int i = 0; text && i < PQntuples(res); i++)
        strcat(strcat(text, PQgetvalue(res, i, 0)), "\n");
    CHECK_MSG(PQresultStatus(res) == PGRES_TUPLES_OK, "%s: %s", query, PQerrorMessage(db));
    PQclear(res);
    return text;
}

/* The plan of `sql` touches the partitions starting at each ledger of
 * `wanted` (e.g. "_0000000010") and no other of `table`. */
static void expect_partitions(PGconn *db, const char *sql, const char *table, int partitions,
                              const char *const *wanted, int wanted_count)
{
    char *plan = explain(db, sql);
    int touched = 0;
    for (int k = 0; k < partitions; k++) {
        char name[96];
        snprintf(name, sizeof name, "%s_%010d ", table, 10 * k);
        int is_wanted = 0;
        for (int w = 0; w < wanted_count; w++)
            is_wanted |= strstr(name, wanted[w]) != NULL;
        int in_plan = plan && strstr(plan, name) != NULL;
        touched += in_plan;
        CHECK_MSG(in_plan == is_wanted, "%s: partition %s %s\n%s", sql, name,
                  is_wanted ? "missing" : "not pruned", plan ? plan : "");
    }
    CHECK(touched == wanted_count);
    free(plan);
}

static long long partition_count(PGconn *db)
{
    return harness_scalar(db, "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON "
                          "c.oid = i.inhparent JOIN pg_namespace n ON n.oid = c.relnamespace "
                          "WHERE n.nspname = 'sluice' AND c.relkind = 'p'");
}

static void test_partitioning(void)
{
    char *dsn = harness_fresh_database("partitions");
    PGconn *db = harness_connect(dsn);
    harness_sink s, t;
    /* copy_rows = 20: COPYs go out mid-transaction, so later partitions are
     * made while this writer's own transaction holds the parents */
    const char *config = "partition_ledgers = 10\ncopy_rows = 20\nstatement_timeout_ms = 10000";
    if (open_or_fail(&s, dsn, config)) {
        CHECK(harness_scalar(db, "SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c "
                             "ON c.oid = p.partrelid JOIN pg_namespace n ON n.oid = "
                             "c.relnamespace WHERE n.nspname = 'sluice'") == HISTORY_TABLES);
        CHECK(write_range(&s, 5, 34, 2, 2) == SLUICE_OK);      /* partitions 0, 10, 20, 30 */
        expect_counts(db, 30, 2, 2);
        CHECK(partition_count(db) == 4 * HISTORY_TABLES);
        /* re-writes across boundaries leave one copy */
        CHECK(write_range(&s, 5, 34, 2, 2) == SLUICE_OK);
        CHECK(write_range(&s, 28, 41, 2, 2) == SLUICE_OK);     /* and partition 40 */
        expect_counts(db, 37, 2, 2);
        CHECK(partition_count(db) == 5 * HISTORY_TABLES);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.ledgers_0000000020") == 10);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.transactions_0000000040") == 2 * 2);
        /* gaps across partition boundaries, empty ledgers included */
        CHECK(write_range(&s, 45, 45, 0, 0) == SLUICE_OK);
        expect_gaps(&s, 1, 50, "1-4 42-44 46-50");
        expect_gaps(&s, 8, 45, "42-44");

        /* a second writer makes partitions while the first one's
         * transaction, which already wrote into every parent, is open:
         * neither waits for the other (statement_timeout would fail it) */
        if (open_or_fail(&t, dsn, config)) {
            factory_ledger l;
            CHECK(s.ops->begin(s.handle) == SLUICE_OK);
            for (uint32_t seq = 50; seq <= 52; seq++) {
                factory_build(&l, seq, 4, 2);
                CHECK(s.ops->write_ledger(s.handle, &l.ledger) == SLUICE_OK);
                factory_free(&l);
            }
            CHECK(write_range(&t, 60, 61, 2, 2) == SLUICE_OK); /* partition 60, committed */
            factory_build(&l, 75, 4, 2);
            CHECK(s.ops->write_ledger(s.handle, &l.ledger) == SLUICE_OK); /* partition 70 */
            factory_free(&l);
            CHECK(s.ops->commit(s.handle) == SLUICE_OK);
            CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.ledgers WHERE sequence "
                                 "BETWEEN 50 AND 79") == 6);
            CHECK(partition_count(db) == 8 * HISTORY_TABLES);
        }
        harness_close_sink(&t);

        /* ledger-range queries and the re-write's delete touch only the
         * partitions of the range */
        const char *p10[] = {"_0000000010 "}, *p10_20[] = {"_0000000010 ", "_0000000020 "};
        expect_partitions(db, "SELECT * FROM sluice.ledgers WHERE sequence BETWEEN 12 AND 18",
                          "ledgers", 8, p10, 1);
        expect_partitions(db, "DELETE FROM sluice.transactions WHERE id BETWEEN "
                          "(12::bigint << 32) AND (26::bigint << 32) - 1", "transactions", 8,
                          p10_20, 2);
        expect_partitions(db, "DELETE FROM sluice.state_changes WHERE operation_id BETWEEN "
                          "(12::bigint << 32) AND (19::bigint << 32) - 1", "state_changes", 8,
                          p10, 1);
        expect_partitions(db, "DELETE FROM sluice.token_transfers WHERE transaction_id BETWEEN "
                          "(12::bigint << 32) AND (26::bigint << 32) - 1", "token_transfers", 8,
                          p10_20, 2);
    }
    harness_close_sink(&s);

    /* a partitioned schema of before token_transfers (migration 4) gets it
     * partitioned, and its partitions for the ranges made before when
     * those ledgers are written again */
    harness_exec(db, "DROP TABLE sluice.token_transfers, sluice.operation_types,"
                 " sluice.transaction_result_codes, sluice.operation_result_codes,"
                 " sluice.operation_type_result_codes, sluice.state_change_categories,"
                 " sluice.state_change_reasons, sluice.token_transfer_kinds,"
                 " sluice.contract_event_types;"
                 "DELETE FROM sluice.schema_migrations WHERE version >= 4");
    if (open_or_fail(&s, dsn, config)) {
        CHECK(harness_scalar(db, "SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c "
                             "ON c.oid = p.partrelid WHERE c.oid = "
                             "'sluice.token_transfers'::regclass") == 1);
        CHECK(write_range(&s, 5, 34, 2, 2) == SLUICE_OK);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.token_transfers_0000000020") ==
              10 * (long long)factory_expected(2, 2).token_transfers);
        CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.token_transfers") ==
              30 * (long long)factory_expected(2, 2).token_transfers);
    }
    harness_close_sink(&s);

    /* the partitioning of a schema is fixed: another size, or none, is refused */
    CHECK(harness_open_sink(&s, dsn, NULL) == SLUICE_ERROR);
    CHECK_STR_CONTAINS(s.open_error.message, "partitioning is not the configured one");
    CHECK_STR_CONTAINS(s.open_error.detail, "is partitioned by ledger range (partition_ledgers "
                       "= 10); the config asks for partition_ledgers = 0");
    CHECK_STR_CONTAINS(s.open_error.hint, "fixed when it is created");
    harness_close_sink(&s);
    CHECK(harness_open_sink(&s, dsn, "partition_ledgers = 20") == SLUICE_ERROR);
    CHECK_STR_CONTAINS(s.open_error.detail, "partition_ledgers = 20");
    harness_close_sink(&s);
    /* an unpartitioned schema is not partitioned by a later config */
    CHECK(open_or_fail(&s, dsn, "schema = flat"));
    harness_close_sink(&s);
    CHECK(harness_open_sink(&s, dsn, "schema = flat\npartition_ledgers = 10") == SLUICE_ERROR);
    CHECK_STR_CONTAINS(s.open_error.detail, "schema flat is not partitioned "
                       "(partition_ledgers = 0)");
    harness_close_sink(&s);
    CHECK(harness_scalar(db, "SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c ON "
                         "c.oid = p.partrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                         "WHERE n.nspname = 'flat'") == 0);
    PQfinish(db);
    free(dsn);
}

/* ---- balances ---------------------------------------------------------------- */

static sluice_balance_change balance(sluice_balance_kind kind, int64_t operation_id,
                                     unsigned account, const char *asset, uint64_t amount)
{
    sluice_balance_change c;
    memset(&c, 0, sizeof c);
    c.kind = kind;
    c.operation_id = operation_id;
    factory_account(account, c.account);
    c.asset = asset;
    c.balance = (sluice_int128){0, amount};
    c.limit = 1000;
    return c;
}

static sluice_status apply_balances(harness_sink *s, const sluice_balance_change *changes,
                                    size_t count)
{
    sluice_status status = s->ops->begin(s->handle);
    if (status == SLUICE_OK)
        status = s->ops->write_balances(s->handle, changes, count, sizeof *changes);
    if (status == SLUICE_OK)
        status = s->ops->commit(s->handle);
    if (status != SLUICE_OK) {
        fprintf(stderr, "  balances: %s (%s)\n", harness_error(s), harness_error_detail(s));
        s->ops->rollback(s->handle);
    }
    return status;
}

static void test_balances(void)
{
    char *dsn = harness_fresh_database("bal");
    PGconn *db = harness_connect(dsn);
    harness_sink s;
    if (open_or_fail(&s, dsn, NULL)) {
        /* several changes of one balance in one set: the newest wins */
        const sluice_balance_change first[] = {
            balance(SLUICE_BALANCE_ADD, 10, 1, "native", 100),
            balance(SLUICE_BALANCE_UPDATE, 12, 1, "native", 120),
            balance(SLUICE_BALANCE_UPDATE, 11, 1, "native", 110),
            balance(SLUICE_BALANCE_ADD, 10, 2, "USD:\"quoted\\issuer", 7),
            balance(SLUICE_BALANCE_ADD, 13, 3, "native", 1),
            balance(SLUICE_BALANCE_REMOVE, 14, 3, "native", 0), /* add then remove: cancels */
        };
        CHECK(apply_balances(&s, first, 6) == SLUICE_OK);
        CHECK(count_rows(db, "balances") == 2);
        CHECK(harness_scalar(db, "SELECT balance FROM sluice.balances WHERE asset = 'native'") == 120);
        CHECK(harness_scalar(db, "SELECT balance FROM sluice.balances "
                             "WHERE asset = 'USD:\"quoted\\issuer'") == 7);
        /* an older change (re-applied history) does not move a balance back */
        const sluice_balance_change older[] = {balance(SLUICE_BALANCE_UPDATE, 11, 1, "native", 5)};
        CHECK(apply_balances(&s, older, 1) == SLUICE_OK);
        CHECK(harness_scalar(db, "SELECT balance FROM sluice.balances WHERE asset = 'native'") == 120);
        /* removal */
        const sluice_balance_change removal[] = {balance(SLUICE_BALANCE_REMOVE, 20, 1, "native", 0)};
        CHECK(apply_balances(&s, removal, 1) == SLUICE_OK);
        CHECK(count_rows(db, "balances") == 1);
        /* a large int128 */
        sluice_balance_change big = balance(SLUICE_BALANCE_ADD, 30, 4, "native", 0);
        big.balance = (sluice_int128){INT64_MAX, UINT64_MAX};
        CHECK(apply_balances(&s, &big, 1) == SLUICE_OK);
        char *text = harness_text(db, "SELECT balance::text FROM sluice.balances WHERE operation_id = 30");
        CHECK_MSG(strcmp(text, "170141183460469231731687303715884105727") == 0, "int128 %s", text);
        free(text);
        /* an invalid change is refused before anything is sent */
        sluice_balance_change bad = balance(SLUICE_BALANCE_ADD, 31, 5, NULL, 1);
        CHECK(apply_balances(&s, &bad, 1) == SLUICE_ERROR_DATA);
        CHECK_STR_CONTAINS(harness_error_detail(&s), "no asset");
    }
    harness_close_sink(&s);
    PQfinish(db);
    free(dsn);
}

/* ---- faults ------------------------------------------------------------------- */

static void test_permanent_errors(const char *format_line)
{
    char *dsn = harness_fresh_database("perm");
    PGconn *db = harness_connect(dsn);
    harness_sink s;
    if (open_or_fail(&s, dsn, format_line)) {
        /* a constraint error names the ledger, the table and the server's message */
        factory_ledger l;
        factory_build(&l, 41, 3, 1);
        CHECK(write_range(&s, 40, 40, 1, 1) == SLUICE_OK);
        l.transactions[2].id = l.transactions[1].id; /* duplicate key */
        CHECK(s.ops->begin(s.handle) == SLUICE_OK);
        CHECK(s.ops->write_ledger(s.handle, &l.ledger) == SLUICE_OK);
        CHECK(s.ops->commit(s.handle) == SLUICE_ERROR);
        CHECK_STR_CONTAINS(harness_error(&s), "ledger 41: COPY into transactions failed");
        CHECK_STR_CONTAINS(harness_error(&s), "duplicate key");
        CHECK_STR_CONTAINS(harness_error_detail(&s), "SQLSTATE 23505");
        s.ops->rollback(s.handle);
        CHECK(count_rows(db, "ledgers") == 1);
        /* a row outside its ledger's id range is invalid data */
        l.transactions[2].id = (int64_t)42 << 32;
        CHECK(s.ops->begin(s.handle) == SLUICE_OK);
        CHECK(s.ops->write_ledger(s.handle, &l.ledger) == SLUICE_ERROR_DATA);
        CHECK_STR_CONTAINS(harness_error(&s), "ledger 41: invalid transactions row");
        s.ops->rollback(s.handle);
        factory_free(&l);
        /* the sink still works afterwards */
        CHECK(write_range(&s, 41, 41, 1, 1) == SLUICE_OK);
        CHECK(count_rows(db, "ledgers") == 2);
    }
    harness_close_sink(&s);
    PQfinish(db);
    free(dsn);
}

static void test_transient_errors(void)
{
    char *dsn = harness_fresh_database("retry");
    PGconn *db = harness_connect(dsn);
    harness_sink s;
    if (open_or_fail(&s, dsn, NULL)) {
        /* connection lost inside a transaction: a retryable failure */
        CHECK(s.ops->begin(s.handle) == SLUICE_OK);
        terminate_backend(db, "sluice sink");
        factory_ledger l;
        factory_build(&l, 50, 1, 1);
        sluice_status status = s.ops->write_ledger(s.handle, &l.ledger);
        if (status == SLUICE_OK)
            status = s.ops->commit(s.handle);
        CHECK_MSG(status == SLUICE_ERROR_RETRY, "status %d: %s", status, harness_error(&s));
        CHECK_STR_CONTAINS(harness_error_detail(&s), "SQLSTATE");
        s.ops->rollback(s.handle);
        factory_free(&l);
        /* the next transaction reconnects */
        CHECK(write_range(&s, 50, 50, 1, 1) == SLUICE_OK);
        CHECK(count_rows(db, "ledgers") == 1);
        /* reads outside a transaction are retried transparently */
        terminate_backend(db, "sluice sink");
        uint32_t value;
        int present;
        CHECK(s.ops->cursor_get(s.handle, SLUICE_CURSOR_LATEST, &value, &present) == SLUICE_OK);
        terminate_backend(db, "sluice sink");
        gap_list list = {0};
        CHECK(s.ops->gaps(s.handle, 49, 51, collect_gap, &list) == SLUICE_OK);
        CHECK(list.count == 2);
    }
    harness_close_sink(&s);

    /* a server that is not there: a transient failure after the retries,
     * and the password is in no message */
    harness_sink nowhere;
    sluice_status status = harness_open_sink(&nowhere, "host=/nonexistent port=1 user=x "
                                             "password=hunter2secret", "retry_attempts = 2");
    CHECK(status == SLUICE_ERROR_RETRY);
    CHECK_STR_CONTAINS(nowhere.open_error.message, "cannot connect to PostgreSQL");
    CHECK(!strstr(nowhere.open_error.message, "hunter2secret"));
    CHECK(!strstr(nowhere.open_error.detail, "hunter2secret"));
    CHECK(!strstr(nowhere.open_error.hint, "hunter2secret"));
    harness_close_sink(&nowhere);
    PQfinish(db);
    free(dsn);
}

int main(void)
{
    harness_start_server();
    RUN_CASE(test_schema_migrations());
    test_upgrade_from_v1();
    RUN_CASE(test_lookup_tables());
    RUN_CASE(test_token_transfers("copy_format = binary"));
    RUN_CASE(test_token_transfers("copy_format = text"));
    RUN_CASE(test_conformance());
    RUN_CASE(test_rows_and_idempotence("copy_rows = 50\ncopy_format = binary"));
    RUN_CASE(test_rows_and_idempotence("copy_rows = 50\ncopy_format = text"));
    RUN_CASE(test_concurrent_rewrites());
    RUN_CASE(test_cursors());
    RUN_CASE(test_single_writer());
    RUN_CASE(test_write_modes());
    RUN_CASE(test_balances());
    RUN_CASE(test_partitioning());
    RUN_CASE(test_permanent_errors("copy_format = binary"));
    RUN_CASE(test_permanent_errors("copy_format = text"));
    RUN_CASE(test_transient_errors());
    return test_finish();
}
