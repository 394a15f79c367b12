/* pg_harness.h — what the PostgreSQL sink tests and benchmark share: a real
 * server (SLUICE_TEST_DSN, or a throwaway one started with
 * tools/pg-server.sh and stopped at exit), a fresh database per test, and
 * the sink opened through the real loader and host table
 * (setup_load + instance_open) from a generated INI file. */
#ifndef SLUICE_PG_HARNESS_H
#define SLUICE_PG_HARNESS_H

/* The network passphrase of the test configurations. */
#define TEST_PASSPHRASE "Test SDF Network ; September 2015"

#include <libpq-fe.h>
#include <sluice/plugin.h>

#include "host/instance.h"
#include "host/setup.h"

/* Make sure a server is reachable.  Exits 77 (skip) when none is installed
 * and CI is not "true"; exits 99 when one cannot be started. */
void harness_start_server(void);

/* Create a fresh database; returns its DSN (static storage per call is not
 * shared: the caller frees it). */
char *harness_fresh_database(const char *purpose);

/* A connection for inspecting the database; exits 99 on failure. */
PGconn *harness_connect(const char *dsn);
/* The single value of a one-row, one-column query, as long long; exits 99
 * on a query error. */
long long harness_scalar(PGconn *conn, const char *sql);
/* The text of that value (caller frees). */
char *harness_text(PGconn *conn, const char *sql);
/* Run SQL; exits 99 on failure. */
void harness_exec(PGconn *conn, const char *sql);

typedef struct harness_sink {
    sluice_setup setup;
    plugin_instance instance;
    const sluice_sink_ops *ops;
    void *handle;                /* NULL when open failed */
    error_report open_error;
    char config_path[256];
} harness_sink;

/* Open the built sink_postgres.so with `dsn` and extra "key = value" lines
 * for [sink] (may be NULL).  Returns the open status; on failure
 * open_error holds the core's report. */
sluice_status harness_open_sink(harness_sink *sink, const char *dsn, const char *extra_lines);
void harness_close_sink(harness_sink *sink);
/* The message/detail the sink reported last. */
const char *harness_error(const harness_sink *sink);
const char *harness_error_detail(const harness_sink *sink);

#endif
