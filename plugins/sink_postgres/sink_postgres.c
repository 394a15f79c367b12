/* sink_postgres.c — the PostgreSQL sink plugin: its config map, instance
 * open/close, and the descriptor wiring the callbacks implemented in the
 * other pg_*.c files (doc/sink-postgres.md describes the schema and the
 * guarantees). */
#include "config.h"

#include "pg_sink.h"
#include "settings_check.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The [sink] keys, as host->config_load() fills them. */
typedef struct postgres_settings {
    const char *dsn, *schema, *copy_format;
    int64_t copy_rows, statement_timeout_ms, retry_attempts, retry_max_delay_ms;
    int64_t partition_ledgers;
    int backfill_synchronous_commit;
} postgres_settings;

#define FIELD(member) offsetof(postgres_settings, member)

static const sluice_config_key postgres_config_keys[] = {
    {"dsn", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, SLUICE_CONFIG_SECRET,
     "libpq connection string or URI (unset: the PG* environment variables); prefer "
     "SLUICE_SINK_DSN for passwords", FIELD(dsn)},
    {"schema", SLUICE_CONFIG_STRING, "sluice", NULL, 0, 0, 0,
     "PostgreSQL schema holding the tables (created by `sluice migrate`, or by run and backfill "
     "with auto_migrate on)", FIELD(schema)},
    {"copy_rows", SLUICE_CONFIG_INT, "100000", NULL, 1, 10000000, 0,
     "rows buffered before they are sent with COPY (also sent at every commit)", FIELD(copy_rows)},
    {"copy_format", SLUICE_CONFIG_ENUM, "binary", "binary|text", 0, 0, 0,
     "COPY format of append-only rows (binary measured faster, see BENCHMARKS.md)",
     FIELD(copy_format)},
    {"statement_timeout_ms", SLUICE_CONFIG_DURATION, "5m", NULL, 0, 86400000, 0,
     "statement_timeout of the sink's sessions (0: none)",
     FIELD(statement_timeout_ms)},
    {"retry_attempts", SLUICE_CONFIG_INT, "6", NULL, 1, 1000, 0,
     "attempts for connecting and for reads before a transient failure is returned",
     FIELD(retry_attempts)},
    {"retry_max_delay_ms", SLUICE_CONFIG_DURATION, "5s", NULL, 100, 600000, 0,
     "cap of the exponential backoff between attempts", FIELD(retry_max_delay_ms)},
    {"backfill_synchronous_commit", SLUICE_CONFIG_BOOL, "false", NULL, 0, 0, 0,
     "true: every backfill transaction waits for its WAL flush; false: all but a batch's "
     "last commit with synchronous_commit off, and that durable last one flushes the WAL "
     "of the others, so a batch reported done survives a server crash; live and catchup "
     "commits are always durable", FIELD(backfill_synchronous_commit)},
    {"partition_ledgers", SLUICE_CONFIG_INT, "0", NULL, 0, 1000000000, 0,
     "ledgers per partition of the history tables (0: not partitioned); fixed when the schema "
     "is created: a schema created otherwise is refused", FIELD(partition_ledgers)},
    SLUICE_CONFIG_END,
};

#define MAX_SCHEMA_NAME 63 /* NAMEDATALEN - 1 */

/* "name" with embedded quotes doubled; NULL when the name is unusable. */
static char *quote_identifier(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > MAX_SCHEMA_NAME)
        return NULL;
    char *quoted = malloc(2 * len + 3);
    if (!quoted)
        return NULL;
    char *out = quoted;
    *out++ = '"';
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            *out++ = '"';
        *out++ = *p;
    }
    *out++ = '"';
    *out = '\0';
    return quoted;
}

/* Non-zero with why filled when dsn is not a connection string libpq can
 * parse (a permanent error: no retry makes it connect). */
static int dsn_unparsable(const char *dsn, char *why, size_t why_size)
{
    if (!dsn || !*dsn)
        return 0; /* the PG* environment variables */
    char *error = NULL;
    PQconninfoOption *options = PQconninfoParse(dsn, &error);
    if (options) {
        PQconninfoFree(options);
        return 0;
    }
    snprintf(why, why_size, "%s", error ? error : "out of memory");
    for (size_t n = strlen(why); n && (why[n - 1] == '\n' || why[n - 1] == ' '); n--)
        why[n - 1] = '\0';
    PQfreemem(error);
    return 1;
}

/* Report through problem each setting open would refuse without
 * connecting (the dsn's syntax, the schema name's length); the number. */
static int settings_problems(const void *loaded, sluice_problem_callback problem, void *context)
{
    const postgres_settings *settings = loaded;
    char why[512];
    int problems = 0;
    if (dsn_unparsable(settings->dsn, why, sizeof why)) {
        problem(context, "dsn", why);
        problems++;
    }
    char *quoted = quote_identifier(settings->schema ? settings->schema : "");
    if (!quoted) {
        problem(context, "schema", "invalid schema name: it must be 1 to 63 bytes long");
        problems++;
    }
    free(quoted);
    return problems;
}

/* descriptor->validate: settings_problems, for check-config. */
static sluice_status postgres_validate(const sluice_host *host, sluice_problem_callback problem,
                                       void *context)
{
    postgres_settings settings;
    return settings_validate(host, &settings, sizeof settings, settings_problems, problem,
                             context);
}

static void postgres_close(void *instance)
{
    pg_sink *sink = instance;
    if (!sink)
        return;
    pg_rollback(sink);
    PQfinish(sink->conn);
    PQfinish(sink->lock_conn); /* ends the session: releases the writer lock */
    PQfinish(sink->partition_conn);
    pg_free_buffers(sink);
    free(sink->schema_ident);
    free(sink);
}

static sluice_status postgres_open(const sluice_host *host, void **instance)
{
    pg_sink *sink = calloc(1, sizeof *sink);
    if (!sink) {
        host->error(host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    sink->host = host;
    sink->mode = SLUICE_MODE_LIVE;
    postgres_settings settings;
    if (host->config_load(host, &settings, sizeof settings) != SLUICE_OK ||
        settings_check_at_open(host, &settings, settings_problems) != SLUICE_OK) {
        free(sink);
        return SLUICE_ERROR;
    }
    sink->dsn = settings.dsn;
    sink->schema = settings.schema;
    sink->copy_rows = settings.copy_rows;
    sink->copy_format = strcmp(settings.copy_format, "text") == 0 ? PG_COPY_TEXT : PG_COPY_BINARY;
    sink->statement_timeout_ms = settings.statement_timeout_ms;
    sink->retry_attempts = settings.retry_attempts;
    sink->retry_max_delay_ms = settings.retry_max_delay_ms;
    sink->backfill_synchronous_commit = settings.backfill_synchronous_commit;
    sink->partition_ledgers = settings.partition_ledgers;
    sink->partition_ensured = -1;
    sink->schema_ident = quote_identifier(sink->schema ? sink->schema : "");
    if (!sink->schema_ident) {
        host->error(host, "out of memory", NULL, NULL);
        free(sink);
        return SLUICE_ERROR;
    }
    sink->open_flags = SLUICE_HOST_OPEN_FLAGS(host);
    if (sink->open_flags & SLUICE_OPEN_READ_ONLY)
        sink->mode = SLUICE_MODE_READ;
    sluice_status status = pg_connect(sink, PG_DATA_APPLICATION_NAME, &sink->conn);
    if (status == SLUICE_OK && (sink->open_flags & SLUICE_OPEN_READ_ONLY))
        status = pg_schema_check_readable(sink);
    else if (status == SLUICE_OK && !(sink->open_flags & SLUICE_OPEN_FOR_MIGRATE))
        status = pg_migrate(sink, !(sink->open_flags & SLUICE_OPEN_NO_MIGRATE));
    if (status != SLUICE_OK) {
        postgres_close(sink);
        return status;
    }
    *instance = sink;
    return SLUICE_OK;
}

static sluice_status postgres_set_mode(void *instance, sluice_write_mode mode)
{
    pg_sink *sink = instance;
    if (mode < SLUICE_MODE_LIVE || mode > SLUICE_MODE_REINGEST) {
        sink->host->errorf(sink->host, "unknown write mode", NULL, "mode %d", (int)mode);
        return SLUICE_ERROR;
    }
    sink->mode = mode;
    return SLUICE_OK;
}

static const sluice_sink_ops postgres_sink_ops = {
    .struct_size = sizeof(sluice_sink_ops),
    .open = postgres_open,
    .lock = pg_lock,
    .cursor_get = pg_cursor_get,
    .begin = pg_begin,
    .write_ledger = pg_write_ledger,
    .write_balances = pg_write_balances,
    .cursor_advance = pg_cursor_advance,
    .cursor_update_min = pg_cursor_update_min,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .gaps = pg_gaps,
    .close = postgres_close,
    .set_mode = postgres_set_mode,
    .ledger_chain = pg_ledger_chain,
    .check_rows = pg_check_rows,
    .compare_ledger = pg_compare_ledger,
    .drop_history = pg_drop_history,
    .migrate = pg_migrate_op,
};

SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SINK,
    .name = "postgres",
    .version = "0.1.0",
    .description = "PostgreSQL store: COPY-loaded history, upserted balances, advisory writer lock",
    .config_keys = postgres_config_keys,
    .sink = &postgres_sink_ops,
    .validate = postgres_validate,
};
