#!/bin/sh
# store_commands.sh — `sluice gaps`, `backfill`, `verify` and `status` on a
# stdout-sink file through the real binary and plugins: the holes of a run
# that started late are found exactly, backfill fills them (each ledger
# once, re-running changes nothing), verify reads the hash chain back and
# catches a tampered hash.  The same script on the PostgreSQL sink (a real
# server: $SLUICE_TEST_DSN, or a throwaway one started here) must print
# the same gaps, verify and status lines: both sinks behave the same.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"

# scenario NAME SINK-LINES...: run the sequence, keep what each command
# printed in $WORK/NAME.*
scenario() {
    name=$1; shift
    write_config "$WORK/$name.ini" dummy "$1" "start_ledger = 50"; shift
    sed -i "s|^plugin = dummy|plugin = dummy\nfirst_ledger = 2\nledgers = 100|" "$WORK/$name.ini"
    for line in "$@"; do echo "$line" >>"$WORK/$name.ini"; done
    expect_exit 0 "$name: live run from 50" "$SLUICE" --config "$WORK/$name.ini" run
    expect_exit 0 "$name: gaps" "$SLUICE" --config "$WORK/$name.ini" gaps --json 2 101
    cp "$WORK/out" "$WORK/$name.gaps_before"
    expect_exit 0 "$name: backfill the hole" "$SLUICE" --config "$WORK/$name.ini" backfill 2 101
    expect_exit 0 "$name: backfill again" "$SLUICE" --config "$WORK/$name.ini" backfill 2 101
    expect_exit 0 "$name: gaps after" "$SLUICE" --config "$WORK/$name.ini" gaps --json 2 101
    cp "$WORK/out" "$WORK/$name.gaps_after"
    expect_exit 0 "$name: verify" "$SLUICE" --config "$WORK/$name.ini" verify
    cp "$WORK/out" "$WORK/$name.verify_full"
    # the same up to the row checks, which only postgres can make
    sed 's/, rows .*//' "$WORK/out" >"$WORK/$name.verify"
    expect_exit 0 "$name: status" "$SLUICE" --config "$WORK/$name.ini" status
    cp "$WORK/out" "$WORK/$name.status"
}

# ---- the stdout sink -------------------------------------------------------
output="$WORK/ledgers.ndjson"
scenario stdout stdout "output = $output"
write_config "$WORK/unwritten.ini" dummy stdout
echo "output = $WORK/unwritten.ndjson" >>"$WORK/unwritten.ini"
expect_exit 0 "status on an output never written" "$SLUICE" --config "$WORK/unwritten.ini" status
check "status (a read-only open) created no file" sh -c "! ls '$WORK'/unwritten.ndjson* 2>/dev/null | grep -q ."
check "the late start leaves exactly 2..49 missing" \
    grep -qxF '{"gaps":[{"from":2,"to":49}]}' "$WORK/stdout.gaps_before"
check "no gaps after backfill" grep -qxF '{"gaps":[]}' "$WORK/stdout.gaps_after"
expect_output "$WORK/stdout.verify_full" "rows NOT checked (sink stdout cannot check them)"
check "verify reads the whole chain back" \
    grep -qF "verify 2..101: ok: cursors consistent, no gaps, hash chain unbroken over 100 ledgers" \
    "$WORK/stdout.verify"
check "each ledger once after two backfills" test "$(sed 's/.*"sequence":\([0-9]*\),.*/\1/' \
    "$output" | sort -un | wc -l)" -eq 100
check "100 lines" test "$(wc -l <"$output")" -eq 100
check "state file holds one range" grep -qx "stored 2-101" "$output.state"

# a tampered previous_hash inside the committed prefix breaks the chain
cp "$output" "$WORK/good.ndjson"
old=$(sed -n 's/.*"sequence":77,.*"previous_hash":"\([0-9a-f]*\)".*/\1/p' "$output")
rest=${old#?}
case $old in 0*) new="1$rest" ;; *) new="0$rest" ;; esac
sed -i "s/\"previous_hash\":\"$old\"/\"previous_hash\":\"$new\"/" "$output"
check "tampering kept the length" test "$(wc -c <"$output")" -eq "$(wc -c <"$WORK/good.ndjson")"
expect_exit 5 "verify finds the broken chain" "$SLUICE" --config "$WORK/stdout.ini" verify
expect_output "$WORK/err" "hash chain broken at ledger 77"
cp "$WORK/good.ndjson" "$output"

# a malformed ledger object is refused (exit 5; the message is checked in
# test_sink_api: the core does not print a sink's EXIT_DATA error here)
sed -i '/"sequence":60,/ s/"hash":"[0-9a-f][0-9a-f]/"hash":"zz/' "$output"
expect_exit 5 "verify refuses a malformed ledger line" \
    "$SLUICE" --config "$WORK/stdout.ini" verify 2 101
check "and does not say ok" sh -c "! grep -q ': ok:' '$WORK/out'"
cp "$WORK/good.ndjson" "$output"

# ---- standard output with a state file: a restart resumes after latest ----
write_config "$WORK/pipe.ini" dummy stdout "start_ledger = 2"
sed -i "s|^plugin = dummy|plugin = dummy\nfirst_ledger = 2\nledgers = 20|" "$WORK/pipe.ini"
printf 'output = -\nstate_file = %s\n' "$WORK/pipe.state" >>"$WORK/pipe.ini"
expect_exit 0 "stdout: first run" "$SLUICE" --config "$WORK/pipe.ini" run
check "stdout: ledgers 2..21" test "$(grep -c '^{"type":"ledger"' "$WORK/out")" -eq 20
sed -i 's/^ledgers = 20/ledgers = 30/' "$WORK/pipe.ini"
expect_exit 0 "stdout: restart" "$SLUICE" --config "$WORK/pipe.ini" run
check "stdout: the restart writes only 22..31" test "$(sed 's/.*"sequence":\([0-9]*\),.*/\1/' \
    "$WORK/out" | tr '\n' ' ')" = "22 23 24 25 26 27 28 29 30 31 "
expect_exit 0 "stdout: gaps" "$SLUICE" --config "$WORK/pipe.ini" gaps --json 2 31
check "stdout: no gaps" grep -qxF '{"gaps":[]}' "$WORK/out"

# ---- the same on PostgreSQL ---------------------------------------------
if [ -z "${SLUICE_TEST_DSN:-}" ]; then
    if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
        if [ "${CI:-}" = true ]; then
            fail "no PostgreSQL server installed, and CI=true forbids skipping"
        else
            echo "SKIP part: no PostgreSQL server installed; stdout checks only"
        fi
        finish
    fi
    pgdir=$(mktemp -d /tmp/sluice-pg.XXXXXX)
    trap 'sh "$TOP_SRCDIR/tools/pg-server.sh" stop "$pgdir"; rm -rf "$WORK"' EXIT
    eval "$(sh "$TOP_SRCDIR/tools/pg-server.sh" start "$pgdir")" ||
        { fail "cannot start PostgreSQL"; finish; }
fi
schema="stdout_compare_$$"
scenario postgres postgres "dsn = $SLUICE_TEST_DSN" "schema = $schema"
for what in gaps_before gaps_after verify status; do
    check "postgres and stdout print the same $what" cmp "$WORK/stdout.$what" "$WORK/postgres.$what"
done
psql "$SLUICE_TEST_DSN" -qc "DROP SCHEMA \"$schema\" CASCADE" >/dev/null 2>&1
finish
