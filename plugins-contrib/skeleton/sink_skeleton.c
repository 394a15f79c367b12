/* sink_skeleton.c — a minimal sink to copy and adapt: it logs one summary
 * line per committed transaction and keeps what a store must keep — its
 * cursors and the set of stored ledgers — in a state file, with the
 * writer lock, through libsluice-filestore (<sluice/filestore.h>).  A real
 * sink also stores the rows, in the same transaction (doc/design.md G1);
 * this one can store each ledger's raw frame as a file (frames_dir), the
 * input the skeleton source reads.  It passes `sluice check-plugin`
 * (ledger_chain, optional, is left out).
 *
 * What every sink does (see sluice-plugin(7)):
 *   open, [set_mode], [lock], then transactions: begin, write_ledger /
 *   write_balances / cursor_advance / cursor_update_min, commit or
 *   rollback; gaps and cursor_get at any time outside one; close.
 * Rows are the core's and valid only during the call: copy what you keep.
 * Errors: host->error(message, detail, hint) once, then return the status.
 *
 * Transactions here: begin takes the transaction lock (other instances,
 * e.g. backfill workers, wait) and re-reads the state file, the only
 * truth; the callbacks change that copy; commit replaces the file
 * atomically; rollback forgets the copy.  A crash leaves the old file. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sluice/filestore.h>
#include <sluice/plugin.h>

/* The section's keys, filled by host->config_load(); the strings are the
 * host's. */
typedef struct skeleton_sink_settings {
    const char *state_file;
    const char *label;
    const char *frames_dir;
} skeleton_sink_settings;

static const sluice_config_key skeleton_sink_keys[] = {
    {"state_file", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, SLUICE_CONFIG_REQUIRED,
     "file keeping the cursors and stored ledgers (STATE.lock beside it holds the locks)",
     offsetof(skeleton_sink_settings, state_file)},
    {"label", SLUICE_CONFIG_STRING, "skeleton", NULL, 0, 0, 0,
     "word put in front of every summary line", offsetof(skeleton_sink_settings, label)},
    {"frames_dir", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, 0,
     "existing directory receiving each stored ledger's raw LedgerCloseMeta as "
     "<sequence>.xdr, the files the skeleton source reads (unset: no files)",
     offsetof(skeleton_sink_settings, frames_dir)},
    SLUICE_CONFIG_END,
};

typedef struct skeleton_sink {
    const sluice_host *host;
    const char *label;         /* owned by the host */
    const char *state_path;    /* owned by the host */
    const char *frames_dir;    /* owned by the host; NULL: no frame files */
    uint32_t *pending_frames;  /* <sequence>.xdr.tmp written in this transaction */
    size_t pending_count, pending_capacity;
    char lock_path[4096];
    int lock_fd;
    int holds_writer_lock;
    int in_transaction;
    sluice_fs_state pending;   /* the state file as this transaction changes it */
    char summary[512];         /* the transaction's line, logged at commit */
} skeleton_sink;

static sluice_status fail(skeleton_sink *sink, sluice_status status, const char *message,
                          const char *detail)
{
    sink->host->error(sink->host, message, detail, NULL);
    return status;
}

/* Read the state file into *state. */
static sluice_status load(skeleton_sink *sink, sluice_fs_state *state)
{
    char why[1024];
    int exists;
    if (sluice_fs_state_load(sink->state_path, state, &exists, why, sizeof why) != 0)
        return fail(sink, SLUICE_ERROR_DATA, "cannot read the skeleton's state file", why);
    return SLUICE_OK;
}

static void skeleton_close(void *instance);

static sluice_status skeleton_open(const sluice_host *host, void **instance)
{
    skeleton_sink *sink = calloc(1, sizeof *sink);
    if (!sink) {
        host->error(host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    sink->host = host;
    skeleton_sink_settings settings;
    if (host->config_load(host, &settings, sizeof settings) != SLUICE_OK) {
        free(sink);
        return SLUICE_ERROR;
    }
    sink->label = settings.label;
    sink->state_path = settings.state_file;
    sink->frames_dir = settings.frames_dir;
    snprintf(sink->lock_path, sizeof sink->lock_path, "%s.lock", sink->state_path);
    char why[1024];
    sink->lock_fd = sluice_fs_lock_open(sink->lock_path, why, sizeof why);
    sluice_status status = SLUICE_OK;
    sluice_fs_state state = {0};
    if (sink->lock_fd < 0)
        status = fail(sink, SLUICE_ERROR, "cannot open the skeleton's lock file", why);
    else
        status = load(sink, &state); /* refuse a bad file now, not later */
    sluice_fs_state_free(&state);
    if (status != SLUICE_OK) {
        skeleton_close(sink); /* the core does not close what failed to open */
        return status;
    }
    *instance = sink;
    return SLUICE_OK;
}

static sluice_status skeleton_lock(void *instance)
{
    skeleton_sink *sink = instance;
    char why[1024];
    if (!sluice_fs_lock_is_current(sink->lock_fd, sink->lock_path)) {
        /* the lock file was removed or replaced: lock the one the path names */
        close(sink->lock_fd);
        sink->lock_fd = sluice_fs_lock_open(sink->lock_path, why, sizeof why);
        if (sink->lock_fd < 0)
            return fail(sink, SLUICE_ERROR, "cannot open the skeleton's lock file", why);
    }
    int tried = sluice_fs_lock_try(sink->lock_fd, SLUICE_FS_LOCK_WRITER, why, sizeof why);
    if (tried < 0)
        return fail(sink, SLUICE_ERROR, "cannot take the skeleton's writer lock", why);
    if (tried > 0)
        return fail(sink, SLUICE_ERROR_LOCKED, "another sluice instance writes this store",
                    sink->lock_path);
    sink->holds_writer_lock = 1;
    return SLUICE_OK;
}

/* A writer-lock holder checks at begin and commit that it still has it. */
static sluice_status check_writer_lock(skeleton_sink *sink)
{
    if (!sink->holds_writer_lock || sluice_fs_lock_is_current(sink->lock_fd, sink->lock_path))
        return SLUICE_OK;
    return fail(sink, SLUICE_ERROR_LOCKED, "the skeleton's writer lock was lost",
                sink->lock_path);
}

static sluice_status skeleton_cursor_get(void *instance, const char *name, uint32_t *value,
                                         int *present)
{
    skeleton_sink *sink = instance;
    sluice_fs_state state = {0};
    sluice_status status = load(sink, &state);
    const sluice_fs_cursor *cursor = sluice_fs_state_cursor(&state, name);
    if (status == SLUICE_OK && !cursor)
        status = fail(sink, SLUICE_ERROR, "unknown cursor name", name);
    if (status == SLUICE_OK) {
        *present = cursor->present;
        *value = cursor->value;
    }
    sluice_fs_state_free(&state);
    return status;
}

static int host_cancelled(const void *context)
{
    const sluice_host *host = context;
    return host->cancelled(host);
}

static sluice_status skeleton_begin(void *instance)
{
    skeleton_sink *sink = instance;
    sluice_status status = check_writer_lock(sink);
    if (status != SLUICE_OK)
        return status;
    char why[1024];
    int waited = sluice_fs_lock_wait(sink->lock_fd, SLUICE_FS_LOCK_TRANSACTION, host_cancelled,
                                     sink->host, why, sizeof why);
    if (waited != 0)
        return waited > 0 ? fail(sink, SLUICE_ERROR_CANCELLED, "cancelled waiting for another "
                                 "writer's transaction", NULL)
                          : fail(sink, SLUICE_ERROR, "cannot take the transaction lock", why);
    status = load(sink, &sink->pending);
    if (status != SLUICE_OK) {
        sluice_fs_lock_release(sink->lock_fd, SLUICE_FS_LOCK_TRANSACTION);
        return status;
    }
    sink->in_transaction = 1;
    sink->summary[0] = '\0';
    return SLUICE_OK;
}

static void frame_path(const skeleton_sink *sink, uint32_t sequence, int temporary, char *out,
                       size_t size)
{
    snprintf(out, size, "%s/%u.xdr%s", sink->frames_dir, sequence, temporary ? ".tmp" : "");
}

/* The ledger's frame into <sequence>.xdr.tmp, renamed at commit (so a
 * file is whole or absent) and removed at rollback. */
static sluice_status write_frame(skeleton_sink *sink, const sluice_ledger *ledger)
{
    char path[4200], why[1024];
    frame_path(sink, ledger->ledger.sequence, 1, path, sizeof path);
    if (sink->pending_count == sink->pending_capacity) {
        size_t capacity = sink->pending_capacity ? 2 * sink->pending_capacity : 16;
        uint32_t *grown = realloc(sink->pending_frames, capacity * sizeof *grown);
        if (!grown)
            return fail(sink, SLUICE_ERROR, "out of memory", NULL);
        sink->pending_frames = grown;
        sink->pending_capacity = capacity;
    }
    int fd = sluice_fs_create_new(path, 0644, why, sizeof why);
    if (fd < 0)
        return fail(sink, SLUICE_ERROR, "cannot write a frame file", why);
    sink->pending_frames[sink->pending_count++] = ledger->ledger.sequence;
    size_t done = 0;
    while (done < ledger->frame.len) {
        ssize_t n = write(fd, ledger->frame.data + done, ledger->frame.len - done);
        if (n <= 0 && !(n < 0 && errno == EINTR))
            break;
        done += n > 0 ? (size_t)n : 0;
    }
    int ok = done == ledger->frame.len && fsync(fd) == 0;
    if (close(fd) != 0 || !ok)
        return fail(sink, SLUICE_ERROR, "cannot write a frame file", path);
    return SLUICE_OK;
}

/* Remove the frames this transaction wrote but did not commit. */
static void drop_pending_frames(skeleton_sink *sink)
{
    char path[4200];
    for (size_t i = 0; i < sink->pending_count; i++) {
        frame_path(sink, sink->pending_frames[i], 1, path, sizeof path);
        unlink(path);
    }
    sink->pending_count = 0;
}

static sluice_status skeleton_write_ledger(void *instance, const sluice_ledger *ledger)
{
    skeleton_sink *sink = instance;
    uint32_t sequence = ledger->ledger.sequence;
    if (sluice_fs_ranges_contains(&sink->pending.stored, sequence))
        return SLUICE_OK; /* already stored: skipped (G6) */
    if (sink->frames_dir) {
        sluice_status status = write_frame(sink, ledger);
        if (status != SLUICE_OK)
            return status;
    }
    if (sluice_fs_ranges_add(&sink->pending.stored, sequence) != 0)
        return fail(sink, SLUICE_ERROR, "out of memory", NULL);
    if (!sink->summary[0]) /* one line per transaction is enough for a skeleton */
        snprintf(sink->summary, sizeof sink->summary,
                 "%s: ledger %u: %zu transactions, %zu operations, %zu state changes",
                 sink->label, sequence, ledger->transaction_count, ledger->operation_count,
                 ledger->state_change_count);
    return SLUICE_OK;
}

/* changes[i] is SLUICE_ROW_AT(changes, element_size, i): rows may be larger
 * than this build's struct (a newer minor ABI adds members at the end). */
static sluice_status skeleton_write_balances(void *instance,
                                             const sluice_balance_change *changes, size_t count,
                                             size_t element_size)
{
    (void)instance;
    (void)changes;
    (void)count;
    (void)element_size;
    return SLUICE_OK;
}

static sluice_status skeleton_cursor_advance(void *instance, const char *name,
                                             int expected_present, uint32_t expected,
                                             uint32_t value)
{
    skeleton_sink *sink = instance;
    sluice_fs_cursor *cursor = sluice_fs_state_cursor(&sink->pending, name);
    if (!cursor)
        return fail(sink, SLUICE_ERROR, "unknown cursor name", name);
    char detail[128];
    snprintf(detail, sizeof detail, "%s: expected %s%u, stored %s%u, asked for %u", name,
             expected_present ? "" : "unset/", expected, cursor->present ? "" : "unset/",
             cursor->value, value);
    if (cursor->present != expected_present || (expected_present && cursor->value != expected))
        return fail(sink, SLUICE_ERROR, "cursor is not where the core expects it", detail);
    if (cursor->present && value <= cursor->value)
        return fail(sink, SLUICE_ERROR, "a cursor only moves forward", detail);
    cursor->present = 1;
    cursor->value = value;
    return SLUICE_OK;
}

static sluice_status skeleton_cursor_update_min(void *instance, const char *name,
                                                uint32_t value)
{
    skeleton_sink *sink = instance;
    sluice_fs_cursor *cursor = sluice_fs_state_cursor(&sink->pending, name);
    if (!cursor)
        return fail(sink, SLUICE_ERROR, "unknown cursor name", name);
    if (!cursor->present || value < cursor->value)
        cursor->value = value;
    cursor->present = 1;
    return SLUICE_OK;
}

static void end_transaction(skeleton_sink *sink)
{
    if (!sink->in_transaction)
        return;
    drop_pending_frames(sink);
    sluice_fs_state_free(&sink->pending);
    sluice_fs_lock_release(sink->lock_fd, SLUICE_FS_LOCK_TRANSACTION);
    sink->in_transaction = 0;
}

static sluice_status skeleton_commit(void *instance)
{
    skeleton_sink *sink = instance;
    sluice_status status = check_writer_lock(sink);
    if (status != SLUICE_OK)
        return status; /* the core rolls back */
    /* frames first: a crash before the state is saved leaves files of
     * ledgers not recorded as stored, which the next write replaces */
    char why[1024], from[4200], to[4200];
    for (size_t i = 0; i < sink->pending_count; i++) {
        frame_path(sink, sink->pending_frames[i], 1, from, sizeof from);
        frame_path(sink, sink->pending_frames[i], 0, to, sizeof to);
        if (rename(from, to) != 0)
            return fail(sink, SLUICE_ERROR, "cannot rename a frame file", from);
    }
    sink->pending_count = 0;
    if (sluice_fs_state_save(sink->state_path, &sink->pending, why, sizeof why) != 0)
        return fail(sink, SLUICE_ERROR, "cannot save the skeleton's state file", why);
    if (sink->summary[0])
        sink->host->log(sink->host, SLUICE_LOG_INFO, "%s", sink->summary);
    end_transaction(sink);
    return SLUICE_OK;
}

static void skeleton_rollback(void *instance)
{
    end_transaction(instance);
}

/* The holes in the stored set (doc/design.md G5). */
static sluice_status skeleton_gaps(void *instance, uint32_t from, uint32_t to,
                                   sluice_gap_callback callback, void *context)
{
    skeleton_sink *sink = instance;
    sluice_fs_state state = {0};
    sluice_status status = load(sink, &state);
    if (status == SLUICE_OK)
        sluice_fs_ranges_holes(&state.stored, from, to, callback, context);
    sluice_fs_state_free(&state);
    return status;
}

static void skeleton_close(void *instance)
{
    skeleton_sink *sink = instance;
    if (!sink)
        return;
    end_transaction(sink);
    if (sink->lock_fd >= 0)
        close(sink->lock_fd); /* drops both locks */
    free(sink->pending_frames);
    free(sink);
}

static const sluice_sink_ops skeleton_sink_ops = {
    .struct_size = sizeof(sluice_sink_ops),
    .open = skeleton_open,
    .lock = skeleton_lock,
    .cursor_get = skeleton_cursor_get,
    .begin = skeleton_begin,
    .write_ledger = skeleton_write_ledger,
    .write_balances = skeleton_write_balances,
    .cursor_advance = skeleton_cursor_advance,
    .cursor_update_min = skeleton_cursor_update_min,
    .commit = skeleton_commit,
    .rollback = skeleton_rollback,
    .gaps = skeleton_gaps,
    .close = skeleton_close,
    .set_mode = NULL,     /* optional: every transaction treated as durable */
    .ledger_chain = NULL, /* optional: verify checks cursors and gaps only */
};

/* "plugin = skeleton" in [sink] loads <plugin_dir>/sink_skeleton.so. */
SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SINK,
    .name = "skeleton",
    .version = "0.2.0",
    .description = "skeleton: one log line per transaction; cursors and stored ledgers in a "
                   "state file; optionally each frame as a file",
    .config_keys = skeleton_sink_keys,
    .sink = &skeleton_sink_ops,
};
