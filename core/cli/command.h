/* command.h — what every subcommand shares: its option parsing (the
 * options common to all: --config, --json, --help) and the one mapping
 * from the engine's statuses to exit codes.  Each subcommand lives in
 * cmd_<name>.c. */
#ifndef SLUICE_COMMAND_H
#define SLUICE_COMMAND_H

#include <sluice/plugin.h>

#include "host/setup.h"
#include "engine/engine_status.h"

typedef struct command_options {
    const char *config_path;
    int json;                 /* --json given (where allowed) */
    int help;                 /* --help given */
    int from_source;          /* verify --source given */
    int dry_run;              /* --dry-run given (migrate only) */
    int positional_count;
    char **positional;        /* arguments after the subcommand name */
} command_options;

/* Parse argv (argv[0] is the subcommand).  default_config is used when
 * --config is absent; json_before_command is 1 when --json came before the
 * subcommand's name.  Returns 0, or EXIT_USAGE after printing why. */
int command_parse(int argc, char **argv, const char *default_config, int allow_json,
                  int json_before_command, command_options *options);

/* Parse a ledger sequence argument (2..4294967295); -1 after printing why. */
int command_parse_ledger(const char *text, const char *what, uint32_t *out);

/* The process exit code (cli/exit_codes.h, sluice(1)) of an engine status. */
int command_exit_code(engine_status status);
/* The exit code of a setup that failed to load (or EXIT_OK). */
int command_exit_code_for_setup(setup_result result);

struct sluice_setup;
/* Load the setup named by options; on failure print every diagnostic and
 * return the exit code (EXIT_CONFIG or EXIT_PLUGIN), else EXIT_OK. */
int command_load_setup(const command_options *options, struct sluice_setup *setup);

struct plugin_search_path;
/* The directories `sluice NAME [DIR]` lists (plugin_dir.h): at most one
 * DIR argument, else the configured search path.  EXIT_OK, or EXIT_USAGE
 * or EXIT_PLUGIN after printing why. */
int command_plugin_dirs(const command_options *options, const char *name,
                        struct plugin_search_path *out);

/* Start the metrics endpoint when metrics_listen is set; EXIT_OK or
 * EXIT_CONFIG after printing why.  metrics_server_stop() ends it. */
int command_start_metrics(const struct sluice_setup *setup);

/* The subcommands; each returns the process exit code. */
int cmd_run(const command_options *options);
int cmd_check_config(const command_options *options);
int cmd_plugins(const command_options *options);
int cmd_config_keys(const command_options *options);
int cmd_backfill(const command_options *options);
int cmd_reingest(const command_options *options);
int cmd_gaps(const command_options *options);
int cmd_status(const command_options *options);
int cmd_verify(const command_options *options);
int cmd_migrate(const command_options *options);
/* check-plugin parses its own options (argv[0] is "check-plugin"). */
int cmd_check_plugin(int argc, char **argv, const char *default_config);

#endif
