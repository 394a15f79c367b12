/* cmd_pending.c — subcommands whose engine is not built yet (backfill,
 * gaps, status, verify).  Their arguments and config are checked for real
 * so scripts get the same usage and config errors they will get later;
 * then they say so and exit with EXIT_NOT_IMPLEMENTED. */
#include "config.h"

#include "command.h"
#include "exit_codes.h"
#include "setup.h"

#include <stdio.h>

/* Validate config, report "not implemented yet". */
static int not_implemented(const command_options *options, const char *name)
{
    sluice_setup setup;
    int result = command_load_setup(options, &setup);
    setup_free(&setup);
    if (result != EXIT_OK)
        return result;
    fprintf(stderr, "sluice %s: not implemented yet in sluice %s\n", name, PACKAGE_VERSION);
    return EXIT_NOT_IMPLEMENTED;
}

static int expect_arguments(const command_options *options, const char *name, int min, int max)
{
    if (options->positional_count < min || options->positional_count > max) {
        fprintf(stderr, "sluice %s: expected %d to %d arguments, got %d; try 'sluice --help'\n",
                name, min, max, options->positional_count);
        return -1;
    }
    return 0;
}

/* Optional FROM TO pair: both or none, FROM <= TO. */
static int check_range(const command_options *options, const char *name, int required)
{
    if (expect_arguments(options, name, required ? 2 : 0, 2) != 0 ||
        options->positional_count == 1) {
        if (options->positional_count == 1)
            fprintf(stderr, "sluice %s: give both FROM and TO\n", name);
        return -1;
    }
    if (options->positional_count == 0)
        return 0;
    uint32_t from, to;
    if (command_parse_ledger(options->positional[0], "FROM", &from) != 0 ||
        command_parse_ledger(options->positional[1], "TO", &to) != 0)
        return -1;
    if (from > to) {
        fprintf(stderr, "sluice %s: FROM %u is after TO %u\n", name, from, to);
        return -1;
    }
    return 0;
}

int cmd_backfill(const command_options *options)
{
    if (check_range(options, "backfill", 1) != 0)
        return EXIT_USAGE;
    return not_implemented(options, "backfill");
}

int cmd_verify(const command_options *options)
{
    if (check_range(options, "verify", 0) != 0)
        return EXIT_USAGE;
    return not_implemented(options, "verify");
}

int cmd_gaps(const command_options *options)
{
    if (check_range(options, "gaps", 0) != 0)
        return EXIT_USAGE;
    return not_implemented(options, "gaps");
}

int cmd_status(const command_options *options)
{
    if (expect_arguments(options, "status", 0, 0) != 0)
        return EXIT_USAGE;
    return not_implemented(options, "status");
}
