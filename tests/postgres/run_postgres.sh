#!/bin/sh
# run_postgres.sh — `sluice run` end to end into the PostgreSQL sink through
# the real binary and dlopen'ed plugins: a run to the end of the source, a
# second writer refused while the first runs (G2), SIGKILL mid-run leaving
# exactly the ledgers up to the cursor (G1), and a restart resuming at
# latest + 1 with no gap and no duplicate (G5, G6); `sluice verify` agrees.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"

if [ -z "${SLUICE_TEST_DSN:-}" ]; then
    if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
        [ "${CI:-}" = true ] && { echo "no PostgreSQL server and CI=true" >&2; exit 99; }
        echo "SKIP: no PostgreSQL server installed and SLUICE_TEST_DSN unset"; exit 77
    fi
    pgdir=$(mktemp -d /tmp/sluice-pgrun.XXXXXX)
    trap 'sh "$TOP_SRCDIR/tools/pg-server.sh" stop "$pgdir"; rm -rf "$WORK"' EXIT
    eval "$(sh "$TOP_SRCDIR/tools/pg-server.sh" start "$pgdir")" || exit 99
fi
db=sluice_run_$$
psql "$SLUICE_TEST_DSN" -qc "CREATE DATABASE $db TEMPLATE template0" || exit 99
[ -n "${pgdir:-}" ] || trap 'psql "$SLUICE_TEST_DSN" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"; rm -rf "$WORK"' EXIT
DSN="$SLUICE_TEST_DSN dbname=$db"
sql() { psql "$DSN" -Atc "$1"; }

# config: dummy source with N ledgers from 2 into the postgres sink, live
# path only (catchup, which commits batches ahead of the cursor, is
# tests/crash/crash_modes.sh's)
config() { # FILE LEDGERS
    write_config "$1" dummy postgres "start_ledger = 2" "catchup_threshold = 4294967295"
    sed -i "s|^plugin = dummy|plugin = dummy\nledgers = $2|" "$1"
    echo "dsn = $DSN" >>"$1"
}

config "$WORK/short.ini" 300
expect_exit 0 "run to the end of the source" "$SLUICE" --config "$WORK/short.ini" run
check "300 ledgers stored" test "$(sql 'SELECT count(*) FROM sluice.ledgers')" -eq 300
check "latest cursor 301" test "$(sql "SELECT value FROM sluice.ingest_store WHERE key = 'latest_ingest_ledger'")" = 301

# a long run; a second writer is refused while it holds the lock
config "$WORK/long.ini" 100000000
"$SLUICE" --config "$WORK/long.ini" run 2>"$WORK/long.err" &
pid=$!
sleep 1
expect_exit 6 "second writer refused" "$SLUICE" --config "$WORK/long.ini" run
expect_output "$WORK/err" "another sluice instance is the writer"

# SIGKILL: every ledger up to the cursor, none beyond it
sleep 1
kill -KILL $pid
wait $pid 2>/dev/null
latest=$(sql "SELECT value FROM sluice.ingest_store WHERE key = 'latest_ingest_ledger'")
echo "killed at latest = $latest"
check "progress after the kill" test "$latest" -gt 301
check "no ledger beyond the cursor" test "$(sql 'SELECT max(sequence) FROM sluice.ledgers')" -eq "$latest"
check "every ledger up to the cursor, once" test "$(sql 'SELECT count(*) FROM sluice.ledgers')" -eq $((latest - 1))

# restart: resumes at latest + 1 and runs to the end of a bounded source
total=$((latest + 200))
config "$WORK/resume.ini" $((total - 1))
expect_exit 0 "restart after SIGKILL" "$SLUICE" --config "$WORK/resume.ini" run
expect_output "$WORK/err" "live ingestion from ledger $((latest + 1))"
check "all ledgers once after the restart" test "$(sql 'SELECT count(*) FROM sluice.ledgers')" -eq $((total - 1))
check "no duplicate sequence" test "$(sql 'SELECT count(DISTINCT sequence) FROM sluice.ledgers')" -eq $((total - 1))
expect_exit 0 "verify the store" "$SLUICE" --config "$WORK/resume.ini" verify
expect_output "$WORK/out" "no gaps"
finish
