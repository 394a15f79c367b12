/* abi_check.h — the ABI side of loading a plugin: its major.minor version,
 * the sizes it declares and its layout block checked against the core's,
 * then core-sized copies of its descriptor, callback table and config
 * keys, so that the rest of the core never reads a plugin's struct past
 * the size the plugin declared (a member past it reads as NULL/0). */
#ifndef SLUICE_ABI_CHECK_H
#define SLUICE_ABI_CHECK_H

#include <stddef.h>
#include <sluice/plugin.h>

/* The core-sized copies of one plugin's structs; descriptor.source,
 * descriptor.sink and descriptor.config_keys point into this copy. */
typedef struct plugin_abi_copy {
    sluice_plugin_descriptor descriptor;
    sluice_source_ops source;
    sluice_sink_ops sink;
    sluice_config_key *config_keys; /* owned, terminated by a NULL name */
} plugin_abi_copy;

/* Check the plugin's version, declared sizes and layout block and copy
 * its structs into out (release with abi_copy_free).  0, or -1 with why
 * filled; *rebuild is set when the plugin only needs rebuilding against
 * this core's headers (a version or layout mismatch). */
int abi_copy_descriptor(const sluice_plugin_descriptor *plugin, plugin_abi_copy *out,
                        int *rebuild, char *why, size_t why_size);
void abi_copy_free(plugin_abi_copy *copy);

#endif
