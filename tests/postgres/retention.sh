#!/bin/sh
# retention.sh — history_retention_ledgers through the real `sluice run`
# against PostgreSQL, over a sluice-synth lake of ledgers 2..255 with
# 100 kept (floor 156): unpartitioned, a live run reaps every 64 ledgers
# in bounded deletes and moves oldest (to 93 after ledger 192), and the
# next start reaps to exactly the floor (100 ledgers left, no row below
# it in any table); partitioned by 32, a catchup run drops the whole
# partitions below the floor (0..127) and keeps the one reaching it, so
# oldest is 128; in both, gaps over 2..255 reports nothing below the floor
# and verify passes; a sink that cannot remove history (stdout) is refused.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/pg_env.sh"

pg_synth_lake --ledgers 254 --txs-per-ledger 3 --accounts 60

# run_config FILE DSN CATCHUP-THRESHOLD [SINK-LINES...]
run_config() {
    file=$1 dsn=$2 threshold=$3
    shift 3
    pg_lake_config "$file" "$dsn" "start_ledger = 2" "stop_ledger = 255" \
        "history_retention_ledgers = 100" "catchup_threshold = $threshold"
    for line in "$@"; do echo "$line" >>"$file"; done
}
cursor() { psql "$1" -qAt -c "SELECT value FROM sluice.ingest_store WHERE key = '$2'"; }
lowest() { psql "$1" -qAt -c "SELECT min(sequence) || ' ' || count(*) FROM sluice.ledgers"; }

flat=$(pg_new_database retention_flat) || exit 99
run_config "$WORK/flat.ini" "$flat" 100000
expect_exit 0 "live run 2..255, keeping 100" "$SLUICE" --config "$WORK/flat.ini" run
expect_output "$WORK/err" "retention: ledgers 2..28 removed, oldest is 29"
check "oldest moved by the reaps at 64, 128 and 192" test "$(cursor "$flat" oldest_ingest_ledger)" = 93
expect_exit 0 "run again: reaps at its start" "$SLUICE" --config "$WORK/flat.ini" run
check "oldest is the floor 156" test "$(cursor "$flat" oldest_ingest_ledger)" = 156
check "ledgers 156..255 stored" test "$(lowest "$flat")" = "156 100"
check "no row below the floor in any table" test "$(psql "$flat" -qAt -c "
    SELECT (SELECT count(*) FROM sluice.transactions WHERE ledger_sequence < 156)
         + (SELECT count(*) FROM sluice.operations WHERE id < 156::bigint << 32)
         + (SELECT count(*) FROM sluice.transaction_participants WHERE id < 156::bigint << 32)
         + (SELECT count(*) FROM sluice.state_changes WHERE operation_id < 156::bigint << 32)")" = 0
check "rows above the floor kept" test "$(psql "$flat" -qAt -c \
    "SELECT count(*) > 0 FROM sluice.transactions WHERE ledger_sequence >= 156")" = t
check "balances kept" test "$(psql "$flat" -qAt -c "SELECT count(*) > 0 FROM sluice.balances")" = t
expect_exit 0 "gaps 2..255" "$SLUICE" --config "$WORK/flat.ini" gaps --json 2 255
check "no gaps below the floor" grep -qxF '{"gaps":[]}' "$WORK/out"
expect_exit 0 "verify" "$SLUICE" --config "$WORK/flat.ini" verify 2 255
expect_output "$WORK/out" "verify 156..255: ok"

parted=$(pg_new_database retention_parted) || exit 99
run_config "$WORK/parted.ini" "$parted" 100 "partition_ledgers = 32"
expect_exit 0 "catchup run 2..255, partitioned by 32" "$SLUICE" --config "$WORK/parted.ini" run
expect_output "$WORK/err" "retention: ledgers 96..127 removed, oldest is 128"
check "oldest is the first partition reaching the floor" \
    test "$(cursor "$parted" oldest_ingest_ledger)" = 128
check "ledgers 128..255 stored" test "$(lowest "$parted")" = "128 128"
check "the partitions below are dropped, in every table" test "$(psql "$parted" -qAt -c "
    SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'sluice' AND c.relname ~ '_00000000(00|32|64|96)$'")" = 0
check "the partition reaching the floor stays" test "$(psql "$parted" -qAt -c \
    "SELECT to_regclass('sluice.operations_0000000128') IS NOT NULL")" = t
expect_exit 0 "gaps 2..255" "$SLUICE" --config "$WORK/parted.ini" gaps --json 2 255
check "no gaps below the floor" grep -qxF '{"gaps":[]}' "$WORK/out"
expect_exit 0 "verify" "$SLUICE" --config "$WORK/parted.ini" verify
expect_output "$WORK/out" "verify 156..255: ok"

write_config "$WORK/stdout.ini" archive stdout "history_retention_ledgers = 100"
sed -i "s|^plugin = archive|plugin = archive\npath = $WORK/lake|" "$WORK/stdout.ini"
echo "output = $WORK/rows.ndjson" >>"$WORK/stdout.ini"
expect_exit 3 "retention with a sink that cannot remove history" \
    "$SLUICE" --config "$WORK/stdout.ini" run
expect_output "$WORK/err" "sink plugin stdout cannot remove history"
finish
