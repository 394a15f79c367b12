/* setup.h — turn a config file into a validated setup: the [sluice]
 * section's values and, for [source] and [sink], the loaded plugin and its
 * section's values.  Used by every subcommand that reads a config. */
#ifndef SLUICE_SETUP_H
#define SLUICE_SETUP_H

#include "config/config_values.h"
#include "config/core_settings.h"
#include "config/ini_file.h"
#include "host/loader.h"
#include "host/plugin_path.h"
#include "base/report.h"

/* Keys the core handles in every plugin section ("plugin"). */
extern const sluice_config_key instance_config_keys[];

typedef struct plugin_section {
    const char *section;       /* "source" or "sink" */
    sluice_plugin_kind kind;
    loaded_plugin plugin;      /* handle == NULL when not loaded */
    config_values values;      /* instance keys + the plugin's own map */
} plugin_section;

typedef struct sluice_setup {
    ini_file *file;
    config_values core_values;     /* [sluice] as validated */
    sluice_core_settings core;     /* [sluice] as fields; strings in core_values */
    plugin_search_path plugin_path;/* plugin_dir's directories, then the built-in one */
    plugin_section source;
    plugin_section sink;
} sluice_setup;

/* How loading a setup ended. */
typedef enum setup_result {
    SETUP_OK = 0,
    SETUP_CONFIG_INVALID,   /* the file is unreadable or invalid */
    SETUP_PLUGIN_REFUSED    /* a plugin could not be loaded */
} setup_result;

/* Load and validate everything.  Every problem is added to diags (so
 * check-config can show them all).  setup_free() is safe after any
 * result. */
setup_result setup_load(sluice_setup *setup, const char *config_path, diag_list *diags);
void setup_free(sluice_setup *setup);

/* Ask each plugin of a loaded setup to check its own settings (the
 * descriptor's validate, without side effects); every problem is added to
 * diags as "FILE: [SECTION] KEY: MESSAGE".  SETUP_OK or
 * SETUP_CONFIG_INVALID. */
setup_result setup_validate_plugins(const sluice_setup *setup, diag_list *diags);

#endif
