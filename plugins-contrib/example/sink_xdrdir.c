/* sink_xdrdir.c — an example third-party sink, built out of tree against
 * an installed sluice (see Makefile): it stores each ledger's raw
 * LedgerCloseMeta as <directory>/<sequence>.xdr, written to a temporary
 * name and renamed at commit so a file is either whole or absent.
 * Cursors live in memory only: this sink shows the ABI, it is not a
 * durable store. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sluice/plugin.h>

typedef struct xdrdir_sink {
    const sluice_host *host;
    const char *directory;        /* owned by the host */
    int has_latest;
    uint32_t latest;
    int pending_has_latest;
    uint32_t pending_latest;
    uint32_t pending_sequence;    /* ledger written in this transaction, 0 if none */
} xdrdir_sink;

static const sluice_config_key xdrdir_config_keys[] = {
    {"directory", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, SLUICE_CONFIG_REQUIRED,
     "existing directory that receives one <sequence>.xdr file per ledger",
     SLUICE_CONFIG_UNBOUND},
    SLUICE_CONFIG_END,
};

static void frame_path(const xdrdir_sink *sink, uint32_t sequence, int temporary, char *out,
                       size_t size)
{
    snprintf(out, size, "%s/%u.xdr%s", sink->directory, sequence, temporary ? ".tmp" : "");
}

static sluice_status fail_errno(xdrdir_sink *sink, const char *what, const char *path)
{
    char detail[1024];
    snprintf(detail, sizeof detail, "%s: %s", path, strerror(errno));
    sink->host->error(sink->host, what, detail, NULL);
    return SLUICE_ERROR;
}

static sluice_status xdrdir_open(const sluice_host *host, void **instance)
{
    xdrdir_sink *sink = calloc(1, sizeof *sink);
    if (!sink) {
        host->error(host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    sink->host = host;
    sink->directory = host->config_string(host, "directory");
    *instance = sink;
    return SLUICE_OK;
}

static sluice_status xdrdir_lock(void *instance)
{
    (void)instance;
    return SLUICE_OK;
}

static sluice_status xdrdir_cursor_get(void *instance, const char *name, uint32_t *value,
                                       int *present)
{
    xdrdir_sink *sink = instance;
    int latest = strcmp(name, SLUICE_CURSOR_LATEST) == 0;
    *present = latest && sink->has_latest;
    *value = latest ? sink->latest : 0;
    return SLUICE_OK;
}

static sluice_status xdrdir_begin(void *instance)
{
    xdrdir_sink *sink = instance;
    sink->pending_has_latest = sink->has_latest;
    sink->pending_latest = sink->latest;
    sink->pending_sequence = 0;
    return SLUICE_OK;
}

static sluice_status xdrdir_write_ledger(void *instance, const sluice_ledger *ledger)
{
    xdrdir_sink *sink = instance;
    char path[4096];
    frame_path(sink, ledger->ledger.sequence, 1, path, sizeof path);
    FILE *out = fopen(path, "wb");
    if (!out)
        return fail_errno(sink, "cannot create ledger file", path);
    size_t written = fwrite(ledger->frame.data, 1, ledger->frame.len, out);
    if (fclose(out) != 0 || written != ledger->frame.len)
        return fail_errno(sink, "cannot write ledger file", path);
    sink->pending_sequence = ledger->ledger.sequence;
    return SLUICE_OK;
}

static sluice_status xdrdir_write_balances(void *instance, const sluice_balance_change *changes,
                                           size_t count, size_t element_size)
{
    (void)instance; /* raw frames only: balances are not kept */
    (void)changes;
    (void)count;
    (void)element_size;
    return SLUICE_OK;
}

static sluice_status xdrdir_cursor_advance(void *instance, const char *name,
                                           int expected_present, uint32_t expected,
                                           uint32_t value)
{
    xdrdir_sink *sink = instance;
    if (strcmp(name, SLUICE_CURSOR_LATEST) != 0)
        return SLUICE_OK; /* only the latest cursor is kept */
    if (sink->pending_has_latest != expected_present ||
        (expected_present && sink->pending_latest != expected)) {
        sink->host->error(sink->host, "latest cursor is not where the core expects it", NULL,
                          NULL);
        return SLUICE_ERROR;
    }
    sink->pending_has_latest = 1;
    sink->pending_latest = value;
    return SLUICE_OK;
}

static sluice_status xdrdir_cursor_update_min(void *instance, const char *name, uint32_t value)
{
    (void)instance; /* the oldest cursor is not kept */
    (void)name;
    (void)value;
    return SLUICE_OK;
}

static sluice_status xdrdir_commit(void *instance)
{
    xdrdir_sink *sink = instance;
    if (sink->pending_sequence) {
        char temporary[4096], final[4096];
        frame_path(sink, sink->pending_sequence, 1, temporary, sizeof temporary);
        frame_path(sink, sink->pending_sequence, 0, final, sizeof final);
        if (rename(temporary, final) != 0)
            return fail_errno(sink, "cannot publish ledger file", final);
    }
    sink->has_latest = sink->pending_has_latest;
    sink->latest = sink->pending_latest;
    return SLUICE_OK;
}

static void xdrdir_rollback(void *instance)
{
    xdrdir_sink *sink = instance;
    if (sink->pending_sequence) {
        char temporary[4096];
        frame_path(sink, sink->pending_sequence, 1, temporary, sizeof temporary);
        remove(temporary);
        sink->pending_sequence = 0;
    }
}

static sluice_status xdrdir_gaps(void *instance, uint32_t from, uint32_t to,
                                 sluice_gap_callback callback, void *context)
{
    xdrdir_sink *sink = instance;
    (void)from;
    (void)to;
    (void)callback;
    (void)context;
    sink->host->error(sink->host, "the xdrdir example sink does not detect gaps", NULL, NULL);
    return SLUICE_ERROR;
}

static void xdrdir_close(void *instance)
{
    free(instance);
}

static const sluice_sink_ops xdrdir_ops = {
    .struct_size = sizeof(sluice_sink_ops),
    .open = xdrdir_open,
    .lock = xdrdir_lock,
    .cursor_get = xdrdir_cursor_get,
    .begin = xdrdir_begin,
    .write_ledger = xdrdir_write_ledger,
    .write_balances = xdrdir_write_balances,
    .cursor_advance = xdrdir_cursor_advance,
    .cursor_update_min = xdrdir_cursor_update_min,
    .commit = xdrdir_commit,
    .rollback = xdrdir_rollback,
    .gaps = xdrdir_gaps,
    .close = xdrdir_close,
};

SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SINK,
    .name = "xdrdir",
    .version = "0.1.0",
    .description = "example: raw LedgerCloseMeta XDR, one file per ledger",
    .config_keys = xdrdir_config_keys,
    .sink = &xdrdir_ops,
};
