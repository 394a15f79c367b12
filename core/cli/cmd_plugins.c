/* cmd_plugins.c — `sluice plugins [DIR]`: load every plugin in DIR (or the
 * configured plugin_dir) and list kind, name, version, the ABI version it
 * was built for, file and config keys; refuse duplicates and report every file that fails to load. */
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

int cmd_plugins(const command_options *options)
{
    if (options->positional_count > 1) {
        fprintf(stderr, "sluice plugins: expected at most one DIR argument\n");
        return EXIT_USAGE;
    }
    char *dir = options->positional_count ? xstrdup(options->positional[0])
                                          : plugin_dir_configured(options->config_path);
    char **names = NULL;
    long listed = plugin_dir_list(dir, &names);
    if (listed < 0) {
        fprintf(stderr, "sluice plugins: cannot open plugin directory %s\n", dir);
        free(dir);
        return EXIT_PLUGIN;
    }
    size_t count = (size_t)listed;

    int result = EXIT_OK;
    loaded_plugin *loaded = xcalloc(count ? count : 1, sizeof *loaded);
    for (size_t i = 0; i < count; i++) {
        char path[PATH_MAX];
        error_report err;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (plugin_load_file(path, 0, &loaded[i], &err) != 0) {
            report_print(&err);
            result = EXIT_PLUGIN;
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            const sluice_plugin_descriptor *a = loaded[j].descriptor, *b = loaded[i].descriptor;
            if (a && a->kind == b->kind && strcmp(a->name, b->name) == 0) {
                fprintf(stderr, "sluice: error: duplicate %s plugin name '%s' in %s and %s\n",
                        plugin_kind_name(b->kind), b->name, loaded[j].path, path);
                result = EXIT_PLUGIN;
            }
        }
        print_plugin(&loaded[i]);
    }
    for (size_t i = 0; i < count; i++)
        plugin_unload(&loaded[i]);
    plugin_dir_names_free(names, count);
    free(loaded);
    free(dir);
    return result;
}
