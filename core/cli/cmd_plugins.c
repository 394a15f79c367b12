/* cmd_plugins.c — `sluice plugins [DIR]`: load every plugin in DIR (or in
 * each directory of the configured plugin_dir search path, built-in one
 * last) and list kind, name, version, the ABI version it was built for,
 * file and config keys; refuse duplicates within one directory, mark a
 * plugin shadowed by one of the same kind and name in an earlier
 * directory, and report every file that fails to load. */
#include "config.h"

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "host/loader.h"
#include "host/plugin_dir.h"
#include "base/xalloc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_plugin(const loaded_plugin *plugin)
{
    const sluice_plugin_descriptor *d = plugin->descriptor;
    printf("%-6s %-16s %-8s ABI %u.%u  %s\n       %s\n", plugin_kind_name(d->kind), d->name,
           d->version, d->abi_major, d->abi_minor, plugin->path, d->description);
    for (const sluice_config_key *k = d->config_keys; k && k->name; k++)
        printf("       %-22s %s%s%s%s\n", k->name, k->description,
               k->default_value ? " (default: " : "", k->default_value ? k->default_value : "",
               k->default_value ? ")" : "");
}

/* The first earlier plugin of the same kind and name, or NULL. */
static const loaded_plugin *earlier_namesake(const loaded_plugin *loaded, size_t count,
                                             const loaded_plugin *plugin)
{
    const sluice_plugin_descriptor *b = plugin->descriptor;
    for (size_t j = 0; j < count; j++) {
        const sluice_plugin_descriptor *a = loaded[j].descriptor;
        if (a && a->kind == b->kind && strcmp(a->name, b->name) == 0)
            return &loaded[j];
    }
    return NULL;
}

/* Load and print the plugins of dir; loaded holds those of earlier
 * directories (from index 0) and of this one (from index first). */
static int list_directory(const char *dir, loaded_plugin **loaded, size_t *count,
                          size_t *capacity)
{
    char **names = NULL;
    long listed = plugin_dir_list(dir, &names);
    if (listed < 0) {
        fprintf(stderr, "sluice plugins: cannot open plugin directory %s\n", dir);
        return EXIT_PLUGIN;
    }
    int result = EXIT_OK;
    size_t first = *count;
    for (size_t i = 0; i < (size_t)listed; i++) {
        char path[PATH_MAX];
        error_report err;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        xgrow_zeroed((void **)loaded, capacity, *count + 1, sizeof **loaded);
        loaded_plugin *plugin = &(*loaded)[*count];
        if (plugin_load_file(path, 0, plugin, &err) != 0) {
            report_print(&err);
            result = EXIT_PLUGIN;
            continue;
        }
        (*count)++;
        const loaded_plugin *same = earlier_namesake(*loaded + first, *count - 1 - first, plugin);
        if (same) {
            fprintf(stderr, "sluice: error: duplicate %s plugin name '%s' in %s and %s\n",
                    plugin_kind_name(plugin->descriptor->kind), plugin->descriptor->name,
                    same->path, path);
            result = EXIT_PLUGIN;
        }
        print_plugin(plugin);
        const loaded_plugin *shadowing = earlier_namesake(*loaded, first, plugin);
        if (shadowing)
            printf("       shadowed by %s (earlier in plugin_dir): not used\n", shadowing->path);
    }
    plugin_dir_names_free(names, (size_t)listed);
    return result;
}

int cmd_plugins(const command_options *options)
{
    plugin_search_path search;
    int opened = command_plugin_dirs(options, "plugins", &search);
    if (opened != EXIT_OK)
        return opened;
    int result = EXIT_OK;
    loaded_plugin *loaded = NULL;
    size_t count = 0, capacity = 0;
    for (size_t d = 0; d < search.count; d++) {
        int listed = list_directory(search.dirs[d], &loaded, &count, &capacity);
        if (listed != EXIT_OK)
            result = listed;
    }
    for (size_t i = 0; i < count; i++)
        plugin_unload(&loaded[i]);
    free(loaded);
    plugin_search_path_free(&search);
    return result;
}
