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
 * the run fails unless both loads hold the same number of rows. */
#include "config.h"

#include "postgres/ledger_factory.h"
#include "postgres/pg_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const tables[] = {"ledgers", "transactions", "operations",
                                     "transaction_participants", "operation_participants",
                                     "state_changes"};
#define TABLE_COUNT (sizeof tables / sizeof *tables)

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long env_or(const char *name, long fallback)
{
    const char *value = getenv(name);
    return value && *value ? atol(value) : fallback;
}

static void die(const char *what, const char *why)
{
    fprintf(stderr, "bench: %s: %s\n", what, why ? why : "");
    exit(1);
}

/* The sink run; returns seconds spent inside sink calls. */
static double load_with_sink(const char *dsn, long ledgers, long tx, long batch)
{
    harness_sink s;
    if (harness_open_sink(&s, dsn, getenv("BENCH_PG_SINK_CONFIG")) != SLUICE_OK)
        die("open", s.open_error.message);
    if (s.ops->set_mode(s.handle, SLUICE_MODE_BACKFILL) != SLUICE_OK)
        die("set_mode", harness_error(&s));
    double spent = 0;
    for (long first = 2; first < 2 + ledgers; first += batch) {
        long last = first + batch - 1 < 1 + ledgers ? first + batch - 1 : 1 + ledgers;
        double start = now();
        if (s.ops->begin(s.handle) != SLUICE_OK)
            die("begin", harness_error(&s));
        spent += now() - start;
        for (long seq = first; seq <= last; seq++) {
            factory_ledger l;
            factory_build(&l, (uint32_t)seq, (unsigned)tx, 2);
            start = now();
            if (s.ops->write_ledger(s.handle, &l.ledger) != SLUICE_OK)
                die("write_ledger", harness_error(&s));
            spent += now() - start;
            factory_free(&l);
        }
        start = now();
        if (s.ops->cursor_update_min(s.handle, SLUICE_CURSOR_OLDEST, (uint32_t)first) != SLUICE_OK ||
            s.ops->commit(s.handle) != SLUICE_OK)
            die("commit", harness_error(&s));
        spent += now() - start;
    }
    harness_close_sink(&s);
    return spent;
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
    snprintf(sql, sizeof sql, "COPY sluice.%s TO STDOUT", table);
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

/* COPY every file into its table in one transaction; returns seconds. */
static double load_raw(PGconn *db, char paths[][256])
{
    static char chunk[1 << 20];
    double start = now();
    harness_exec(db, "BEGIN; SET LOCAL synchronous_commit = off");
    for (size_t t = 0; t < TABLE_COUNT; t++) {
        char sql[128];
        snprintf(sql, sizeof sql, "COPY sluice.%s FROM STDIN", tables[t]);
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
    return now() - start;
}

int main(void)
{
    long ledgers = env_or("BENCH_PG_LEDGERS", 40);
    long tx = env_or("BENCH_PG_TX", 50);
    long batch = env_or("BENCH_PG_BATCH", 100);
    if (ledgers < 1 || tx < 0 || batch < 1)
        die("bad size", "BENCH_PG_LEDGERS >= 1, BENCH_PG_TX >= 0, BENCH_PG_BATCH >= 1");
    harness_start_server();
    char *dsn = harness_fresh_database("bench");
    PGconn *db = harness_connect(dsn);

    double sink_seconds = load_with_sink(dsn, ledgers, tx, batch);
    long long rows = total_rows(db);

    char dir[] = "/tmp/sluice-pgbench-XXXXXX", paths[TABLE_COUNT][256];
    if (!mkdtemp(dir))
        die("mkdtemp", dir);
    for (size_t t = 0; t < TABLE_COUNT; t++) {
        snprintf(paths[t], sizeof paths[t], "%s/%s.copy", dir, tables[t]);
        export_table(db, tables[t], paths[t]);
    }
    harness_exec(db, "TRUNCATE sluice.ledgers, sluice.transactions, sluice.operations, "
                 "sluice.transaction_participants, sluice.operation_participants, "
                 "sluice.state_changes");
    PQclear(PQexec(db, "CHECKPOINT")); /* superuser only: best effort */
    double raw_seconds = load_raw(db, paths);
    long long raw_rows = total_rows(db);
    for (size_t t = 0; t < TABLE_COUNT; t++)
        unlink(paths[t]);
    rmdir(dir);

    printf("postgres sink: %ld ledgers x %ld tx x 2 ops, %ld ledgers per transaction, "
           "%lld rows\n", ledgers, tx, batch, rows);
    printf("  sink (write_ledger + commit): %.3f s, %.0f rows/s\n", sink_seconds,
           (double)rows / sink_seconds);
    printf("  raw COPY from files:          %.3f s, %.0f rows/s\n", raw_seconds,
           (double)raw_rows / raw_seconds);
    printf("  ratio sink / raw COPY: %.2f\n", raw_seconds / sink_seconds);
    PQfinish(db);
    free(dsn);
    if (raw_rows != rows) {
        fprintf(stderr, "bench: the raw load holds %lld rows, the sink's %lld\n", raw_rows, rows);
        return 1;
    }
    return 0;
}
