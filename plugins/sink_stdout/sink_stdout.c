/* sink_stdout.c — the stdout sink: a ledger's rows as NDJSON on standard
 * output or in a file, with cursors, stored ledgers and the committed
 * output length in a state file (doc/sink-stdout.md).
 *
 * Transactions.  begin takes the transaction lock, re-reads the state
 * file (the only source of truth, G7) and, for a file output, truncates
 * the output to the committed offset (removing what a crashed writer left
 * behind).  Rows are then appended past that offset; commit makes them
 * durable (fdatasync) and only then replaces the state file with the new
 * offset, cursors and stored ledgers (temp, fsync, rename, fsync dir).
 * A crash at any instant leaves the old state file, whose offset cuts off
 * everything not committed: exactly-once.  A stream (stdout, a pipe)
 * cannot be cut back: its rows are held until commit and written before
 * the state is saved, so a crash in between repeats them: at-least-once.
 *
 * A ledger already stored is skipped (G6), so re-writing leaves one copy.
 */
#include "config.h"

#include "output_chain.h"
#include "row_format.h"
#include "text_buffer.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sluice/filestore.h>
#include <sluice/plugin.h>

/* A file output's rows are written out once this much is buffered. */
#define FLUSH_THRESHOLD (1u << 20)

typedef struct stdout_sink {
    const sluice_host *host;
    row_format format;
    int include_frame;
    char *output_path;          /* NULL: standard output */
    int output_is_file;         /* regular file: cut back to the committed offset */
    int output_fd;              /* -1 until the first transaction */
    char *state_path;           /* NULL: state kept in memory for this instance */
    char *lock_path;
    int lock_fd;                /* -1 without a state file */
    int holds_writer_lock;
    int in_transaction;
    sluice_fs_state committed;       /* as last read from or written to the state file */
    sluice_fs_state pending;         /* the open transaction's */
    text_buffer rows;           /* the open transaction's text not yet written out */
    uint64_t written;           /* file output: bytes of the open transaction written */
} stdout_sink;

/* The [sink] keys, as host->config_load() fills them. */
typedef struct stdout_settings {
    const char *output, *format, *state_file;
    int include_frame;
} stdout_settings;

#define FIELD(member) offsetof(stdout_settings, member)

static const sluice_config_key stdout_config_keys[] = {
    {"output", SLUICE_CONFIG_STRING, "-", NULL, 0, 0, 0,
     "where to write: '-' for standard output (at-least-once), or a file path "
     "(exactly-once)", FIELD(output)},
    {"format", SLUICE_CONFIG_ENUM, "rows", "rows|ledger", 0, 0, 0,
     "rows: one JSON object per row with a \"type\"; ledger: one object per ledger", FIELD(format)},
    {"state_file", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, 0,
     "cursors, stored ledgers and committed length (default: OUTPUT.state for a file; "
     "none for standard output)", FIELD(state_file)},
    {"include_frame", SLUICE_CONFIG_BOOL, "false", NULL, 0, 0, 0,
     "add the raw LedgerCloseMeta (base64) to each ledger object as frame_xdr",
     FIELD(include_frame)},
    SLUICE_CONFIG_END,
};

/* ---- errors ------------------------------------------------------------- */

static sluice_status fail(stdout_sink *sink, sluice_status status, const char *message,
                          const char *detail, const char *hint)
{
    sink->host->error(sink->host, message, detail && *detail ? detail : NULL, hint);
    return status;
}

static sluice_status fail_errno(stdout_sink *sink, const char *what, const char *path)
{
    char detail[4200];
    snprintf(detail, sizeof detail, "%s: %s", path, strerror(errno));
    return fail(sink, SLUICE_ERROR, what, detail, NULL);
}

static const char *output_name(const stdout_sink *sink)
{
    return sink->output_path ? sink->output_path : "standard output";
}

/* ---- opening ------------------------------------------------------------ */

static char *joined(const char *a, const char *b)
{
    size_t len = strlen(a) + strlen(b) + 1;
    char *text = malloc(len);
    if (text)
        snprintf(text, len, "%s%s", a, b);
    return text;
}

/* Read the config and decide file or stream, and where state lives. */
static sluice_status configure(stdout_sink *sink)
{
    const sluice_host *host = sink->host;
    stdout_settings settings;
    if (host->config_load(host, &settings, sizeof settings) != SLUICE_OK)
        return SLUICE_ERROR;
    const char *output = settings.output, *state_file = settings.state_file;
    sink->format = strcmp(settings.format, "ledger") == 0 ? ROW_FORMAT_LEDGER : ROW_FORMAT_ROWS;
    sink->include_frame = settings.include_frame;
    if (output && strcmp(output, "-") != 0) {
        struct stat st;
        int inspected = stat(output, &st);
        if (inspected != 0 && errno != ENOENT)
            return fail_errno(sink, "cannot inspect the output", output);
        sink->output_is_file = inspected != 0 || S_ISREG(st.st_mode);
        if (!(sink->output_path = strdup(output)))
            return fail(sink, SLUICE_ERROR, "out of memory", NULL, NULL);
    }
    int state_configured = state_file && *state_file;
    if (state_configured)
        sink->state_path = strdup(state_file);
    else if (sink->output_is_file)
        sink->state_path = joined(sink->output_path, ".state");
    if ((state_configured || sink->output_is_file) &&
        (!sink->state_path || !(sink->lock_path = joined(sink->state_path, ".lock"))))
        return fail(sink, SLUICE_ERROR, "out of memory", NULL, NULL);
    return SLUICE_OK;
}

/* Re-read the state file into committed (no-op without one). */
static sluice_status load_state(stdout_sink *sink, int *exists)
{
    *exists = 0;
    if (!sink->state_path)
        return SLUICE_OK;
    char why[4400];
    if (sluice_fs_state_load(sink->state_path, &sink->committed, exists, why, sizeof why) != 0)
        return fail(sink, SLUICE_ERROR_DATA, "cannot read the stdout sink's state file", why,
                    "The state file is written only by sluice.  Restore it, or remove the "
                    "output and its state file to start over.");
    return SLUICE_OK;
}

/* A file output must hold at least the committed bytes; without a state
 * file it must be empty (never cut back a file sluice did not write). */
static sluice_status check_output_matches_state(stdout_sink *sink, int state_exists,
                                                uint64_t output_size)
{
    char detail[8400];
    if (!state_exists && output_size > 0) {
        snprintf(detail, sizeof detail, "%s has %" PRIu64 " bytes; state file %s does not exist",
                 sink->output_path, output_size, sink->state_path);
        return fail(sink, SLUICE_ERROR_DATA,
                    "the output file was not written by this sink: refusing to overwrite it",
                    detail, "Choose a new output path, or remove the file.");
    }
    if (output_size < sink->committed.output_offset) {
        snprintf(detail, sizeof detail,
                 "%s has %" PRIu64 " bytes; state file %s says %" PRIu64 " were committed",
                 sink->output_path, output_size, sink->state_path,
                 sink->committed.output_offset);
        return fail(sink, SLUICE_ERROR_DATA, "the output file is shorter than its committed "
                    "length: it was truncated or replaced", detail,
                    "Restore the output, or remove the output and its state file to start "
                    "over.");
    }
    return SLUICE_OK;
}

static sluice_status open_files(stdout_sink *sink)
{
    char why[4400];
    /* a read-only open (status, gaps, verify) creates no lock file: it
     * takes no lock and the state file is replaced whole */
    int read_only = (SLUICE_HOST_OPEN_FLAGS(sink->host) & SLUICE_OPEN_READ_ONLY) != 0;
    if (sink->lock_path && !read_only) {
        sink->lock_fd = sluice_fs_lock_open(sink->lock_path, why, sizeof why);
        if (sink->lock_fd < 0)
            return fail(sink, SLUICE_ERROR, "cannot open the stdout sink's lock file", why, NULL);
    }
    int state_exists;
    sluice_status status = load_state(sink, &state_exists);
    if (status != SLUICE_OK || !sink->output_is_file)
        return status;
    struct stat st;
    if (stat(sink->output_path, &st) != 0)
        return errno == ENOENT ? check_output_matches_state(sink, state_exists, 0)
                               : fail_errno(sink, "cannot inspect the output", sink->output_path);
    return check_output_matches_state(sink, state_exists, (uint64_t)st.st_size);
}

static void stdout_close(void *instance);

static sluice_status stdout_open(const sluice_host *host, void **instance)
{
    stdout_sink *sink = calloc(1, sizeof *sink);
    if (!sink) {
        host->error(host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    sink->host = host;
    sink->output_fd = -1;
    sink->lock_fd = -1;
    sluice_status status = configure(sink);
    if (status == SLUICE_OK)
        status = open_files(sink);
    if (status != SLUICE_OK) {
        stdout_close(sink);
        return status;
    }
    *instance = sink;
    return SLUICE_OK;
}

/* ---- locks -------------------------------------------------------------- */

static sluice_status stdout_lock(void *instance)
{
    stdout_sink *sink = instance;
    if (!sink->lock_path)
        return SLUICE_OK; /* no state file: nothing is shared between instances */
    char why[4400];
    if (!sluice_fs_lock_is_current(sink->lock_fd, sink->lock_path)) {
        /* the lock file was removed or replaced (the lock is lost): lock the
         * file the path names now, as every other instance will */
        close(sink->lock_fd);
        sink->holds_writer_lock = 0;
        sink->lock_fd = sluice_fs_lock_open(sink->lock_path, why, sizeof why);
        if (sink->lock_fd < 0)
            return fail(sink, SLUICE_ERROR, "cannot open the stdout sink's lock file", why, NULL);
    }
    int tried = sluice_fs_lock_try(sink->lock_fd, SLUICE_FS_LOCK_WRITER, why, sizeof why);
    if (tried < 0)
        return fail(sink, SLUICE_ERROR, "cannot take the stdout sink's writer lock", why, NULL);
    if (tried > 0) {
        char detail[8400];
        snprintf(detail, sizeof detail, "output %s, lock file %s", output_name(sink),
                 sink->lock_path);
        return fail(sink, SLUICE_ERROR_LOCKED,
                    "another sluice instance is already writing this output", detail,
                    "Stop the other instance, or give this one another output or state_file.");
    }
    sink->holds_writer_lock = 1;
    return SLUICE_OK;
}

/* A writer-lock holder checks before each begin and commit that the lock
 * file is still the one it locked. */
static sluice_status check_writer_lock(stdout_sink *sink)
{
    if (!sink->holds_writer_lock || sluice_fs_lock_is_current(sink->lock_fd, sink->lock_path))
        return SLUICE_OK;
    return fail(sink, SLUICE_ERROR_LOCKED, "the stdout sink's writer lock was lost",
                sink->lock_path, "The lock file was removed or replaced; never remove it while "
                "sluice runs.");
}

static int host_cancelled(const void *context)
{
    const sluice_host *host = context;
    return host->cancelled(host);
}

static sluice_status take_transaction_lock(stdout_sink *sink)
{
    if (sink->lock_fd < 0)
        return SLUICE_OK;
    char why[256];
    int waited = sluice_fs_lock_wait(sink->lock_fd, SLUICE_FS_LOCK_TRANSACTION, host_cancelled, sink->host, why,
                                sizeof why);
    if (waited < 0)
        return fail(sink, SLUICE_ERROR, "cannot take the stdout sink's transaction lock", why,
                    NULL);
    if (waited > 0)
        return fail(sink, SLUICE_ERROR_CANCELLED, "cancelled while waiting for another writer "
                    "of this output to commit", sink->lock_path, NULL);
    return SLUICE_OK;
}

static void release_transaction_lock(stdout_sink *sink)
{
    if (sink->lock_fd >= 0)
        sluice_fs_lock_release(sink->lock_fd, SLUICE_FS_LOCK_TRANSACTION);
}

/* ---- cursors and gaps (outside a transaction: fresh from the file) ------ */

static sluice_status refresh_committed(stdout_sink *sink)
{
    int exists;
    return sink->in_transaction ? SLUICE_OK : load_state(sink, &exists);
}

static sluice_status unknown_cursor(stdout_sink *sink, const char *name)
{
    return fail(sink, SLUICE_ERROR, "unknown cursor name", name,
                "The stdout sink keeps " SLUICE_CURSOR_LATEST " and " SLUICE_CURSOR_OLDEST ".");
}

static sluice_status stdout_cursor_get(void *instance, const char *name, uint32_t *value,
                                       int *present)
{
    stdout_sink *sink = instance;
    sluice_status status = refresh_committed(sink);
    if (status != SLUICE_OK)
        return status;
    sluice_fs_cursor *cursor = sluice_fs_state_cursor(&sink->committed, name);
    if (!cursor)
        return unknown_cursor(sink, name);
    *present = cursor->present;
    *value = cursor->value;
    return SLUICE_OK;
}

static sluice_status stdout_gaps(void *instance, uint32_t from, uint32_t to,
                                 sluice_gap_callback callback, void *context)
{
    stdout_sink *sink = instance;
    sluice_status status = refresh_committed(sink);
    if (status != SLUICE_OK)
        return status;
    sluice_fs_ranges_holes(&sink->committed.stored, from, to, callback, context);
    return SLUICE_OK;
}

/* The hash chain (G8) read back from a file output's committed prefix. */
static sluice_status stdout_ledger_chain(void *instance, uint32_t from, uint32_t to,
                                         sluice_chain_callback callback, void *context)
{
    stdout_sink *sink = instance;
    if (!sink->output_is_file) {
        sink->host->log(sink->host, SLUICE_LOG_WARN, "the hash chain cannot be read back from "
                        "%s: no ledger reported", output_name(sink));
        return SLUICE_OK;
    }
    sluice_status status = refresh_committed(sink);
    if (status != SLUICE_OK || sink->committed.output_offset == 0)
        return status;
    sluice_chain_link *links;
    size_t count;
    char why[4400];
    if (output_chain_read(sink->output_path, sink->committed.output_offset, from, to, &links,
                          &count, why, sizeof why) != 0)
        return fail(sink, SLUICE_ERROR_DATA, "cannot read the hash chain from the output", why,
                    "The output is written only by sluice; restore it from a copy.");
    for (size_t i = 0; i < count && !callback(context, &links[i]); i++)
        ;
    free(links);
    return SLUICE_OK;
}

/* ---- writing the output ----------------------------------------------- */

static sluice_status open_output(stdout_sink *sink)
{
    if (sink->output_fd >= 0)
        return SLUICE_OK;
    if (!sink->output_path) {
        sink->output_fd = STDOUT_FILENO;
        return SLUICE_OK;
    }
    if (!sink->output_is_file) { /* a pipe or device the operator named */
        sink->output_fd = open(sink->output_path, O_WRONLY | O_CLOEXEC);
        return sink->output_fd >= 0 ? SLUICE_OK
                                    : fail_errno(sink, "cannot open the output", sink->output_path);
    }
    char why[1024];
    sink->output_fd = sluice_fs_open_own(sink->output_path, O_WRONLY, 0644, why, sizeof why);
    return sink->output_fd >= 0 ? SLUICE_OK
                                : fail(sink, SLUICE_ERROR, "cannot open the output", why, NULL);
}

/* Write the buffered rows out: a file at its committed offset plus what
 * this transaction wrote already, a stream where it stands. */
static sluice_status flush_rows(stdout_sink *sink)
{
    if (text_buffer_failed(&sink->rows))
        return fail(sink, SLUICE_ERROR, "out of memory formatting rows", NULL, NULL);
    const char *data = sink->rows.data;
    size_t left = sink->rows.len;
    while (left) {
        ssize_t put = sink->output_is_file
                          ? pwrite(sink->output_fd, data, left,
                                   (off_t)(sink->committed.output_offset + sink->written))
                          : write(sink->output_fd, data, left);
        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            return fail_errno(sink, "cannot write the output", output_name(sink));
        data += put;
        left -= (size_t)put;
        sink->written += (uint64_t)put;
    }
    text_buffer_clear(&sink->rows);
    return SLUICE_OK;
}

/* File output: create the state file before the first byte is written
 * (so a crash is always recoverable), then cut the output back to the
 * committed offset. */
static sluice_status recover_output(stdout_sink *sink, int state_exists)
{
    struct stat st;
    if (fstat(sink->output_fd, &st) != 0)
        return fail_errno(sink, "cannot inspect the output", sink->output_path);
    sluice_status status = check_output_matches_state(sink, state_exists, (uint64_t)st.st_size);
    if (status != SLUICE_OK)
        return status;
    char why[4400];
    if (!state_exists && sluice_fs_state_save(sink->state_path, &sink->committed, why, sizeof why))
        return fail(sink, SLUICE_ERROR, "cannot write the stdout sink's state file", why, NULL);
    uint64_t extra = (uint64_t)st.st_size - sink->committed.output_offset;
    if (extra == 0)
        return SLUICE_OK;
    if (ftruncate(sink->output_fd, (off_t)sink->committed.output_offset) != 0)
        return fail_errno(sink, "cannot cut the output back to its committed length",
                          sink->output_path);
    sink->host->log(sink->host, SLUICE_LOG_INFO,
                    "removed %" PRIu64 " uncommitted bytes from the end of %s", extra,
                    sink->output_path);
    return SLUICE_OK;
}

static sluice_status start_transaction(stdout_sink *sink)
{
    int state_exists;
    sluice_status status = load_state(sink, &state_exists);
    if (status == SLUICE_OK)
        status = open_output(sink);
    if (status == SLUICE_OK && sink->output_is_file)
        status = recover_output(sink, state_exists);
    if (status == SLUICE_OK && sluice_fs_state_copy(&sink->pending, &sink->committed) != 0)
        status = fail(sink, SLUICE_ERROR, "out of memory", NULL, NULL);
    return status;
}

static sluice_status stdout_begin(void *instance)
{
    stdout_sink *sink = instance;
    if (sink->in_transaction)
        return fail(sink, SLUICE_ERROR, "begin inside an open transaction", NULL, NULL);
    sluice_status status = check_writer_lock(sink);
    if (status == SLUICE_OK)
        status = take_transaction_lock(sink);
    if (status != SLUICE_OK)
        return status;
    status = start_transaction(sink);
    if (status != SLUICE_OK) {
        release_transaction_lock(sink);
        return status;
    }
    text_buffer_clear(&sink->rows);
    sink->written = 0;
    sink->in_transaction = 1;
    return SLUICE_OK;
}

static sluice_status require_transaction(stdout_sink *sink, const char *what)
{
    return sink->in_transaction ? SLUICE_OK
                                : fail(sink, SLUICE_ERROR, what, "no open transaction", NULL);
}

/* After appending text: write a file output's rows out when many. */
static sluice_status rows_appended(stdout_sink *sink)
{
    if (text_buffer_failed(&sink->rows))
        return fail(sink, SLUICE_ERROR, "out of memory formatting rows", NULL, NULL);
    if (sink->output_is_file && sink->rows.len >= FLUSH_THRESHOLD)
        return flush_rows(sink);
    return SLUICE_OK;
}

static sluice_status stdout_write_ledger(void *instance, const sluice_ledger *ledger)
{
    stdout_sink *sink = instance;
    sluice_status status = require_transaction(sink, "write_ledger outside a transaction");
    if (status != SLUICE_OK)
        return status;
    uint32_t sequence = ledger->ledger.sequence;
    if (sluice_fs_ranges_contains(&sink->pending.stored, sequence)) {
        sink->host->log(sink->host, SLUICE_LOG_DEBUG, "ledger %" PRIu32 " is already stored; "
                        "skipped", sequence);
        return SLUICE_OK;
    }
    if (sluice_fs_ranges_add(&sink->pending.stored, sequence) != 0)
        return fail(sink, SLUICE_ERROR, "out of memory", NULL, NULL);
    row_format_ledger(&sink->rows, sink->host, ledger, sink->format, sink->include_frame);
    return rows_appended(sink);
}

static sluice_status stdout_write_balances(void *instance, const sluice_balance_change *changes,
                                           size_t count, size_t element_size)
{
    stdout_sink *sink = instance;
    sluice_status status = require_transaction(sink, "write_balances outside a transaction");
    if (status != SLUICE_OK)
        return status;
    row_format_balances(&sink->rows, changes, count, element_size);
    return rows_appended(sink);
}

/* "N" or "unset", for messages. */
static void describe_cursor(char *out, size_t size, int present, uint32_t value)
{
    if (present)
        snprintf(out, size, "%" PRIu32, value);
    else
        snprintf(out, size, "unset");
}

static sluice_status stdout_cursor_advance(void *instance, const char *name,
                                           int expected_present, uint32_t expected,
                                           uint32_t value)
{
    stdout_sink *sink = instance;
    sluice_status status = require_transaction(sink, "cursor_advance outside a transaction");
    if (status != SLUICE_OK)
        return status;
    sluice_fs_cursor *cursor = sluice_fs_state_cursor(&sink->pending, name);
    if (!cursor)
        return unknown_cursor(sink, name);
    char stored[16], wanted[16], detail[160];
    describe_cursor(stored, sizeof stored, cursor->present, cursor->value);
    describe_cursor(wanted, sizeof wanted, expected_present, expected);
    if (cursor->present != (expected_present != 0) ||
        (cursor->present && cursor->value != expected)) {
        snprintf(detail, sizeof detail, "%s is %s in the state file; the writer expected %s",
                 name, stored, wanted);
        return fail(sink, SLUICE_ERROR, "cursor moved by another writer", detail,
                    "Nothing of this transaction is kept; restart to resume from the stored "
                    "cursor.");
    }
    if (cursor->present && value <= cursor->value) {
        snprintf(detail, sizeof detail, "%s is %s; asked to move it to %" PRIu32, name, stored,
                 value);
        return fail(sink, SLUICE_ERROR, "a cursor advance must move the cursor forward", detail,
                    NULL);
    }
    cursor->present = 1;
    cursor->value = value;
    return SLUICE_OK;
}

static sluice_status stdout_cursor_update_min(void *instance, const char *name, uint32_t value)
{
    stdout_sink *sink = instance;
    sluice_status status = require_transaction(sink, "cursor_update_min outside a transaction");
    if (status != SLUICE_OK)
        return status;
    sluice_fs_cursor *cursor = sluice_fs_state_cursor(&sink->pending, name);
    if (!cursor)
        return unknown_cursor(sink, name);
    if (!cursor->present || value < cursor->value)
        cursor->value = value;
    cursor->present = 1;
    return SLUICE_OK;
}

static void end_transaction(stdout_sink *sink)
{
    text_buffer_clear(&sink->rows);
    sink->written = 0;
    sink->in_transaction = 0;
    release_transaction_lock(sink);
}

static sluice_status stdout_commit(void *instance)
{
    stdout_sink *sink = instance;
    sluice_status status = require_transaction(sink, "commit outside a transaction");
    if (status == SLUICE_OK)
        status = check_writer_lock(sink);
    if (status == SLUICE_OK)
        status = flush_rows(sink);
    if (status != SLUICE_OK)
        return status;
    if (sink->output_is_file) {
        if (fdatasync(sink->output_fd) != 0)
            return fail_errno(sink, "cannot make the output durable (fdatasync)",
                              sink->output_path);
        sink->pending.output_offset = sink->committed.output_offset + sink->written;
    }
    char why[4400];
    if (sink->state_path &&
        sluice_fs_state_save(sink->state_path, &sink->pending, why, sizeof why) != 0)
        return fail(sink, SLUICE_ERROR, "cannot write the stdout sink's state file", why, NULL);
    sluice_fs_state swap = sink->committed;
    sink->committed = sink->pending;
    sink->pending = swap;
    end_transaction(sink);
    return SLUICE_OK;
}

static void stdout_rollback(void *instance)
{
    stdout_sink *sink = instance;
    if (!sink->in_transaction)
        return;
    /* Cut a file back to what the state file now says (a commit that failed
     * after its rename did commit); if it cannot be read, the next begin
     * cuts instead. */
    int exists;
    if (sink->output_is_file && load_state(sink, &exists) == SLUICE_OK &&
        ftruncate(sink->output_fd, (off_t)sink->committed.output_offset) != 0)
        sink->host->log(sink->host, SLUICE_LOG_WARN, "cannot cut %s back after a rollback: %s; "
                        "the next transaction will", sink->output_path, strerror(errno));
    end_transaction(sink);
}

static void stdout_close(void *instance)
{
    stdout_sink *sink = instance;
    if (!sink)
        return;
    stdout_rollback(sink);
    if (sink->output_fd >= 0 && sink->output_fd != STDOUT_FILENO)
        close(sink->output_fd);
    if (sink->lock_fd >= 0)
        close(sink->lock_fd); /* releases its locks */
    sluice_fs_state_free(&sink->committed);
    sluice_fs_state_free(&sink->pending);
    text_buffer_free(&sink->rows);
    free(sink->output_path);
    free(sink->state_path);
    free(sink->lock_path);
    free(sink);
}

static const sluice_sink_ops stdout_sink_ops = {
    .struct_size = sizeof(sluice_sink_ops),
    .open = stdout_open,
    .lock = stdout_lock,
    .cursor_get = stdout_cursor_get,
    .begin = stdout_begin,
    .write_ledger = stdout_write_ledger,
    .write_balances = stdout_write_balances,
    .cursor_advance = stdout_cursor_advance,
    .cursor_update_min = stdout_cursor_update_min,
    .commit = stdout_commit,
    .rollback = stdout_rollback,
    .gaps = stdout_gaps,
    .close = stdout_close,
    .ledger_chain = stdout_ledger_chain,
};

SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SINK,
    .name = "stdout",
    .version = "0.1.0",
    .description = "NDJSON rows on standard output or in a file (exactly-once with a file)",
    .config_keys = stdout_config_keys,
    .sink = &stdout_sink_ops,
};
