/* plugin_path.h — plugin_dir as a search path: the directories of the
 * colon-separated plugin_dir, in order, then the built-in directory
 * (PLUGIN_DIR) last.  Every directory is vetted before any plugin is
 * looked up: a configured directory that is missing, not a directory or
 * has unsafe permissions (loader.h) is an error naming it; the built-in
 * directory is skipped when it does not exist (an uninstalled build) and
 * vetted like the others when it does.  The first directory holding
 * <kind>_<name>.so wins. */
#ifndef SLUICE_PLUGIN_PATH_H
#define SLUICE_PLUGIN_PATH_H

#include <stddef.h>

#include "base/report.h"

typedef struct plugin_search_path {
    char **dirs;             /* the directories searched, in order; owned */
    size_t count, capacity;
    int builtin_absent;      /* PLUGIN_DIR was to be searched last but does not exist */
} plugin_search_path;

/* Split configured (NULL or "": no directories of its own) and vet every
 * directory; with_builtin adds PLUGIN_DIR last unless configured names it
 * already.  On failure fills err (message naming the directory) and
 * returns -1; *path is then empty.  plugin_search_path_free() either way. */
int plugin_search_path_open(plugin_search_path *path, const char *configured, int with_builtin,
                            error_report *err);
void plugin_search_path_free(plugin_search_path *path);

/* The first dir/file_name that exists, in out; -1 when no directory holds it. */
int plugin_search_path_find(const plugin_search_path *path, const char *file_name, char *out,
                            size_t size);

/* "DIR1, DIR2, PLUGIN_DIR (built-in)" for messages; "(none)" when empty. */
void plugin_search_path_describe(const plugin_search_path *path, char *out, size_t size);

#endif
