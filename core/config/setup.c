/* setup.c — config file + plugins → a validated setup (see setup.h). */
#include "config.h"

#include "config/setup.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>

#define PUBNET_PASSPHRASE "Public Global Stellar Network ; September 2015"

const sluice_config_key core_config_keys[] = {
    {"network_passphrase", SLUICE_CONFIG_STRING, PUBNET_PASSPHRASE, NULL, 0, 0, 0,
     "passphrase of the Stellar network ingested; sources and sinks check it"},
    {"plugin_dir", SLUICE_CONFIG_STRING, PLUGIN_DIR, NULL, 0, 0, 0,
     "directory searched for plugins named without a path"},
    {"log_level", SLUICE_CONFIG_ENUM, "info", "error|warn|info|debug", 0, 0, 0,
     "most detailed level of log line written"},
    {"log_format", SLUICE_CONFIG_ENUM, "logfmt", "logfmt|json", 0, 0, 0,
     "format of log lines on stderr"},
    {"log_file", SLUICE_CONFIG_STRING, "", NULL, 0, 0, 0,
     "append log lines to this file instead of stderr; SIGHUP reopens it (empty: stderr)"},
    {"start_ledger", SLUICE_CONFIG_INT, NULL, NULL, 2, 4294967295LL, 0,
     "first ledger of a live run on an empty store"},
    {"store_xdr", SLUICE_CONFIG_ENUM, "none", "none|envelope|all", 0, 0, 0,
     "raw XDR kept with each transaction row: none, the envelope, or envelope+result+meta"},
    {"stop_ledger", SLUICE_CONFIG_INT, "0", NULL, 0, 4294967295LL, 0,
     "a live run stops cleanly after committing this ledger (0: never)"},
    {"catchup_threshold", SLUICE_CONFIG_INT, "100", NULL, 0, 4294967295LL, 0,
     "catch up in parallel when the source's tip is more than this many ledgers ahead"},
    {"catchup_chunk", SLUICE_CONFIG_INT, "10000", NULL, 1, 100000000, 0,
     "ledgers per atomic catchup chunk: a crash loses at most one chunk of work"},
    {"metrics_listen", SLUICE_CONFIG_STRING, "", NULL, 0, 0, 0,
     "serve Prometheus metrics on [ADDRESS:]PORT (address defaults to 127.0.0.1; empty: off)"},
    {"pipeline_depth", SLUICE_CONFIG_INT, "8", NULL, 2, 1024, 0,
     "ledgers in flight between source, indexer and sink, per worker (bounds memory)"},
    {"workers", SLUICE_CONFIG_INT, "2", NULL, 1, 64, 0,
     "parallel batches in backfill and catchup, each with its own source and sink"},
    {"batch_size", SLUICE_CONFIG_INT, "1000", NULL, 1, 10000000, 0,
     "ledgers per backfill batch"},
    {"flush_every", SLUICE_CONFIG_INT, "100", NULL, 1, 1000000, 0,
     "ledgers per sink transaction in backfill and catchup batches"},
    {"retry_attempts", SLUICE_CONFIG_INT, "10", NULL, 1, 1000, 0,
     "attempts at a live run or a batch whose source or sink fails transiently, with a "
     "backoff of 0.5 s doubling to 10 s between them"},
    SLUICE_CONFIG_END,
};

const sluice_config_key instance_config_keys[] = {
    {"plugin", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, SLUICE_CONFIG_REQUIRED,
     "plugin name (looked up in plugin_dir) or absolute path of its .so"},
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
 * instance keys plus the plugin's map: ENGINE_OK, ENGINE_CONFIG or
 * ENGINE_PLUGIN. */
static engine_status load_plugin_section(sluice_setup *setup, plugin_section *ps,
                                         diag_list *diags)
{
    const ini_file *file = setup->file;
    if (!ini_file_section_line(file, ps->section)) {
        diag_add(diags, "%s: missing section [%s] (with plugin = NAME)", file->path, ps->section);
        return ENGINE_CONFIG;
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
        return ENGINE_CONFIG;
    }
    diag_free(&instance_diags);
    const ini_entry *plugin_entry = ini_file_find(file, ps->section, "plugin");
    unsigned line = plugin_entry ? plugin_entry->line : ini_file_section_line(file, ps->section);
    error_report err;
    const char *plugin_dir = config_values_string(&setup->core, "plugin_dir");
    int loaded = plugin_load(plugin_dir ? plugin_dir : PLUGIN_DIR, plugin_name, ps->kind,
                             &ps->plugin, &err);
    if (loaded != 0)
        diag_add(diags, "%s:%u: [%s] plugin = %s: %s%s%s", file->path, line, ps->section,
                 plugin_name, err.message, err.detail[0] ? ": " : "", err.detail);
    config_values_free(&instance);
    if (loaded != 0)
        return ENGINE_PLUGIN;
    const sluice_config_key *const maps[] = {instance_config_keys,
                                             ps->plugin.descriptor->config_keys, NULL};
    config_values_resolve(&ps->values, file, ps->section, ps->plugin.descriptor->config_keys
                                                              ? maps : instance_only, diags);
    return ENGINE_OK;
}

engine_status setup_load(sluice_setup *setup, const char *config_path, diag_list *diags)
{
    memset(setup, 0, sizeof *setup);
    setup->source.section = "source";
    setup->source.kind = SLUICE_PLUGIN_SOURCE;
    setup->sink.section = "sink";
    setup->sink.kind = SLUICE_PLUGIN_SINK;

    error_report err;
    if (ini_file_load(config_path, &setup->file, diags, &err) != 0) {
        diag_add(diags, "%s: %s", err.message, err.detail);
        return ENGINE_CONFIG;
    }
    check_sections(setup->file, diags);
    const sluice_config_key *const core_maps[] = {core_config_keys, NULL};
    config_values_resolve(&setup->core, setup->file, "sluice", core_maps, diags);
    size_t config_errors = diags->count;

    engine_status source_result = load_plugin_section(setup, &setup->source, diags);
    engine_status sink_result = load_plugin_section(setup, &setup->sink, diags);
    if (source_result == ENGINE_PLUGIN || sink_result == ENGINE_PLUGIN)
        return ENGINE_PLUGIN;
    if (config_errors || diags->count)
        return ENGINE_CONFIG;
    log_configure((sluice_log_level)log_level_parse(config_values_string(&setup->core, "log_level")),
                  (log_format)log_format_parse(config_values_string(&setup->core, "log_format")));
    const char *log_file = config_values_string(&setup->core, "log_file");
    char why[512];
    if (log_file && *log_file && log_open_file(log_file, why, sizeof why) != 0) {
        diag_add(diags, "%s: [sluice] log_file = '%s': %s", config_path, log_file, why);
        return ENGINE_CONFIG;
    }
    return ENGINE_OK;
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
    config_values_free(&setup->core);
    ini_file_free(setup->file);
    setup->file = NULL;
}
