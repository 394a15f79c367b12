/* old_abi.c — a test plugin built for ABI version 1 (57-byte strkeys in
 * the rows): the loader must refuse it, naming the file and both versions,
 * since its row layout no longer matches the core's. */
#include <sluice/plugin.h>

static const sluice_config_key no_keys[] = {SLUICE_CONFIG_END};

SLUICE_PLUGIN_DESCRIPTOR = {
    .struct_size = sizeof(sluice_plugin_descriptor),
    .abi_version = 1u,
    .kind = SLUICE_PLUGIN_SOURCE,
    .name = "oldabi",
    .version = "0",
    .description = "test plugin built for ABI version 1",
    .config_keys = no_keys,
};
