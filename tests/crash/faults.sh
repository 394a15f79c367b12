#!/bin/sh
# faults.sh — the core under faults, against a real PostgreSQL: a corrupt
# frame and a broken hash chain stop ingestion at that ledger with nothing
# of it committed; a failed catchup batch leaves latest unchanged and the
# retry equals a clean run; backfill batches finishing out of order leave
# exact gaps and, once finished, oldest at the start; a batch redone after
# a failure still moves oldest to the start; a second writer is refused
# while a backfill runs beside the live writer; a PostgreSQL restart in the
# middle of live and backfill work is survived with nothing lost or
# duplicated, and the batches a backfill with asynchronous commits reports
# done survive an immediate server stop right after it.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
PG_PRIVATE=1 # this test restarts its server
. "$TOP_SRCDIR/tests/pg_env.sh"

sql() { psql "$1" -At -c "$2"; }

# config FILE DSN SOURCE-LINES CORE-LINES...
config() {
    file=$1 dsn=$2 source_lines=$3; shift 3
    write_config "$file" dummy postgres "$@"
    sed -i "s|^plugin = dummy|plugin = dummy\n$source_lines|" "$file"
    echo "dsn = $dsn" >>"$file"
}

# ---- a corrupt frame and a broken chain in live ingestion -----------------
db=$(pg_new_database faults_corrupt)
config "$WORK/corrupt.ini" "$db" 'ledgers = 100\ncorrupt_ledger = 50' "start_ledger = 2" "catchup_threshold = 1000"
expect_exit 5 "corrupt frame stops ingestion" "$SLUICE" --config "$WORK/corrupt.ini" run
expect_output "$WORK/err" "ledger 50:"
check "cursor at 49" test "$(sql "$db" "SELECT value FROM sluice.ingest_store WHERE key='latest_ingest_ledger'")" = 49
check "nothing of ledger 50" test "$(sql "$db" "SELECT count(*) FROM sluice.ledgers WHERE sequence >= 50")" = 0

db=$(pg_new_database faults_chain)
config "$WORK/chain.ini" "$db" 'ledgers = 100\nbreak_chain_ledger = 60' "start_ledger = 2" "catchup_threshold = 1000"
expect_exit 5 "broken hash chain stops ingestion" "$SLUICE" --config "$WORK/chain.ini" run
expect_output "$WORK/err" "hash chain broken at ledger 60"
check "cursor at 59" test "$(sql "$db" "SELECT value FROM sluice.ingest_store WHERE key='latest_ingest_ledger'")" = 59
check "nothing of ledger 60" test "$(sql "$db" "SELECT count(*) FROM sluice.ledgers WHERE sequence >= 60")" = 0

# ---- a catchup batch fails: latest does not move; the retry equals a clean run
ref=$(pg_new_database faults_catchup_ref)
db=$(pg_new_database faults_catchup)
core="start_ledger = 2|stop_ledger = 401|catchup_threshold = 10|catchup_chunk = 1000|workers = 2|flush_every = 10"
IFS='|'
config "$WORK/cref.ini" "$ref" 'ledgers = 400' $core
config "$WORK/cfail.ini" "$db" 'ledgers = 400\nfail_ledger = 300' $core
config "$WORK/cretry.ini" "$db" 'ledgers = 400' $core
unset IFS
expect_exit 0 "clean catchup" "$SLUICE" --config "$WORK/cref.ini" run
expect_exit 1 "catchup with a failing batch" "$SLUICE" --config "$WORK/cfail.ini" run
expect_output "$WORK/err" "dummy source failing as configured"
check "latest did not move" test -z "$(sql "$db" "SELECT value FROM sluice.ingest_store WHERE key='latest_ingest_ledger'")"
expect_exit 0 "catchup retried" "$SLUICE" --config "$WORK/cretry.ini" run
check "retry equals the clean run" test "$(pg_checksum "$ref")" = "$(pg_checksum "$db")"

# ---- backfill batches finish out of order -----------------------------------
db=$(pg_new_database faults_order)
config "$WORK/order.ini" "$db" 'ledgers = 400\nslow_below = 80\nslow_ms = 40' "batch_size = 25" "workers = 4" "flush_every = 5"
"$SLUICE" --config "$WORK/order.ini" backfill 2 201 >/dev/null 2>"$WORK/order.err" &
pid=$!
sleep 1.5
kill -9 $pid; wait $pid
stored_high=$(sql "$db" "SELECT count(*) FROM sluice.ledgers WHERE sequence >= 80")
stored_low=$(sql "$db" "SELECT count(*) FROM sluice.ledgers WHERE sequence < 80")
echo "after the kill: $stored_low slow ledgers and $stored_high fast ones stored"
check "later batches finished before earlier ones" test "$stored_high" -gt "$stored_low"
expected_gaps=$(sql "$db" "SELECT s FROM generate_series(2, 201) s EXCEPT SELECT sequence FROM sluice.ledgers ORDER BY 1" |
    awk 'NR == 1 {from = $1; prev = $1; next} $1 != prev + 1 {print from "-" prev; from = $1} {prev = $1} END {if (NR) print from "-" prev}')
"$SLUICE" --config "$WORK/order.ini" gaps 2 201 | sed 's/ (.*//' >"$WORK/gaps.txt"
check "gaps are exactly the missing ledgers" test "$(cat "$WORK/gaps.txt")" = "$expected_gaps"
expect_exit 0 "backfill resumed" "$SLUICE" --config "$WORK/order.ini" backfill 2 201
check "oldest is the start" test "$(sql "$db" "SELECT value FROM sluice.ingest_store WHERE key='oldest_ingest_ledger'")" = 2
check "200 ledgers, each once" test "$(sql "$db" "SELECT count(DISTINCT sequence) || ' ' || count(*) FROM sluice.ledgers")" = "200 200"
expect_exit 0 "no gaps left" "$SLUICE" --config "$WORK/order.ini" verify 2 201

# ---- a batch redone after a failure still claims the start as oldest ---------
db=$(pg_new_database faults_redo)
config "$WORK/redo-fail.ini" "$db" 'ledgers = 400\nfail_ledger = 40' "batch_size = 50" "workers = 1" "flush_every = 5"
config "$WORK/redo.ini" "$db" 'ledgers = 400' "batch_size = 50" "workers = 1" "flush_every = 5"
expect_exit 1 "backfill batch fails at 40" "$SLUICE" --config "$WORK/redo-fail.ini" backfill 2 101
check "ledgers before the failure committed" test "$(sql "$db" "SELECT max(sequence) FROM sluice.ledgers")" = 36
expect_exit 0 "backfill redone" "$SLUICE" --config "$WORK/redo.ini" backfill 2 101
check "oldest is 2 after the redo" test "$(sql "$db" "SELECT value FROM sluice.ingest_store WHERE key='oldest_ingest_ledger'")" = 2

# ---- one writer; backfill beside it ---------------------------------------------
db=$(pg_new_database faults_lock)
config "$WORK/live.ini" "$db" 'ledgers = 100000000' "start_ledger = 5000" "catchup_threshold = 4294967295"
config "$WORK/beside.ini" "$db" 'ledgers = 100000000' "batch_size = 100" "workers = 2"
"$SLUICE" --config "$WORK/live.ini" run 2>"$WORK/live.err" &
live=$!
for _ in $(seq 100); do
    [ -n "$(sql "$db" "SELECT value FROM sluice.ingest_store WHERE key='latest_ingest_ledger'" 2>/dev/null)" ] && break
    sleep 0.1
done
expect_exit 6 "a second writer is refused" "$SLUICE" --config "$WORK/live.ini" run
expect_output "$WORK/err" "lock"
expect_exit 0 "backfill beside the live writer" "$SLUICE" --config "$WORK/beside.ini" backfill 2 1001
kill -TERM $live
wait $live
check "live writer stopped cleanly" test $? -eq 0
latest=$(sql "$db" "SELECT value FROM sluice.ingest_store WHERE key='latest_ingest_ledger'")
expect_exit 0 "backfilled range verifies" "$SLUICE" --config "$WORK/beside.ini" verify 2 1001
expect_exit 0 "live range verifies" "$SLUICE" --config "$WORK/live.ini" verify 5000 "$latest"
check "oldest is the backfill's start" test "$(sql "$db" "SELECT value FROM sluice.ingest_store WHERE key='oldest_ingest_ledger'")" = 2

# ---- PostgreSQL restarted in the middle of live and backfill work ------------
restart_server() {
    sleep 1
    sh "$TOP_SRCDIR/tools/pg-server.sh" restart "$pg_private_dir"
}
db=$(pg_new_database faults_restart)
config "$WORK/rlive.ini" "$db" 'ledgers = 100000000' "start_ledger = 2" "stop_ledger = 1501" "catchup_threshold = 4294967295"
"$SLUICE" --config "$WORK/rlive.ini" run 2>"$WORK/rlive.err" &
pid=$!
restart_server
wait $pid
rc=$?
check "live run survives a server restart" test $rc -eq 0
[ $rc -eq 0 ] || tail -5 "$WORK/rlive.err" >&2
check "every ledger once" test "$(sql "$db" "SELECT count(DISTINCT sequence) || ' ' || count(*) FROM sluice.ledgers")" = "1500 1500"
expect_exit 0 "verify after the restart" "$SLUICE" --config "$WORK/rlive.ini" verify 2 1501
grep -q "retrying" "$WORK/rlive.err" && echo "(the live run retried after the restart)"

db=$(pg_new_database faults_restart_backfill)
config "$WORK/rback.ini" "$db" 'ledgers = 100000000\nslow_below = 100000000\nslow_ms = 1' "batch_size = 200" "workers = 2" "flush_every = 5"
"$SLUICE" --config "$WORK/rback.ini" backfill 2 2001 >/dev/null 2>"$WORK/rback.err" &
pid=$!
restart_server
wait $pid
rc=$?
check "backfill survives a server restart" test $rc -eq 0
[ $rc -eq 0 ] || tail -5 "$WORK/rback.err" >&2
check "every ledger once (backfill)" test "$(sql "$db" "SELECT count(DISTINCT sequence) || ' ' || count(*) FROM sluice.ledgers")" = "2000 2000"
expect_exit 0 "verify after the restart (backfill)" "$SLUICE" --config "$WORK/rback.ini" verify 2 2001

# ---- a backfill's asynchronous commits and an immediate stop right after it:
# the WAL writer is slowed so that commits made with synchronous_commit off
# stay unflushed for seconds; the durable last commit of each batch flushes
# them, so every ledger of the finished backfill survives the stop
sql "$db" "ALTER SYSTEM SET wal_writer_delay = '10s'" >/dev/null
sql "$db" "ALTER SYSTEM SET wal_writer_flush_after = '1GB'" >/dev/null
sql "$db" "SELECT pg_reload_conf()" >/dev/null
db=$(pg_new_database faults_async_stop)
config "$WORK/async.ini" "$db" 'ledgers = 100000000' "batch_size = 100" "workers = 2" "flush_every = 7"
expect_exit 0 "backfill with asynchronous commits" "$SLUICE" --config "$WORK/async.ini" backfill 2 401
sh "$TOP_SRCDIR/tools/pg-server.sh" restart "$pg_private_dir"
check "every ledger of the finished backfill survived the stop" \
    test "$(sql "$db" "SELECT count(DISTINCT sequence) || ' ' || count(*) FROM sluice.ledgers")" = "400 400"
expect_exit 0 "verify after the stop" "$SLUICE" --config "$WORK/async.ini" verify 2 401
finish
