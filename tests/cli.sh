#!/bin/sh
# cli.sh — the command line: help, version, usage errors and exit codes.
. "$TOP_SRCDIR/tests/testlib.sh"

write_config "$WORK/ok.ini" dummy stdout

expect_exit 0 "--help" "$SLUICE" --help
expect_output "$WORK/out" "usage: sluice [--config FILE] COMMAND"
for sub in run "backfill FROM TO" "gaps" "status" "verify" "plugins" "check-config" "decode"; do
    expect_output "$WORK/out" "  $sub"
done
expect_output "$WORK/out" "exit codes: 0 ok, 1 runtime failure, 2 usage, 3 config, 4 plugin, 5 data,"
expect_exit 0 "--version" "$SLUICE" --version
expect_output "$WORK/out" "plugin ABI 3.1"
expect_exit 0 "subcommand --help" "$SLUICE" run --help
expect_exit 2 "no command" "$SLUICE"
expect_exit 2 "unknown command" "$SLUICE" frobnicate
expect_output "$WORK/err" "unknown command 'frobnicate'"
expect_exit 2 "unknown option" "$SLUICE" --bogus run
expect_exit 2 "unknown subcommand option" "$SLUICE" run --bogus
expect_exit 2 "--json where not allowed" "$SLUICE" run --json
expect_exit 2 "backfill without range" "$SLUICE" --config "$WORK/ok.ini" backfill
expect_exit 2 "backfill with a bad ledger" "$SLUICE" --config "$WORK/ok.ini" backfill 10 x
expect_output "$WORK/err" "TO 'x' is not a ledger sequence"
expect_exit 2 "gaps with one bound" "$SLUICE" --config "$WORK/ok.ini" gaps 10
expect_exit 2 "status with an argument" "$SLUICE" --config "$WORK/ok.ini" status now
expect_exit 2 "backfill FROM after TO" "$SLUICE" --config "$WORK/ok.ini" backfill 20 10
expect_output "$WORK/err" "FROM 20 is after TO 10"
expect_exit 2 "verify with one bound" "$SLUICE" --config "$WORK/ok.ini" verify 10
expect_exit 2 "run with an argument" "$SLUICE" --config "$WORK/ok.ini" run extra
expect_exit 3 "missing config file" "$SLUICE" --config "$WORK/none.ini" status
expect_output "$WORK/err" "cannot open config file $WORK/none.ini"
# the embedded default configuration is valid with the plugins just built
SLUICE_SLUICE_PLUGIN_DIR="$PLUGIN_BUILD_DIR" expect_exit 0 "etc/sluice.ini passes check-config" \
    "$SLUICE" --config "$TOP_SRCDIR/etc/sluice.ini" check-config
expect_output "$WORK/out" "OK (source archive"
finish
