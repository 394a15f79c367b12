/* bench_balances.c — balance changes into PostgreSQL, two ways over the
 * same changes in the same run: the sink's write_balances (netted on the
 * client, then one INSERT ... SELECT FROM unnest(...) ON CONFLICT DO
 * UPDATE) against the staging alternative (COPY every raw change into a
 * temporary table, then INSERT ... SELECT DISTINCT ON ... ON CONFLICT DO
 * UPDATE).  Both must leave the same balances.
 *
 * Size: BENCH_PG_BALANCE_SETS sets (default 4; one set per transaction, as
 * catchup's merged set or a live ledger's) of BENCH_PG_BALANCE_SET_SIZE
 * changes (default 5000) over BENCH_PG_BALANCE_KEYS balances (default
 * 20000). */
#include "config.h"

#include "conformance/ledger_factory.h"
#include "postgres/pg_harness.h"
#include "bench_clock.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what, const char *why)
{
    fprintf(stderr, "bench: %s: %s\n", what, why ? why : "");
    exit(1);
}

/* Change i of set s: a pseudo-random balance, increasing operation IDs. */
static void make_set(sluice_balance_change *changes, long set, long size, long keys)
{
    for (long i = 0; i < size; i++) {
        sluice_balance_change *c = &changes[i];
        memset(c, 0, sizeof *c);
        uint64_t position = (uint64_t)(set * size + i);
        c->kind = SLUICE_BALANCE_UPDATE;
        c->operation_id = (int64_t)position + 1;
        factory_account((unsigned)((position * 2654435761u) % (uint64_t)keys), c->account);
        c->asset = "native";
        c->balance = (sluice_int128){0, position * 7};
        c->limit = INT64_MAX;
    }
}

static bench_time with_sink(PGconn *db, const char *dsn, sluice_balance_change *changes, long sets,
                            long size, long keys)
{
    harness_sink s;
    if (harness_open_sink(&s, dsn, NULL) != SLUICE_OK)
        die("open", s.open_error.message);
    bench_time t = {0, 0};
    for (long set = 0; set < sets; set++) {
        make_set(changes, set, size, keys);
        double wall = bench_wall(), cpu = bench_cpu();
        if (s.ops->begin(s.handle) != SLUICE_OK ||
            s.ops->write_balances(s.handle, changes, (size_t)size, sizeof *changes) != SLUICE_OK ||
            s.ops->commit(s.handle) != SLUICE_OK)
            die("write_balances", harness_error(&s));
        t.wall += bench_wall() - wall;
        t.cpu += bench_cpu() - cpu;
    }
    long backend = (long)harness_scalar(db, "SELECT pid FROM pg_stat_activity WHERE "
                                        "datname = current_database() AND "
                                        "application_name = 'sluice sink'");
    t.cpu += bench_backend_cpu(backend);
    harness_close_sink(&s);
    return t;
}

static bench_time with_staging(PGconn *db, sluice_balance_change *changes, long sets, long size,
                               long keys)
{
    harness_exec(db, "CREATE TEMP TABLE staging (account text, asset text, balance numeric, "
                 "\"limit\" bigint, flags bigint, operation_id bigint)");
    size_t capacity = (size_t)size * 160 + 1;
    char *copy = malloc(capacity);
    if (!copy)
        die("out of memory", NULL);
    bench_time t = {0, 0};
    double backend_before = bench_backend_cpu(PQbackendPID(db));
    for (long set = 0; set < sets; set++) {
        make_set(changes, set, size, keys);
        double wall = bench_wall(), cpu = bench_cpu();
        size_t len = 0;
        for (long i = 0; i < size; i++)
            len += (size_t)snprintf(copy + len, capacity - len,
                                    "%s\t%s\t%" PRIu64 "\t%" PRId64 "\t%" PRIu32 "\t%" PRId64 "\n",
                                    changes[i].account, changes[i].asset, changes[i].balance.lo,
                                    changes[i].limit, changes[i].flags, changes[i].operation_id);
        harness_exec(db, "BEGIN");
        PGresult *res = PQexec(db, "COPY staging FROM STDIN");
        if (PQresultStatus(res) != PGRES_COPY_IN)
            die("COPY staging", PQerrorMessage(db));
        PQclear(res);
        if (PQputCopyData(db, copy, (int)len) != 1 || PQputCopyEnd(db, NULL) != 1)
            die("COPY staging data", PQerrorMessage(db));
        while ((res = PQgetResult(db)) != NULL) {
            if (PQresultStatus(res) != PGRES_COMMAND_OK)
                die("COPY staging end", PQerrorMessage(db));
            PQclear(res);
        }
        harness_exec(db, "INSERT INTO sluice.balances AS b SELECT DISTINCT ON (account, asset) * "
                     "FROM staging ORDER BY account, asset, operation_id DESC "
                     "ON CONFLICT (account, asset) DO UPDATE SET balance = EXCLUDED.balance, "
                     "\"limit\" = EXCLUDED.\"limit\", flags = EXCLUDED.flags, "
                     "operation_id = EXCLUDED.operation_id "
                     "WHERE b.operation_id <= EXCLUDED.operation_id");
        harness_exec(db, "TRUNCATE staging");
        harness_exec(db, "COMMIT");
        t.wall += bench_wall() - wall;
        t.cpu += bench_cpu() - cpu;
    }
    t.cpu += bench_backend_cpu(PQbackendPID(db)) - backend_before;
    free(copy);
    return t;
}

int main(void)
{
    long sets = bench_env("BENCH_PG_BALANCE_SETS", 4);
    long size = bench_env("BENCH_PG_BALANCE_SET_SIZE", 5000);
    long keys = bench_env("BENCH_PG_BALANCE_KEYS", 20000);
    if (sets < 1 || size < 1 || keys < 1)
        die("bad size", "every BENCH_PG_BALANCE_* must be >= 1");
    harness_start_server();
    char *dsn = harness_fresh_database("bench_balances");
    PGconn *db = harness_connect(dsn);
    sluice_balance_change *changes = malloc((size_t)size * sizeof *changes);
    if (!changes)
        die("out of memory", NULL);

    bench_time unnest = with_sink(db, dsn, changes, sets, size, keys);
    char *unnest_state = harness_text(db, "SELECT count(*) || ' ' || sum(balance) || ' ' || "
                                      "sum(operation_id) FROM sluice.balances");
    harness_exec(db, "TRUNCATE sluice.balances");
    bench_time staging = with_staging(db, changes, sets, size, keys);
    char *staging_state = harness_text(db, "SELECT count(*) || ' ' || sum(balance) || ' ' || "
                                       "sum(operation_id) FROM sluice.balances");
    long long changed = (long long)sets * size;
    printf("balances: %ld sets of %ld changes over %ld balances (%s)\n", sets, size, keys,
           unnest_state);
    printf("  sink unnest upsert:      %.3f s wall %.3f s cpu, %.0f changes/s wall, %.0f /s cpu\n",
           unnest.wall, unnest.cpu, (double)changed / unnest.wall, (double)changed / unnest.cpu);
    printf("  COPY staging + merge:    %.3f s wall %.3f s cpu, %.0f changes/s wall, %.0f /s cpu\n",
           staging.wall, staging.cpu, (double)changed / staging.wall,
           (double)changed / staging.cpu);
    int same = strcmp(unnest_state, staging_state) == 0;
    if (!same)
        fprintf(stderr, "bench: the two ways disagree: %s vs %s\n", unnest_state, staging_state);
    free(unnest_state);
    free(staging_state);
    free(changes);
    PQfinish(db);
    free(dsn);
    return same ? 0 : 1;
}
