#!/bin/sh
# run_pipeline.sh — `sluice run` end to end through real dlopen'ed plugins:
# the dummy source into the stdout sink, every ledger once and in order;
# a stop signal ends the run cleanly after the ledger in flight.
. "$TOP_SRCDIR/tests/testlib.sh"

write_config "$WORK/run.ini" dummy stdout "start_ledger = 100"
cat >>"$WORK/run.ini" <<INI
output = $WORK/ledgers.ndjson
INI
sed -i "s|^plugin = dummy|plugin = dummy\nfirst_ledger = 100\nledgers = 250|" "$WORK/run.ini"
expect_exit 0 "run to the end of the source" "$SLUICE" --config "$WORK/run.ini" run
expect_output "$WORK/err" "stopped: 250 ledgers ingested, latest 349"
check "250 lines" test "$(wc -l <"$WORK/ledgers.ndjson")" -eq 250
check "first is 100" grep -q '^{"type":"ledger","sequence":100,' "$WORK/ledgers.ndjson"
check "in order, no gaps" sh -c "sed 's/.*\"sequence\":\([0-9]*\).*/\1/' '$WORK/ledgers.ndjson' | awk 'NR>1 && \$1 != prev+1 {exit 1} {prev=\$1}'"

# a start before the source's first ledger is the source's error, exit 1
write_config "$WORK/early.ini" dummy stdout "start_ledger = 50"
sed -i "s|^plugin = dummy|plugin = dummy\nfirst_ledger = 100|" "$WORK/early.ini"
expect_exit 1 "range the source lacks" "$SLUICE" --config "$WORK/early.ini" run
expect_output "$WORK/err" "source: prepare from ledger 50: range not available from the dummy source"
expect_output "$WORK/err" "HINT: The dummy source has first_ledger"

# SIGTERM stops a long run cleanly with exit 0
write_config "$WORK/long.ini" dummy stdout "start_ledger = 2"
sed -i "s|^plugin = dummy|plugin = dummy\nledgers = 100000000|" "$WORK/long.ini"
echo "output = $WORK/long.ndjson" >>"$WORK/long.ini"
"$SLUICE" --config "$WORK/long.ini" run 2>"$WORK/long.err" &
pid=$!
sleep 1
kill -TERM $pid
wait $pid
code=$?
check "SIGTERM exits 0" test "$code" -eq 0
expect_output "$WORK/long.err" "stopped:"
check "whole lines only" sh -c "tail -c 1 '$WORK/long.ndjson' | od -c | grep -q '\\\\n'"
finish
