/* pg_sink.h — the PostgreSQL sink's instance state and the functions its
 * source files share (internal to the plugin; see doc/sink-postgres.md).
 *
 * Ownership: a pg_sink owns its two connections, its COPY buffers and the
 * quoted schema name; strings from the host (dsn, schema, passphrase) belong
 * to the core and live as long as the instance.  One thread at a time calls
 * into an instance (plugin.h), so nothing here is locked. */
#ifndef SLUICE_PG_SINK_H
#define SLUICE_PG_SINK_H

#include <stdint.h>
#include <stddef.h>

#include <libpq-fe.h>
#include <sluice/plugin.h>

#include "pg_fields.h"
#include "pg_text.h"

/* The append-only tables, in the order their COPYs are sent. */
typedef enum pg_table {
    PG_LEDGERS,
    PG_TRANSACTIONS,
    PG_OPERATIONS,
    PG_TRANSACTION_PARTICIPANTS,
    PG_OPERATION_PARTICIPANTS,
    PG_STATE_CHANGES,
    PG_TOKEN_TRANSFERS,
    PG_CONTRACT_EVENTS,
    PG_TABLE_COUNT
} pg_table;

/* How rows of an append-only table are placed in ledgers (pg_copy.c). */
typedef struct pg_table_spec {
    const char *name;
    const char *columns;         /* COPY column list, in encoding order */
    const char *ledger_key;      /* column that places a row in a ledger (the partition key) */
    int key_is_toid;             /* ledger_key is a TOID, else a ledger sequence */
} pg_table_spec;

extern const pg_table_spec pg_tables[PG_TABLE_COUNT];

/* Rows of one table waiting to be sent with COPY, in COPY text format, with
 * the ledger each line came from (for error messages naming the ledger). */
typedef struct pg_copy_buffer {
    text_buffer text;
    size_t lines;
    uint32_t *line_ledgers;       /* ledger of line i (from 1): line_ledgers[i-1] */
    size_t line_capacity;
} pg_copy_buffer;

/* A run of consecutive ledgers buffered in the open transaction whose
 * earlier copies must be deleted before the COPY (G6). */
typedef struct pg_ledger_run {
    uint32_t from, to;
} pg_ledger_run;

typedef struct pg_sink {
    const sluice_host *host;
    const char *dsn;              /* host-owned; never logged */
    const char *schema;           /* raw name, host-owned */
    char *schema_ident;           /* quoted identifier, owned */
    PGconn *conn;                 /* data connection */
    PGconn *lock_conn;            /* holds the writer lock; NULL without lock() */
    PGconn *partition_conn;       /* creates partitions; NULL until one is needed */
    const PGconn *compare_conn;   /* the connection whose session has compare_ledger's
                                     temporary tables (not owned; NULL: none yet) */
    int lock_lost;                /* the lock connection died: refuse to write */
    sluice_write_mode mode;
    uint32_t open_flags;         /* host->open_flags (SLUICE_OPEN_*) */
    /* tunables */
    int64_t copy_rows;            /* rows buffered before a COPY send */
    pg_copy_format copy_format;
    int64_t statement_timeout_ms;
    int64_t retry_attempts;
    int64_t retry_max_delay_ms;
    int backfill_synchronous_commit;
    int commit_durable;          /* this transaction commits durably although the mode is async */
    int async_commits_unflushed; /* a commit with synchronous_commit off came last on conn */
    int64_t partition_ledgers;    /* ledgers per partition; 0: not partitioned */
    int64_t partition_ensured;    /* first ledger of the partition known to exist, or -1 */
    /* the open transaction */
    int in_transaction;
    int has_written;              /* a ledger was written in this transaction */
    uint32_t last_written;
    pg_copy_buffer buffers[PG_TABLE_COUNT];
    size_t buffered_rows;
    pg_ledger_run *runs;
    size_t run_count, run_capacity;
    text_buffer event_topics;     /* one contract event's topics_xdr, being built */
} pg_sink;

/* ---- pg_conn.c: connections, errors, retries -------------------------- */

/* application_name of the two connections (tests and operators find the
 * backends by it in pg_stat_activity). */
#define PG_DATA_APPLICATION_NAME "sluice sink"
#define PG_LOCK_APPLICATION_NAME "sluice writer lock"
#define PG_PARTITION_APPLICATION_NAME "sluice partitions"

/* Report a failed libpq call through host->error: "<what>: <server
 * message>", detail with SQLSTATE, server detail and context, hint from the
 * server or `hint`.  Returns SLUICE_ERROR_RETRY for transient failures
 * (connection loss, serialization failure, deadlock, shutdown, timeout),
 * else SLUICE_ERROR.  res may be NULL (then the connection's message). */
sluice_status pg_report(pg_sink *sink, PGconn *conn, const PGresult *res, const char *hint,
                        const char *what_fmt, ...) __attribute__((format(printf, 5, 6)));

/* Open a connection for this sink with session settings applied; retried
 * with backoff.  *out is NULL on failure. */
sluice_status pg_connect(pg_sink *sink, const char *application_name, PGconn **out);

/* Run one or more SQL commands with no parameters; on failure report with
 * `what` and return the classified status. */
sluice_status pg_exec(pg_sink *sink, PGconn *conn, const char *sql, const char *what);
/* Run `sql` with text parameters; *result receives a TUPLES_OK/COMMAND_OK
 * result the caller clears.  binary_result: ask for binary columns. */
sluice_status pg_query(pg_sink *sink, const char *sql, int nparams, const char *const *params,
                       int binary_result, PGresult **result, const char *what);

/* An operation that can be run again from scratch: outside a transaction,
 * transient failures are retried with backoff and a reconnect. */
typedef sluice_status (*pg_operation)(pg_sink *sink, void *context);
sluice_status pg_retrying(pg_sink *sink, pg_operation operation, void *context);

/* ---- pg_schema.c ------------------------------------------------------- */
/* A writer's open: create or upgrade the schema to this binary's version
 * (one transaction) when apply, else refuse pending migrations; then check
 * the partitioning and fill the name tables. */
sluice_status pg_migrate(pg_sink *sink, int apply);
/* sluice_sink_ops.migrate: report the pending migrations; apply them when
 * apply (a dry run otherwise: rolled back). */
sluice_status pg_migrate_op(void *instance, int apply, sluice_migration_callback callback,
                            void *context);
/* A read-only open: the schema must exist and be no newer than this
 * binary's; nothing is created or written. */
sluice_status pg_schema_check_readable(pg_sink *sink);

/* ---- pg_names.c ---------------------------------------------------------- */
/* Fill the lookup tables from host->code_names (inside the migration's
 * transaction); sql is scratch space. */
sluice_status pg_names_fill(pg_sink *sink, text_buffer *sql);

/* ---- pg_copy.c: buffered append-only rows ------------------------------ */
sluice_status pg_write_ledger(void *instance, const sluice_ledger *ledger);
/* Delete earlier copies of the buffered ledgers, then COPY every buffer. */
sluice_status pg_flush(pg_sink *sink);
/* Check a ledger's rows and append them to the COPY buffers (no transaction
 * needed, nothing sent). */
sluice_status pg_encode_ledger(pg_sink *sink, const sluice_ledger *ledger);
/* Send the buffered rows of table with one COPY into target (a qualified
 * table with its columns) and clear the buffer. */
sluice_status pg_copy_into(pg_sink *sink, pg_table table, const char *target);
/* Delete every stored row of ledgers from..to in the open transaction,
 * under the same per-ledger locks as the deletes before a COPY (G6). */
sluice_status pg_delete_ledgers(pg_sink *sink, uint32_t from, uint32_t to);
/* Drop everything buffered (rollback). */
void pg_discard_buffers(pg_sink *sink);
void pg_free_buffers(pg_sink *sink);

/* ---- pg_partitions.c ---------------------------------------------------- */
/* With partition_ledgers > 0: make sure the partitions holding ledger
 * `sequence` exist in every history table, creating them in a short
 * transaction of their own on partition_conn (never on the data connection,
 * whose transaction may be open). */
sluice_status pg_partition_ensure(pg_sink *sink, uint32_t sequence);
/* The retention reaper: when the partition holding `from` ends at or
 * below `before`, drop it (every table's, in the open transaction) and set
 * *removed_to to its end; else *removed_to = from. */
sluice_status pg_partition_drop_below(pg_sink *sink, uint32_t from, uint32_t before,
                                      uint32_t *removed_to);

/* ---- pg_balances.c ------------------------------------------------------ */
sluice_status pg_write_balances(void *instance, const sluice_balance_change *changes,
                                size_t count, size_t element_size);

/* ---- pg_cursors.c ------------------------------------------------------- */
sluice_status pg_cursor_get(void *instance, const char *name, uint32_t *value, int *present);
sluice_status pg_cursor_advance(void *instance, const char *name, int expected_present,
                                uint32_t expected, uint32_t value);
sluice_status pg_cursor_update_min(void *instance, const char *name, uint32_t value);

/* ---- pg_lock.c ---------------------------------------------------------- */
sluice_status pg_lock(void *instance);
/* Before a commit: SLUICE_ERROR_LOCKED if the lock connection is gone. */
sluice_status pg_lock_check(pg_sink *sink);

/* ---- pg_transaction.c --------------------------------------------------- */
sluice_status pg_begin(void *instance);
sluice_status pg_commit(void *instance);
void pg_rollback(void *instance);
/* Inside a transaction? Else report the misuse and return SLUICE_ERROR. */
sluice_status pg_require_transaction(pg_sink *sink, const char *what);

/* ---- pg_read.c ---------------------------------------------------------- */
sluice_status pg_gaps(void *instance, uint32_t from, uint32_t to, sluice_gap_callback callback,
                      void *context);
sluice_status pg_ledger_chain(void *instance, uint32_t from, uint32_t to,
                              sluice_chain_callback callback, void *context);

/* ---- pg_check.c --------------------------------------------------------- */
sluice_status pg_check_rows(void *instance, uint32_t from, uint32_t to, char *fault,
                            size_t fault_size);

/* ---- pg_retention.c ----------------------------------------------------- */
sluice_status pg_drop_history(void *instance, uint32_t from, uint32_t before,
                              uint32_t *removed_to);

/* ---- pg_compare.c ------------------------------------------------------- */
sluice_status pg_compare_ledger(void *instance, const sluice_ledger *ledger, char *difference,
                                size_t difference_size);

/* "<schema>.<table>" with the schema quoted, into out. */
void pg_qualified(const pg_sink *sink, const char *table, char *out, size_t size);

#endif
