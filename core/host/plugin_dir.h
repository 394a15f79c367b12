/* plugin_dir.h — which plugin directory a command looks in, and the sorted
 * list of plugin files (*.so) it holds.  Shared by `sluice plugins` and
 * `sluice config-keys`. */
#ifndef SLUICE_PLUGIN_DIR_H
#define SLUICE_PLUGIN_DIR_H

#include <stddef.h>

/* plugin_dir from the config's [sluice] section, or the built-in default
 * when the config cannot be read or does not set it.  Caller frees. */
char *plugin_dir_configured(const char *config_path);

/* The names (not paths) of the *.so files in dir, sorted, in *names
 * (caller frees with plugin_dir_names_free).  Returns the count, or -1
 * when dir cannot be opened. */
long plugin_dir_list(const char *dir, char ***names);
void plugin_dir_names_free(char **names, size_t count);

#endif
