/* setup.c — config file + plugins → a validated setup (see setup.h): the
 * host layer's composition of the config and the plugins a run needs. */
#include "config.h"

#include "host/setup.h"
#include "host/instance.h"
#include "base/log.h"
#include "base/metrics.h"

#include <ctype.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const sluice_config_key instance_config_keys[] = {
    {"plugin", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, SLUICE_CONFIG_REQUIRED,
     "plugin name (looked up in the directories of plugin_dir, then the built-in one) or "
     "absolute path of its .so",
     SLUICE_CONFIG_UNBOUND},
    SLUICE_CONFIG_END,
};

static const char *const known_sections[] = {"sluice", "source", "sink"};

static void check_sections(const ini_file *file, diag_list *diags)
{
    for (size_t i = 0; i < file->section_count; i++) {
        int known = 0;
        for (size_t k = 0; k < sizeof known_sections / sizeof *known_sections; k++)
            known |= strcmp(file->sections[i].name, known_sections[k]) == 0;
        if (!known)
            diag_add(diags, "%s:%u: unknown section [%s]; allowed sections are: [sluice], "
                     "[source], [sink]", file->path, file->sections[i].line,
                     file->sections[i].name);
    }
}

/* Load the plugin a section names and validate the section against the
 * instance keys plus the plugin's map: SETUP_OK, SETUP_CONFIG_INVALID or
 * SETUP_PLUGIN_REFUSED. */
static setup_result load_plugin_section(sluice_setup *setup, plugin_section *ps,
                                         diag_list *diags)
{
    const ini_file *file = setup->file;
    if (!ini_file_section_line(file, ps->section)) {
        diag_add(diags, "%s: missing section [%s] (with plugin = NAME)", file->path, ps->section);
        return SETUP_CONFIG_INVALID;
    }
    const sluice_config_key *const instance_only[] = {instance_config_keys, NULL};
    config_values instance;
    diag_list instance_diags = {0};
    config_values_resolve(&instance, file, ps->section, instance_only, &instance_diags);
    const char *plugin_name = config_values_string(&instance, "plugin");
    if (!plugin_name) {
        for (size_t i = 0; i < instance_diags.count; i++)
            if (!strstr(instance_diags.items[i], "unknown key"))
                diag_add(diags, "%s", instance_diags.items[i]);
        diag_free(&instance_diags);
        config_values_free(&instance);
        return SETUP_CONFIG_INVALID;
    }
    diag_free(&instance_diags);
    const ini_entry *plugin_entry = ini_file_find(file, ps->section, "plugin");
    unsigned line = plugin_entry ? plugin_entry->line : ini_file_section_line(file, ps->section);
    error_report err;
    int loaded = plugin_load(&setup->plugin_path, plugin_name, ps->kind, &ps->plugin, &err);
    if (loaded != 0)
        diag_add(diags, "%s:%u: [%s] plugin = %s: %s%s%s", file->path, line, ps->section,
                 plugin_name, err.message, err.detail[0] ? ": " : "", err.detail);
    config_values_free(&instance);
    if (loaded != 0)
        return SETUP_PLUGIN_REFUSED;
    const sluice_config_key *const maps[] = {instance_config_keys,
                                             ps->plugin.descriptor->config_keys, NULL};
    config_values_resolve(&ps->values, file, ps->section, ps->plugin.descriptor->config_keys
                                                              ? maps : instance_only, diags);
    config_report_unknown_environment(file->path, ps->section,
                                      ps->plugin.descriptor->config_keys ? maps : instance_only,
                                      diags);
    return SETUP_OK;
}

/* Report a problem with a [sluice] key's value where it was set: its
 * FILE:LINE, or the environment variable that overrides it. */
static void diag_core_key(const sluice_setup *setup, const char *key, const char *value,
                          diag_list *diags, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void diag_core_key(const sluice_setup *setup, const char *key, const char *value,
                          diag_list *diags, const char *fmt, ...)
{
    char why[1024], variable[96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    snprintf(variable, sizeof variable, "SLUICE_SLUICE_%s", key);
    for (char *p = variable; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    const ini_file *file = setup->file;
    const ini_entry *entry = ini_file_find(file, "sluice", key);
    if (entry && !getenv(variable))
        diag_add(diags, "%s:%u: [sluice] %s = '%s': %s", file->path, entry->line, key,
                 value ? value : "", why);
    else
        diag_add(diags, "%s: [sluice] %s = '%s'%s%s%s: %s", file->path, key, value ? value : "",
                 getenv(variable) ? " (from the environment " : "",
                 getenv(variable) ? variable : "", getenv(variable) ? ")" : "", why);
}

/* Vet plugin_dir's directories; a problem is a config error at its line. */
static int open_plugin_path(sluice_setup *setup, diag_list *diags)
{
    error_report err;
    if (plugin_search_path_open(&setup->plugin_path, setup->core.plugin_dir, 1, &err) == 0)
        return 0;
    diag_core_key(setup, "plugin_dir", setup->core.plugin_dir, diags, "%s: %s", err.message,
                  err.detail);
    return -1;
}

setup_result setup_load(sluice_setup *setup, const char *config_path, diag_list *diags)
{
    memset(setup, 0, sizeof *setup);
    setup->source.section = "source";
    setup->source.kind = SLUICE_PLUGIN_SOURCE;
    setup->sink.section = "sink";
    setup->sink.kind = SLUICE_PLUGIN_SINK;

    error_report err;
    if (ini_file_load(config_path, &setup->file, diags, &err) != 0) {
        diag_add(diags, "%s: %s", err.message, err.detail);
        return SETUP_CONFIG_INVALID;
    }
    check_sections(setup->file, diags);
    if (core_settings_read(setup->file, config_path, &setup->core_values, &setup->core,
                           diags) != 0)
        return SETUP_CONFIG_INVALID;
    struct sockaddr_in listen_address;
    const char *listen = setup->core.metrics_listen;
    if (listen && *listen && metrics_listen_parse(listen, &listen_address) != 0)
        diag_core_key(setup, "metrics_listen", listen, diags,
                      "expected [IPv4-ADDRESS:]PORT with a port of 1..65535, e.g. 127.0.0.1:9473");
    size_t config_errors = diags->count;
    if (open_plugin_path(setup, diags) != 0)
        return SETUP_CONFIG_INVALID;

    setup_result source_result = load_plugin_section(setup, &setup->source, diags);
    setup_result sink_result = load_plugin_section(setup, &setup->sink, diags);
    if (source_result == SETUP_PLUGIN_REFUSED || sink_result == SETUP_PLUGIN_REFUSED)
        return SETUP_PLUGIN_REFUSED;
    if (config_errors || diags->count)
        return SETUP_CONFIG_INVALID;
    log_configure((sluice_log_level)log_level_parse(setup->core.log_level),
                  (log_format)log_format_parse(setup->core.log_format));
    const char *log_file = setup->core.log_file;
    char why[512];
    if (log_file && *log_file && log_open_file(log_file, why, sizeof why) != 0) {
        diag_add(diags, "%s: [sluice] log_file = '%s': %s", config_path, log_file, why);
        return SETUP_CONFIG_INVALID;
    }
    return SETUP_OK;
}

static void plugin_section_free(plugin_section *ps)
{
    config_values_free(&ps->values);
    plugin_unload(&ps->plugin);
}

void setup_free(sluice_setup *setup)
{
    plugin_section_free(&setup->source);
    plugin_section_free(&setup->sink);
    config_values_free(&setup->core_values);
    plugin_search_path_free(&setup->plugin_path);
    ini_file_free(setup->file);
    setup->file = NULL;
}

typedef struct problem_context {
    const sluice_setup *setup;
    const plugin_section *section;
    diag_list *diags;
    size_t count;
} problem_context;

static void add_problem(void *context, const char *key, const char *message)
{
    problem_context *pc = context;
    const ini_entry *entry = key ? ini_file_find(pc->setup->file, pc->section->section, key) : NULL;
    unsigned line = entry ? entry->line
                          : ini_file_section_line(pc->setup->file, pc->section->section);
    diag_add(pc->diags, "%s:%u: [%s]%s%s: %s", pc->setup->file->path, line,
             pc->section->section, key ? " " : "", key ? key : "",
             message ? message : "(no message)");
    pc->count++;
}

setup_result setup_validate_plugins(const sluice_setup *setup, diag_list *diags)
{
    const plugin_section *sections[] = {&setup->source, &setup->sink};
    size_t problems = 0;
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
        const plugin_section *ps = sections[i];
        if (!ps->plugin.descriptor || !ps->plugin.descriptor->validate)
            continue;
        plugin_instance instance; /* a host table only: nothing is opened */
        instance_prepare(&instance, ps, setup->core.network_passphrase, SLUICE_OPEN_READ_ONLY);
        problem_context pc = {setup, ps, diags, 0};
        sluice_status status = ps->plugin.descriptor->validate(&instance.host, add_problem, &pc);
        if (status != SLUICE_OK && pc.count == 0)
            add_problem(&pc, NULL, instance.has_error ? instance.error.message
                                                      : "the plugin's validate failed");
        problems += pc.count;
    }
    return problems ? SETUP_CONFIG_INVALID : SETUP_OK;
}
