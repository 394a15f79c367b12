/* bad_abi.c — test plugins whose descriptor claims an ABI version this core
 * cannot load: built once per -DCLAIM_MAJOR/-DCLAIM_MINOR pair (a future
 * major, a newer minor of this major).  The loader must refuse each,
 * naming the file and both versions.  Everything else is this build's. */
#include <sluice/plugin.h>

static const sluice_config_key no_keys[] = {SLUICE_CONFIG_END};

SLUICE_PLUGIN_DESCRIPTOR = {
    .struct_size = sizeof(sluice_plugin_descriptor),
    .abi_major = CLAIM_MAJOR,
    .abi_minor = CLAIM_MINOR,
    .config_key_size = sizeof(sluice_config_key),
    .layout = &(const sluice_abi_layout)SLUICE_ABI_LAYOUT,
    .kind = SLUICE_PLUGIN_SOURCE,
    .name = "badabi",
    .version = "0",
    .description = "test plugin with an ABI version this core does not load",
    .config_keys = no_keys,
};
