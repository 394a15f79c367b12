/* bench_events.c — contract_events in PostgreSQL: loads BENCH_EVENTS events
 * (default 20,000, the make check smoke run; `make bench-events` loads
 * 1,000,000) through the real sink (write_ledger + commit, backfill mode,
 * binary COPY), BENCH_EVENTS_PER_LEDGER a ledger (default 500) over
 * BENCH_EVENTS_CONTRACTS contracts (100) and BENCH_EVENTS_TOPICS first
 * topics (10), then runs the getEvents query of doc/sink-postgres.md
 * (contract + first topic + ledger range, paginated by its cursor,
 * BENCH_EVENTS_PAGE rows a page, default 100) for BENCH_EVENTS_QUERIES
 * (contract, topic) pairs (default 20) over the middle half of the ledgers,
 * every page to the end, and the same query again with index scans off
 * (the planner's sequential scan: what the table without the index
 * costs), in the same run.  Prints the load rate, ms per page and per
 * whole answer both ways and their ratio; fails unless both ways return
 * the same events.  Best of BENCH_EVENTS_ROUNDS rounds (default 3). */
#include "config.h"

#include "bench_clock.h"
#include "postgres/event_rows.h"
#include "postgres/pg_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what, const char *why)
{
    fprintf(stderr, "bench: %s: %s\n", what, why ? why : "");
    exit(1);
}

/* Loads ledgers 2.. with `total` events; returns wall seconds. */
static double load(const char *dsn, long total, long per_ledger, unsigned contracts,
                   unsigned topics)
{
    harness_sink s;
    if (harness_open_sink(&s, dsn, "copy_format = binary\ncopy_rows = 200000\n"
                          "backfill_synchronous_commit = false") != SLUICE_OK)
        die("open", s.open_error.message);
    if (s.ops->set_mode(s.handle, SLUICE_MODE_BACKFILL) != SLUICE_OK)
        die("set_mode", harness_error(&s));
    long ledgers = (total + per_ledger - 1) / per_ledger;
    double start = bench_wall();
    for (long first = 2; first < 2 + ledgers; first += 100) {
        if (s.ops->begin(s.handle) != SLUICE_OK)
            die("begin", harness_error(&s));
        for (long seq = first; seq < first + 100 && seq < 2 + ledgers; seq++) {
            long left = total - (seq - 2) * per_ledger;
            event_ledger l;
            event_ledger_build(&l, (uint32_t)seq, (size_t)(left < per_ledger ? left : per_ledger),
                               10, contracts, topics);
            if (s.ops->write_ledger(s.handle, &l.ledger) != SLUICE_OK)
                die("write_ledger", harness_error(&s));
            event_ledger_free(&l);
        }
        if (s.ops->commit(s.handle) != SLUICE_OK)
            die("commit", harness_error(&s));
    }
    double spent = bench_wall() - start;
    harness_close_sink(&s);
    return spent;
}

typedef struct query_run {
    double seconds;
    long pages, events;
} query_run;

/* Every query pair, every page; keys of all answers into keys. */
static query_run run_queries(PGconn *db, const char *query, long pairs, unsigned contracts,
                             unsigned topics, uint32_t from, uint32_t to, int page, char *keys,
                             size_t size)
{
    query_run r = {0, 0, 0};
    size_t len = 0;
    double start = bench_wall();
    for (long q = 0; q < pairs; q++) {
        unsigned c = (unsigned)(q * 37 % contracts), t = (unsigned)(q * 7 % topics);
        r.pages += event_paginate(db, query, c, t, from, to, page, keys + len, size - len);
        len += strlen(keys + len);
    }
    r.seconds = bench_wall() - start;
    for (const char *p = keys; (p = strchr(p, ';')) != NULL; p++)
        r.events++;
    return r;
}

int main(void)
{
    long total = bench_env("BENCH_EVENTS", 20000);
    long per_ledger = bench_env("BENCH_EVENTS_PER_LEDGER", 500);
    unsigned contracts = (unsigned)bench_env("BENCH_EVENTS_CONTRACTS", 100);
    unsigned topics = (unsigned)bench_env("BENCH_EVENTS_TOPICS", 10);
    int page = (int)bench_env("BENCH_EVENTS_PAGE", 100);
    long pairs = bench_env("BENCH_EVENTS_QUERIES", 20);
    long rounds = bench_env("BENCH_EVENTS_ROUNDS", 3);
    if (total < 1 || per_ledger < 1 || contracts < 1 || topics < 1 || page < 1 || pairs < 1 ||
        rounds < 1)
        die("sizes", "every BENCH_EVENTS* size must be >= 1");
    harness_start_server();
    char *dsn = harness_fresh_database("bench_events");
    PGconn *db = harness_connect(dsn);
    double load_s = load(dsn, total, per_ledger, contracts, topics);
    harness_exec(db, "ANALYZE sluice.contract_events");
    long long stored = harness_scalar(db, "SELECT count(*) FROM sluice.contract_events");
    long long bytes = harness_scalar(db, "SELECT pg_total_relation_size('sluice.contract_events')");
    long long index_bytes =
        harness_scalar(db, "SELECT pg_relation_size('sluice.contract_events_by_contract_topic')");
    if (stored != total)
        die("load", "the table does not hold every event");
    long ledgers = (total + per_ledger - 1) / per_ledger;
    uint32_t from = (uint32_t)(2 + ledgers / 4), to = (uint32_t)(2 + ledgers * 3 / 4);
    char *query = event_documented_query();
    size_t size = (size_t)total * 48 + 1;
    char *with_index = malloc(size), *without = malloc(size);
    if (!with_index || !without)
        die("memory", "the answers' keys");
    query_run best_index = {0, 0, 0}, best_scan = {0, 0, 0};
    for (long round = 0; round < rounds; round++) {
        query_run a = run_queries(db, query, pairs, contracts, topics, from, to, page,
                                  with_index, size);
        harness_exec(db, "SET enable_indexscan = off; SET enable_bitmapscan = off;"
                         "SET enable_indexonlyscan = off");
        query_run b = run_queries(db, query, pairs, contracts, topics, from, to, page, without,
                                  size);
        harness_exec(db, "RESET enable_indexscan; RESET enable_bitmapscan;"
                         "RESET enable_indexonlyscan");
        if (strcmp(with_index, without) != 0 || a.events != b.events)
            die("answers", "the query with and without the index returned different events");
        if (round == 0 || a.seconds < best_index.seconds)
            best_index = a;
        if (round == 0 || b.seconds < best_scan.seconds)
            best_scan = b;
    }
    printf("contract_events: %lld events in %ld ledgers (%ld a ledger, %u contracts, %u first "
           "topics); table + indexes %.1f MB, the getEvents index %.1f MB\n",
           stored, ledgers, per_ledger, contracts, topics, (double)bytes / 1e6,
           (double)index_bytes / 1e6);
    printf("load through the sink: %.2f s, %.0f events/s\n", load_s, (double)total / load_s);
    printf("getEvents: %ld (contract, first topic) pairs, ledgers %u..%u, %d a page: %ld events "
           "in %ld pages; best of %ld rounds\n",
           pairs, from, to, page, best_index.events, best_index.pages, rounds);
    printf("| what | total ms | ms a page | ms an answer |\n|---|---:|---:|---:|\n");
    printf("| with the index | %.1f | %.3f | %.2f |\n", best_index.seconds * 1e3,
           best_index.seconds * 1e3 / (double)best_index.pages,
           best_index.seconds * 1e3 / (double)pairs);
    printf("| index scans off (sequential scan) | %.1f | %.3f | %.2f |\n",
           best_scan.seconds * 1e3, best_scan.seconds * 1e3 / (double)best_scan.pages,
           best_scan.seconds * 1e3 / (double)pairs);
    printf("the index answers %.1fx faster than a sequential scan\n",
           best_scan.seconds / best_index.seconds);
    free(with_index);
    free(without);
    free(query);
    PQfinish(db);
    free(dsn);
    return 0;
}
