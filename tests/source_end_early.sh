#!/bin/sh
# source_end_early.sh — a source that ends a bounded range early (SLUICE_END
# before its last ledger) is a failure, not a finished batch: nothing of the
# open transaction is committed, the oldest cursor does not claim the range,
# and gaps shows the whole range still missing.  An unbounded live range a
# finite source ends stays a clean stop.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"

write_config "$WORK/e.ini" dummy stdout "workers = 1" "batch_size = 100"
sed -i "s|^plugin = dummy|plugin = dummy\nledgers = 100\nend_after_ledger = 6|" "$WORK/e.ini"
echo "output = $WORK/out.ndjson" >>"$WORK/e.ini"
expect_exit 5 "backfill of a range the source ends early fails" \
    "$SLUICE" --config "$WORK/e.ini" backfill 2 11
expect_output "$WORK/err" "the source ended the range 2..11 after ledger 6"
expect_output "$WORK/err" "ledgers 7..11 never came"
expect_exit 0 "gaps" "$SLUICE" --config "$WORK/e.ini" gaps 2 11
expect_output "$WORK/out" "2-11 (10 ledgers)"
expect_exit 0 "status" "$SLUICE" --config "$WORK/e.ini" --json status
expect_output "$WORK/out" '"oldest":null'

# live, unbounded, on a finite source: a clean stop after its last ledger
write_config "$WORK/l.ini" dummy stdout "start_ledger = 2" "catchup_threshold = 4294967295"
sed -i "s|^plugin = dummy|plugin = dummy\nledgers = 100\nend_after_ledger = 6|" "$WORK/l.ini"
echo "output = $WORK/live.ndjson" >>"$WORK/l.ini"
expect_exit 0 "a live run ends cleanly where a finite source ends" "$SLUICE" --config "$WORK/l.ini" run
expect_output "$WORK/err" "source has no more ledgers after 6"
finish
