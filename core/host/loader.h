/* loader.h — find, vet and dlopen plugin shared objects.
 *
 * A plugin is named in the INI by name (looked up as <kind>_<name>.so in
 * the directories of plugin_dir, then the built-in one: plugin_path.h) or
 * by absolute path.  Before dlopen the
 * file and every directory above it must be owned by root or by us and
 * not writable by group or others (sshd's StrictModes; root-owned sticky
 * directories such as /tmp are allowed), because a loaded plugin runs with
 * our rights and sees the database credentials.  After dlopen the
 * descriptor is checked field by field: it is untrusted input.  The core
 * then uses its own copy of the descriptor (abi_check.h), and calls the
 * plugin's init() after loading and fini() before unloading. */
#ifndef SLUICE_LOADER_H
#define SLUICE_LOADER_H

#include <sluice/plugin.h>

#include "base/report.h"
#include "host/plugin_path.h"

struct plugin_abi_copy;

typedef struct loaded_plugin {
    char *path;                               /* the file actually opened */
    void *handle;                             /* from dlopen */
    struct plugin_abi_copy *copy;             /* owned: the core-sized copies */
    const sluice_plugin_descriptor *descriptor; /* &copy->descriptor */
} loaded_plugin;

/* Load the plugin `name_or_path` of the given kind, a name being looked up
 * in search.  On failure fills err (the message names the file and the
 * cause; for a name found nowhere, every directory searched) and returns -1. */
int plugin_load(const plugin_search_path *search, const char *name_or_path,
                sluice_plugin_kind expected_kind, loaded_plugin *out, error_report *err);
/* Load the file at path (absolute); expected_kind 0 accepts either kind. */
int plugin_load_file(const char *path, sluice_plugin_kind expected_kind, loaded_plugin *out,
                     error_report *err);
void plugin_unload(loaded_plugin *plugin);

/* Whether path (absolute, resolved) and each directory above it up to /
 * may be trusted: owned by root or us, not writable by group or others
 * (root-owned sticky directories excepted).  -1 with why filled if not. */
int loader_path_is_safe(const char *path, char *why, size_t size);

/* "source" or "sink". */
const char *plugin_kind_name(sluice_plugin_kind kind);

#endif
