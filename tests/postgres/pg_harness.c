/* pg_harness.c — server, databases and sink instances for the PostgreSQL
 * sink tests and benchmark (see pg_harness.h). */
#include "config.h"

#include "pg_harness.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char server_dir[64];
static char *admin_dsn;
static char **created_databases;
static size_t created_count;

static void fatal(const char *what, const char *why)
{
    fprintf(stderr, "harness: %s: %s\n", what, why ? why : "");
    exit(99);
}

static void stop_server(void)
{
    if (admin_dsn && created_databases && !server_dir[0]) {
        /* a shared server: drop what we created */
        PGconn *conn = PQconnectdb(admin_dsn);
        for (size_t i = 0; i < created_count; i++) {
            char sql[256];
            snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", created_databases[i]);
            PQclear(PQexec(conn, sql));
        }
        PQfinish(conn);
    }
    for (size_t i = 0; i < created_count; i++)
        free(created_databases[i]);
    free(created_databases);
    free(admin_dsn);
    if (server_dir[0]) {
        char command[512];
        snprintf(command, sizeof command, "sh '%s/tools/pg-server.sh' stop '%s'",
                 getenv("TOP_SRCDIR"), server_dir);
        if (system(command) != 0)
            fprintf(stderr, "harness: stopping the server in %s failed\n", server_dir);
    }
}

static int server_installed(void)
{
    glob_t found;
    int installed = glob("/usr/lib/postgresql/*/bin/initdb", 0, NULL, &found) == 0;
    if (installed)
        globfree(&found);
    return installed;
}

void harness_start_server(void)
{
    const char *given = getenv("SLUICE_TEST_DSN");
    atexit(stop_server);
    if (given && *given) {
        admin_dsn = strdup(given);
        return;
    }
    const char *ci = getenv("CI");
    if (!server_installed()) {
        if (ci && strcmp(ci, "true") == 0)
            fatal("no PostgreSQL server installed", "CI=true forbids skipping");
        fprintf(stderr, "SKIP: no PostgreSQL server installed and SLUICE_TEST_DSN unset\n");
        exit(77);
    }
    const char *top = getenv("TOP_SRCDIR");
    if (!top)
        fatal("TOP_SRCDIR is not set", "run through make check");
    snprintf(server_dir, sizeof server_dir, "/tmp/sluice-pgtest-XXXXXX");
    if (!mkdtemp(server_dir))
        fatal("mkdtemp", server_dir);
    char command[512];
    snprintf(command, sizeof command, "sh '%s/tools/pg-server.sh' start '%s'", top, server_dir);
    FILE *out = popen(command, "r");
    if (!out)
        fatal("cannot run", command);
    char line[1024];
    while (fgets(line, sizeof line, out)) {
        const char *at = strstr(line, "SLUICE_TEST_DSN='");
        if (at) {
            at += strlen("SLUICE_TEST_DSN='");
            const char *end = strchr(at, '\'');
            if (end)
                admin_dsn = strndup(at, (size_t)(end - at));
        }
    }
    if (pclose(out) != 0 || !admin_dsn)
        fatal("cannot start PostgreSQL", command);
}

/* admin_dsn with dbname replaced, as a keyword/value string. */
static char *dsn_with_database(const char *database)
{
    char *why = NULL;
    PQconninfoOption *options = PQconninfoParse(admin_dsn, &why);
    if (!options)
        fatal("cannot parse SLUICE_TEST_DSN", why);
    size_t size = 64 + strlen(database);
    for (PQconninfoOption *o = options; o->keyword; o++)
        if (o->val)
            size += strlen(o->keyword) + 2 * strlen(o->val) + 8;
    char *dsn = calloc(1, size), *out = dsn;
    for (PQconninfoOption *o = options; o->keyword; o++) {
        if (!o->val || strcmp(o->keyword, "dbname") == 0)
            continue;
        out += sprintf(out, "%s='", o->keyword);
        for (const char *p = o->val; *p; p++) {
            if (*p == '\'' || *p == '\\')
                *out++ = '\\';
            *out++ = *p;
        }
        out += sprintf(out, "' ");
    }
    sprintf(out, "dbname=%s", database);
    PQconninfoFree(options);
    return dsn;
}

char *harness_fresh_database(const char *purpose)
{
    static unsigned counter;
    char name[128];
    snprintf(name, sizeof name, "sluice_%s_%ld_%u", purpose, (long)getpid(), counter++);
    PGconn *conn = harness_connect(admin_dsn);
    char sql[256];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0", name);
    harness_exec(conn, sql);
    PQfinish(conn);
    char **grown = realloc(created_databases, (created_count + 1) * sizeof *grown);
    if (!grown)
        fatal("out of memory", NULL);
    created_databases = grown;
    created_databases[created_count++] = strdup(name);
    return dsn_with_database(name);
}

PGconn *harness_connect(const char *dsn)
{
    PGconn *conn = PQconnectdb(dsn);
    if (PQstatus(conn) != CONNECTION_OK)
        fatal("cannot connect", PQerrorMessage(conn));
    return conn;
}

static PGresult *query(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    ExecStatusType status = PQresultStatus(res);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        fprintf(stderr, "harness: query failed: %s\n", sql);
        fatal("server said", PQerrorMessage(conn));
    }
    return res;
}

void harness_exec(PGconn *conn, const char *sql)
{
    PQclear(query(conn, sql));
}

char *harness_text(PGconn *conn, const char *sql)
{
    PGresult *res = query(conn, sql);
    if (PQntuples(res) != 1 || PQnfields(res) != 1)
        fatal("expected one value from", sql);
    char *text = strdup(PQgetisnull(res, 0, 0) ? "(null)" : PQgetvalue(res, 0, 0));
    PQclear(res);
    return text;
}

long long harness_scalar(PGconn *conn, const char *sql)
{
    char *text = harness_text(conn, sql);
    long long value = atoll(text);
    free(text);
    return value;
}

sluice_status harness_open_sink(harness_sink *sink, const char *dsn, const char *extra_lines)
{
    memset(sink, 0, sizeof *sink);
    const char *plugins = getenv("PLUGIN_BUILD_DIR");
    if (!plugins)
        fatal("PLUGIN_BUILD_DIR is not set", "run through make check");
    snprintf(sink->config_path, sizeof sink->config_path, "/tmp/sluice-pgsink-XXXXXX");
    int fd = mkstemp(sink->config_path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f)
        fatal("cannot write a config file", sink->config_path);
    fprintf(f, "[sluice]\nnetwork_passphrase = %s\n[source]\nplugin = %s/source_dummy.so\n"
            "[sink]\nplugin = %s/sink_postgres.so\ndsn = %s\nretry_max_delay_ms = 200\n%s\n",
            TEST_PASSPHRASE, plugins, plugins, dsn, extra_lines ? extra_lines : "");
    fclose(f);
    diag_list diags = {0};
    int loaded = setup_load(&sink->setup, sink->config_path, &diags);
    for (size_t i = 0; i < diags.count; i++)
        fprintf(stderr, "harness: config: %s\n", diags.items[i]);
    diag_free(&diags);
    if (loaded != 0)
        fatal("cannot load the test configuration", sink->config_path);
    sink->ops = sink->setup.sink.plugin.descriptor->sink;
    sluice_status status = instance_open(&sink->instance, &sink->setup.sink, TEST_PASSPHRASE,
                                         &sink->open_error);
    sink->handle = status == SLUICE_OK ? sink->instance.handle : NULL;
    return status;
}

void harness_close_sink(harness_sink *sink)
{
    instance_close(&sink->instance);
    setup_free(&sink->setup);
    unlink(sink->config_path);
    sink->handle = NULL;
}

const char *harness_error(const harness_sink *sink)
{
    return sink->instance.error.message;
}

const char *harness_error_detail(const harness_sink *sink)
{
    return sink->instance.error.detail;
}
