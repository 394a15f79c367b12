/* cmd_plugins.c — `sluice plugins [DIR]`: load every plugin in DIR (or the
 * configured plugin_dir) and list kind, name, version, file and config
 * keys; refuse duplicates and report every file that fails to load. */
#include "config.h"

#include "command.h"
#include "config_values.h"
#include "exit_codes.h"
#include "ini_file.h"
#include "loader.h"
#include "setup.h"
#include "xalloc.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* plugin_dir from the config's [sluice] section, or the built-in default
 * when the config cannot be read.  Returns a string the caller frees. */
static char *configured_plugin_dir(const char *config_path)
{
    diag_list diags = {0};
    error_report err;
    ini_file *file = NULL;
    char *dir = NULL;
    if (ini_file_load(config_path, &file, &diags, &err) == 0) {
        config_values core;
        const sluice_config_key *const maps[] = {core_config_keys, NULL};
        config_values_resolve(&core, file, "sluice", maps, &diags);
        const char *value = config_values_string(&core, "plugin_dir");
        dir = value ? xstrdup(value) : NULL;
        config_values_free(&core);
        ini_file_free(file);
    }
    diag_free(&diags);
    return dir ? dir : xstrdup(PLUGIN_DIR);
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

static void print_plugin(const loaded_plugin *plugin)
{
    const sluice_plugin_descriptor *d = plugin->descriptor;
    printf("%-6s %-16s %-8s %s\n       %s\n", plugin_kind_name(d->kind), d->name, d->version,
           plugin->path, d->description);
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
                                          : configured_plugin_dir(options->config_path);
    DIR *listing = opendir(dir);
    if (!listing) {
        fprintf(stderr, "sluice plugins: cannot open plugin directory %s\n", dir);
        free(dir);
        return EXIT_PLUGIN;
    }
    char **names = NULL;
    size_t count = 0, capacity = 0;
    for (struct dirent *entry; (entry = readdir(listing));) {
        if (!has_so_suffix(entry->d_name))
            continue;
        xgrow((void **)&names, &capacity, count + 1, sizeof *names);
        names[count++] = xstrdup(entry->d_name);
    }
    closedir(listing);
    qsort(names, count, sizeof *names, compare_names);

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
    for (size_t i = 0; i < count; i++) {
        plugin_unload(&loaded[i]);
        free(names[i]);
    }
    free(loaded);
    free(names);
    free(dir);
    return result;
}
