/* command.c — shared subcommand option parsing and the exit-code mapping. */
#include "config.h"

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "base/metrics.h"
#include "host/setup.h"
#include "host/plugin_dir.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int json_not_allowed(const char *subcommand)
{
    fprintf(stderr, "sluice %s: --json is not an option of this subcommand\n", subcommand);
    return EXIT_USAGE;
}

int command_parse(int argc, char **argv, const char *default_config, int allow_json,
                  int json_before_command, command_options *options)
{
    static const struct option long_options[] = {
        {"config", required_argument, NULL, 'c'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {"source", no_argument, NULL, 's'},
        {"dry-run", no_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    memset(options, 0, sizeof *options);
    options->config_path = default_config;
    if (json_before_command && !allow_json)
        return json_not_allowed(argv[0]);
    options->json = json_before_command;
    optind = 0; /* 0: glibc re-initialises, dropping main()'s "+" mode */
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, "c:h", long_options, NULL)) != -1) {
        switch (opt) {
        case 'c':
            options->config_path = optarg;
            break;
        case 'j':
            if (!allow_json)
                return json_not_allowed(argv[0]);
            options->json = 1;
            break;
        case 'h':
            options->help = 1;
            break;
        case 's':
            if (strcmp(argv[0], "verify") != 0) {
                fprintf(stderr, "sluice %s: --source is an option of verify only\n", argv[0]);
                return EXIT_USAGE;
            }
            options->from_source = 1;
            break;
        case 'n':
            if (strcmp(argv[0], "migrate") != 0) {
                fprintf(stderr, "sluice %s: --dry-run is an option of migrate only\n", argv[0]);
                return EXIT_USAGE;
            }
            options->dry_run = 1;
            break;
        default:
            fprintf(stderr, "sluice %s: unknown or incomplete option '%s'; try 'sluice --help'\n",
                    argv[0], argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    options->positional_count = argc - optind;
    options->positional = argv + optind;
    return 0;
}

int command_parse_ledger(const char *text, const char *what, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-' || value < 2 || value > 4294967295ULL) {
        fprintf(stderr, "sluice: %s '%s' is not a ledger sequence (2..4294967295)\n", what, text);
        return -1;
    }
    *out = (uint32_t)value;
    return 0;
}

int command_exit_code(engine_status status)
{
    switch (status) {
    case ENGINE_OK:
        return EXIT_OK;
    case ENGINE_CONFIG:
        return EXIT_CONFIG;
    case ENGINE_PLUGIN:
        return EXIT_PLUGIN;
    case ENGINE_DATA:
        return EXIT_DATA;
    case ENGINE_LOCKED:
        return EXIT_LOCK_HELD;
    case ENGINE_INTERRUPTED:
        return EXIT_INTERRUPTED;
    case ENGINE_UNAVAILABLE:
        return EXIT_UNAVAILABLE;
    case ENGINE_FAILED:
    case ENGINE_RETRY:
        break;
    }
    return EXIT_FAILURE_;
}

int command_exit_code_for_setup(setup_result result)
{
    return result == SETUP_OK             ? EXIT_OK
           : result == SETUP_PLUGIN_REFUSED ? EXIT_PLUGIN
                                            : EXIT_CONFIG;
}

int command_load_setup(const command_options *options, sluice_setup *setup)
{
    diag_list diags = {0};
    setup_result result = setup_load(setup, options->config_path, &diags);
    for (size_t i = 0; i < diags.count; i++)
        fprintf(stderr, "sluice: %s\n", diags.items[i]);
    diag_free(&diags);
    return command_exit_code_for_setup(result);
}

int command_start_metrics(const sluice_setup *setup)
{
    const char *listen = setup->core.metrics_listen;
    if (!listen || !*listen)
        return EXIT_OK;
    error_report err;
    const readiness_limits limits = {
        .max_lag_ledgers = (uint64_t)setup->core.max_lag_ledgers,
        .max_lag_seconds = (uint64_t)(setup->core.max_lag_seconds + 999) / 1000,
    };
    if (metrics_server_start(listen, &limits, &err) != 0) {
        report_print(&err);
        return EXIT_CONFIG;
    }
    return EXIT_OK;
}

int command_plugin_dirs(const command_options *options, const char *name,
                        plugin_search_path *out)
{
    if (options->positional_count > 1) {
        fprintf(stderr, "sluice %s: expected at most one DIR argument\n", name);
        return EXIT_USAGE;
    }
    error_report err;
    if (plugin_dir_search_path(options->config_path,
                               options->positional_count ? options->positional[0] : NULL, out,
                               &err) != 0) {
        report_print(&err);
        return EXIT_PLUGIN;
    }
    return EXIT_OK;
}
