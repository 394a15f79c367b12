#!/bin/sh
# log_reopen.sh - log_file receives the log lines, and SIGHUP reopens it
# (logrotate moves the file, then signals): lines before the signal stay in
# the moved file, lines after it go to a new file at the configured path.
# Without log_file, SIGHUP does not stop sluice.  A log_file that cannot be
# opened is a config error.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"

# A live run that keeps going: dummy ledgers, 20 ms each.
write_live_config() {
    cat >"$1" <<INI
[sluice]
plugin_dir = $PLUGIN_BUILD_DIR
start_ledger = 2
catchup_threshold = 4294967295
$2
[source]
plugin = dummy
ledgers = 1000000
slow_below = 1000000
slow_ms = 20
[sink]
plugin = stdout
output = $WORK/rows.ndjson
INI
}

# wait_for_file FILE: up to 10 s for FILE to have a line.
wait_for_file() {
    for _ in $(seq 100); do
        [ -s "$1" ] && return 0
        sleep 0.1
    done
    return 1
}

write_live_config "$WORK/file.ini" "log_file = $WORK/sluice.log"
"$SLUICE" --config "$WORK/file.ini" run >"$WORK/run.out" 2>"$WORK/run.err" &
pid=$!
check "log lines go to log_file" wait_for_file "$WORK/sluice.log"
mv "$WORK/sluice.log" "$WORK/sluice.log.1"
kill -HUP "$pid"
sleep 0.5
check "sluice survives SIGHUP" kill -0 "$pid"
kill -TERM "$pid"
wait "$pid"
check "stopped cleanly by SIGTERM after SIGHUP" test $? -eq 0
check "a new log file after SIGHUP" test -s "$WORK/sluice.log"
check "the rotated file has the first lines" grep -q 'live ingestion from ledger 2' "$WORK/sluice.log.1"
check "the rotated file has no later lines" sh -c "! grep -q 'stopped:' '$WORK/sluice.log.1'"
check "the new file has the last line" grep -q 'stopped:' "$WORK/sluice.log"
check "nothing logged on stderr" test ! -s "$WORK/run.err"

write_live_config "$WORK/stderr.ini" ""
"$SLUICE" --config "$WORK/stderr.ini" run >"$WORK/run.out" 2>"$WORK/run.err" &
pid=$!
check "logs on stderr without log_file" wait_for_file "$WORK/run.err"
kill -HUP "$pid"
sleep 0.5
check "SIGHUP without log_file does not stop sluice" kill -0 "$pid"
kill -TERM "$pid"
wait "$pid"
check "stopped cleanly" test $? -eq 0

write_live_config "$WORK/bad.ini" "log_file = $WORK/no/such/dir/sluice.log"
expect_exit 3 "an unopenable log_file is a config error" "$SLUICE" --config "$WORK/bad.ini" check-config
expect_output "$WORK/err" "[sluice] log_file = '$WORK/no/such/dir/sluice.log': log file: cannot open"
finish
