/* plugin_path.c — the plugin search path (see plugin_path.h). */
#include "config.h"

#include "host/plugin_path.h"
#include "host/loader.h"
#include "base/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_listed(const plugin_search_path *path, const char *dir)
{
    for (size_t i = 0; i < path->count; i++)
        if (strcmp(path->dirs[i], dir) == 0)
            return 1;
    return 0;
}

/* Vet one directory and append it; -1 with err filled. */
static int add_directory(plugin_search_path *path, const char *dir, error_report *err)
{
    struct stat st;
    char why[PATH_MAX + 256];
    if (stat(dir, &st) != 0) {
        report_set(err, strerror(errno), "Create it, or remove it from plugin_dir in [sluice].",
                   "plugin directory %s cannot be used", dir);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        report_set(err, "it is not a directory", "plugin_dir lists directories, separated by ':'.",
                   "plugin directory %s cannot be used", dir);
        return -1;
    }
    char resolved[PATH_MAX];
    if (!realpath(dir, resolved))
        snprintf(why, sizeof why, "cannot resolve %s: %s", dir, strerror(errno));
    if (!realpath(dir, resolved) || loader_path_is_safe(resolved, why, sizeof why) != 0) {
        report_set(err, why, "Make the directory and those above it writable only by their "
                   "owner (root or the user running sluice).",
                   "refusing plugin directory %s: unsafe permissions", dir);
        return -1;
    }
    if (!is_listed(path, dir)) {
        xgrow((void **)&path->dirs, &path->capacity, path->count + 1, sizeof *path->dirs);
        path->dirs[path->count++] = xstrdup(dir);
    }
    return 0;
}

int plugin_search_path_open(plugin_search_path *path, const char *configured, int with_builtin,
                            error_report *err)
{
    memset(path, 0, sizeof *path);
    for (const char *p = configured && *configured ? configured : NULL; p;) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        char dir[PATH_MAX];
        if (len == 0 || len >= sizeof dir) {
            report_set(err, configured, "Separate directories with single ':' characters.",
                       "plugin_dir has an %s entry", len ? "overlong" : "empty");
            plugin_search_path_free(path);
            return -1;
        }
        memcpy(dir, p, len);
        dir[len] = '\0';
        if (add_directory(path, dir, err) != 0) {
            plugin_search_path_free(path);
            return -1;
        }
        p = colon ? colon + 1 : NULL;
    }
    if (!with_builtin || is_listed(path, PLUGIN_DIR))
        return 0;
    if (access(PLUGIN_DIR, F_OK) != 0 && errno == ENOENT) {
        path->builtin_absent = 1;
        return 0;
    }
    if (add_directory(path, PLUGIN_DIR, err) != 0) {
        plugin_search_path_free(path);
        return -1;
    }
    return 0;
}

void plugin_search_path_free(plugin_search_path *path)
{
    for (size_t i = 0; i < path->count; i++)
        free(path->dirs[i]);
    free(path->dirs);
    memset(path, 0, sizeof *path);
}

int plugin_search_path_find(const plugin_search_path *path, const char *file_name, char *out,
                            size_t size)
{
    for (size_t i = 0; i < path->count; i++) {
        int written = snprintf(out, size, "%s/%s", path->dirs[i], file_name);
        if (written > 0 && (size_t)written < size && access(out, F_OK) == 0)
            return 0;
    }
    return -1;
}

void plugin_search_path_describe(const plugin_search_path *path, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < path->count && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s%s", i ? ", " : "", path->dirs[i],
                                 strcmp(path->dirs[i], PLUGIN_DIR) == 0 ? " (built-in)" : "");
    if (path->builtin_absent && used < size)
        used += (size_t)snprintf(out + used, size - used, "%s%s (built-in, does not exist)",
                                 used ? ", " : "", PLUGIN_DIR);
    if (!used)
        snprintf(out, size, "(none)");
}
