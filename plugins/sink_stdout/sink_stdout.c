/* sink_stdout.c — the stdout sink, first version: one JSON line per ledger
 * on stdout (or a file), cursors kept in memory for the life of the
 * process.  The exactly-once state file, row output and gap detection of
 * DESIGN.md G7 arrive with the sink work; until then this sink proves the
 * sink ABI end to end. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sluice/plugin.h>

typedef struct stdout_sink {
    const sluice_host *host;
    FILE *out;
    int owns_out;
    int in_transaction;
    int has_latest, has_oldest;
    uint32_t latest, oldest;
    /* cursor moves of the open transaction, applied at commit */
    int pending_has_latest, pending_has_oldest;
    uint32_t pending_latest, pending_oldest;
} stdout_sink;

static const sluice_config_key stdout_config_keys[] = {
    {"output", SLUICE_CONFIG_STRING, "-", NULL, 0, 0, 0,
     "where to write: '-' for standard output, or a file path (appended to)"},
    SLUICE_CONFIG_END,
};

static sluice_status stdout_open(const sluice_host *host, void **instance)
{
    stdout_sink *sink = calloc(1, sizeof *sink);
    if (!sink) {
        host->error(host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    sink->host = host;
    const char *output = host->config_string(host, "output");
    if (!output || strcmp(output, "-") == 0) {
        sink->out = stdout;
    } else {
        sink->out = fopen(output, "a");
        if (!sink->out) {
            char detail[512];
            snprintf(detail, sizeof detail, "%s: %s", output, strerror(errno));
            host->error(host, "cannot open output file", detail, "Check the path of 'output'.");
            free(sink);
            return SLUICE_ERROR;
        }
        sink->owns_out = 1;
    }
    *instance = sink;
    return SLUICE_OK;
}

static sluice_status stdout_lock(void *instance)
{
    (void)instance; /* one process writes one stream: nothing to share */
    return SLUICE_OK;
}

static sluice_status stdout_cursor_get(void *instance, const char *name, uint32_t *value,
                                       int *present)
{
    stdout_sink *sink = instance;
    int latest = strcmp(name, SLUICE_CURSOR_LATEST) == 0;
    *present = latest ? sink->has_latest : sink->has_oldest;
    *value = latest ? sink->latest : sink->oldest;
    return SLUICE_OK;
}

static sluice_status stdout_begin(void *instance)
{
    stdout_sink *sink = instance;
    sink->in_transaction = 1;
    sink->pending_has_latest = sink->has_latest;
    sink->pending_latest = sink->latest;
    sink->pending_has_oldest = sink->has_oldest;
    sink->pending_oldest = sink->oldest;
    return SLUICE_OK;
}

static sluice_status stdout_write_ledger(void *instance, const sluice_ledger *ledger)
{
    stdout_sink *sink = instance;
    fprintf(sink->out, "{\"type\":\"ledger\",\"sequence\":%" PRIu32 ",\"frame_bytes\":%zu,"
            "\"transaction_count\":%zu}\n",
            ledger->ledger.sequence, ledger->frame.len, ledger->transaction_count);
    return SLUICE_OK;
}

static sluice_status stdout_write_balances(void *instance, const sluice_balance_change *changes,
                                           size_t count)
{
    (void)instance;
    (void)changes;
    (void)count;
    return SLUICE_OK;
}

/* The open transaction's copy of cursor `name`. */
static void pending_cursor(stdout_sink *sink, const char *name, int **present, uint32_t **stored)
{
    int latest = strcmp(name, SLUICE_CURSOR_LATEST) == 0;
    *present = latest ? &sink->pending_has_latest : &sink->pending_has_oldest;
    *stored = latest ? &sink->pending_latest : &sink->pending_oldest;
}

static sluice_status stdout_cursor_advance(void *instance, const char *name,
                                           int expected_present, uint32_t expected,
                                           uint32_t value)
{
    stdout_sink *sink = instance;
    int *present;
    uint32_t *stored;
    pending_cursor(sink, name, &present, &stored);
    if (*present != expected_present || (expected_present && *stored != expected)) {
        char detail[128];
        snprintf(detail, sizeof detail, "stored %s, expected %" PRIu32, *present ? "a value" : "none",
                 expected);
        sink->host->error(sink->host, "cursor moved by someone else", detail, NULL);
        return SLUICE_ERROR;
    }
    *present = 1;
    *stored = value;
    return SLUICE_OK;
}

static sluice_status stdout_cursor_update_min(void *instance, const char *name, uint32_t value)
{
    stdout_sink *sink = instance;
    int *present;
    uint32_t *stored;
    pending_cursor(sink, name, &present, &stored);
    if (!*present || value < *stored)
        *stored = value;
    *present = 1;
    return SLUICE_OK;
}

static sluice_status stdout_commit(void *instance)
{
    stdout_sink *sink = instance;
    if (fflush(sink->out) != 0) {
        sink->host->error(sink->host, "cannot write output", strerror(errno), NULL);
        return SLUICE_ERROR;
    }
    sink->has_latest = sink->pending_has_latest;
    sink->latest = sink->pending_latest;
    sink->has_oldest = sink->pending_has_oldest;
    sink->oldest = sink->pending_oldest;
    sink->in_transaction = 0;
    return SLUICE_OK;
}

static void stdout_rollback(void *instance)
{
    stdout_sink *sink = instance;
    sink->in_transaction = 0;
}

static sluice_status stdout_gaps(void *instance, uint32_t from, uint32_t to,
                                 sluice_gap_callback callback, void *context)
{
    stdout_sink *sink = instance;
    sink->host->error(sink->host, "gap detection is not implemented by this sink yet", NULL, NULL);
    (void)from;
    (void)to;
    (void)callback;
    (void)context;
    return SLUICE_ERROR;
}

static void stdout_close(void *instance)
{
    stdout_sink *sink = instance;
    if (!sink)
        return;
    if (sink->owns_out)
        fclose(sink->out);
    else
        fflush(sink->out);
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
};

SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SINK,
    .name = "stdout",
    .version = "0.1.0",
    .description = "one JSON line per ledger on standard output or a file",
    .config_keys = stdout_config_keys,
    .sink = &stdout_sink_ops,
};
