/* plugin_dir.c — the plugin directory of a config and its *.so files
 * (see plugin_dir.h). */
#include "config.h"

#include "host/plugin_dir.h"
#include "config/config_values.h"
#include "config/ini_file.h"
#include "config/core_settings.h"
#include "base/xalloc.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* plugin_dir of the config's [sluice] (NULL when unreadable or unset). */
static char *plugin_dir_configured(const char *config_path)
{
    diag_list diags = {0};
    error_report err;
    ini_file *file = NULL;
    char *dir = NULL;
    if (ini_file_load(config_path, &file, &diags, &err) == 0) {
        config_values values;
        sluice_core_settings core;
        char why[512];
        const sluice_config_key *const maps[] = {core_config_keys, NULL};
        config_values_resolve(&values, file, "sluice", maps, &diags);
        if (config_values_load(&values, &core, sizeof core, why, sizeof why) == 0 &&
            core.plugin_dir)
            dir = xstrdup(core.plugin_dir);
        config_values_free(&values);
        ini_file_free(file);
    }
    diag_free(&diags);
    return dir;
}

int plugin_dir_search_path(const char *config_path, const char *dir_argument,
                           plugin_search_path *out, error_report *err)
{
    if (dir_argument)
        return plugin_search_path_open(out, dir_argument, 0, err);
    char *configured = plugin_dir_configured(config_path);
    int result = plugin_search_path_open(out, configured, 1, err);
    free(configured);
    return result;
}

static int has_so_suffix(const char *name)
{
    size_t len = strlen(name);
    return len > 3 && strcmp(name + len - 3, ".so") == 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

long plugin_dir_list(const char *dir, char ***names)
{
    *names = NULL;
    DIR *listing = opendir(dir);
    if (!listing)
        return -1;
    size_t count = 0, capacity = 0;
    for (struct dirent *entry; (entry = readdir(listing));) {
        if (!has_so_suffix(entry->d_name))
            continue;
        xgrow((void **)names, &capacity, count + 1, sizeof **names);
        (*names)[count++] = xstrdup(entry->d_name);
    }
    closedir(listing);
    if (count)
        qsort(*names, count, sizeof **names, compare_names);
    return (long)count;
}

void plugin_dir_names_free(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}
