/* sink_skeleton.c — a minimal sink to copy and adapt: it logs one summary
 * line per committed ledger and keeps the cursors in memory.  A real sink
 * stores rows and cursors durably, in one transaction (doc/design.md G1).
 *
 * What every sink does (see sluice-plugin(7)):
 *   open, [set_mode], [lock], then transactions: begin, write_ledger /
 *   write_balances / cursor_advance / cursor_update_min, commit or
 *   rollback; gaps and cursor_get at any time outside one; close.
 * Rows are the core's and valid only during the call: copy what you keep.
 * Errors: host->error(message, detail, hint) or host->errorf(message,
 * hint, detail_fmt, ...) once, then return the status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sluice/plugin.h>

static const sluice_config_key skeleton_sink_keys[] = {
    {"label", SLUICE_CONFIG_STRING, "skeleton", NULL, 0, 0, 0,
     "word put in front of every summary line"},
    SLUICE_CONFIG_END,
};

typedef struct cursors {
    int has_latest, has_oldest;
    uint32_t latest, oldest;
} cursors;

typedef struct skeleton_sink {
    const sluice_host *host;
    const char *label;       /* owned by the host */
    cursors committed;       /* what commit() made "durable" */
    cursors pending;         /* changed inside the open transaction */
    char summary[4096];      /* lines of the open transaction, logged at commit */
    size_t summary_len;
} skeleton_sink;

static sluice_status skeleton_open(const sluice_host *host, void **instance)
{
    skeleton_sink *sink = calloc(1, sizeof *sink);
    if (!sink) {
        host->error(host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    sink->host = host;
    sink->label = host->config_string(host, "label");
    *instance = sink;
    return SLUICE_OK;
}

/* One process, memory only: nobody else can write this store. */
static sluice_status skeleton_lock(void *instance)
{
    (void)instance;
    return SLUICE_OK;
}

static sluice_status skeleton_cursor_get(void *instance, const char *name, uint32_t *value,
                                         int *present)
{
    skeleton_sink *sink = instance;
    int latest = strcmp(name, SLUICE_CURSOR_LATEST) == 0;
    *present = latest ? sink->committed.has_latest : sink->committed.has_oldest;
    *value = latest ? sink->committed.latest : sink->committed.oldest;
    return SLUICE_OK;
}

static sluice_status skeleton_begin(void *instance)
{
    skeleton_sink *sink = instance;
    sink->pending = sink->committed;
    sink->summary_len = 0;
    return SLUICE_OK;
}

static sluice_status skeleton_write_ledger(void *instance, const sluice_ledger *ledger)
{
    skeleton_sink *sink = instance;
    if (sink->summary_len) /* one line per transaction is enough for a skeleton */
        return SLUICE_OK;
    int n = snprintf(sink->summary, sizeof sink->summary,
                     "%s: ledger %u: %zu transactions, %zu operations, %zu state changes",
                     sink->label, ledger->ledger.sequence, ledger->transaction_count,
                     ledger->operation_count, ledger->state_change_count);
    sink->summary_len = n > 0 ? (size_t)n : 0;
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
    int latest = strcmp(name, SLUICE_CURSOR_LATEST) == 0;
    int *present = latest ? &sink->pending.has_latest : &sink->pending.has_oldest;
    uint32_t *stored = latest ? &sink->pending.latest : &sink->pending.oldest;
    if (*present != expected_present || (expected_present && *stored != expected)) {
        sink->host->errorf(sink->host, "cursor is not where the core expects it", NULL,
                           "expected %u, stored %u", expected, *stored);
        return SLUICE_ERROR;
    }
    *present = 1;
    *stored = value;
    return SLUICE_OK;
}

static sluice_status skeleton_cursor_update_min(void *instance, const char *name,
                                                uint32_t value)
{
    skeleton_sink *sink = instance;
    int latest = strcmp(name, SLUICE_CURSOR_LATEST) == 0;
    int *present = latest ? &sink->pending.has_latest : &sink->pending.has_oldest;
    uint32_t *stored = latest ? &sink->pending.latest : &sink->pending.oldest;
    if (!*present || value < *stored)
        *stored = value;
    *present = 1;
    return SLUICE_OK;
}

static sluice_status skeleton_commit(void *instance)
{
    skeleton_sink *sink = instance;
    sink->committed = sink->pending;
    if (sink->summary_len)
        sink->host->log(sink->host, SLUICE_LOG_INFO, "%s", sink->summary);
    sink->summary_len = 0;
    return SLUICE_OK;
}

static void skeleton_rollback(void *instance)
{
    skeleton_sink *sink = instance;
    sink->pending = sink->committed;
    sink->summary_len = 0;
}

/* Memory only: what lies outside oldest..latest is missing.  A real sink
 * finds holes in its stored ledgers (doc/design.md G5). */
static sluice_status skeleton_gaps(void *instance, uint32_t from, uint32_t to,
                                   sluice_gap_callback callback, void *context)
{
    skeleton_sink *sink = instance;
    const cursors *c = &sink->committed;
    uint32_t low = c->has_oldest ? c->oldest : (c->has_latest ? c->latest : 0);
    if (!c->has_latest || low > to || c->latest < from) {
        sluice_gap all = {sizeof all, from, to};
        callback(context, &all);
        return SLUICE_OK;
    }
    if (from < low) {
        sluice_gap before = {sizeof before, from, low - 1};
        if (callback(context, &before))
            return SLUICE_OK;
    }
    if (c->latest < to) {
        sluice_gap after = {sizeof after, c->latest + 1, to};
        callback(context, &after);
    }
    return SLUICE_OK;
}

static void skeleton_close(void *instance)
{
    free(instance);
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
    .version = "0.1.0",
    .description = "skeleton: one log line per committed ledger, cursors in memory",
    .config_keys = skeleton_sink_keys,
    .sink = &skeleton_sink_ops,
};
