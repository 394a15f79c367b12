#!/bin/sh
# backfill_plan.sh — how backfill cuts a range: lazily (a range of four
# billion ledgers in batches of one plans in constant memory and fails only
# where the source has no more ledgers), and in shares that keep every
# worker busy (a short range is split between the workers, batch_size stays
# an upper bound).
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"

write_config "$WORK/b.ini" dummy stdout "batch_size = 1" "workers = 2"
echo "output = $WORK/out.ndjson" >>"$WORK/b.ini"
expect_exit 1 "backfill 2..4294967295 in batches of 1 ends at the source's end" \
    timeout 60 "$SLUICE" --config "$WORK/b.ini" backfill 2 4294967295
expect_output "$WORK/err" "range not available from the dummy source"
check "not out of memory" sh -c "! grep -q 'out of memory' '$WORK/err'"
expect_output "$WORK/err" "4294967294 batches of up to 1 ledgers"

# ten ledgers on two workers: two batches of five, not one of ten
write_config "$WORK/s.ini" dummy stdout "workers = 2"
echo "output = $WORK/short.ndjson" >>"$WORK/s.ini"
expect_exit 0 "backfill of a short range" "$SLUICE" --config "$WORK/s.ini" backfill 2 11
expect_output "$WORK/err" "batch 2..6 done"
expect_output "$WORK/err" "batch 7..11 done"
# four workers and batch_size 2 over ten ledgers: five batches of two
write_config "$WORK/c.ini" dummy stdout "workers = 4" "batch_size = 2"
echo "output = $WORK/capped.ndjson" >>"$WORK/c.ini"
expect_exit 0 "batch_size caps the share" "$SLUICE" --config "$WORK/c.ini" backfill 2 11
expect_output "$WORK/out" "1 gaps, 5 batches, 10 ledgers written"
finish
