/* check_setup.c — the plugin and config section check-plugin tests (see
 * check_setup.h). */
#include "config.h"

#include "conformance/check_setup.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const sluice_config_key ignored_plugin_key[] = {
    {"plugin", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, 0,
     "ignored by check-plugin: the PLUGIN argument names the file", SLUICE_CONFIG_UNBOUND},
    SLUICE_CONFIG_END,
};

setup_result check_setup_load(check_setup *setup, const char *plugin_path,
                               const char *config_path, diag_list *diags)
{
    memset(setup, 0, sizeof *setup);
    char absolute[PATH_MAX];
    error_report err;
    if (!realpath(plugin_path, absolute)) {
        diag_add(diags, "cannot find the plugin %s", plugin_path);
        return SETUP_PLUGIN_REFUSED;
    }
    if (plugin_load_file(absolute, 0, &setup->section.plugin, &err) != 0) {
        diag_add(diags, "%s%s%s", err.message, err.detail[0] ? ": " : "", err.detail);
        return SETUP_PLUGIN_REFUSED;
    }
    const sluice_plugin_descriptor *d = setup->section.plugin.descriptor;
    setup->section.kind = d->kind;
    setup->section.section = plugin_kind_name(d->kind);
    if (ini_file_load(config_path, &setup->file, diags, &err) != 0) {
        diag_add(diags, "%s: %s", err.message, err.detail);
        return SETUP_CONFIG_INVALID;
    }
    if (core_settings_read(setup->file, config_path, &setup->core_values, &setup->core,
                           diags) != 0)
        return SETUP_CONFIG_INVALID;
    const sluice_config_key *const maps[] = {ignored_plugin_key, d->config_keys, NULL};
    config_values_resolve(&setup->section.values, setup->file, setup->section.section,
                          maps, diags);
    return diags->count ? SETUP_CONFIG_INVALID : SETUP_OK;
}

void check_setup_free(check_setup *setup)
{
    config_values_free(&setup->section.values);
    plugin_unload(&setup->section.plugin);
    config_values_free(&setup->core_values);
    ini_file_free(setup->file);
    setup->file = NULL;
}
