/* check_setup.h — what `sluice check-plugin PLUGIN --config FILE` loads:
 * the plugin file given on the command line and, from FILE, the [sluice]
 * section (network_passphrase) and the section named after the plugin's
 * kind ([sink] or [source]), validated against the plugin's config map
 * as `sluice run` validates it.  A `plugin =` line in that section is
 * allowed and ignored: the PLUGIN argument names the file. */
#ifndef SLUICE_CHECK_SETUP_H
#define SLUICE_CHECK_SETUP_H

#include "host/setup.h"

typedef struct check_setup {
    ini_file *file;
    config_values core_values; /* [sluice] as read */
    sluice_core_settings core; /* and as settings (strings owned by core_values) */
    plugin_section section;    /* the plugin and its section's values */
} check_setup;

/* Load and validate; every problem goes to diags.  check_setup_free() is
 * safe after any result. */
setup_result check_setup_load(check_setup *setup, const char *plugin_path,
                               const char *config_path, diag_list *diags);
void check_setup_free(check_setup *setup);

#endif
