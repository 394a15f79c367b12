/* missing_callback.c — a source whose descriptor lacks the required next()
 * callback: the loader must refuse it before anything runs. */
#include <stddef.h>

#include <sluice/plugin.h>

static sluice_status nothing_open(const sluice_host *host, void **instance)
{
    (void)host;
    *instance = NULL;
    return SLUICE_OK;
}
static sluice_status nothing_prepare(void *instance, uint32_t from, uint32_t to)
{
    (void)instance;
    (void)from;
    (void)to;
    return SLUICE_OK;
}
static void nothing_close(void *instance) { (void)instance; }

static const sluice_source_ops incomplete_ops = {
    .struct_size = sizeof(sluice_source_ops),
    .open = nothing_open,
    .prepare = nothing_prepare,
    .close = nothing_close,
};

SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SOURCE,
    .name = "incomplete",
    .version = "0",
    .description = "test plugin without a next() callback",
    .source = &incomplete_ops,
};
