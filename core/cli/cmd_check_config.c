/* cmd_check_config.c — `sluice check-config`: validate the whole config
 * file and every plugin it names, reporting all problems at once. */
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
    if (result == EXIT_OK)
        printf("%s: OK (source %s %s, sink %s %s)\n", options->config_path,
               setup.source.plugin.descriptor->name, setup.source.plugin.descriptor->version,
               setup.sink.plugin.descriptor->name, setup.sink.plugin.descriptor->version);
    setup_free(&setup);
    return result;
}
