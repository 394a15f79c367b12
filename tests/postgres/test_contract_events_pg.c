/* test_contract_events_pg.c — the PostgreSQL sink's contract_events table
 * against a real server, through the real loader (one fresh database per
 * case), with hand-built events (event_rows.h):
 *   - every event is a row, in binary and text COPY, unpartitioned and
 *     partitioned; its columns hold the row's values (XDR, SCVec of the
 *     topics, JSON); re-writing ledgers leaves one copy;
 *   - the getEvents query of doc/sink-postgres.md (read from the document,
 *     so the documented query is the tested one), paginated by its cursor
 *     with a page smaller than the answer, returns exactly the events the
 *     generator put on that contract and first topic in that ledger range,
 *     in cursor order, with no duplicate and no gap across pages; the plan
 *     uses the index contract_events_by_contract_topic;
 *   - a partitioned schema upgraded to the migration that adds the table
 *     gets it partitioned, and ledgers in ranges partitioned before it
 *     existed are written (their missing partitions are made). */
#include "config.h"

#include "event_rows.h"
#include "pg_harness.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVENTS_PER_LEDGER 60
#define PER_TX 5
#define CONTRACTS 3
#define TOPICS 4

static sluice_status write_events(harness_sink *s, uint32_t from, uint32_t to)
{
    sluice_status status = s->ops->begin(s->handle);
    for (uint32_t seq = from; status == SLUICE_OK && seq <= to; seq++) {
        event_ledger l;
        event_ledger_build(&l, seq, EVENTS_PER_LEDGER, PER_TX, CONTRACTS, TOPICS);
        status = s->ops->write_ledger(s->handle, &l.ledger);
        event_ledger_free(&l);
    }
    if (status == SLUICE_OK)
        status = s->ops->commit(s->handle);
    if (status != SLUICE_OK) {
        fprintf(stderr, "  write_events %u..%u: %s (%s)\n", from, to, harness_error(s),
                harness_error_detail(s));
        s->ops->rollback(s->handle);
    }
    return status;
}

/* Every event key (transaction_id/operation_id/event_index) of contract
 * `c`, topic `t` in ledgers from..to as the generator made them, in cursor
 * order (ledger, transaction, operation, index), ";"-joined into out. */
static size_t generated_keys(unsigned c, unsigned t, uint32_t from, uint32_t to, char *out,
                             size_t size)
{
    size_t count = 0, len = 0;
    out[0] = '\0';
    for (uint32_t seq = from; seq <= to; seq++) {
        event_ledger l;
        event_ledger_build(&l, seq, EVENTS_PER_LEDGER, PER_TX, CONTRACTS, TOPICS);
        /* within a ledger: by transaction, then operation (0 first), then index */
        for (unsigned tx = 1; tx <= EVENTS_PER_LEDGER / PER_TX; tx++)
            for (size_t i = 0; i < EVENTS_PER_LEDGER; i++) {
                const sluice_contract_event_row *r = &l.rows[i];
                if (i / PER_TX + 1 != tx || event_contract_of(seq, i, CONTRACTS) != c ||
                    event_topic_of(seq, i, TOPICS) != t)
                    continue;
                len += (size_t)snprintf(out + len, size - len, "%lld/%lld/%u;",
                                        (long long)r->transaction_id, (long long)r->operation_id,
                                        r->event_index);
                count++;
            }
        event_ledger_free(&l);
    }
    return count;
}

static void check_rows(PGconn *db, long long ledgers)
{
    CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.contract_events") ==
          ledgers * EVENTS_PER_LEDGER);
    /* event 7 of ledger 100: transaction 2, operation 1, index 2 */
    char contract[SLUICE_STRKEY_SIZE], sql[1024];
    uint8_t topic[EVENT_TOPIC_XDR_SIZE];
    event_contract_name(event_contract_of(100, 7, CONTRACTS), contract);
    event_topic_xdr(event_topic_of(100, 7, TOPICS), topic);
    char hex[2 * EVENT_TOPIC_XDR_SIZE + 1];
    for (int i = 0; i < EVENT_TOPIC_XDR_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", topic[i]);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM sluice.contract_events WHERE transaction_id = "
             "((100::bigint << 32) | (2 << 12)) AND operation_id = transaction_id + 1 AND "
             "event_index = 2 AND event_type = 1 AND contract = '%s' AND in_successful_call AND "
             "topic1_xdr = '\\x%s' AND topics_xdr = '\\x00000002%s0000000300000007' AND "
             "data_xdr = '\\x0000000a000000000000000000000000%08x' AND "
             "topics_json = '[{\"symbol\":\"topic%03u\"},{\"u32\":7}]' AND "
             "data_json->>'i128' = '100007'",
             contract, hex, hex, 100007u, event_topic_of(100, 7, TOPICS));
    CHECK_MSG(harness_scalar(db, sql) == 1, "event 7 of ledger 100 is not stored as built");
    /* transaction 4's events are transaction-level: operation_id 0 */
    CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.contract_events WHERE "
                         "operation_id = 0") == ledgers * PER_TX * 3);
}

static void check_get_events(PGconn *db)
{
    char *query = event_documented_query();
    static char want[1 << 16], got[1 << 16];
    size_t total = 0;
    for (unsigned c = 0; c < CONTRACTS; c++)
        for (unsigned t = 0; t < TOPICS; t++) {
            size_t n = generated_keys(c, t, 105, 124, want, sizeof want);
            int pages = event_paginate(db, query, c, t, 105, 124, 7, got, sizeof got);
            CHECK_MSG(strcmp(want, got) == 0, "contract %u topic %u: getEvents pages give %s, "
                      "the generator made %s", c, t, got, want);
            CHECK_MSG(pages == (int)(n / 7) + 1, "contract %u topic %u: %d pages for %zu events",
                      c, t, pages, n);
            total += n;
        }
    CHECK_MSG(total > 300, "only %zu events matched: the check proves little", total);
    /* the plan: the by-contract-and-topic index (sequential scans off: the
     * table is small) */
    char explain[4096];
    snprintf(explain, sizeof explain, "EXPLAIN %s", query);
    harness_exec(db, "SET enable_seqscan = off");
    PGresult *res = PQprepare(db, "get_events", explain, 0, NULL);
    CHECK(PQresultStatus(res) == PGRES_COMMAND_OK);
    PQclear(res);
    const char *params[8] = {"C", "\\x00", "105", "124", "0", "0", "-1", "10"};
    res = PQexecPrepared(db, "get_events", 8, params, NULL, NULL, 0);
    size_t plan_len = 0;
    static char plan[8192];
    for (int r = 0; PQresultStatus(res) == PGRES_TUPLES_OK && r < PQntuples(res); r++)
        plan_len += (size_t)snprintf(plan + plan_len, sizeof plan - plan_len, "%s\n",
                                     PQgetvalue(res, r, 0));
    PQclear(res);
    /* partitions name their copies of the index after its columns */
    CHECK_MSG(strstr(plan, "contract_events_by_contract_topic") ||
                  strstr(plan, "_contract_topic1_xdr_transaction_"),
              "the plan does not use the index by contract and topic: %s", plan);
    CHECK_MSG(strstr(plan, "Sort") == NULL, "the plan sorts: %s", plan);
    harness_exec(db, "RESET enable_seqscan");
    free(query);
}

static void test_table_and_query(const char *lines, int partitioned)
{
    fprintf(stderr, "contract_events with %s\n", lines);
    char *dsn = harness_fresh_database("events");
    PGconn *db = harness_connect(dsn);
    harness_sink s;
    if (harness_open_sink(&s, dsn, lines) == SLUICE_OK) {
        CHECK(write_events(&s, 100, 129) == SLUICE_OK);
        CHECK(write_events(&s, 110, 119) == SLUICE_OK); /* again: one copy */
        check_rows(db, 30);
        check_get_events(db);
        CHECK(harness_scalar(db, "SELECT count(*) FROM pg_inherits WHERE inhparent = "
                             "'sluice.contract_events'::regclass") == (partitioned ? 3 : 0));
        CHECK(harness_scalar(db, "SELECT count(*) FROM pg_description d JOIN pg_attribute a ON "
                             "a.attrelid = d.objoid AND a.attnum = d.objsubid WHERE d.objoid = "
                             "'sluice.contract_events'::regclass AND a.attnum > 0") == 11);
    } else {
        CHECK_MSG(0, "open: %s", s.open_error.message);
    }
    harness_close_sink(&s);
    PQfinish(db);
    free(dsn);
}

static void test_upgrade_partitioned(void)
{
    fprintf(stderr, "a partitioned schema upgraded to contract_events\n");
    char *dsn = harness_fresh_database("events_upgrade");
    PGconn *db = harness_connect(dsn);
    harness_sink s;
    const char *lines = "partition_ledgers = 10";
    CHECK(harness_open_sink(&s, dsn, lines) == SLUICE_OK);
    CHECK(write_events(&s, 100, 109) == SLUICE_OK);
    harness_close_sink(&s);
    /* back to version 5: the table and its partitions gone */
    harness_exec(db, "DROP TABLE sluice.contract_events;"
                     "DELETE FROM sluice.schema_migrations WHERE version >= 6");
    CHECK(harness_open_sink(&s, dsn, lines) == SLUICE_OK);
    CHECK(harness_scalar(db, "SELECT count(*) FROM pg_class WHERE oid = "
                         "'sluice.contract_events'::regclass AND relkind = 'p'") == 1);
    CHECK(write_events(&s, 105, 114) == SLUICE_OK); /* 100..109 was partitioned before */
    CHECK(harness_scalar(db, "SELECT count(*) FROM sluice.contract_events") ==
          10 * EVENTS_PER_LEDGER);
    harness_close_sink(&s);
    PQfinish(db);
    free(dsn);
}

int main(void)
{
    harness_start_server();
    RUN_CASE(test_table_and_query("copy_format = binary", 0));
    RUN_CASE(test_table_and_query("copy_format = text\ncopy_rows = 100\npartition_ledgers = 10", 1));
    RUN_CASE(test_upgrade_partitioned());
    return test_finish();
}
