#!/bin/sh
# cli.sh — the command line: help, version, usage errors and exit codes.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"

write_config "$WORK/ok.ini" dummy stdout

expect_exit 0 "--help" "$SLUICE" --help
expect_output "$WORK/out" "usage: sluice [--config FILE] COMMAND"
for sub in run "backfill FROM TO" "gaps" "status" "verify" "plugins" "check-config" "decode"; do
    expect_output "$WORK/out" "  $sub"
done
expect_output "$WORK/out" "exit codes: 0 ok, 1 runtime failure, 2 usage, 3 config, 4 plugin, 5 data,"
expect_exit 0 "--version" "$SLUICE" --version
expect_output "$WORK/out" "plugin ABI 3.2"
expect_exit 0 "subcommand --help" "$SLUICE" run --help
expect_exit 2 "no command" "$SLUICE"
expect_exit 2 "unknown command" "$SLUICE" frobnicate
expect_output "$WORK/err" "unknown command 'frobnicate'"
expect_exit 2 "unknown option" "$SLUICE" --bogus run
expect_exit 2 "unknown subcommand option" "$SLUICE" run --bogus
expect_exit 2 "--json where not allowed" "$SLUICE" run --json
expect_exit 2 "--json before a command that has none" "$SLUICE" --json run
expect_output "$WORK/err" "--json is not an option of this subcommand"
echo "output = $WORK/none.ndjson" >>"$WORK/ok.ini"
for order in "--json status" "status --json"; do
    expect_exit 0 "sluice $order" "$SLUICE" --config "$WORK/ok.ini" $order
    expect_output "$WORK/out" '{"oldest":'
done
expect_exit 0 "decode --help" "$SLUICE" decode --help
expect_output "$WORK/out" "usage: sluice decode"
expect_output "$WORK/out" "--max-bytes"
stream=$TOP_SRCDIR/tests/data/stellar-core/test-lcm-current/PathPaymentTests/4a5fb7ad61be37b1.xdr
# a reader that stops early: decode ends quietly with status 0 (SIGPIPE ignored)
{ "$SLUICE" decode --input framed "$stream" 2>"$WORK/pipe.err"; echo $? >"$WORK/pipe.rc"; } |
    head -c 10 >/dev/null
check "decode | head exits 0" test "$(cat "$WORK/pipe.rc")" = 0
check "decode | head prints nothing on stderr" test ! -s "$WORK/pipe.err"
expect_exit 5 "decode of an input over --max-bytes" "$SLUICE" decode --max-bytes 1000 --input framed "$stream"
expect_output "$WORK/err" "input larger than the limit of 1000 bytes"
expect_exit 5 "decode of stdin over --max-bytes" sh -c "cat '$stream' | '$SLUICE' decode --max-bytes 1000 --input framed"
expect_output "$WORK/err" "-: input larger than the limit of 1000 bytes"
head -c 50000000 /dev/zero | gzip -c >"$WORK/bomb.gz"
expect_exit 5 "decode of a gzip bomb" "$SLUICE" decode --max-bytes 1000000 "$WORK/bomb.gz"
expect_output "$WORK/err" "gzip: expands past the limit of 1000000 bytes"
expect_exit 5 "decode --max-bytes takes a size" "$SLUICE" decode --max-bytes 1k --input framed "$stream"
expect_output "$WORK/err" "input larger than the limit of 1024 bytes"
expect_exit 2 "decode --max-bytes needs a size" "$SLUICE" decode --max-bytes lots "$stream"
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
