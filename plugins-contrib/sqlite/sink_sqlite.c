/* sink_sqlite.c — a contributed sink: an embedded, queryable store in one
 * SQLite file (ledgers, transactions, operations, participants, token
 * transfers, balances, cursors).  Built out of tree against an installed sluice (see Makefile).
 *
 * Guarantees (doc/design.md): a ledger's rows and the cursor move commit in one
 * SQLite transaction (G1); one live writer per file through the writer
 * lock of libsluice-filestore on FILE.lock, held until close, re-checked
 * at begin and commit (G2); cursors only move forward (G7); re-writing a ledger replaces its rows
 * (G6); gaps are found over the ledgers table (G5); the hash chain is kept
 * for verify (G8).  Contract events are stored (contract_events, with an
 * index by contract and first topic).  State changes are not stored (yet). */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>
#include <sluice/filestore.h>
#include <sluice/plugin.h>

typedef struct sqlite_settings {
    const char *path;        /* owned by the host */
    int64_t busy_timeout_ms;
} sqlite_settings;

static const sluice_config_key sqlite_config_keys[] = {
    {"path", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, SLUICE_CONFIG_REQUIRED,
     "SQLite database file (created with its tables if missing); FILE.lock is the writer lock",
     offsetof(sqlite_settings, path)},
    {"busy_timeout_ms", SLUICE_CONFIG_DURATION, "10s", NULL, 0, 600000, 0,
     "wait this long for another connection's write transaction before a retryable error",
     offsetof(sqlite_settings, busy_timeout_ms)},
    SLUICE_CONFIG_END,
};

static const char schema_sql[] =
    "PRAGMA journal_mode = WAL;"
    "CREATE TABLE IF NOT EXISTS ledgers (sequence INTEGER PRIMARY KEY, hash BLOB NOT NULL,"
    " previous_hash BLOB NOT NULL, close_time INTEGER, protocol_version INTEGER,"
    " base_fee INTEGER, base_reserve INTEGER, successful_transaction_count INTEGER,"
    " failed_transaction_count INTEGER, operation_count INTEGER, total_coins INTEGER,"
    " fee_pool INTEGER);"
    "CREATE TABLE IF NOT EXISTS transactions (id INTEGER PRIMARY KEY, hash BLOB NOT NULL,"
    " ledger_sequence INTEGER NOT NULL, application_order INTEGER, source_account TEXT,"
    " is_fee_bump INTEGER, fee_account TEXT, inner_hash BLOB, max_fee INTEGER,"
    " fee_charged INTEGER, successful INTEGER, result_code INTEGER, memo_type INTEGER,"
    " memo_value BLOB, operation_count INTEGER);"
    "CREATE INDEX IF NOT EXISTS transactions_hash ON transactions (hash);"
    "CREATE TABLE IF NOT EXISTS operations (id INTEGER PRIMARY KEY, transaction_id INTEGER,"
    " type INTEGER, source_account TEXT, source_muxed_id INTEGER, successful INTEGER,"
    " result_code INTEGER, operation_result_code INTEGER, has_result INTEGER);"
    "CREATE TABLE IF NOT EXISTS transaction_participants (id INTEGER, account TEXT,"
    " PRIMARY KEY (id, account)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS operation_participants (id INTEGER, account TEXT,"
    " PRIMARY KEY (id, account)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS transaction_participants_account"
    " ON transaction_participants (account, id);"
    "CREATE TABLE IF NOT EXISTS balances (account TEXT, asset TEXT, balance TEXT,"
    " trust_limit INTEGER, flags INTEGER, operation_id INTEGER,"
    " PRIMARY KEY (account, asset)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS ingest_store (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
    /* token transfers (ABI 3.2): operation_id NULL for a transaction-level
     * event, amount as decimal text (128-bit), to_muxed_id as the same 64
     * bits, signed; an account's transfers newest first by index */
    "CREATE TABLE IF NOT EXISTS token_transfers (transaction_id INTEGER NOT NULL,"
    " operation_id INTEGER, event_index INTEGER NOT NULL, kind INTEGER NOT NULL, \"from\" TEXT,"
    " \"to\" TEXT, asset TEXT, asset_contract TEXT, amount TEXT NOT NULL, to_muxed_id INTEGER);"
    "CREATE UNIQUE INDEX IF NOT EXISTS token_transfers_key ON token_transfers"
    " (transaction_id, ifnull(operation_id, 0), event_index);"
    "CREATE INDEX IF NOT EXISTS token_transfers_by_from ON token_transfers"
    " (\"from\", transaction_id DESC, operation_id DESC, event_index DESC)"
    " WHERE \"from\" IS NOT NULL;"
    "CREATE INDEX IF NOT EXISTS token_transfers_by_to ON token_transfers"
    " (\"to\", transaction_id DESC, operation_id DESC, event_index DESC)"
    " WHERE \"to\" IS NOT NULL;"
    /* contract_events: the PostgreSQL sink's columns (doc/data-model.md) */
    "CREATE TABLE IF NOT EXISTS contract_events (transaction_id INTEGER NOT NULL,"
    " operation_id INTEGER NOT NULL, event_index INTEGER NOT NULL, event_type INTEGER NOT NULL,"
    " contract TEXT, in_successful_call INTEGER NOT NULL, topic1_xdr BLOB,"
    " topics_xdr BLOB NOT NULL, data_xdr BLOB NOT NULL, topics_json TEXT NOT NULL,"
    " data_json TEXT NOT NULL, PRIMARY KEY (transaction_id, operation_id, event_index))"
    " WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS contract_events_by_contract_topic ON contract_events"
    " (contract, topic1_xdr, transaction_id, operation_id, event_index);";

/* The prepared statements, by job. */
enum statement_id {
    ST_CURSOR_GET, ST_CURSOR_SET, ST_CURSOR_MIN, ST_DELETE_TXS, ST_DELETE_OPS, ST_DELETE_TPART,
    ST_DELETE_OPART, ST_DELETE_TRANSFERS, ST_LEDGER, ST_TX, ST_OP, ST_TPART, ST_OPART,
    ST_TRANSFER, ST_BALANCE_SET, ST_BALANCE_REMOVE, ST_SEQUENCES, ST_CHAIN,
    ST_DELETE_EVENTS, ST_EVENT, ST_COUNT
};

static const char *const statement_sql[ST_COUNT] = {
    [ST_CURSOR_GET] = "SELECT value FROM ingest_store WHERE key = ?1",
    [ST_CURSOR_SET] = "INSERT INTO ingest_store (key, value) VALUES (?1, ?2)"
                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [ST_CURSOR_MIN] = "INSERT INTO ingest_store (key, value) VALUES (?1, ?2)"
                      " ON CONFLICT (key) DO UPDATE SET value = min(value, excluded.value)",
    /* A ledger's rows are the ids [ledger << 32, (ledger + 1) << 32). */
    [ST_DELETE_TXS] = "DELETE FROM transactions WHERE id >= ?1 AND id < ?2",
    [ST_DELETE_OPS] = "DELETE FROM operations WHERE id >= ?1 AND id < ?2",
    [ST_DELETE_TPART] = "DELETE FROM transaction_participants WHERE id >= ?1 AND id < ?2",
    [ST_DELETE_OPART] = "DELETE FROM operation_participants WHERE id >= ?1 AND id < ?2",
    [ST_DELETE_TRANSFERS] = "DELETE FROM token_transfers WHERE transaction_id >= ?1"
                            " AND transaction_id < ?2",
    [ST_LEDGER] = "INSERT OR REPLACE INTO ledgers VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
    [ST_TX] = "INSERT INTO transactions VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
    [ST_OP] = "INSERT INTO operations VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
    [ST_TPART] = "INSERT OR IGNORE INTO transaction_participants VALUES (?1, ?2)",
    [ST_OPART] = "INSERT OR IGNORE INTO operation_participants VALUES (?1, ?2)",
    [ST_TRANSFER] = "INSERT INTO token_transfers VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    /* The change with the highest operation id wins (G4's merge rule). */
    [ST_BALANCE_SET] = "INSERT INTO balances VALUES (?1,?2,?3,?4,?5,?6)"
                       " ON CONFLICT (account, asset) DO UPDATE SET balance = excluded.balance,"
                       " trust_limit = excluded.trust_limit, flags = excluded.flags,"
                       " operation_id = excluded.operation_id"
                       " WHERE excluded.operation_id >= balances.operation_id",
    [ST_BALANCE_REMOVE] = "DELETE FROM balances WHERE account = ?1 AND asset = ?2"
                          " AND operation_id <= ?3",
    [ST_SEQUENCES] = "SELECT sequence FROM ledgers WHERE sequence BETWEEN ?1 AND ?2"
                     " ORDER BY sequence",
    [ST_CHAIN] = "SELECT sequence, hash, previous_hash FROM ledgers"
                 " WHERE sequence BETWEEN ?1 AND ?2 ORDER BY sequence",
    [ST_DELETE_EVENTS] = "DELETE FROM contract_events WHERE transaction_id >= ?1"
                         " AND transaction_id < ?2",
    [ST_EVENT] = "INSERT INTO contract_events VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
};

typedef struct sqlite_sink {
    const sluice_host *host;
    sqlite_settings settings;
    sqlite3 *db;
    sqlite3_stmt *statements[ST_COUNT];
    char *lock_path;         /* FILE.lock */
    int lock_fd;             /* -1 until lock() */
    int holds_lock;          /* lock() succeeded (the lock may be lost since) */
    int in_transaction;
    unsigned char *topics;   /* one event's topics_xdr, being built */
    size_t topics_capacity;
} sqlite_sink;

/* Report the database's last error; BUSY/LOCKED (another writer past the
 * timeout) is transient. */
static sluice_status fail(sqlite_sink *sink, const char *what)
{
    int code = sqlite3_errcode(sink->db);
    char detail[512];
    snprintf(detail, sizeof detail, "%s (SQLite error %d)", sqlite3_errmsg(sink->db), code);
    int busy = code == SQLITE_BUSY || code == SQLITE_LOCKED;
    sink->host->error(sink->host, what, detail,
                      busy ? "another connection held the database longer than busy_timeout_ms"
                           : NULL);
    return busy ? SLUICE_ERROR_RETRY : SLUICE_ERROR;
}

/* Run a prepared statement to completion (no rows expected) and reset it. */
static int step_done(sqlite3_stmt *statement)
{
    int rc = sqlite3_step(statement);
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    return rc == SQLITE_DONE ? 0 : -1;
}

static void bind_text(sqlite3_stmt *s, int i, const char *text)
{
    sqlite3_bind_text(s, i, text, -1, SQLITE_TRANSIENT);
}

static void bind_blob(sqlite3_stmt *s, int i, const void *data, size_t len)
{
    sqlite3_bind_blob64(s, i, len ? data : "", len, SQLITE_TRANSIENT);
}

/* A signed 128-bit amount as decimal text (SQLite integers are 64-bit). */
static void int128_text(sluice_int128 value, char out[48])
{
    unsigned __int128 magnitude = ((unsigned __int128)(uint64_t)value.hi << 64) | value.lo;
    int negative = value.hi < 0;
    if (negative)
        magnitude = ~magnitude + 1;
    char digits[48];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + (int)(magnitude % 10));
        magnitude /= 10;
    } while (magnitude);
    size_t at = 0;
    if (negative)
        out[at++] = '-';
    while (n)
        out[at++] = digits[--n];
    out[at] = '\0';
}

static void sqlite_close(void *instance)
{
    sqlite_sink *sink = instance;
    if (!sink)
        return;
    if (sink->in_transaction)
        sqlite3_exec(sink->db, "ROLLBACK", NULL, NULL, NULL);
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(sink->statements[i]);
    sqlite3_close(sink->db);
    if (sink->lock_fd >= 0)
        close(sink->lock_fd); /* releases the lock */
    free(sink->lock_path);
    free(sink->topics);
    free(sink);
}

/* open's work on a new sink; on failure the caller closes it. */
static sluice_status open_database(const sluice_host *host, sqlite_sink *sink)
{
    if (host->config_load(host, &sink->settings, sizeof sink->settings) != SLUICE_OK)
        return SLUICE_ERROR;
    const char *path = sink->settings.path;
    /* status, gaps, verify: a missing file is an error, nothing is created */
    int read_only = (SLUICE_HOST_OPEN_FLAGS(host) & SLUICE_OPEN_READ_ONLY) != 0;
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &sink->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        char detail[4200];
        snprintf(detail, sizeof detail, "%s: %s", path,
                 sink->db ? sqlite3_errmsg(sink->db) : "out of memory");
        host->error(host, "cannot open the SQLite database", detail, NULL);
        return SLUICE_ERROR;
    }
    sqlite3_busy_timeout(sink->db, (int)sink->settings.busy_timeout_ms);
    if (!read_only && sqlite3_exec(sink->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK)
        return fail(sink, "cannot create the tables");
    for (int i = 0; i < ST_COUNT; i++)
        if (sqlite3_prepare_v2(sink->db, statement_sql[i], -1, &sink->statements[i], NULL) !=
            SQLITE_OK)
            return fail(sink, "cannot prepare a statement");
    return SLUICE_OK;
}

static sluice_status sqlite_open(const sluice_host *host, void **instance)
{
    sqlite_sink *sink = calloc(1, sizeof *sink);
    if (!sink) {
        host->error(host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    sink->host = host;
    sink->lock_fd = -1;
    sluice_status status = open_database(host, sink);
    if (status != SLUICE_OK) {
        sqlite_close(sink); /* the core closes no instance whose open failed */
        return status;
    }
    *instance = sink;
    return SLUICE_OK;
}

static sluice_status sqlite_lock(void *instance)
{
    sqlite_sink *sink = instance;
    char why[4400];
    if (!sink->lock_path) {
        const char *path = sink->settings.path;
        size_t size = strlen(path) + sizeof ".lock";
        if (!(sink->lock_path = malloc(size))) {
            sink->host->error(sink->host, "out of memory", NULL, NULL);
            return SLUICE_ERROR;
        }
        snprintf(sink->lock_path, size, "%s.lock", path);
    }
    if (sink->lock_fd >= 0 && !sluice_fs_lock_is_current(sink->lock_fd, sink->lock_path)) {
        close(sink->lock_fd); /* the lock file was replaced: lock the new one */
        sink->lock_fd = -1;
    }
    if (sink->lock_fd < 0 &&
        (sink->lock_fd = sluice_fs_lock_open(sink->lock_path, why, sizeof why)) < 0) {
        sink->host->error(sink->host, "cannot take the writer lock", why, NULL);
        return SLUICE_ERROR;
    }
    int tried = sluice_fs_lock_try(sink->lock_fd, SLUICE_FS_LOCK_WRITER, why, sizeof why);
    if (tried != 0) {
        sink->holds_lock = 0;
        sink->host->error(sink->host, tried > 0 ? "another sluice writes this SQLite store"
                                                : "cannot take the writer lock",
                          tried > 0 ? sink->lock_path : why,
                          tried > 0 ? "stop the other instance first" : NULL);
        return tried > 0 ? SLUICE_ERROR_LOCKED : SLUICE_ERROR;
    }
    sink->holds_lock = 1;
    return SLUICE_OK;
}

/* A writer-lock holder checks that its lock file is still the one it
 * locked (never remove FILE.lock while sluice runs). */
static sluice_status check_lock(sqlite_sink *sink)
{
    if (!sink->holds_lock || sluice_fs_lock_is_current(sink->lock_fd, sink->lock_path))
        return SLUICE_OK;
    sink->host->error(sink->host, "the SQLite sink's writer lock was lost", sink->lock_path,
                      "The lock file was removed or replaced; lock() takes it again.");
    return SLUICE_ERROR_LOCKED;
}

static sluice_status sqlite_cursor_get(void *instance, const char *name, uint32_t *value,
                                       int *present)
{
    sqlite_sink *sink = instance;
    sqlite3_stmt *s = sink->statements[ST_CURSOR_GET];
    bind_text(s, 1, name);
    int rc = sqlite3_step(s);
    *present = rc == SQLITE_ROW;
    *value = *present ? (uint32_t)sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SLUICE_OK : fail(sink, "cannot read a cursor");
}

static sluice_status sqlite_begin(void *instance)
{
    sqlite_sink *sink = instance;
    sluice_status locked = check_lock(sink);
    if (locked != SLUICE_OK)
        return locked;
    if (sqlite3_exec(sink->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return fail(sink, "cannot begin a transaction");
    sink->in_transaction = 1;
    return SLUICE_OK;
}

/* Rows are row_size bytes apart (SLUICE_ROW_AT): a newer core's rows may
 * be larger than this build's structs. */
static int write_participants(sqlite_sink *sink, enum statement_id id,
                              const sluice_participant_row *rows, size_t count, size_t row_size)
{
    sqlite3_stmt *s = sink->statements[id];
    for (size_t i = 0; i < count; i++) {
        const sluice_participant_row *row = SLUICE_ROW_AT(rows, row_size, i);
        sqlite3_bind_int64(s, 1, row->id);
        bind_text(s, 2, row->account);
        if (step_done(s) != 0)
            return -1;
    }
    return 0;
}

static int write_transaction(sqlite_sink *sink, const sluice_transaction_row *t)
{
    sqlite3_stmt *s = sink->statements[ST_TX];
    sqlite3_bind_int64(s, 1, t->id);
    bind_blob(s, 2, t->hash, 32);
    sqlite3_bind_int64(s, 3, t->ledger_sequence);
    sqlite3_bind_int64(s, 4, t->application_order);
    bind_text(s, 5, t->source_account);
    sqlite3_bind_int(s, 6, t->is_fee_bump);
    if (t->is_fee_bump) {
        bind_text(s, 7, t->fee_account);
        bind_blob(s, 8, t->inner_hash, 32);
    }
    sqlite3_bind_int64(s, 9, t->max_fee);
    sqlite3_bind_int64(s, 10, t->fee_charged);
    sqlite3_bind_int(s, 11, t->successful);
    sqlite3_bind_int(s, 12, t->result_code);
    sqlite3_bind_int(s, 13, (int)t->memo_type);
    if (t->memo_type != SLUICE_MEMO_NONE)
        bind_blob(s, 14, t->memo_value.data, t->memo_value.len);
    sqlite3_bind_int64(s, 15, t->operation_count);
    return step_done(s);
}

static int write_operation(sqlite_sink *sink, const sluice_operation_row *o)
{
    sqlite3_stmt *s = sink->statements[ST_OP];
    sqlite3_bind_int64(s, 1, o->id);
    sqlite3_bind_int64(s, 2, o->transaction_id);
    sqlite3_bind_int64(s, 3, o->type);
    bind_text(s, 4, o->source_account);
    if (o->has_source_muxed_id) /* stored as the same 64 bits, signed */
        sqlite3_bind_int64(s, 5, (int64_t)o->source_muxed_id);
    sqlite3_bind_int(s, 6, o->successful);
    sqlite3_bind_int(s, 7, o->result_code);
    sqlite3_bind_int(s, 8, o->operation_result_code);
    sqlite3_bind_int(s, 9, o->has_result);
    return step_done(s);
}

/* An empty strkey or a NULL text stays NULL (unbound). */
static void bind_optional_text(sqlite3_stmt *s, int i, const char *text)
{
    if (text && *text)
        bind_text(s, i, text);
}

static int write_token_transfer(sqlite_sink *sink, const sluice_token_transfer_row *t)
{
    sqlite3_stmt *s = sink->statements[ST_TRANSFER];
    char amount[48];
    int128_text(t->amount, amount);
    sqlite3_bind_int64(s, 1, t->transaction_id);
    if (t->operation_id) /* 0: a transaction-level event */
        sqlite3_bind_int64(s, 2, t->operation_id);
    sqlite3_bind_int64(s, 3, t->event_index);
    sqlite3_bind_int(s, 4, (int)t->kind);
    bind_optional_text(s, 5, t->from);
    bind_optional_text(s, 6, t->to);
    bind_optional_text(s, 7, t->asset);
    bind_optional_text(s, 8, t->asset_contract);
    bind_text(s, 9, amount);
    if (t->has_to_muxed_id)
        sqlite3_bind_int64(s, 10, (int64_t)t->to_muxed_id);
    return step_done(s);
}

static int write_ledger_row(sqlite_sink *sink, const sluice_ledger_row *l)
{
    sqlite3_stmt *s = sink->statements[ST_LEDGER];
    sqlite3_bind_int64(s, 1, l->sequence);
    bind_blob(s, 2, l->hash, 32);
    bind_blob(s, 3, l->previous_hash, 32);
    sqlite3_bind_int64(s, 4, l->close_time);
    sqlite3_bind_int64(s, 5, l->protocol_version);
    sqlite3_bind_int64(s, 6, l->base_fee);
    sqlite3_bind_int64(s, 7, l->base_reserve);
    sqlite3_bind_int64(s, 8, l->successful_transaction_count);
    sqlite3_bind_int64(s, 9, l->failed_transaction_count);
    sqlite3_bind_int64(s, 10, l->operation_count);
    sqlite3_bind_int64(s, 11, l->total_coins);
    sqlite3_bind_int64(s, 12, l->fee_pool);
    return step_done(s);
}

/* topics_xdr: the topics as the XDR of an SCVec (count, then each SCVal),
 * in sink->topics; its length, or -1 when out of memory. */
static int64_t topics_xdr(sqlite_sink *sink, const sluice_contract_event_row *e)
{
    size_t len = 4;
    for (uint32_t i = 0; i < e->topic_count; i++)
        len += e->topics[i].len;
    if (len > sink->topics_capacity) {
        unsigned char *grown = realloc(sink->topics, len);
        if (!grown)
            return -1;
        sink->topics = grown;
        sink->topics_capacity = len;
    }
    unsigned char *at = sink->topics;
    for (int shift = 24; shift >= 0; shift -= 8)
        *at++ = (unsigned char)(e->topic_count >> shift);
    for (uint32_t i = 0; i < e->topic_count; i++) {
        memcpy(at, e->topics[i].data, e->topics[i].len);
        at += e->topics[i].len;
    }
    return (int64_t)len;
}

/* The ledger's contract events (its earlier copies are deleted first). */
static sluice_status write_contract_events(sqlite_sink *sink, const sluice_ledger *ledger,
                                           int64_t first_id, int64_t end_id)
{
    sqlite3_stmt *s = sink->statements[ST_DELETE_EVENTS];
    sqlite3_bind_int64(s, 1, first_id);
    sqlite3_bind_int64(s, 2, end_id);
    if (step_done(s) != 0)
        return fail(sink, "cannot replace a ledger's contract events");
    s = sink->statements[ST_EVENT];
    for (size_t i = 0; i < ledger->contract_event_count; i++) {
        const sluice_contract_event_row *e =
            SLUICE_ROW_AT(ledger->contract_events, ledger->contract_event_row_size, i);
        int64_t topics_len = topics_xdr(sink, e);
        if (topics_len < 0) {
            sink->host->error(sink->host, "out of memory writing a contract event", NULL, NULL);
            return SLUICE_ERROR;
        }
        sqlite3_bind_int64(s, 1, e->transaction_id);
        sqlite3_bind_int64(s, 2, e->operation_id);
        sqlite3_bind_int64(s, 3, e->event_index);
        sqlite3_bind_int(s, 4, (int)e->type);
        if (e->contract[0])
            bind_text(s, 5, e->contract);
        sqlite3_bind_int(s, 6, e->in_successful_call);
        if (e->topic_count)
            bind_blob(s, 7, e->topics[0].data, e->topics[0].len);
        bind_blob(s, 8, sink->topics, (size_t)topics_len);
        bind_blob(s, 9, e->data.data, e->data.len);
        bind_text(s, 10, e->topics_json);
        bind_text(s, 11, e->data_json);
        if (step_done(s) != 0)
            return fail(sink, "cannot write a contract event row");
    }
    return SLUICE_OK;
}

static sluice_status sqlite_write_ledger(void *instance, const sluice_ledger *ledger)
{
    sqlite_sink *sink = instance;
    int64_t first_id = (int64_t)ledger->ledger.sequence << 32;
    int64_t end_id = (int64_t)(ledger->ledger.sequence + 1ull) << 32;
    static const enum statement_id deletes[] = {ST_DELETE_TXS, ST_DELETE_OPS, ST_DELETE_TPART,
                                                ST_DELETE_OPART, ST_DELETE_TRANSFERS};
    for (size_t i = 0; i < sizeof deletes / sizeof *deletes; i++) {
        sqlite3_stmt *s = sink->statements[deletes[i]];
        sqlite3_bind_int64(s, 1, first_id);
        sqlite3_bind_int64(s, 2, end_id);
        if (step_done(s) != 0)
            return fail(sink, "cannot replace a ledger's rows");
    }
    if (write_ledger_row(sink, &ledger->ledger) != 0)
        return fail(sink, "cannot write a ledger row");
    for (size_t i = 0; i < ledger->transaction_count; i++)
        if (write_transaction(sink, SLUICE_ROW_AT(ledger->transactions,
                                                  ledger->transaction_row_size, i)) != 0)
            return fail(sink, "cannot write a transaction row");
    for (size_t i = 0; i < ledger->operation_count; i++)
        if (write_operation(sink, SLUICE_ROW_AT(ledger->operations,
                                                ledger->operation_row_size, i)) != 0)
            return fail(sink, "cannot write an operation row");
    if (write_participants(sink, ST_TPART, ledger->transaction_participants,
                           ledger->transaction_participant_count,
                           ledger->transaction_participant_row_size) != 0 ||
        write_participants(sink, ST_OPART, ledger->operation_participants,
                           ledger->operation_participant_count,
                           ledger->operation_participant_row_size) != 0)
        return fail(sink, "cannot write a participant row");
    for (size_t i = 0; i < ledger->token_transfer_count; i++)
        if (write_token_transfer(sink, SLUICE_ROW_AT(ledger->token_transfers,
                                                     ledger->token_transfer_row_size, i)) != 0)
            return fail(sink, "cannot write a token transfer row");
    return write_contract_events(sink, ledger, first_id, end_id);
}

static sluice_status sqlite_write_balances(void *instance, const sluice_balance_change *changes,
                                           size_t count, size_t element_size)
{
    sqlite_sink *sink = instance;
    for (size_t i = 0; i < count; i++) {
        const sluice_balance_change *c = SLUICE_ROW_AT(changes, element_size, i);
        const char *asset = c->asset ? c->asset : "";
        int removing = c->kind == SLUICE_BALANCE_REMOVE;
        sqlite3_stmt *s = sink->statements[removing ? ST_BALANCE_REMOVE : ST_BALANCE_SET];
        bind_text(s, 1, c->account);
        bind_text(s, 2, asset);
        if (removing) {
            sqlite3_bind_int64(s, 3, c->operation_id);
        } else {
            char balance[48];
            int128_text(c->balance, balance);
            bind_text(s, 3, balance);
            sqlite3_bind_int64(s, 4, c->limit);
            sqlite3_bind_int64(s, 5, c->flags);
            sqlite3_bind_int64(s, 6, c->operation_id);
        }
        if (step_done(s) != 0)
            return fail(sink, "cannot write a balance");
    }
    return SLUICE_OK;
}

static sluice_status sqlite_cursor_advance(void *instance, const char *name,
                                           int expected_present, uint32_t expected,
                                           uint32_t value)
{
    sqlite_sink *sink = instance;
    uint32_t stored;
    int present;
    sluice_status status = sqlite_cursor_get(sink, name, &stored, &present);
    if (status != SLUICE_OK)
        return status;
    if (present != expected_present || (present && stored != expected)) {
        sink->host->errorf(sink->host, "cursor moved under us", "another writer changed the store",
                           "%s: expected %s%u, stored %s%u", name,
                           expected_present ? "" : "unset/", expected, present ? "" : "unset/",
                           stored);
        return SLUICE_ERROR;
    }
    if (present && value <= stored) {
        char detail[256];
        snprintf(detail, sizeof detail, "%s: stored %u, asked for %u", name, stored, value);
        sink->host->error(sink->host, "a cursor only moves forward", detail, NULL);
        return SLUICE_ERROR;
    }
    sqlite3_stmt *s = sink->statements[ST_CURSOR_SET];
    bind_text(s, 1, name);
    sqlite3_bind_int64(s, 2, value);
    return step_done(s) == 0 ? SLUICE_OK : fail(sink, "cannot move a cursor");
}

static sluice_status sqlite_cursor_update_min(void *instance, const char *name, uint32_t value)
{
    sqlite_sink *sink = instance;
    sqlite3_stmt *s = sink->statements[ST_CURSOR_MIN];
    bind_text(s, 1, name);
    sqlite3_bind_int64(s, 2, value);
    return step_done(s) == 0 ? SLUICE_OK : fail(sink, "cannot move a cursor");
}

static sluice_status sqlite_commit(void *instance)
{
    sqlite_sink *sink = instance;
    sluice_status locked = check_lock(sink);
    if (locked != SLUICE_OK)
        return locked; /* the core rolls back */
    if (sqlite3_exec(sink->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        sluice_status status = fail(sink, "cannot commit");
        sqlite3_exec(sink->db, "ROLLBACK", NULL, NULL, NULL);
        sink->in_transaction = 0;
        return status;
    }
    sink->in_transaction = 0;
    return SLUICE_OK;
}

static void sqlite_rollback(void *instance)
{
    sqlite_sink *sink = instance;
    if (sink->in_transaction)
        sqlite3_exec(sink->db, "ROLLBACK", NULL, NULL, NULL);
    sink->in_transaction = 0;
}

/* Walk the stored sequences in from..to; every jump is a gap (G5). */
static sluice_status sqlite_gaps(void *instance, uint32_t from, uint32_t to,
                                 sluice_gap_callback callback, void *context)
{
    sqlite_sink *sink = instance;
    sqlite3_stmt *s = sink->statements[ST_SEQUENCES];
    sqlite3_bind_int64(s, 1, from);
    sqlite3_bind_int64(s, 2, to);
    uint64_t expected = from;
    int rc, stopped = 0;
    while (!stopped && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        uint64_t sequence = (uint64_t)sqlite3_column_int64(s, 0);
        if (sequence > expected) {
            sluice_gap gap = {sizeof gap, (uint32_t)expected, (uint32_t)(sequence - 1)};
            stopped = callback(context, &gap);
        }
        expected = sequence + 1;
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (!stopped && rc != SQLITE_DONE)
        return fail(sink, "cannot list the stored ledgers");
    if (!stopped && expected <= to) {
        sluice_gap gap = {sizeof gap, (uint32_t)expected, to};
        callback(context, &gap);
    }
    return SLUICE_OK;
}

static sluice_status sqlite_ledger_chain(void *instance, uint32_t from, uint32_t to,
                                         sluice_chain_callback callback, void *context)
{
    sqlite_sink *sink = instance;
    sqlite3_stmt *s = sink->statements[ST_CHAIN];
    sqlite3_bind_int64(s, 1, from);
    sqlite3_bind_int64(s, 2, to);
    int rc, stopped = 0;
    sluice_status status = SLUICE_OK;
    while (!stopped && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sluice_chain_link link = {.struct_size = sizeof link,
                                  .sequence = (uint32_t)sqlite3_column_int64(s, 0)};
        if (sqlite3_column_bytes(s, 1) != 32 || sqlite3_column_bytes(s, 2) != 32) {
            sink->host->errorf(sink->host, "stored hash is not 32 bytes", NULL, "ledger %u",
                               link.sequence);
            status = SLUICE_ERROR_DATA;
            break;
        }
        memcpy(link.hash, sqlite3_column_blob(s, 1), 32);
        memcpy(link.previous_hash, sqlite3_column_blob(s, 2), 32);
        stopped = callback(context, &link);
    }
    if (status == SLUICE_OK && !stopped && rc != SQLITE_DONE)
        status = fail(sink, "cannot read the hash chain");
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return status;
}

static const sluice_sink_ops sqlite_ops = {
    .struct_size = sizeof(sluice_sink_ops),
    .open = sqlite_open,
    .lock = sqlite_lock,
    .cursor_get = sqlite_cursor_get,
    .begin = sqlite_begin,
    .write_ledger = sqlite_write_ledger,
    .write_balances = sqlite_write_balances,
    .cursor_advance = sqlite_cursor_advance,
    .cursor_update_min = sqlite_cursor_update_min,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .gaps = sqlite_gaps,
    .close = sqlite_close,
    .ledger_chain = sqlite_ledger_chain,
};

SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SINK,
    .name = "sqlite",
    .version = "0.1.0",
    .description = "embedded queryable store in one SQLite file (ledgers, transactions, "
                   "operations, participants, token transfers, balances)",
    .config_keys = sqlite_config_keys,
    .sink = &sqlite_ops,
};
