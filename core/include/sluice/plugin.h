/* sluice/plugin.h — the plugin ABI: what a source or sink .so exports, the
 * callbacks the core calls, and the host table the core hands back.
 *
 * A plugin is one shared object exporting exactly one symbol,
 * `sluice_plugin`, a constant sluice_plugin_descriptor (use
 * SLUICE_PLUGIN_DESCRIPTOR).  At load the core checks, in this order, that
 * the descriptor's struct_size is at least the size this header had at ABI
 * version 1, that abi_version equals SLUICE_ABI_VERSION, and that kind is
 * the kind the INI section asked for; any mismatch refuses the file with a
 * message naming it and both values.
 *
 * Versioning policy.  SLUICE_ABI_VERSION changes whenever a struct here
 * changes layout or a callback changes meaning; the core loads only plugins
 * of its own version.  Structs begin with their own size so that additions
 * at the end can be detected.  Callbacks marked OPTIONAL may be NULL: the
 * core then uses the documented fallback, so new optional callbacks can be
 * added without breaking old plugins.
 *
 * Errors.  Every callback returns a sluice_status.  Before returning an
 * error, a callback calls host->error() once with a message (what failed),
 * an optional detail (the values involved) and an optional hint (what the
 * operator can do), in the manner of PostgreSQL's ereport.  Callbacks never
 * print to stdout/stderr and never exit the process.
 *
 * Threading.  Instances are per worker: the core opens one instance per
 * thread that needs one (e.g. one source and one sink instance per backfill
 * worker) and calls an instance's callbacks from one thread at a time, in
 * the order of the lifecycle below.  Different instances of one plugin run
 * concurrently, so a plugin keeps no unprotected global mutable state.  The
 * host table's functions are thread-safe.
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

/* Version 2: SLUICE_STRKEY_SIZE (sluice/rows.h) grew from 57 to 72, which
 * moves every row field after a strkey.  Version 3: sluice_config_key
 * (sluice/config.h) gained offset; sluice_host gained config_load. */
#define SLUICE_ABI_VERSION 3u
#define SLUICE_PLUGIN_SYMBOL "sluice_plugin"

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

/* What a LedgerCloseMeta's header says (host->frame_info). */
typedef struct sluice_frame_info {
    uint32_t sequence;             /* header.ledgerSeq */
    uint32_t protocol_version;     /* header.ledgerVersion */
    uint64_t close_time;           /* header.scpValue.closeTime, unix seconds */
    uint8_t hash[32];              /* ledgerHeader.hash */
    uint8_t previous_hash[32];     /* header.previousLedgerHash */
} sluice_frame_info;

typedef struct sluice_host sluice_host;
struct sluice_host {
    uint32_t struct_size;          /* sizeof(sluice_host) of the core */
    uint32_t abi_version;          /* SLUICE_ABI_VERSION of the core */
    const char *instance_name;     /* INI section, e.g. "source" */
    const char *network_passphrase;/* from [sluice] */

    /* Log one line at a level, printf-style; the core adds time, level and
     * the instance name.  No trailing newline. */
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

    /* Non-zero once the core asked the work to stop (SIGINT/SIGTERM or a
     * failed sibling worker).  Long waits (polling, retries, stalls) check it
     * at least every 100 ms and return SLUICE_ERROR_CANCELLED. */
    int (*cancelled)(const sluice_host *host);

    /* Check that data[0..len) is exactly one well-formed LedgerCloseMeta
     * (every length and discriminant, no trailing bytes) and read its
     * header.  SLUICE_OK, or SLUICE_ERROR_DATA with why filled (type,
     * field path, byte offset and reason).  Sources use it to learn a
     * frame's sequence and to check hash-chain continuity. */
    sluice_status (*frame_info)(const sluice_host *host, const uint8_t *data, size_t len,
                                sluice_frame_info *info, char *why, size_t why_size);

    /* The encoded length of one XDR value of the named Stellar type (e.g.
     * "LedgerCloseMeta") at the start of data[0..len), validated as by
     * frame_info.  Sources use it to split a LedgerCloseMetaBatch. */
    sluice_status (*xdr_value_length)(const sluice_host *host, const char *type,
                                      const uint8_t *data, size_t len, size_t *value_len,
                                      char *why, size_t why_size);

    void *core_private;            /* the core's; plugins do not touch it */

    /* The LedgerCloseMeta at the start of data[0..len), more bytes may
     * follow: validated as by frame_info, its header read into *info and
     * its encoded length stored in *frame_len, in one walk over it
     * (xdr_value_length followed by frame_info walks it twice).  Sources
     * use it to split a LedgerCloseMetaBatch. */
    sluice_status (*frame_info_prefix)(const sluice_host *host, const uint8_t *data, size_t len,
                                       size_t *frame_len, sluice_frame_info *info, char *why,
                                       size_t why_size);

    /* Fill the plugin's settings struct (settings_size bytes) from this
     * instance's section: every key of the plugin's map bound to a field
     * (offset, see sluice/config.h) gets its validated value, default and
     * environment override applied, in the field's type; the struct is
     * zeroed first.  Strings live as long as the instance.  SLUICE_ERROR
     * (host->error() called) when a bound field lies outside the struct
     * or is misaligned: a bug in the plugin's map. */
    sluice_status (*config_load)(const sluice_host *host, void *settings, size_t settings_size);
};


/* ---- sources -------------------------------------------------------------- */

typedef struct sluice_frame {
    uint32_t sequence;             /* ledger sequence of this frame */
    const uint8_t *data;           /* one LedgerCloseMeta, XDR */
    size_t len;
} sluice_frame;

/* Lifecycle: open, then any number of (prepare, next... until END), close. */
typedef struct sluice_source_ops {
    uint32_t struct_size;          /* sizeof(sluice_source_ops) */

    /* Create an instance from host's config; *instance receives it. */
    sluice_status (*open)(const sluice_host *host, void **instance);

    /* Deliver ledgers from..to inclusive, in order; to == 0 means
     * unbounded (from onward, waiting for new ledgers as they appear). */
    sluice_status (*prepare)(void *instance, uint32_t from, uint32_t to);

    /* The next frame of the prepared range: SLUICE_OK with *frame filled,
     * SLUICE_END after the last ledger of a bounded range, or an error. */
    sluice_status (*next)(void *instance, sluice_frame *frame);

    /* OPTIONAL: the newest ledger the source can deliver now.  NULL: the
     * core cannot measure lag and never catches up in parallel. */
    sluice_status (*latest_available)(void *instance, uint32_t *sequence);

    /* Release everything, stop children; must not fail.  NULL-safe. */
    void (*close)(void *instance);
} sluice_source_ops;

/* ---- sinks ---------------------------------------------------------------- */

/* Cursor names (G7 in design.md, in the documentation; sluice-sink(7)). */
#define SLUICE_CURSOR_LATEST "latest_ingest_ledger"
#define SLUICE_CURSOR_OLDEST "oldest_ingest_ledger"

typedef struct sluice_gap {
    uint32_t from;                 /* first missing ledger */
    uint32_t to;                   /* last missing ledger */
} sluice_gap;

/* Called once per gap, in ascending order; return non-zero to stop. */
typedef int (*sluice_gap_callback)(void *context, const sluice_gap *gap);

/* One stored ledger's link in the hash chain (G8). */
typedef struct sluice_chain_link {
    uint32_t sequence;
    uint8_t hash[32];
    uint8_t previous_hash[32];
} sluice_chain_link;

/* Called once per stored ledger, ascending; return non-zero to stop. */
typedef int (*sluice_chain_callback)(void *context, const sluice_chain_link *link);

/* What the core is doing with a sink instance (sluice_sink_ops.set_mode). */
typedef enum sluice_write_mode {
    SLUICE_MODE_LIVE = 1,     /* one ledger per transaction, durable commits */
    SLUICE_MODE_CATCHUP = 2,  /* batches of a catchup; the final transaction is durable */
    SLUICE_MODE_BACKFILL = 3, /* historical batches: may trade durability for speed (G3 redoes) */
    SLUICE_MODE_READ = 4      /* gaps/status/verify: no writes */
} sluice_write_mode;

/* Lifecycle: open, [lock], then transactions (begin, writes and cursor
 * moves, commit or rollback), close.  Cursor reads may happen at any time
 * outside a transaction. */
typedef struct sluice_sink_ops {
    uint32_t struct_size;          /* sizeof(sluice_sink_ops) */

    sluice_status (*open)(const sluice_host *host, void **instance);

    /* Become the single writer of the store (G2) or return
     * SLUICE_ERROR_LOCKED.  Held until close.  Live and catchup call it;
     * backfill does not. */
    sluice_status (*lock)(void *instance);

    /* Read a cursor: *present = 0 when it was never set. */
    sluice_status (*cursor_get)(void *instance, const char *name, uint32_t *value, int *present);

    sluice_status (*begin)(void *instance);

    /* Append one ledger's rows (G5: also when it has no transactions).
     * Re-writing a ledger already stored leaves one copy (G6). */
    sluice_status (*write_ledger)(void *instance, const sluice_ledger *ledger);

    /* Apply net balance changes (catchup's merged set or a live ledger's). */
    sluice_status (*write_balances)(void *instance, const sluice_balance_change *changes,
                                    size_t count);

    /* Move a cursor forward from expected to value, inside the open
     * transaction; fails if the stored value is not expected (present = 0
     * means "unset": the cursor must not exist yet). */
    sluice_status (*cursor_advance)(void *instance, const char *name, int expected_present,
                                    uint32_t expected, uint32_t value);

    /* Set a cursor to min(stored, value) inside the open transaction; sets
     * it when unset (UpdateMin, G3). */
    sluice_status (*cursor_update_min)(void *instance, const char *name, uint32_t value);

    /* Make the transaction durable.  A sink holding the lock re-checks it
     * first and fails with SLUICE_ERROR_LOCKED if it was lost. */
    sluice_status (*commit)(void *instance);

    /* Abandon the open transaction; must not fail.  No-op without one. */
    void (*rollback)(void *instance);

    /* Report every run of missing ledgers in from..to (G5). */
    sluice_status (*gaps)(void *instance, uint32_t from, uint32_t to,
                          sluice_gap_callback callback, void *context);

    void (*close)(void *instance);

    /* OPTIONAL: told once after open, before any other call.  NULL: the
     * sink treats every transaction as durable. */
    sluice_status (*set_mode)(void *instance, sluice_write_mode mode);

    /* OPTIONAL: report every stored ledger in from..to with its hash and
     * previous hash, ascending (sluice verify, G8).  NULL: verify checks
     * cursors and gaps only, and says so. */
    sluice_status (*ledger_chain)(void *instance, uint32_t from, uint32_t to,
                                  sluice_chain_callback callback, void *context);
} sluice_sink_ops;

/* ---- the descriptor ------------------------------------------------------ */

typedef struct sluice_plugin_descriptor {
    uint32_t struct_size;          /* sizeof(sluice_plugin_descriptor), first */
    uint32_t abi_version;          /* SLUICE_ABI_VERSION the plugin was built with */
    sluice_plugin_kind kind;
    const char *name;              /* as written after "plugin =" in the INI */
    const char *version;           /* the plugin's own version */
    const char *description;       /* one line */
    const sluice_config_key *config_keys; /* terminated by SLUICE_CONFIG_END */
    const sluice_source_ops *source; /* kind == SOURCE, else NULL */
    const sluice_sink_ops *sink;     /* kind == SINK, else NULL */
} sluice_plugin_descriptor;

#if defined(__GNUC__)
#define SLUICE_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define SLUICE_PLUGIN_EXPORT
#endif

/* Define the one exported descriptor:
 *   SLUICE_PLUGIN_DESCRIPTOR = { .kind = ..., .name = "...", ... };  */
#define SLUICE_PLUGIN_DESCRIPTOR                                              \
    SLUICE_PLUGIN_EXPORT extern const sluice_plugin_descriptor sluice_plugin; \
    const sluice_plugin_descriptor sluice_plugin

/* Fills the two leading fields; use first in the initializer. */
#define SLUICE_PLUGIN_HEADER                                                  \
    .struct_size = sizeof(sluice_plugin_descriptor), .abi_version = SLUICE_ABI_VERSION

#ifdef __cplusplus
}
#endif
#endif
