/* bad_abi.c — a test plugin whose descriptor claims a future ABI version:
 * the loader must refuse it, naming the file and both versions. */
#include <sluice/plugin.h>

static const sluice_config_key no_keys[] = {SLUICE_CONFIG_END};

SLUICE_PLUGIN_DESCRIPTOR = {
    .struct_size = sizeof(sluice_plugin_descriptor),
    .abi_version = 999u,
    .kind = SLUICE_PLUGIN_SOURCE,
    .name = "badabi",
    .version = "0",
    .description = "test plugin with a wrong ABI version",
    .config_keys = no_keys,
};
