/* cmd_check_config.c — `sluice check-config`: validate the whole config
 * file and every plugin it names, then let each plugin check its own
 * settings (descriptor->validate), reporting all problems at once; opens
 * nothing. */
#include "config.h"

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "host/setup.h"

#include <stdio.h>

int cmd_check_config(const command_options *options)
{
    if (options->positional_count) {
        fprintf(stderr, "sluice check-config: unexpected argument '%s'\n",
                options->positional[0]);
        return EXIT_USAGE;
    }
    sluice_setup setup;
    int result = command_load_setup(options, &setup);
    /* the plugins' own checks also when the file had errors, so that every
     * problem is listed at once */
    if (result == EXIT_OK || (result == EXIT_CONFIG && setup.source.plugin.descriptor &&
                              setup.sink.plugin.descriptor)) {
        diag_list diags = {0};
        if (setup_validate_plugins(&setup, &diags) != SETUP_OK)
            result = EXIT_CONFIG;
        for (size_t i = 0; i < diags.count; i++)
            fprintf(stderr, "sluice: %s\n", diags.items[i]);
        diag_free(&diags);
    }
    if (result == EXIT_OK)
        printf("%s: OK (source %s %s, sink %s %s)\n", options->config_path,
               setup.source.plugin.descriptor->name, setup.source.plugin.descriptor->version,
               setup.sink.plugin.descriptor->name, setup.sink.plugin.descriptor->version);
    setup_free(&setup);
    return result;
}
