/* cmd_check_plugin.c — `sluice check-plugin PLUGIN.so [--config FILE]
 * [--ledgers FROM:TO] [--lose-lock COMMAND]`: load any source or sink and
 * run the conformance checks of its kind (core/conformance), one line per
 * check naming the guarantee; exit 0 when none failed, 1 otherwise. */
#include "config.h"

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "conformance/check_setup.h"
#include "conformance/sink_checks.h"
#include "conformance/source_checks.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
    "usage: sluice check-plugin PLUGIN.so [--config FILE] [--ledgers FROM:TO]\n"
    "                           [--lose-lock COMMAND]\n"
    "\n"
    "Check that a source or sink plugin keeps the guarantees of sluice-plugin(7).\n"
    "Its settings come from the [sink] or [source] section of FILE.  A sink is\n"
    "written into: FILE must name an empty store.\n"
    "\n"
    "  -c, --config FILE      config file with the plugin's section\n"
    "      --ledgers FROM:TO  (source) the ledgers to read (default: the ten newest)\n"
    "      --lose-lock CMD    (sink) shell command that takes the writer lock away\n"
    "                         from its holder; without it that check is skipped\n"
    "  -h, --help             show this help\n";

typedef struct check_options {
    const char *plugin_path;
    const char *config_path;
    const char *ledgers;
    const char *lose_lock;
} check_options;

static int parse(int argc, char **argv, check_options *options)
{
    static const struct option long_options[] = {
        {"config", required_argument, NULL, 'c'},
        {"ledgers", required_argument, NULL, 'l'},
        {"lose-lock", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 0;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, "c:h", long_options, NULL)) != -1) {
        switch (opt) {
        case 'c':
            options->config_path = optarg;
            break;
        case 'l':
            options->ledgers = optarg;
            break;
        case 'k':
            options->lose_lock = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return -1;
        default:
            fprintf(stderr, "sluice check-plugin: unknown or incomplete option '%s'\n%s",
                    argv[optind - 1], usage_text);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, "sluice check-plugin: expected one PLUGIN argument\n%s", usage_text);
        return EXIT_USAGE;
    }
    options->plugin_path = argv[optind];
    return 0;
}

/* "FROM:TO" into from..to; -1 after printing why. */
static int parse_ledgers(const char *text, uint32_t *from, uint32_t *to)
{
    char first[32];
    const char *colon = strchr(text, ':');
    if (!colon || (size_t)(colon - text) >= sizeof first) {
        fprintf(stderr, "sluice check-plugin: --ledgers '%s' is not FROM:TO\n", text);
        return -1;
    }
    memcpy(first, text, (size_t)(colon - text));
    first[colon - text] = '\0';
    if (command_parse_ledger(first, "--ledgers FROM", from) != 0 ||
        command_parse_ledger(colon + 1, "--ledgers TO", to) != 0)
        return -1;
    if (*from > *to) {
        fprintf(stderr, "sluice check-plugin: --ledgers %s: FROM is after TO\n", text);
        return -1;
    }
    return 0;
}

int cmd_check_plugin(int argc, char **argv, const char *default_config)
{
    check_options options = {NULL, default_config, NULL, NULL};
    int parsed = parse(argc, argv, &options);
    if (parsed != 0)
        return parsed < 0 ? EXIT_OK : parsed;
    source_target source = {NULL, NULL, 0, 0};
    if (options.ledgers && parse_ledgers(options.ledgers, &source.from, &source.to) != 0)
        return EXIT_USAGE;

    check_setup setup;
    diag_list diags = {0};
    setup_result result = check_setup_load(&setup, options.plugin_path, options.config_path,
                                           &diags);
    for (size_t i = 0; i < diags.count; i++)
        fprintf(stderr, "sluice: %s\n", diags.items[i]);
    diag_free(&diags);
    if (result != SETUP_OK) {
        check_setup_free(&setup);
        return command_exit_code_for_setup(result);
    }
    const sluice_plugin_descriptor *d = setup.section.plugin.descriptor;
    const char *passphrase = setup.core.network_passphrase;
    printf("checking %s plugin %s %s (%s) with [%s] of %s\n", plugin_kind_name(d->kind), d->name,
           d->version, setup.section.plugin.path, setup.section.section, options.config_path);
    check_tally tally = {stdout, 0, 0, 0};
    if (d->kind == SLUICE_PLUGIN_SINK) {
        sink_target sink = {&setup.section, passphrase, options.lose_lock};
        sink_checks_run(&sink, &tally);
    } else {
        source.section = &setup.section;
        source.network_passphrase = passphrase;
        source_checks_run(&source, &tally);
    }
    printf("%u passed, %u failed, %u skipped\n", tally.passed, tally.failed, tally.skipped);
    check_setup_free(&setup);
    return tally.failed ? EXIT_FAILURE_ : EXIT_OK;
}
