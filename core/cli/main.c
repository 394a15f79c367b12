/* main.c — the sluice command line: global options, usage, and dispatch
 * to the subcommands (cmd_*.c). */
#include "config.h"

#include "cli/cmd_decode.h"
#include "cli/command.h"
#include "cli/exit_codes.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sluice/plugin.h>

static const char usage_text[] =
    "usage: sluice [--config FILE] COMMAND [ARGS]\n"
    "\n"
    "Ingest the Stellar ledger stream through a source plugin into a sink plugin.\n"
    "\n"
    "commands:\n"
    "  run                  take the store's lock, catch up, then ingest live\n"
    "  backfill FROM TO     fill the gaps in ledgers FROM..TO with parallel batches\n"
    "  reingest FROM TO     rewrite ledgers FROM..TO from the source, stored or not\n"
    "  gaps [FROM TO]       list missing ledger ranges in the store\n"
    "  status               show cursors, holes and lag\n"
    "  verify [--source] [FROM TO]\n"
    "                       check the hash chain, cursors, gaps and rows; with\n"
    "                       --source, compare every row with the source's\n"
    "  migrate [--dry-run]  list and apply the sink's pending schema migrations\n"
    "  plugins [DIR]        list installed plugins and their config keys\n"
    "  config-keys [DIR]    print every config key of the core and plugins (TSV)\n"
    "  check-config         validate the config file and its plugins\n"
    "  check-plugin PLUGIN.so [--ledgers FROM:TO] [--lose-lock COMMAND]\n"
    "                       check that a plugin keeps its guarantees (needs an\n"
    "                       empty store for a sink)\n"
    "  decode [--type T] [--input raw|framed|batch|base64] [FILE|-]\n"
    "                       print XDR values as JSON\n"
    "\n"
    "options (before or after COMMAND):\n"
    "  -c, --config FILE    config file (default: " DEFAULT_CONFIG ")\n"
    "      --json           machine-readable output (gaps, status)\n"
    "  -h, --help           show this help\n"
    "  -V, --version        show the version and plugin ABI\n"
    "\n"
    "exit codes: 0 ok, 1 runtime failure, 2 usage, 3 config, 4 plugin, 5 data,\n"
    "            6 lock held, 7 interrupted, 8 store or source unavailable at start\n";

typedef struct subcommand {
    const char *name;
    int allow_json;
    int (*handler)(const command_options *options);
} subcommand;

static const subcommand subcommands[] = {
    {"run", 0, cmd_run},
    {"backfill", 0, cmd_backfill},
    {"reingest", 0, cmd_reingest},
    {"gaps", 1, cmd_gaps},
    {"status", 1, cmd_status},
    {"verify", 0, cmd_verify},
    {"migrate", 0, cmd_migrate},
    {"plugins", 0, cmd_plugins},
    {"config-keys", 0, cmd_config_keys},
    {"check-config", 0, cmd_check_config},
};

int main(int argc, char **argv)
{
    static const struct option global_options[] = {
        {"config", required_argument, NULL, 'c'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *config_path = DEFAULT_CONFIG;
    int json = 0;
    int opt;
    /* A closed output is an error to report (or, for decode, the end of
     * the reader's interest), never a silent death by signal. */
    signal(SIGPIPE, SIG_IGN);
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "+c:hV", global_options, NULL)) != -1) {
        switch (opt) {
        case 'c':
            config_path = optarg;
            break;
        case 'j':
            json = 1;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return EXIT_OK;
        case 'V':
            printf("sluice %s (plugin ABI %u.%u)\n", PACKAGE_VERSION, SLUICE_ABI_MAJOR,
                   SLUICE_ABI_MINOR);
            return EXIT_OK;
        default:
            fprintf(stderr, "sluice: unknown or incomplete option '%s'\n%s", argv[optind - 1],
                    usage_text);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "sluice: no command given\n%s", usage_text);
        return EXIT_USAGE;
    }
    const char *name = argv[optind];
    /* decode and check-plugin parse their own options */
    int is_decode = strcmp(name, "decode") == 0;
    if (is_decode || strcmp(name, "check-plugin") == 0) {
        if (json) {
            fprintf(stderr, "sluice %s: --json is not an option of this subcommand\n", name);
            return EXIT_USAGE;
        }
        return is_decode ? cmd_decode(argc - optind, argv + optind)
                         : cmd_check_plugin(argc - optind, argv + optind, config_path);
    }
    for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++) {
        if (strcmp(name, subcommands[i].name) != 0)
            continue;
        command_options options;
        int result = command_parse(argc - optind, argv + optind, config_path,
                                   subcommands[i].allow_json, json, &options);
        if (result != 0)
            return result;
        if (options.help) {
            fputs(usage_text, stdout);
            return EXIT_OK;
        }
        return subcommands[i].handler(&options);
    }
    fprintf(stderr, "sluice: unknown command '%s'\n%s", name, usage_text);
    return EXIT_USAGE;
}
