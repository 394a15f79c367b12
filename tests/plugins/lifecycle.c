/* lifecycle.c — a test source with the descriptor's init and fini (since
 * ABI 3.1): each appends a line to the file named by
 * $SLUICE_TEST_LIFECYCLE_LOG, and init fails when $SLUICE_TEST_INIT_FAIL
 * is set, so the loader tests see when and how often they run. */
#include <stdio.h>
#include <stdlib.h>

#include <sluice/plugin.h>

static void note(const char *event)
{
    const char *path = getenv("SLUICE_TEST_LIFECYCLE_LOG");
    FILE *log = path ? fopen(path, "a") : NULL;
    if (log) {
        fprintf(log, "%s\n", event);
        fclose(log);
    }
}

static sluice_status lifecycle_init(char *why, size_t why_size)
{
    note("init");
    if (getenv("SLUICE_TEST_INIT_FAIL")) {
        snprintf(why, why_size, "told to fail by SLUICE_TEST_INIT_FAIL");
        return SLUICE_ERROR;
    }
    return SLUICE_OK;
}

static void lifecycle_fini(void) { note("fini"); }

static sluice_status lifecycle_open(const sluice_host *host, void **instance)
{
    (void)host;
    *instance = NULL;
    return SLUICE_OK;
}

static sluice_status lifecycle_prepare(void *instance, uint32_t from, uint32_t to)
{
    (void)instance;
    (void)from;
    (void)to;
    return SLUICE_OK;
}

static sluice_status lifecycle_next(void *instance, sluice_frame *frame)
{
    (void)instance;
    (void)frame;
    return SLUICE_END;
}

static void lifecycle_close(void *instance) { (void)instance; }

static const sluice_source_ops lifecycle_ops = {
    .struct_size = sizeof(sluice_source_ops),
    .open = lifecycle_open,
    .prepare = lifecycle_prepare,
    .next = lifecycle_next,
    .close = lifecycle_close,
};

static const sluice_config_key no_keys[] = {SLUICE_CONFIG_END};

SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SOURCE,
    .name = "lifecycle",
    .version = "0",
    .description = "test source that logs its init and fini",
    .config_keys = no_keys,
    .source = &lifecycle_ops,
    .init = lifecycle_init,
    .fini = lifecycle_fini,
};
