#!/bin/sh
# check_plugin.sh — `sluice check-plugin`: the bundled stdout sink passes
# every check (its lock taken away by removing the lock file); a sink with
# one guarantee broken on purpose fails with a line naming that guarantee,
# and passes when nothing is broken; a store that is not empty is refused;
# the bundled sources pass over a sluice-synth lake (archive) and a
# stand-in stellar-core (captive_core); usage, config and plugin errors
# exit 2, 3 and 4.  (PostgreSQL: tests/postgres/check_plugin_postgres.sh;
# contributed plugins: tests/install_contrib.sh and tests/docs/*.sh.)
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"

PASSPHRASE='Test SDF Network ; September 2015'
stdout_so=$PLUGIN_BUILD_DIR/sink_stdout.so

# sink_ini NAME [LINES...]: $WORK/NAME.ini with a [sink] writing $WORK/NAME/out.ndjson
sink_ini() {
    name=$1; shift
    mkdir -p "$WORK/$name"
    {
        echo "[sink]"
        echo "output = $WORK/$name/out.ndjson"
        for line in "$@"; do echo "$line"; done
    } >"$WORK/$name.ini"
}

# 1. the stdout sink keeps every guarantee
sink_ini stdout
expect_exit 0 "stdout sink passes" "$SLUICE" check-plugin "$stdout_so" --config "$WORK/stdout.ini" \
    --lose-lock "rm $WORK/stdout/out.ndjson.state.lock"
expect_output "$WORK/out" "11 passed, 0 failed, 0 skipped"
for guarantee in "G7  cursor_advance" "G3  cursor_update_min" "G1  rollback" "G6  stored ledgers" \
    "G8  ledger_chain" "G2  lock" "G2  lost lock and re-lock" "G3  concurrent instances" \
    "G1  SIGKILL and restart" "G5  gaps"; do
    expect_output "$WORK/out" "PASS  $guarantee"
done

# 2. run again on the same store: not empty, said so, nothing else run
expect_exit 1 "a store that is not empty is refused" "$SLUICE" check-plugin "$stdout_so" \
    --config "$WORK/stdout.ini"
expect_output "$WORK/out" "FAIL  -   empty store: the store the config names is not empty"
expect_output "$WORK/out" "0 passed, 1 failed, 0 skipped"

# 3. the broken sink: each broken guarantee is named; unbroken, it passes
broken() {
    sink_ini "broken_$1" "wraps = $stdout_so" "broken = $1"
    expect_exit "$2" "broken = $1: exit $2" "$SLUICE" check-plugin "$TEST_PLUGIN_DIR/broken_sink.so" \
        --config "$WORK/broken_$1.ini"
}
broken none 0
expect_output "$WORK/out" "10 passed, 0 failed, 1 skipped"
expect_output "$WORK/out" "SKIP  G2  lost lock and re-lock: no --lose-lock COMMAND given"
broken update_min 1
expect_output "$WORK/out" "FAIL  G3  cursor_update_min (sets when unset, never forward): after cursor_update_min(12700): oldest_ingest_ledger is 12700; expected 12500"
expect_output "$WORK/out" "PASS  G7  cursor_advance"
broken rollback 1
expect_output "$WORK/out" "FAIL  G1  rollback (nothing of the transaction stays): after rollback(): latest_ingest_ledger is 13299; expected 1100"
broken lock 1
expect_output "$WORK/out" "FAIL  G2  lock (one writer; the next after it closes): lock() of a second instance returned SLUICE_OK while another instance holds the writer lock; expected SLUICE_ERROR_LOCKED"

# 4. the bundled sources
check "a lake of 38 ledgers" "$TOP_BUILDDIR/sluice-synth" --ledgers 38 --txs-per-ledger 2 \
    --network-passphrase "$PASSPHRASE" --lake "$WORK/lake" --ledgers-per-file 8 \
    --files-per-partition 16 --quiet
printf '[sluice]\nnetwork_passphrase = %s\n[source]\nplugin = archive\npath = %s\npoll_interval_ms = 100\n' \
    "$PASSPHRASE" "$WORK/lake" >"$WORK/archive.ini"
expect_exit 0 "archive source passes (the ten newest)" "$SLUICE" check-plugin \
    "$PLUGIN_BUILD_DIR/source_archive.so" --config "$WORK/archive.ini"
expect_output "$WORK/out" "3 passed, 0 failed, 0 skipped"
expect_exit 0 "archive source passes (--ledgers 2:39)" "$SLUICE" check-plugin \
    "$PLUGIN_BUILD_DIR/source_archive.so" --config "$WORK/archive.ini" --ledgers 2:39
expect_output "$WORK/out" "PASS  G8  hash chain"
expect_exit 1 "a range the lake does not hold fails the range check" "$SLUICE" check-plugin \
    "$PLUGIN_BUILD_DIR/source_archive.so" --config "$WORK/archive.ini" --ledgers 30:50
expect_output "$WORK/out" "FAIL  -   bounded ranges"

if [ -f "$PLUGIN_BUILD_DIR/source_captive_core.so" ] && command -v python3 >/dev/null; then
    core=$WORK/fake-stellar-core
    sed "1s|.*|#!$(python3 -c 'import sys; print(sys.executable)') -S|" \
        "$TOP_SRCDIR/tests/sources/fake-stellar-core" >"$core"
    chmod 755 "$core"
    export FAKE_CORE_STREAM="$SLUICE_FIXTURES/stellar-core/test-lcm-current/TxResultsTests/6fc036e75b83fdfb.xdr"
    export FAKE_CORE_PASSPHRASE="$PASSPHRASE" FAKE_CORE_LOG="$WORK/fake-core.log"
    printf '[sluice]\nnetwork_passphrase = %s\n[source]\nstellar_core_path = %s\nhistory_archive_urls = http://127.0.0.1:1\nstorage_path = %s\narchive_timeout = 1\nstop_grace_ms = 300\n' \
        "$PASSPHRASE" "$core" "$WORK/core" >"$WORK/captive.ini"
    expect_exit 0 "captive_core source passes" "$SLUICE" check-plugin \
        "$PLUGIN_BUILD_DIR/source_captive_core.so" --config "$WORK/captive.ini" --ledgers 3:8
    expect_output "$WORK/out" "PASS  -   cancellation"
fi

# the dummy source: a finite history (it ends an unbounded range with
# SLUICE_END), so the cancellation check has no wait to cancel
printf '[sluice]\nnetwork_passphrase = %s\n[source]\nledgers = 50\n' "$PASSPHRASE" >"$WORK/dummy.ini"
expect_exit 0 "dummy source passes" "$SLUICE" check-plugin \
    "$PLUGIN_BUILD_DIR/source_dummy.so" --config "$WORK/dummy.ini" --ledgers 2:51
expect_output "$WORK/out" "SKIP  -   cancellation"
expect_output "$WORK/out" "0 failed"

# 5. usage, config and plugin errors
expect_exit 2 "no PLUGIN" "$SLUICE" check-plugin --config "$WORK/stdout.ini"
expect_exit 2 "a bad --ledgers" "$SLUICE" check-plugin "$stdout_so" --ledgers 9:3
expect_exit 3 "an unknown key of the plugin's section" sh -c \
    "printf '[sink]\nbogus = 1\n' >'$WORK/bad.ini'; '$SLUICE' check-plugin '$stdout_so' --config '$WORK/bad.ini'"
expect_output "$WORK/err" "bogus"
expect_exit 4 "not a plugin" "$SLUICE" check-plugin "$TEST_PLUGIN_DIR/no_descriptor.so" \
    --config "$WORK/stdout.ini"
expect_exit 0 "--help" "$SLUICE" check-plugin --help
expect_output "$WORK/out" "--lose-lock"
finish
