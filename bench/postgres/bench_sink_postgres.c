/* bench_sink_postgres.c — rows/s into PostgreSQL for the sink alone
 * (write_ledger + commit through the real plugin, backfill mode) against a
 * raw `COPY ... FROM STDIN` of the very same rows read from files into the
 * same schema, in the same run; prints both and their ratio.
 *
 * Size: BENCH_PG_LEDGERS ledgers (default 40, the make check smoke run) of
 * BENCH_PG_TX transactions (default 50) of 2 operations, BENCH_PG_BATCH
 * ledgers per transaction (default 100); BENCH_PG_SINK_CONFIG adds
 * "key = value" lines to the sink's section (e.g. copy_rows = 100000).  The rows are exported with COPY
 * TO STDOUT after the sink run, the tables truncated, then reloaded raw;
 * the run fails unless both loads hold the same number of rows.
 * BENCH_PG_FORMAT (binary, the default, or text) is the COPY format of
 * both the sink and the raw load.
 * BENCH_PG_ROUNDS (default 1) alternates both loads that many times and
 * reports the best of each (the machine is shared: best-of-N).
 * Each round also runs the sink into a second database whose schema is
 * partitioned by ledger range (partition_ledgers = BENCH_PG_PARTITION_LEDGERS,
 * default 100) and reports its rate against the unpartitioned sink's; its
 * partitions are made in round 1 and kept (truncated) after. */
#include "config.h"

#include "conformance/ledger_factory.h"
#include "postgres/pg_harness.h"
#include "bench_clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const tables[] = {"ledgers", "transactions", "operations",
                                     "transaction_participants", "operation_participants",
                                     "state_changes", "token_transfers"};
#define TABLE_COUNT (sizeof tables / sizeof *tables)

static void die(const char *what, const char *why)
{
    fprintf(stderr, "bench: %s: %s\n", what, why ? why : "");
    exit(1);
}

/* The sink run: wall seconds inside sink calls, CPU of those calls plus
 * the sink's server backend. */
static const char *copy_format; /* "binary" or "text": the sink's and the raw COPY's */

/* sink_lines: more "key = value" lines for the sink's section, or "". */
static bench_time load_with_sink(PGconn *db, const char *dsn, const char *sink_lines, long ledgers,
                                 long tx, long batch)
{
    harness_sink s;
    char config[512];
    const char *extra = getenv("BENCH_PG_SINK_CONFIG");
    /* asynchronous commits, as the raw load's SET LOCAL synchronous_commit = off */
    snprintf(config, sizeof config, "copy_format = %s\nbackfill_synchronous_commit = false\n%s\n%s",
             copy_format, sink_lines, extra ? extra : "");
    if (harness_open_sink(&s, dsn, config) != SLUICE_OK)
        die("open", s.open_error.message);
    if (s.ops->set_mode(s.handle, SLUICE_MODE_BACKFILL) != SLUICE_OK)
        die("set_mode", harness_error(&s));
    double spent = 0, client_cpu = 0;
    for (long first = 2; first < 2 + ledgers; first += batch) {
        long last = first + batch - 1 < 1 + ledgers ? first + batch - 1 : 1 + ledgers;
        double start = bench_wall(), cpu = bench_cpu();
        if (s.ops->begin(s.handle) != SLUICE_OK)
            die("begin", harness_error(&s));
        spent += bench_wall() - start;
        client_cpu += bench_cpu() - cpu;
        for (long seq = first; seq <= last; seq++) {
            factory_ledger l;
            factory_build(&l, (uint32_t)seq, (unsigned)tx, 2);
            start = bench_wall();
            cpu = bench_cpu();
            if (s.ops->write_ledger(s.handle, &l.ledger) != SLUICE_OK)
                die("write_ledger", harness_error(&s));
            spent += bench_wall() - start;
            client_cpu += bench_cpu() - cpu;
            factory_free(&l);
        }
        start = bench_wall();
        cpu = bench_cpu();
        if (s.ops->cursor_update_min(s.handle, SLUICE_CURSOR_OLDEST, (uint32_t)first) != SLUICE_OK ||
            s.ops->commit(s.handle) != SLUICE_OK)
            die("commit", harness_error(&s));
        spent += bench_wall() - start;
        client_cpu += bench_cpu() - cpu;
    }
    long backend = (long)harness_scalar(db, "SELECT pid FROM pg_stat_activity WHERE "
                                        "datname = current_database() AND "
                                        "application_name = 'sluice sink'");
    bench_time t = {spent, client_cpu + bench_backend_cpu(backend)};
    harness_close_sink(&s);
    return t;
}

static long long total_rows(PGconn *db)
{
    long long rows = 0;
    for (size_t t = 0; t < TABLE_COUNT; t++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM sluice.%s", tables[t]);
        rows += harness_scalar(db, sql);
    }
    return rows;
}

static void export_table(PGconn *db, const char *table, const char *path)
{
    char sql[128];
    snprintf(sql, sizeof sql, "COPY sluice.%s TO STDOUT WITH (FORMAT %s)", table, copy_format);
    PGresult *res = PQexec(db, sql);
    if (PQresultStatus(res) != PGRES_COPY_OUT)
        die("export", PQerrorMessage(db));
    PQclear(res);
    FILE *out = fopen(path, "w");
    if (!out)
        die("cannot write", path);
    char *line;
    int len;
    while ((len = PQgetCopyData(db, &line, 0)) > 0) {
        fwrite(line, 1, (size_t)len, out);
        PQfreemem(line);
    }
    fclose(out);
    while ((res = PQgetResult(db)) != NULL)
        PQclear(res);
}

/* COPY every file into its table in one transaction. */
static bench_time load_raw(PGconn *db, char paths[][256])
{
    static char chunk[1 << 20];
    double start = bench_wall(), cpu = bench_cpu(), backend = bench_backend_cpu(PQbackendPID(db));
    harness_exec(db, "BEGIN; SET LOCAL synchronous_commit = off");
    for (size_t t = 0; t < TABLE_COUNT; t++) {
        char sql[128];
        snprintf(sql, sizeof sql, "COPY sluice.%s FROM STDIN WITH (FORMAT %s)", tables[t],
                 copy_format);
        PGresult *res = PQexec(db, sql);
        if (PQresultStatus(res) != PGRES_COPY_IN)
            die("raw COPY", PQerrorMessage(db));
        PQclear(res);
        FILE *in = fopen(paths[t], "r");
        if (!in)
            die("cannot read", paths[t]);
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
            if (PQputCopyData(db, chunk, (int)n) != 1)
                die("raw COPY data", PQerrorMessage(db));
        fclose(in);
        PQputCopyEnd(db, NULL);
        res = PQgetResult(db);
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            die("raw COPY end", PQerrorMessage(db));
        PQclear(res);
        while ((res = PQgetResult(db)) != NULL)
            PQclear(res);
    }
    harness_exec(db, "COMMIT");
    bench_time t = {bench_wall() - start, bench_cpu() - cpu + bench_backend_cpu(PQbackendPID(db)) - backend};
    return t;
}

static void truncate_tables(PGconn *db)
{
    harness_exec(db, "TRUNCATE sluice.ledgers, sluice.transactions, sluice.operations, "
                 "sluice.transaction_participants, sluice.operation_participants, "
                 "sluice.state_changes, sluice.token_transfers, sluice.ingest_store");
    PQclear(PQexec(db, "CHECKPOINT")); /* superuser only: best effort */
}

int main(void)
{
    long ledgers = bench_env("BENCH_PG_LEDGERS", 40);
    long tx = bench_env("BENCH_PG_TX", 50);
    long batch = bench_env("BENCH_PG_BATCH", 100);
    long rounds = bench_env("BENCH_PG_ROUNDS", 1);
    long partition_ledgers = bench_env("BENCH_PG_PARTITION_LEDGERS", 100);
    copy_format = getenv("BENCH_PG_FORMAT") && strcmp(getenv("BENCH_PG_FORMAT"), "text") == 0
                      ? "text" : "binary";
    if (ledgers < 1 || tx < 0 || batch < 1 || rounds < 1)
        die("bad size", "BENCH_PG_LEDGERS >= 1, BENCH_PG_TX >= 0, BENCH_PG_BATCH >= 1, "
            "BENCH_PG_ROUNDS >= 1");
    if (partition_ledgers < 1)
        die("bad size", "BENCH_PG_PARTITION_LEDGERS >= 1");
    harness_start_server();
    char *dsn = harness_fresh_database("bench");
    PGconn *db = harness_connect(dsn);
    char *parted_dsn = harness_fresh_database("bench_parted"), parted_lines[64];
    PGconn *parted_db = harness_connect(parted_dsn);
    snprintf(parted_lines, sizeof parted_lines, "partition_ledgers = %ld", partition_ledgers);
    char dir[] = "/tmp/sluice-pgbench-XXXXXX", paths[TABLE_COUNT][256];
    if (!mkdtemp(dir))
        die("mkdtemp", dir);

    printf("postgres sink: %ld ledgers x %ld tx x 2 ops, %ld ledgers per transaction, "
           "COPY format %s\n", ledgers, tx, batch, copy_format);
    bench_time best_sink = {0, 0}, best_raw = {0, 0}, best_parted = {0, 0};
    long long rows = 0;
    int failed = 0;
    for (long round = 1; round <= rounds; round++) {
        /* alternate: the sink into empty tables, then the raw COPY of its rows */
        if (round > 1) /* round 1 creates the schema */
            truncate_tables(db);
        bench_time sink = load_with_sink(db, dsn, "", ledgers, tx, batch);
        rows = total_rows(db);
        for (size_t t = 0; round == 1 && t < TABLE_COUNT; t++) {
            snprintf(paths[t], sizeof paths[t], "%s/%s.copy", dir, tables[t]);
            export_table(db, tables[t], paths[t]);
        }
        truncate_tables(db);
        bench_time raw = load_raw(db, paths);
        failed |= total_rows(db) != rows;
        if (round > 1)
            truncate_tables(parted_db);
        bench_time parted = load_with_sink(parted_db, parted_dsn, parted_lines, ledgers, tx, batch);
        failed |= total_rows(parted_db) != rows;
        printf("  round %ld: %lld rows; sink %.3f s wall %.3f s cpu, raw COPY %.3f s wall "
               "%.3f s cpu; ratio wall %.2f cpu %.2f; partitioned sink %.3f s wall %.3f s cpu\n",
               round, rows, sink.wall, sink.cpu, raw.wall, raw.cpu, raw.wall / sink.wall,
               sink.cpu > 0 ? raw.cpu / sink.cpu : 0, parted.wall, parted.cpu);
        if (round == 1 || parted.wall < best_parted.wall)
            best_parted.wall = parted.wall;
        if (round == 1 || parted.cpu < best_parted.cpu)
            best_parted.cpu = parted.cpu;
        if (round == 1 || sink.wall < best_sink.wall)
            best_sink.wall = sink.wall;
        if (round == 1 || sink.cpu < best_sink.cpu)
            best_sink.cpu = sink.cpu;
        if (round == 1 || raw.wall < best_raw.wall)
            best_raw.wall = raw.wall;
        if (round == 1 || raw.cpu < best_raw.cpu)
            best_raw.cpu = raw.cpu;
    }
    for (size_t t = 0; t < TABLE_COUNT; t++)
        unlink(paths[t]);
    rmdir(dir);
    printf("  best of %ld, wall: sink (write_ledger + commit) %.0f rows/s, raw COPY from files "
           "%.0f rows/s, ratio %.2f\n", rounds, (double)rows / best_sink.wall,
           (double)rows / best_raw.wall, best_raw.wall / best_sink.wall);
    printf("  best of %ld, cpu (client + server backend): sink %.0f rows/s, raw COPY %.0f rows/s, "
           "ratio %.2f\n", rounds, (double)rows / best_sink.cpu, (double)rows / best_raw.cpu,
           best_raw.cpu / best_sink.cpu);
    printf("  best of %ld, partitioned (%ld ledgers per partition, %ld partitions): sink %.0f "
           "rows/s wall, %.0f rows/s cpu; ratio to the unpartitioned sink: wall %.2f cpu %.2f\n",
           rounds, partition_ledgers, (1 + ledgers) / partition_ledgers - 2 / partition_ledgers + 1,
           (double)rows / best_parted.wall, (double)rows / best_parted.cpu,
           best_sink.wall / best_parted.wall, best_sink.cpu / best_parted.cpu);
    PQfinish(parted_db);
    free(parted_dsn);
    PQfinish(db);
    free(dsn);
    if (failed) {
        fprintf(stderr, "bench: the raw or the partitioned load does not hold the sink's %lld "
                "rows\n", rows);
        return 1;
    }
    return 0;
}
