/* sluice/plugin.h — the plugin ABI: what a source or sink .so exports, the
 * callbacks the core calls, and the host table the core hands back.
 *
 * A plugin is one shared object exporting exactly one symbol,
 * `sluice_plugin`, a constant sluice_plugin_descriptor (use
 * SLUICE_PLUGIN_DESCRIPTOR and SLUICE_PLUGIN_HEADER).  At load the core
 * checks, in this order: the ABI version (below), the descriptor's size,
 * its layout block (sluice_abi_layout), its kind against the INI section,
 * its fields, callback tables and config map; any mismatch refuses the
 * file with a message naming it and both values.  Then it calls the
 * plugin's init() (since 3.1).
 *
 * Versioning policy: major.minor (SLUICE_ABI_MAJOR, SLUICE_ABI_MINOR).
 *  - A minor release only adds: members at the end of a struct (host,
 *    callback tables, descriptor, rows, frame info), new optional
 *    callbacks, new enum values a plugin never receives unasked.  A plugin
 *    built against an older minor of the same major loads and runs
 *    unchanged; one built against a newer minor, or another major, is
 *    refused.
 *  - Anything else (a member moved, removed or retyped, a callback's
 *    meaning changed, a layout setting such as SLUICE_STRKEY_SIZE) is a
 *    new major.
 *  - Every struct the two sides exchange starts with uint32_t struct_size,
 *    set by the side that allocates it to its own sizeof; the other side
 *    uses no member past it (a member past it counts as NULL/0, absent).
 *    So the core reads a plugin's descriptor, callback tables, frame
 *    infos, gaps and chain links only up to the size the plugin declared,
 *    and a plugin tests for a host member with SLUICE_HOST_HAS(host,
 *    member).  Arrays carry their element size instead (rows: see
 *    SLUICE_ROW_AT in rows.h; config keys: the descriptor's
 *    config_key_size), so their elements may grow too.
 *  - The layout settings that a version number cannot catch (pointer size,
 *    enum size, strkey size, sizes of the row structs) travel in the
 *    descriptor's layout block and are compared at load, as PostgreSQL's
 *    PG_MODULE_MAGIC block is.
 *
 * Errors.  Every callback returns a sluice_status; each callback below
 * lists the statuses it may return.  Before returning an error, a callback
 * calls host->error() or host->errorf() once with a message (what failed),
 * an optional detail (the values involved) and an optional hint (what the
 * operator can do), in the manner of PostgreSQL's ereport.  Callbacks never
 * print to stdout/stderr and never exit the process.  What the core does
 * with a status, whichever callback returns it:
 *    SLUICE_ERROR            the command fails (exit 1, see sluice(1))
 *    SLUICE_ERROR_RETRY      `run` rolls back, waits and retries the work
 *                            from its start; other commands fail (exit 1)
 *    SLUICE_ERROR_LOCKED     another writer holds the store: the command
 *                            fails (exit 6); `run` retries when the lock
 *                            was lost at commit
 *    SLUICE_ERROR_DATA       invalid input: the command fails (exit 5)
 *    SLUICE_ERROR_CANCELLED  the stop the core asked for: a bounded job
 *                            ends interrupted (exit 7), `run` ends (exit 0)
 * A status a callback does not list is treated as SLUICE_ERROR.
 *
 * Threading.  Instances are per worker: the core opens one instance per
 * thread that needs one (e.g. one source and one sink instance per backfill
 * worker) and calls an instance's callbacks from one thread at a time, in
 * the order of the lifecycle below.  Different instances of one plugin run
 * concurrently, so a plugin keeps no unprotected global mutable state
 * (process-wide set-up belongs in init/fini).  Host functions: log,
 * cancelled, frame_walk, code_name, code_names and config_* may be called
 * from any thread at any time (log writes each line whole under a lock; config values are
 * read-only once the instance is open).  error and errorf record into the
 * instance without a lock: call them from the thread running that
 * instance's callback (or a thread it waits for), never concurrently for
 * one instance.
 *
 * Ownership.  Strings the host returns belong to the core and live as long
 * as the instance.  A frame a source returns belongs to the source and stays
 * valid until its next call to next() or close().  Rows passed to a sink
 * belong to the core and are valid only during the callback (see rows.h).
 */
#ifndef SLUICE_PLUGIN_H
#define SLUICE_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <sluice/config.h>
#include <sluice/rows.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ABI 3.0: major.minor versions, struct sizes everywhere, element sizes of
 * row and config-key arrays, the layout block, one frame walker.
 * ABI 3.1: host->errorf and host->config_load, the descriptor's init and
 * fini, sluice_config_key.offset (keys bound to a settings struct) and the
 * SIZE and DURATION key types.
 * ABI 3.2: token transfer and contract event rows (sluice_ledger's
 * token_transfers and contract_events, their sizes in the layout block);
 * host->code_name and host->code_names (names beside codes);
 * SLUICE_MODE_REINGEST; sluice_sink_ops.check_rows, compare_ledger and
 * drop_history;
 * host->open_flags (read-only opens, migrations on demand), the sink's
 * migrate callback, the descriptor's validate callback. */
#define SLUICE_ABI_MAJOR 3u
#define SLUICE_ABI_MINOR 2u
#define SLUICE_PLUGIN_SYMBOL "sluice_plugin"

/* The end of member within type: the smallest struct_size that has it. */
#define SLUICE_SIZE_THROUGH(type, member) \
    (offsetof(type, member) + sizeof(((type *)0)->member))

typedef enum sluice_status {
    SLUICE_OK = 0,
    SLUICE_END = 1,             /* source: the prepared bounded range is done */
    SLUICE_ERROR = -1,          /* permanent failure; host->error() was called */
    SLUICE_ERROR_RETRY = -2,    /* transient (connection lost, timeout): the core may retry */
    SLUICE_ERROR_LOCKED = -3,   /* sink: another instance holds the writer lock */
    SLUICE_ERROR_DATA = -4,     /* the input is invalid (corrupt frame, broken chain) */
    SLUICE_ERROR_CANCELLED = -5 /* host->cancelled() became true while waiting */
} sluice_status;

typedef enum sluice_log_level {
    SLUICE_LOG_ERROR = 0,
    SLUICE_LOG_WARN = 1,
    SLUICE_LOG_INFO = 2,
    SLUICE_LOG_DEBUG = 3
} sluice_log_level;

typedef enum sluice_plugin_kind {
    SLUICE_PLUGIN_SOURCE = 1,
    SLUICE_PLUGIN_SINK = 2
} sluice_plugin_kind;

/* ---- host table: the core's services, handed to every instance ---------- */

/* host->open_flags (since 3.2): how the core will use the instance it
 * opens.  0 is what a sink built before 3.2 (which cannot see them) does:
 * it opens for writing and brings its store's schema up to date. */
#define SLUICE_OPEN_READ_ONLY 0x1u  /* status, gaps, verify, check-config: create,
                                     * alter and write nothing (the store may grant
                                     * SELECT only); a store that does not exist, or
                                     * whose schema is newer than the sink's, is an
                                     * ERROR naming it */
#define SLUICE_OPEN_NO_MIGRATE 0x2u /* a writer with auto_migrate off: apply no
                                     * migration; pending ones are an ERROR naming
                                     * them, with the hint `sluice migrate` */
#define SLUICE_OPEN_FOR_MIGRATE 0x4u /* `sluice migrate`: the instance is opened only
                                      * to call sink->migrate; open checks and changes
                                      * no schema */

/* What a LedgerCloseMeta's header says (host->frame_walk).  The caller
 * sets struct_size = sizeof(sluice_frame_info); the core fills no more. */
typedef struct sluice_frame_info {
    uint32_t struct_size;
    uint32_t sequence;             /* header.ledgerSeq */
    uint32_t protocol_version;     /* header.ledgerVersion */
    uint64_t close_time;           /* header.scpValue.closeTime, unix seconds */
    uint8_t hash[32];              /* ledgerHeader.hash */
    uint8_t previous_hash[32];     /* header.previousLedgerHash */
} sluice_frame_info;

/* host->frame_walk flags. */
#define SLUICE_WALK_PREFIX 0x1u    /* more bytes may follow the frame */

/* The sets of codes the core names (host->code_name, since 3.2).  The
 * names of the XDR enums are the generated codec's, as `sluice decode`
 * renders them ("payment", "tx_success", "op_inner", "underfunded"); the
 * others are the lowercase names of rows.h's enums ("balance", "credit",
 * "transfer", "contract"). */
typedef enum sluice_name_set {
    SLUICE_NAMES_OPERATION_TYPE = 1,     /* OperationType */
    SLUICE_NAMES_TRANSACTION_RESULT = 2, /* TransactionResultCode */
    SLUICE_NAMES_OPERATION_RESULT = 3,   /* OperationResultCode (opINNER, opBAD_AUTH, ...) */
    SLUICE_NAMES_OPERATION_TYPE_RESULT = 4, /* an operation type's own result code
                                             * (PaymentResultCode, ...); context: the type */
    SLUICE_NAMES_STATE_CATEGORY = 5,     /* sluice_state_category */
    SLUICE_NAMES_STATE_REASON = 6,       /* sluice_state_reason */
    SLUICE_NAMES_TRANSFER_KIND = 7,      /* sluice_transfer_kind */
    SLUICE_NAMES_CONTRACT_EVENT_TYPE = 8 /* sluice_contract_event_type */
} sluice_name_set;

/* One named code (host->code_names); elements are element_size apart. */
typedef struct sluice_code_name {
    int32_t context;               /* SLUICE_NAMES_OPERATION_TYPE_RESULT: the operation type; else 0 */
    int32_t code;
    const char *name;
} sluice_code_name;

typedef struct sluice_host sluice_host;
struct sluice_host {
    uint32_t struct_size;          /* sizeof(sluice_host) of the core */
    uint32_t abi_major;            /* SLUICE_ABI_MAJOR of the core */
    uint32_t abi_minor;            /* SLUICE_ABI_MINOR of the core */
    const char *instance_name;     /* INI section, e.g. "source" */
    const char *network_passphrase;/* from [sluice] */
    void *core_private;            /* the core's; plugins do not touch it */

    /* Log one line at a level, printf-style; the core adds time, level and
     * the instance name.  No trailing newline.  Any thread. */
    void (*log)(const sluice_host *host, sluice_log_level level, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;

    /* Record the error that the callback is about to return.  detail and
     * hint may be NULL.  A later call replaces an earlier one. */
    void (*error)(const sluice_host *host, const char *message, const char *detail,
                  const char *hint);

    /* The value of a key of this instance's section, after validation
     * against the plugin's config map, defaults and environment overrides
     * applied; NULL when unset and without default.  Keys not in the map
     * return NULL. */
    const char *(*config_string)(const sluice_host *host, const char *key);
    /* INT, SIZE (bytes) and DURATION (ms) keys: the value, or fallback when unset. */
    int64_t (*config_int)(const sluice_host *host, const char *key, int64_t fallback);
    /* BOOL keys: 1 or 0, or fallback when unset. */
    int (*config_bool)(const sluice_host *host, const char *key, int fallback);

    /* Non-zero once the core asked the work to stop: SIGINT/SIGTERM, or
     * for this instance alone when the core is done reading its prepared
     * range (at its end or after a failure; reset by the next prepare).  A
     * sibling worker's failure does not set it: siblings finish their
     * batch.  Long waits (polling, retries, stalls) check it at least every
     * 100 ms and return SLUICE_ERROR_CANCELLED.  Any thread. */
    int (*cancelled)(const sluice_host *host);

    /* Walk the LedgerCloseMeta at the start of data[0..len): check every
     * length and discriminant, read its header into *info (NULL: not
     * wanted) and store its encoded length in *frame_len (NULL: not
     * wanted).  Without SLUICE_WALK_PREFIX in flags the frame must be the
     * whole buffer (no trailing bytes); with it, more may follow (a
     * LedgerCloseMetaBatch is split this way, one walk per frame).
     * SLUICE_OK, or SLUICE_ERROR_DATA with why filled (type, field path,
     * byte offset and reason).  Any thread. */
    sluice_status (*frame_walk)(const sluice_host *host, const uint8_t *data, size_t len,
                                unsigned flags, size_t *frame_len, sluice_frame_info *info,
                                char *why, size_t why_size);

    /* Since 3.1.  host->error with a detail formatted printf-style from
     * detail_fmt (the values involved); message and hint (may be NULL) are
     * plain text.  The varargs come last, hence hint before detail. */
    void (*errorf)(const sluice_host *host, const char *message, const char *hint,
                   const char *detail_fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 4, 5)))
#endif
        ;

    /* Since 3.1.  Fill the plugin's settings struct (settings_size bytes) from this
     * instance's section: every key of the plugin's map bound to a field
     * (offset, see sluice/config.h) gets its validated value, default and
     * environment override applied, in the field's type; the struct is
     * zeroed first.  Strings live as long as the instance.  SLUICE_ERROR
     * (host->error() called) when a bound field lies outside the struct
     * or is misaligned: a bug in the plugin's map. */
    sluice_status (*config_load)(const sluice_host *host, void *settings, size_t settings_size);

    /* Since 3.2.  The name of code in set (context: the operation type for
     * SLUICE_NAMES_OPERATION_TYPE_RESULT, else 0), or NULL when the core
     * knows none (a code newer than the core, or not a code of the set).
     * The string is the core's and lives as long as the process.  Any
     * thread. */
    const char *(*code_name)(const sluice_host *host, sluice_name_set set, int32_t context,
                             int32_t code);
    /* Since 3.2.  Every named code of set, ordered by context then code:
     * *count elements, *element_size bytes apart (SLUICE_ROW_AT); NULL with
     * *count = 0 for a set the core does not know.  The core's, for the
     * life of the process.  Any thread. */
    const sluice_code_name *(*code_names)(const sluice_host *host, sluice_name_set set,
                                          size_t *count, size_t *element_size);

    /* Since 3.2.  SLUICE_OPEN_* flags: how the core uses this instance (read
     * it with SLUICE_HOST_OPEN_FLAGS).  Sources receive 0. */
    uint32_t open_flags;
};

/* Whether the core's host table has member (a plugin declaring an older
 * minor than its headers' tests members added since, before calling them). */
#define SLUICE_HOST_HAS(host, member) \
    ((host)->struct_size >= SLUICE_SIZE_THROUGH(sluice_host, member) && (host)->member != NULL)

/* host->open_flags, or 0 from a core older than 3.2. */
#define SLUICE_HOST_OPEN_FLAGS(host) \
    ((host)->struct_size >= SLUICE_SIZE_THROUGH(sluice_host, open_flags) ? (host)->open_flags : 0u)

/* ---- sources -------------------------------------------------------------- */

/* Zeroed by the core, struct_size set, before next(). */
typedef struct sluice_frame {
    uint32_t struct_size;          /* the core's sizeof(sluice_frame) */
    uint32_t sequence;             /* ledger sequence of this frame */
    const uint8_t *data;           /* one LedgerCloseMeta, XDR */
    size_t len;
} sluice_frame;

/* Lifecycle: open, then any number of (prepare, next... until END), close.
 * Statuses each callback may return are listed with it; see the table at
 * the top for what the core does with each. */
typedef struct sluice_source_ops {
    uint32_t struct_size;          /* sizeof(sluice_source_ops) */

    /* Create an instance from host's config; *instance receives it.
     * OK, ERROR (bad config, no such path), RETRY (a service it needs is
     * unreachable for now). */
    sluice_status (*open)(const sluice_host *host, void **instance);

    /* Deliver ledgers from..to inclusive, in order; to == 0 means
     * unbounded (from onward, waiting for new ledgers as they appear).
     * OK, ERROR (range not available), RETRY, CANCELLED. */
    sluice_status (*prepare)(void *instance, uint32_t from, uint32_t to);

    /* The next frame of the prepared range: OK with *frame filled, END
     * after the last ledger of a bounded range (or of an unbounded one when
     * the source's history is finite and no ledger can follow: the live
     * run then ends cleanly; a source that can get new ledgers waits for
     * them instead), DATA (corrupt frame,
     * broken hash chain), RETRY (transient read failure), CANCELLED (while
     * waiting for a new ledger), ERROR. */
    sluice_status (*next)(void *instance, sluice_frame *frame);

    /* OPTIONAL: the newest ledger the source can deliver now.  NULL: the
     * core cannot measure lag and never catches up in parallel.  OK,
     * ERROR, RETRY. */
    sluice_status (*latest_available)(void *instance, uint32_t *sequence);

    /* Release everything, stop children; must not fail.  NULL-safe. */
    void (*close)(void *instance);
} sluice_source_ops;

/* ---- sinks ---------------------------------------------------------------- */

/* Cursor names (G7 in design.md, in the documentation; sluice-sink(7)). */
#define SLUICE_CURSOR_LATEST "latest_ingest_ledger"
#define SLUICE_CURSOR_OLDEST "oldest_ingest_ledger"

/* Filled by the sink, struct_size = sizeof(sluice_gap). */
typedef struct sluice_gap {
    uint32_t struct_size;
    uint32_t from;                 /* first missing ledger */
    uint32_t to;                   /* last missing ledger */
} sluice_gap;

/* Called once per gap, in ascending order; return non-zero to stop. */
typedef int (*sluice_gap_callback)(void *context, const sluice_gap *gap);

/* One stored ledger's link in the hash chain (G8).  Filled by the sink,
 * struct_size = sizeof(sluice_chain_link). */
typedef struct sluice_chain_link {
    uint32_t struct_size;
    uint32_t sequence;
    uint8_t hash[32];
    uint8_t previous_hash[32];
} sluice_chain_link;

/* Called once per stored ledger, ascending; return non-zero to stop. */
typedef int (*sluice_chain_callback)(void *context, const sluice_chain_link *link);

/* One schema migration a sink reports (sluice_sink_ops.migrate).  Filled
 * by the sink, struct_size = sizeof(sluice_migration); description lives
 * until the callback returns. */
typedef struct sluice_migration {
    uint32_t struct_size;
    uint32_t version;              /* the sink's own numbering, ascending */
    const char *description;       /* one line: what it creates or changes */
} sluice_migration;

/* Called once per pending migration, ascending; return non-zero to stop. */
typedef int (*sluice_migration_callback)(void *context, const sluice_migration *migration);

/* What the core is doing with a sink instance (sluice_sink_ops.set_mode). */
typedef enum sluice_write_mode {
    SLUICE_MODE_LIVE = 1,     /* one ledger per transaction, durable commits */
    SLUICE_MODE_CATCHUP = 2,  /* batches of a catchup (the final transaction, balances and
                                 cursor, runs on the live instance: durable) */
    SLUICE_MODE_BACKFILL = 3, /* historical batches: may trade durability for speed (G3 redoes) */
    SLUICE_MODE_READ = 4,     /* gaps/status/verify: no writes */
    SLUICE_MODE_REINGEST = 5  /* since 3.2: historical batches that rewrite stored ledgers
                                 (sluice reingest): as BACKFILL, but write_ledger must
                                 replace a stored ledger's rows with the ones given; a
                                 sink that cannot (an append-only file) returns ERROR.
                                 Sent only to sinks built for 3.2 or later. */
} sluice_write_mode;

/* Lifecycle: open, [lock], then transactions (begin, writes and cursor
 * moves, commit or rollback), close.  Cursor reads may happen at any time
 * outside a transaction.  After an error inside a transaction the core
 * calls rollback.  Every callback returning a status may return ERROR and,
 * when the store is out of reach for now (connection lost, server
 * restarting), RETRY; the others it may return are listed with it. */
typedef struct sluice_sink_ops {
    uint32_t struct_size;          /* sizeof(sluice_sink_ops) */

    sluice_status (*open)(const sluice_host *host, void **instance);

    /* Become the single writer of the store (G2), held until close.  Live
     * and catchup call it; backfill does not.  Also LOCKED: another
     * instance holds it. */
    sluice_status (*lock)(void *instance);

    /* Read a cursor: *present = 0 when it was never set.  Also DATA: the
     * stored value is not a ledger. */
    sluice_status (*cursor_get)(void *instance, const char *name, uint32_t *value, int *present);

    sluice_status (*begin)(void *instance);

    /* Append one ledger's rows (G5: also when it has no transactions).
     * Re-writing a ledger already stored leaves one copy (G6).  Also
     * DATA: a row the store cannot hold (the core's rows are checked). */
    sluice_status (*write_ledger)(void *instance, const sluice_ledger *ledger);

    /* Apply net balance changes (catchup's merged set or a live ledger's):
     * count elements of element_size bytes each (see SLUICE_ROW_AT). */
    sluice_status (*write_balances)(void *instance, const sluice_balance_change *changes,
                                    size_t count, size_t element_size);

    /* Move a cursor forward from expected to value, inside the open
     * transaction; fails if the stored value is not expected (present = 0
     * means "unset": the cursor must not exist yet).  Also DATA: the
     * stored value is not the expected one (another writer moved it). */
    sluice_status (*cursor_advance)(void *instance, const char *name, int expected_present,
                                    uint32_t expected, uint32_t value);

    /* Set a cursor to min(stored, value) inside the open transaction; sets
     * it when unset (UpdateMin, G3). */
    sluice_status (*cursor_update_min)(void *instance, const char *name, uint32_t value);

    /* Make the transaction durable.  A sink holding the lock re-checks it
     * first.  Also LOCKED: the lock was lost (the core retries in `run`). */
    sluice_status (*commit)(void *instance);

    /* Abandon the open transaction; must not fail.  No-op without one. */
    void (*rollback)(void *instance);

    /* Report every run of missing ledgers in from..to (G5).  Also
     * CANCELLED. */
    sluice_status (*gaps)(void *instance, uint32_t from, uint32_t to,
                          sluice_gap_callback callback, void *context);

    void (*close)(void *instance);

    /* OPTIONAL: told once after open, before any other call.  NULL: the
     * sink treats every transaction as durable.  OK or ERROR. */
    sluice_status (*set_mode)(void *instance, sluice_write_mode mode);

    /* OPTIONAL: report every stored ledger in from..to with its hash and
     * previous hash, ascending (sluice verify, G8).  NULL: verify checks
     * cursors and gaps only, and says so.  Also DATA, CANCELLED. */
    sluice_status (*ledger_chain)(void *instance, uint32_t from, uint32_t to,
                                  sluice_chain_callback callback, void *context);

    /* Since 3.2, OPTIONAL: check that the stored rows of every ledger in
     * from..to agree with its ledger row (sluice verify): as many
     * transactions as it counts (successful + failed), as many operations
     * as it counts, each transaction as many operations as it counts, and
     * every transaction its source account among its participants.  OK
     * with fault[0] = 0 when they do, else with fault (NUL-terminated,
     * fault_size bytes at most) naming the first ledger that does not and
     * what differs.  NULL: verify says the rows were not checked.  Also
     * CANCELLED. */
    sluice_status (*check_rows)(void *instance, uint32_t from, uint32_t to, char *fault,
                                size_t fault_size);

    /* Since 3.2, OPTIONAL: compare what the store holds for ledger's
     * sequence with ledger, re-derived from the source by the core (sluice
     * verify --source), row by row in every table of history (not
     * balances, which are current state), writing nothing.  OK with
     * difference[0] = 0 when they are equal, else with difference
     * (NUL-terminated, difference_size bytes at most) naming the first
     * difference: the table and the stored and derived rows, or the one
     * missing on either side.  Called outside a transaction.  NULL: verify
     * --source is refused.  Also DATA: a derived row the store cannot
     * hold. */
    sluice_status (*compare_ledger)(void *instance, const sluice_ledger *ledger,
                                    char *difference, size_t difference_size);

    /* Since 3.2, OPTIONAL: the retention reaper (history_retention_ledgers)
     * removes stored history from the oldest stored ledger `from` towards
     * `before` (exclusive), inside the open transaction of the instance
     * holding the writer lock, a bounded amount per call: a partitioned
     * store drops whole partitions lying below `before` (a partition that
     * reaches `before` stays), another deletes at most a batch of ledgers.
     * *removed_to receives the first ledger still stored (from when nothing
     * could be removed yet, at most before); the core moves oldest there
     * with cursor_advance in the same transaction.  Balances are kept.
     * NULL: history_retention_ledgers is refused by `run`. */
    sluice_status (*drop_history)(void *instance, uint32_t from, uint32_t before,
                                  uint32_t *removed_to);
    /* Since 3.2, OPTIONAL: the store's pending schema migrations (`sluice
     * migrate`), on an instance opened with SLUICE_OPEN_FOR_MIGRATE.  Calls
     * callback for each pending one, ascending; with apply, applies them
     * all (creating the store when it does not exist) atomically where the
     * store allows, else nothing changes (a dry run).  NULL: the sink has
     * no schema to migrate.  Also LOCKED: another instance is migrating. */
    sluice_status (*migrate)(void *instance, int apply, sluice_migration_callback callback,
                             void *context);
} sluice_sink_ops;

/* ---- the descriptor ------------------------------------------------------ */

/* The build settings that decide struct layout, compared at load like
 * PostgreSQL's magic block: pointer_size, enum_size, bool_size and
 * strkey_size must equal the core's; a row size may be smaller than the
 * core's (rows grow within a major), never larger.  SLUICE_PLUGIN_HEADER
 * fills it. */
typedef struct sluice_abi_layout {
    uint32_t struct_size;          /* sizeof(sluice_abi_layout) */
    uint32_t pointer_size;         /* sizeof(void *) */
    uint32_t enum_size;            /* sizeof(sluice_status): -fshort-enums differs */
    uint32_t bool_size;            /* sizeof(bool) */
    uint32_t strkey_size;          /* SLUICE_STRKEY_SIZE */
    uint32_t ledger_size;          /* sizeof(sluice_ledger) */
    uint32_t transaction_row_size; /* sizeof(sluice_transaction_row), ... */
    uint32_t operation_row_size;
    uint32_t participant_row_size;
    uint32_t state_change_row_size;
    uint32_t balance_change_size;
    uint32_t token_transfer_row_size; /* since 3.2 */
    uint32_t contract_event_row_size; /* since 3.2 */
} sluice_abi_layout;

#define SLUICE_ABI_LAYOUT                                                        \
    {                                                                            \
        sizeof(sluice_abi_layout), sizeof(void *), sizeof(sluice_status),        \
        sizeof(bool), SLUICE_STRKEY_SIZE, sizeof(sluice_ledger),                 \
        sizeof(sluice_transaction_row), sizeof(sluice_operation_row),            \
        sizeof(sluice_participant_row), sizeof(sluice_state_change_row),         \
        sizeof(sluice_balance_change), sizeof(sluice_token_transfer_row),        \
        sizeof(sluice_contract_event_row)                                        \
    }

/* One problem with an instance's settings (descriptor->validate): key is
 * the key at fault (NULL: several or none), message says what is wrong and
 * why.  Both live until the callback returns. */
typedef void (*sluice_problem_callback)(void *context, const char *key, const char *message);

typedef struct sluice_plugin_descriptor {
    uint32_t struct_size;          /* sizeof(sluice_plugin_descriptor), first */
    uint32_t abi_major;            /* SLUICE_ABI_MAJOR the plugin was built with */
    uint32_t abi_minor;            /* SLUICE_ABI_MINOR the plugin was built with */
    uint32_t config_key_size;      /* sizeof(sluice_config_key) */
    const sluice_abi_layout *layout;
    sluice_plugin_kind kind;
    const char *name;              /* as written after "plugin =" in the INI */
    const char *version;           /* the plugin's own version */
    const char *description;       /* one line */
    const sluice_config_key *config_keys; /* terminated by SLUICE_CONFIG_END */
    const sluice_source_ops *source; /* kind == SOURCE, else NULL */
    const sluice_sink_ops *sink;     /* kind == SINK, else NULL */

    /* Since 3.1, OPTIONAL: process-wide set-up of libraries the plugin
     * uses (e.g. curl_global_init), called by the loader after the checks
     * passed, before any open, from the loading thread while no instance
     * of the plugin runs.  ERROR with why filled refuses the plugin (fini
     * is then not called).  A file loaded twice (e.g. `sluice plugins`
     * after the run's load) gets init twice: keep it counted or
     * idempotent, as curl_global_init is. */
    sluice_status (*init)(char *why, size_t why_size);
    /* Since 3.1, OPTIONAL: undo one init, after every instance it served
     * closed and before the file is unloaded; never concurrently with
     * init or a callback. */
    void (*fini)(void);

    /* Since 3.2, OPTIONAL: check an instance's settings beyond what the
     * config map checks (a setting that needs another, a file that must
     * exist and be executable, an address that must parse), as `sluice
     * check-config` asks, without side effects: no connection, no child,
     * nothing written.  host is an instance's table (config_* work; no
     * instance is opened).  Calls problem once per problem found, so that
     * every one is listed; returns OK when it found none, else ERROR. */
    sluice_status (*validate)(const sluice_host *host, sluice_problem_callback problem,
                              void *context);
} sluice_plugin_descriptor;

#if defined(__GNUC__)
#define SLUICE_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define SLUICE_PLUGIN_EXPORT
#endif

/* Define the one exported descriptor:
 *   SLUICE_PLUGIN_DESCRIPTOR = { SLUICE_PLUGIN_HEADER, .kind = ..., ... };  */
#define SLUICE_PLUGIN_DESCRIPTOR                                              \
    SLUICE_PLUGIN_EXPORT extern const sluice_plugin_descriptor sluice_plugin; \
    const sluice_plugin_descriptor sluice_plugin

/* Fills the sizes, versions and layout block; use first in the initializer. */
#define SLUICE_PLUGIN_HEADER                                                  \
    .struct_size = sizeof(sluice_plugin_descriptor),                          \
    .abi_major = SLUICE_ABI_MAJOR, .abi_minor = SLUICE_ABI_MINOR,             \
    .config_key_size = sizeof(sluice_config_key),                             \
    .layout = &(const sluice_abi_layout)SLUICE_ABI_LAYOUT

#ifdef __cplusplus
}
#endif
#endif
