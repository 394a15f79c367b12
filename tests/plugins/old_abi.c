/* old_abi.c — a test plugin as ABI version 2 laid out its descriptor
 * {struct_size, abi_version, kind, ...} (no minor, no layout block): the
 * loader must refuse it, naming the file and both versions, since version
 * 2's structs no longer match the core's. */
#include <stddef.h>
#include <stdint.h>

typedef struct abi2_descriptor {
    uint32_t struct_size;
    uint32_t abi_version;
    int kind;
    const char *name, *version, *description;
    const void *config_keys, *source, *sink;
} abi2_descriptor;

__attribute__((visibility("default"))) extern const abi2_descriptor sluice_plugin;
const abi2_descriptor sluice_plugin = {
    .struct_size = sizeof(abi2_descriptor),
    .abi_version = 2u,
    .kind = 1,
    .name = "oldabi",
    .version = "0",
    .description = "test plugin built for ABI version 2",
};
