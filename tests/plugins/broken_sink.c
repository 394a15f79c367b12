/* broken_sink.c — a deliberately broken sink for `sluice check-plugin`'s
 * test: it wraps a working sink (`wraps`, the path of sink_stdout.so,
 * which reads `output`) and breaks the one guarantee `broken` names:
 *   update_min  cursor_update_min also moves the cursor forward (G3);
 *   rollback    rollback commits instead (G1);
 *   lock        lock succeeds without locking (G2);
 *   none        breaks nothing (the wrapper itself is sound).
 * The checker must fail it with a line naming that guarantee. */
#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <sluice/plugin.h>

typedef struct broken_sink {
    void *library;                 /* the wrapped plugin, from dlopen */
    const sluice_sink_ops *ops;    /* its callbacks */
    const sluice_config_key *wrapped_keys; /* its config map */
    void *inner;                   /* its instance */
    const sluice_host *host;
    sluice_host inner_host;        /* host's copy handed to it (config_load below) */
    char broken[16];
} broken_sink;

static const sluice_config_key broken_keys[] = {
    {"wraps", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, SLUICE_CONFIG_REQUIRED,
     "path of the working sink wrapped (sink_stdout.so)", SLUICE_CONFIG_UNBOUND},
    {"output", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, SLUICE_CONFIG_REQUIRED,
     "the wrapped stdout sink's output file", SLUICE_CONFIG_UNBOUND},
    {"broken", SLUICE_CONFIG_ENUM, "none", "none|update_min|rollback|lock", 0, 0, 0,
     "the guarantee broken", SLUICE_CONFIG_UNBOUND},
    SLUICE_CONFIG_END,
};

/* The wrapped sink's config_load: its own map, each key from this section
 * when the section has it (only "output") and its default otherwise.  The
 * wrapped stdout sink has string, enum and bool keys only. */
static sluice_status wrapped_config_load(const sluice_host *host, void *settings, size_t size)
{
    const broken_sink *sink =
        (const broken_sink *)((const char *)host - offsetof(broken_sink, inner_host));
    memset(settings, 0, size);
    for (const sluice_config_key *k = sink->wrapped_keys; k && k->name; k++) {
        if (k->offset == SLUICE_CONFIG_UNBOUND)
            continue;
        const char *text = sink->host->config_string(sink->host, k->name);
        if (!text)
            text = k->default_value;
        int flag = text && (strcmp(text, "true") == 0 || strcmp(text, "yes") == 0 ||
                            strcmp(text, "on") == 0 || strcmp(text, "1") == 0);
        int is_text = k->type == SLUICE_CONFIG_STRING || k->type == SLUICE_CONFIG_ENUM;
        size_t width = is_text ? sizeof text : sizeof flag;
        if ((!is_text && k->type != SLUICE_CONFIG_BOOL) || k->offset + width > size) {
            host->error(host, "broken_sink cannot fill the wrapped sink's key", k->name, NULL);
            return SLUICE_ERROR;
        }
        memcpy((char *)settings + k->offset, is_text ? (const void *)&text : (const void *)&flag,
               width);
    }
    return SLUICE_OK;
}

static int breaks(const broken_sink *sink, const char *what)
{
    return strcmp(sink->broken, what) == 0;
}

static sluice_status broken_open(const sluice_host *host, void **instance)
{
    const char *wraps = host->config_string(host, "wraps");
    void *library = dlopen(wraps, RTLD_NOW | RTLD_LOCAL);
    const sluice_plugin_descriptor *wrapped =
        library ? dlsym(library, SLUICE_PLUGIN_SYMBOL) : NULL;
    if (!wrapped || wrapped->kind != SLUICE_PLUGIN_SINK) {
        host->error(host, "cannot load the wrapped sink", wraps, NULL);
        if (library)
            dlclose(library);
        return SLUICE_ERROR;
    }
    broken_sink *sink = calloc(1, sizeof *sink);
    if (!sink) {
        dlclose(library);
        host->error(host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    sink->library = library;
    sink->ops = wrapped->sink;
    sink->wrapped_keys = wrapped->config_keys;
    sink->host = host;
    sink->inner_host = *host;
    sink->inner_host.config_load = wrapped_config_load;
    const char *broken = host->config_string(host, "broken");
    strncpy(sink->broken, broken ? broken : "none", sizeof sink->broken - 1);
    sluice_status status = sink->ops->open(&sink->inner_host, &sink->inner);
    if (status != SLUICE_OK) {
        dlclose(library);
        free(sink);
        return status;
    }
    *instance = sink;
    return SLUICE_OK;
}

static sluice_status broken_lock(void *instance)
{
    broken_sink *sink = instance;
    return breaks(sink, "lock") ? SLUICE_OK : sink->ops->lock(sink->inner);
}

static sluice_status broken_cursor_get(void *instance, const char *name, uint32_t *value,
                                       int *present)
{
    broken_sink *sink = instance;
    return sink->ops->cursor_get(sink->inner, name, value, present);
}

static sluice_status broken_begin(void *instance)
{
    broken_sink *sink = instance;
    return sink->ops->begin(sink->inner);
}

static sluice_status broken_write_ledger(void *instance, const sluice_ledger *ledger)
{
    broken_sink *sink = instance;
    return sink->ops->write_ledger(sink->inner, ledger);
}

static sluice_status broken_write_balances(void *instance, const sluice_balance_change *changes,
                                           size_t count, size_t element_size)
{
    broken_sink *sink = instance;
    return sink->ops->write_balances(sink->inner, changes, count, element_size);
}

static sluice_status broken_cursor_advance(void *instance, const char *name, int expected_present,
                                           uint32_t expected, uint32_t value)
{
    broken_sink *sink = instance;
    return sink->ops->cursor_advance(sink->inner, name, expected_present, expected, value);
}

static sluice_status broken_cursor_update_min(void *instance, const char *name, uint32_t value)
{
    broken_sink *sink = instance;
    uint32_t stored;
    int present;
    if (breaks(sink, "update_min") &&
        sink->ops->cursor_get(sink->inner, name, &stored, &present) == SLUICE_OK && present &&
        value > stored)
        return sink->ops->cursor_advance(sink->inner, name, 1, stored, value);
    return sink->ops->cursor_update_min(sink->inner, name, value);
}

static sluice_status broken_commit(void *instance)
{
    broken_sink *sink = instance;
    return sink->ops->commit(sink->inner);
}

static void broken_rollback(void *instance)
{
    broken_sink *sink = instance;
    if (!breaks(sink, "rollback") || sink->ops->commit(sink->inner) != SLUICE_OK)
        sink->ops->rollback(sink->inner);
}

static sluice_status broken_gaps(void *instance, uint32_t from, uint32_t to,
                                 sluice_gap_callback callback, void *context)
{
    broken_sink *sink = instance;
    return sink->ops->gaps(sink->inner, from, to, callback, context);
}

static sluice_status broken_set_mode(void *instance, sluice_write_mode mode)
{
    broken_sink *sink = instance;
    return sink->ops->set_mode ? sink->ops->set_mode(sink->inner, mode) : SLUICE_OK;
}

static sluice_status broken_ledger_chain(void *instance, uint32_t from, uint32_t to,
                                         sluice_chain_callback callback, void *context)
{
    broken_sink *sink = instance;
    return sink->ops->ledger_chain(sink->inner, from, to, callback, context);
}

static void broken_close(void *instance)
{
    broken_sink *sink = instance;
    if (!sink)
        return;
    sink->ops->close(sink->inner);
    dlclose(sink->library);
    free(sink);
}

static const sluice_sink_ops broken_ops = {
    .struct_size = sizeof(sluice_sink_ops),
    .open = broken_open,
    .lock = broken_lock,
    .cursor_get = broken_cursor_get,
    .begin = broken_begin,
    .write_ledger = broken_write_ledger,
    .write_balances = broken_write_balances,
    .cursor_advance = broken_cursor_advance,
    .cursor_update_min = broken_cursor_update_min,
    .commit = broken_commit,
    .rollback = broken_rollback,
    .gaps = broken_gaps,
    .close = broken_close,
    .set_mode = broken_set_mode,
    .ledger_chain = broken_ledger_chain,
};

SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SINK,
    .name = "broken",
    .version = "0.0.0",
    .description = "the stdout sink with one guarantee broken on purpose (tests only)",
    .config_keys = broken_keys,
    .sink = &broken_ops,
};
