#!/bin/sh
# reingest.sh — `sluice reingest FROM TO` against a real PostgreSQL, two
# workers over a sluice-synth lake: rows planted as an older sluice might
# have written them (a changed operation, a NULL column an older schema
# lacked, a lost participant) survive a backfill, which skips stored
# ledgers, and are rewritten by reingest to exactly the rows of a clean
# backfill (pg_checksum: every row of every table); a second reingest
# changes nothing (idempotent); a run stopped by a failure names the
# ledger to resume from; a sink that cannot rewrite (stdout) is refused
# with exit 3 before any work.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/pg_env.sh"

pg_synth_lake --ledgers 118 --txs-per-ledger 5 --accounts 80

db=$(pg_new_database reingest) || exit 99
pg_lake_config "$WORK/pg.ini" "$db" "batch_size = 15" "workers = 2"

expect_exit 0 "backfill 2..119" "$SLUICE" --config "$WORK/pg.ini" backfill 2 119
pg_checksum "$db" >"$WORK/clean.sum"
check "rows were written" sh -c "! grep -q '^operations 0 ' '$WORK/clean.sum'"

# what an older sluice may have left: a wrong value, a column it did not
# fill, a participant it missed
psql "$db" -qAt -v ON_ERROR_STOP=1 \
    -c "UPDATE sluice.operations SET result_code = result_code + 7
        WHERE id = (SELECT min(o.id) FROM sluice.operations o
                    JOIN sluice.transactions t ON t.id = o.transaction_id
                    WHERE t.ledger_sequence = 40)" \
    -c "UPDATE sluice.ledgers SET total_coins = NULL WHERE sequence BETWEEN 60 AND 70" \
    -c "DELETE FROM sluice.transaction_participants
        WHERE id = (SELECT min(id) FROM sluice.transactions WHERE ledger_sequence = 90)" \
    >/dev/null || { echo "planting failed"; exit 99; }
pg_checksum "$db" >"$WORK/planted.sum"
check "the planted rows differ" sh -c "! cmp -s '$WORK/clean.sum' '$WORK/planted.sum'"

expect_exit 0 "backfill 2..119 again" "$SLUICE" --config "$WORK/pg.ini" backfill 2 119
expect_output "$WORK/out" "0 ledgers written"
pg_checksum "$db" >"$WORK/backfilled.sum"
check "backfill leaves stored ledgers as they are" cmp "$WORK/planted.sum" "$WORK/backfilled.sum"

expect_exit 0 "reingest 30..100, two workers" "$SLUICE" --config "$WORK/pg.ini" reingest 30 100
expect_output "$WORK/out" "reingest 30..100: 5 batches, 71 ledgers rewritten"
pg_checksum "$db" >"$WORK/reingested.sum"
check "reingest restores the rows of a clean run" cmp "$WORK/clean.sum" "$WORK/reingested.sum"

expect_exit 0 "reingest 2..119 again" "$SLUICE" --config "$WORK/pg.ini" reingest 2 119
pg_checksum "$db" >"$WORK/again.sum"
check "a second reingest changes nothing" cmp "$WORK/clean.sum" "$WORK/again.sum"
expect_exit 0 "verify" "$SLUICE" --config "$WORK/pg.ini" verify 2 119

# a run that stops names where to resume: the lake ends at 119, so the
# batch 107..121 fails after every batch below it was rewritten
expect_exit 5 "reingest 2..125, past the source's end" \
    "$SLUICE" --config "$WORK/pg.ini" reingest 2 125
expect_output "$WORK/err" "every ledger below 107 was rewritten: run \`sluice reingest 107 125\` to finish"
pg_checksum "$db" >"$WORK/stopped.sum"
check "what was rewritten is still the clean rows" cmp "$WORK/clean.sum" "$WORK/stopped.sum"

# an append-only sink cannot rewrite: refused before any work
write_config "$WORK/stdout.ini" archive stdout
sed -i "s|^plugin = archive|plugin = archive\npath = $WORK/lake|" "$WORK/stdout.ini"
echo "output = $WORK/rows.ndjson" >>"$WORK/stdout.ini"
expect_exit 3 "reingest into stdout" "$SLUICE" --config "$WORK/stdout.ini" reingest 2 10
expect_output "$WORK/err" "sink plugin stdout cannot rewrite stored ledgers"
check "nothing was written" test ! -s "$WORK/rows.ndjson"
finish
