/* plugin_dir.h — which plugin directories a command looks in, and the
 * sorted list of plugin files (*.so) one holds.  Shared by `sluice
 * plugins` and `sluice config-keys`. */
#ifndef SLUICE_PLUGIN_DIR_H
#define SLUICE_PLUGIN_DIR_H

#include <stddef.h>

#include "base/report.h"
#include "host/plugin_path.h"

/* The directories a command lists: dir_argument alone when given, else
 * the search path of the config's plugin_dir (plugin_path.h; only the
 * built-in directory when the config cannot be read or does not set it).
 * -1 with err filled when a directory is missing or unsafe. */
int plugin_dir_search_path(const char *config_path, const char *dir_argument,
                           plugin_search_path *out, error_report *err);

/* The names (not paths) of the *.so files in dir, sorted, in *names
 * (caller frees with plugin_dir_names_free).  Returns the count, or -1
 * when dir cannot be opened. */
long plugin_dir_list(const char *dir, char ***names);
void plugin_dir_names_free(char **names, size_t count);

#endif
