/* cmd_run.c — `sluice run`: read the setup, start the metrics endpoint
 * and the signal handlers, run live ingestion (engine/live.c) and turn
 * how it ended into the exit code. */
#include "config.h"

#include "base/cancel.h"
#include "cli/command.h"
#include "engine/live.h"
#include "cli/exit_codes.h"
#include "base/metrics.h"
#include "host/setup.h"

#include <stdio.h>

int cmd_run(const command_options *options)
{
    if (options->positional_count) {
        fprintf(stderr, "sluice run: unexpected argument '%s'\n", options->positional[0]);
        return EXIT_USAGE;
    }
    sluice_setup setup;
    int result = command_load_setup(options, &setup);
    if (result == EXIT_OK)
        result = command_start_metrics(&setup);
    if (result == EXIT_OK) {
        cancel_install_signal_handlers();
        error_report err;
        engine_status status = live_run(&setup, &err);
        if (status != ENGINE_OK)
            report_print(&err);
        metrics_server_stop();
        result = command_exit_code(status);
    }
    setup_free(&setup);
    return result;
}
