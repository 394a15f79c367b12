#!/bin/sh
# live_gaps.sh — a store built by live ingestion knows where its history
# starts: the first commit of a live run sets the oldest cursor (UpdateMin),
# so gaps, status and verify without arguments cover every stored ledger
# and a ledger deleted from the middle is found; /metrics shows the oldest
# ledger; a store written before the cursor was kept is covered from its
# lowest stored ledger and gets the cursor at its next run; a latest cursor
# moved past what is stored is named in a warning.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/pg_env.sh"
command -v curl >/dev/null || { echo "curl is required"; exit 99; }

dsn=$(pg_new_database live_gaps) || exit 99
port=$((20000 + ($$ + 7) % 20000))
# config STOP [SOURCE LINES...]: live from ledger 2 (no catchup) to STOP
config() {
    stop_ledger=$1; shift
    write_config "$WORK/l.ini" dummy postgres "start_ledger = 2" "stop_ledger = $stop_ledger" \
        "catchup_threshold = 4294967295" "metrics_listen = $port"
    for line in ledgers=100 "$@"; do
        sed -i "s|^plugin = dummy|plugin = dummy\n$line|" "$WORK/l.ini"
    done
    echo "dsn = $dsn" >>"$WORK/l.ini"
}
cursor() {
    psql "$dsn" -qAt -c "SELECT value FROM sluice.ingest_store WHERE key = '$1'"
}

config 30
expect_exit 0 "live run 2..30" "$SLUICE" --config "$WORK/l.ini" run
check "the live run set the oldest cursor to its first ledger" test "$(cursor oldest_ingest_ledger)" = 2
expect_exit 0 "status" "$SLUICE" --config "$WORK/l.ini" --json status
expect_output "$WORK/out" '"oldest":2,"latest":30,"gaps":0'

psql "$dsn" -qAt -c "DELETE FROM sluice.ledgers WHERE sequence = 15" >/dev/null
expect_exit 0 "gaps without arguments" "$SLUICE" --config "$WORK/l.ini" gaps
expect_output "$WORK/out" "15-15 (1 ledgers)"
expect_exit 5 "verify without arguments finds the deleted ledger" "$SLUICE" --config "$WORK/l.ini" verify
expect_output "$WORK/err" "ledgers 15..15 are missing"
expect_exit 0 "status counts it" "$SLUICE" --config "$WORK/l.ini" --json status
expect_output "$WORK/out" '"gaps":1,"missing_ledgers":1'

# /metrics: the oldest ledger as stored, while a run is going
config 40 slow_below=41 slow_ms=200
"$SLUICE" --config "$WORK/l.ini" run 2>"$WORK/run.err" &
pid=$!
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$port/metrics" >"$WORK/metrics.txt" 2>/dev/null &&
        grep -q '^sluice_latest_ledger 3[1-9]' "$WORK/metrics.txt" && break
    sleep 0.1
done
expect_output "$WORK/metrics.txt" "sluice_oldest_ledger 2"
wait $pid
check "second run: exit 0" test $? -eq 0

# a store without the oldest cursor (as written before it was kept)
psql "$dsn" -qAt -c "DELETE FROM sluice.ingest_store WHERE key = 'oldest_ingest_ledger'" >/dev/null
expect_exit 0 "gaps of a store without the oldest cursor" "$SLUICE" --config "$WORK/l.ini" gaps
expect_output "$WORK/out" "15-15 (1 ledgers)"
expect_exit 5 "verify of a store without the oldest cursor" "$SLUICE" --config "$WORK/l.ini" verify
config 45
expect_exit 0 "a run on it" "$SLUICE" --config "$WORK/l.ini" run
check "the run set oldest to the lowest stored ledger" test "$(cursor oldest_ingest_ledger)" = 2

# a latest cursor moved forward by hand
psql "$dsn" -qAt -c "UPDATE sluice.ingest_store SET value = '60' WHERE key = 'latest_ingest_ledger'" >/dev/null
config 62
expect_exit 0 "a run after the cursor moved" "$SLUICE" --config "$WORK/l.ini" run
expect_output "$WORK/err" "the latest cursor is 60 but ledgers 46..60 are not stored"
expect_output "$WORK/err" "sluice backfill 46 60"
finish
