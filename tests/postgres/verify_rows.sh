#!/bin/sh
# verify_rows.sh — `sluice verify` beyond the hash chain, against a real
# PostgreSQL: on a clean backfill it says the rows agree with their
# ledgers; a planted missing operation, a planted missing source
# participant and a planted extra transaction are each named as a fault
# (exit 5) with the ledger; reingest repairs them and verify passes again.
# verify --source re-derives the range from the source and names the first
# stored row that differs (a changed operation, a changed ledger column, a
# state change too many), with the ledger and both rows.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/pg_env.sh"

pg_synth_lake --ledgers 62 --txs-per-ledger 4 --accounts 60

db=$(pg_new_database verify_rows) || exit 99
pg_lake_config "$WORK/pg.ini" "$db" "workers = 2"
expect_exit 0 "backfill 2..63" "$SLUICE" --config "$WORK/pg.ini" backfill 2 63
expect_exit 0 "verify a clean store" "$SLUICE" --config "$WORK/pg.ini" verify 2 63
expect_output "$WORK/out" "rows agree with their ledgers"

plant() { psql "$db" -qAt -v ON_ERROR_STOP=1 -c "$1" >/dev/null || { echo "planting failed"; exit 99; }; }
# planted_fault DESCRIPTION SQL EXPECTED-FAULT: verify names it, reingest repairs it
planted_fault() {
    plant "$2"
    expect_exit 5 "verify: $1" "$SLUICE" --config "$WORK/pg.ini" verify 2 63
    expect_output "$WORK/err" "verify: FAULT: $3"
    expect_exit 0 "reingest 20..40 repairs it" "$SLUICE" --config "$WORK/pg.ini" reingest 20 40
    expect_exit 0 "verify after the repair" "$SLUICE" --config "$WORK/pg.ini" verify 2 63
}

op=$(psql "$db" -qAt -c "SELECT max(id) FROM sluice.operations WHERE id >> 32 = 30")
ops=$(psql "$db" -qAt -c "SELECT operation_count FROM sluice.ledgers WHERE sequence = 30")
planted_fault "a missing operation" "DELETE FROM sluice.operations WHERE id = $op" \
    "ledger 30 counts $ops operations but $((ops - 1)) are stored"

tx=$(psql "$db" -qAt -c "SELECT min(id) FROM sluice.transactions WHERE ledger_sequence = 25")
source=$(psql "$db" -qAt -c "SELECT source_account FROM sluice.transactions WHERE id = $tx")
planted_fault "a missing source participant" \
    "DELETE FROM sluice.transaction_participants WHERE id = $tx AND account = '$source'" \
    "ledger 25: transaction $tx lacks its source $source among its participants"

txs=$(psql "$db" -qAt -c "SELECT successful_transaction_count + failed_transaction_count
                          FROM sluice.ledgers WHERE sequence = 35")
planted_fault "a transaction too many" \
    "UPDATE sluice.ledgers SET failed_transaction_count = failed_transaction_count + 1
     WHERE sequence = 35" \
    "ledger 35 counts $((txs + 1)) transactions but $txs are stored"

expect_exit 0 "verify --source on a clean store" \
    "$SLUICE" --config "$WORK/pg.ini" verify --source 2 63
expect_output "$WORK/out" "every row of 62 ledgers equals the source's"
# planted_difference DESCRIPTION SQL EXPECTED [ALSO-EXPECTED]: only --source sees it
planted_difference() {
    plant "$2"
    expect_exit 0 "verify without --source: $1 is consistent" \
        "$SLUICE" --config "$WORK/pg.ini" verify 2 63
    expect_exit 5 "verify --source: $1" "$SLUICE" --config "$WORK/pg.ini" verify --source 2 63
    expect_output "$WORK/err" "verify: FAULT: $3"
    [ -z "${4:-}" ] || expect_output "$WORK/err" "$4"
    expect_exit 0 "reingest 20..50 repairs it" "$SLUICE" --config "$WORK/pg.ini" reingest 20 50
}
planted_difference "a changed operation" \
    "UPDATE sluice.operations SET result_code = result_code + 7 WHERE id = $op" \
    "ledger 30 differs from the source: operations: stored ($op," "the source gives ($op,"
planted_difference "a ledger column lost" \
    "UPDATE sluice.ledgers SET total_coins = NULL WHERE sequence = 44" \
    "ledger 44 differs from the source: ledgers: stored (44,"
sc=$(psql "$db" -qAt -c "SELECT min(operation_id) FROM sluice.state_changes WHERE operation_id >> 32 = 47")
planted_difference "a state change too many" \
    "INSERT INTO sluice.state_changes SELECT operation_id, \"order\" + 1000, category, reason,
     account, asset, amount, details_json FROM sluice.state_changes
     WHERE operation_id = $sc ORDER BY \"order\" LIMIT 1" \
    "ledger 47 differs from the source: state_changes: stored ($sc,1000,"
expect_exit 0 "verify --source after the repairs" \
    "$SLUICE" --config "$WORK/pg.ini" verify --source 2 63
expect_exit 2 "--source belongs to verify" "$SLUICE" --config "$WORK/pg.ini" gaps --source
finish
