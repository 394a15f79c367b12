/* cmd_config_keys.c — `sluice config-keys [DIR]`: every config key the
 * core and the plugins in DIR (default: the directories of the configured
 * plugin_dir, then the built-in one; a plugin shadowed by an earlier
 * directory is left out) accept,
 * as tab-separated lines, one per key:
 *
 *   section  plugin  key  type  default  allowed  flags  description
 *
 * section is sluice, source or sink; plugin is '*' for keys of every
 * plugin section (plugin = NAME) and the plugin's name otherwise.  allowed
 * is an enum's words or the range of an int, size or duration (sizes and
 * durations in their own syntax, e.g. 1k..64G, 10ms..1h); flags are
 * required, secret and, for a duration, which unit a plain number is in.
 * A field is empty when the key has none (no default, no flags).  This is
 * the single source of sluice.ini(5): the man page is generated from it,
 * and a test diffs it against the page. */
#include "config.h"

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "host/loader.h"
#include "host/plugin_dir.h"
#include "config/config_units.h"
#include "host/setup.h"
#include "base/xalloc.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = {"?",    "string", "int",     "bool",
                                         "enum", "list",   "size",    "duration"};

/* Print a field from plugin data (untrusted): tabs and line breaks would
 * break the format, so they become spaces; NULL prints as empty. */
static void print_field(const char *text, char separator)
{
    for (const char *p = text; p && *p; p++)
        fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, stdout);
    fputc(separator, stdout);
}

/* "min..max" of an int, size or duration key, in its syntax; "" otherwise. */
static const char *key_range(const sluice_config_key *k, char *out, size_t size)
{
    char min[32], max[32];
    void (*format)(int64_t, char *, size_t) =
        k->type == SLUICE_CONFIG_SIZE ? config_format_size
        : k->type == SLUICE_CONFIG_DURATION ? config_format_duration : NULL;
    out[0] = '\0';
    if (k->type == SLUICE_CONFIG_INT)
        snprintf(out, size, "%" PRId64 "..%" PRId64, k->min, k->max);
    else if (format) {
        format(k->min, min, sizeof min);
        format(k->max, max, sizeof max);
        snprintf(out, size, "%s..%s", min, max);
    }
    return out;
}

/* "required,secret,plain number is seconds" as far as they apply. */
static const char *key_flags(const sluice_config_key *k, char *out, size_t size)
{
    const char *const words[] = {
        (k->flags & SLUICE_CONFIG_REQUIRED) ? "required" : NULL,
        (k->flags & SLUICE_CONFIG_SECRET) ? "secret" : NULL,
        k->type != SLUICE_CONFIG_DURATION ? NULL
        : (k->flags & SLUICE_CONFIG_PLAIN_SECONDS) ? "plain number is seconds"
                                                   : "plain number is milliseconds"};
    out[0] = '\0';
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (words[i])
            snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? "," : "", words[i]);
    return out;
}

static void print_keys(const char *section, const char *plugin, const sluice_config_key *keys)
{
    for (const sluice_config_key *k = keys; k && k->name; k++) {
        print_field(section, '\t');
        print_field(plugin, '\t');
        print_field(k->name, '\t');
        unsigned type = (unsigned)k->type;
        print_field(type_names[type < sizeof type_names / sizeof *type_names ? type : 0], '\t');
        print_field(k->default_value, '\t');
        char range[80] = "";
        print_field(k->type == SLUICE_CONFIG_ENUM ? k->allowed : key_range(k, range, sizeof range),
                    '\t');
        char flags[128];
        print_field(key_flags(k, flags, sizeof flags), '\t');
        print_field(k->description, '\n');
    }
}

/* Print the keys of every plugin in dir whose kind and name no earlier
 * directory had (those are shadowed: never loaded); seen collects
 * "kind name" of the plugins printed. */
static int print_directory(const char *dir, char ***seen, size_t *seen_count,
                           size_t *seen_capacity)
{
    char **names;
    long count = plugin_dir_list(dir, &names);
    if (count < 0) {
        fprintf(stderr, "sluice config-keys: cannot open plugin directory %s\n", dir);
        return EXIT_PLUGIN;
    }
    int result = EXIT_OK;
    for (long i = 0; i < count; i++) {
        char path[PATH_MAX], kind_name[128];
        loaded_plugin plugin;
        error_report err;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (plugin_load_file(path, 0, &plugin, &err) != 0) {
            report_print(&err);
            result = EXIT_PLUGIN;
            continue;
        }
        const sluice_plugin_descriptor *d = plugin.descriptor;
        snprintf(kind_name, sizeof kind_name, "%s %s", plugin_kind_name(d->kind), d->name);
        int shadowed = 0;
        for (size_t j = 0; j < *seen_count; j++)
            shadowed |= strcmp((*seen)[j], kind_name) == 0;
        if (!shadowed) {
            print_keys(plugin_kind_name(d->kind), d->name, d->config_keys);
            xgrow((void **)seen, seen_capacity, *seen_count + 1, sizeof **seen);
            (*seen)[(*seen_count)++] = xstrdup(kind_name);
        }
        plugin_unload(&plugin);
    }
    plugin_dir_names_free(names, (size_t)count);
    return result;
}

int cmd_config_keys(const command_options *options)
{
    plugin_search_path search;
    int opened = command_plugin_dirs(options, "config-keys", &search);
    if (opened != EXIT_OK)
        return opened;
    int result = EXIT_OK;
    printf("section\tplugin\tkey\ttype\tdefault\tallowed\tflags\tdescription\n");
    print_keys("sluice", "*", core_config_keys);
    print_keys("source", "*", instance_config_keys);
    print_keys("sink", "*", instance_config_keys);
    char **seen = NULL;
    size_t seen_count = 0, seen_capacity = 0;
    for (size_t d = 0; d < search.count; d++) {
        int printed = print_directory(search.dirs[d], &seen, &seen_count, &seen_capacity);
        if (printed != EXIT_OK)
            result = printed;
    }
    plugin_dir_names_free(seen, seen_count);
    plugin_search_path_free(&search);
    return result;
}
