/* bad_binding.c — a source whose config map binds a key beyond the
 * settings struct it passes to host->config_load(): open() must fail with
 * the core's message naming the key, and nothing may be written. */
#include <stddef.h>
#include <stdint.h>

#include <sluice/plugin.h>

typedef struct small_settings {
    int64_t ledgers;
} small_settings;

typedef struct large_settings {
    int64_t ledgers, beyond;
} large_settings;

static const sluice_config_key bad_binding_keys[] = {
    {"ledgers", SLUICE_CONFIG_INT, "1", NULL, 0, 10, 0, "bound inside the struct",
     offsetof(small_settings, ledgers)},
    {"beyond", SLUICE_CONFIG_DURATION, "1s", NULL, 0, 60000, 0, "bound past its end",
     offsetof(large_settings, beyond)},
    SLUICE_CONFIG_END,
};

static sluice_status bad_open(const sluice_host *host, void **instance)
{
    small_settings settings;
    *instance = NULL;
    return host->config_load(host, &settings, sizeof settings);
}
static sluice_status bad_prepare(void *instance, uint32_t from, uint32_t to)
{
    (void)instance;
    (void)from;
    (void)to;
    return SLUICE_OK;
}
static sluice_status bad_next(void *instance, sluice_frame *frame)
{
    (void)instance;
    (void)frame;
    return SLUICE_END;
}
static void bad_close(void *instance) { (void)instance; }

static const sluice_source_ops bad_binding_ops = {
    .struct_size = sizeof(sluice_source_ops),
    .open = bad_open,
    .prepare = bad_prepare,
    .next = bad_next,
    .close = bad_close,
};

SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SOURCE,
    .name = "bad_binding",
    .version = "0",
    .description = "test plugin whose config map does not fit its settings struct",
    .config_keys = bad_binding_keys,
    .source = &bad_binding_ops,
};
