#!/bin/sh
# run_pipeline.sh — `sluice run` end to end through real dlopen'ed plugins:
# the dummy source into the stdout sink, every ledger once and in order;
# a stop signal ends the run cleanly after the ledger in flight.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"

write_config "$WORK/run.ini" dummy stdout "start_ledger = 100" "catchup_threshold = 1000"
cat >>"$WORK/run.ini" <<INI
output = $WORK/ledgers.ndjson
INI
sed -i "s|^plugin = dummy|plugin = dummy\nfirst_ledger = 100\nledgers = 250|" "$WORK/run.ini"
expect_exit 0 "run to the end of the source" "$SLUICE" --config "$WORK/run.ini" run
expect_output "$WORK/err" "stopped: 250 ledgers ingested live, latest 349"
check "250 lines" test "$(wc -l <"$WORK/ledgers.ndjson")" -eq 250
check "first is 100" grep -q '^{"type":"ledger","sequence":100,' "$WORK/ledgers.ndjson"
check "in order, no gaps" sh -c "sed 's/.*\"sequence\":\([0-9]*\).*/\1/' '$WORK/ledgers.ndjson' | awk 'NR>1 && \$1 != prev+1 {exit 1} {prev=\$1}'"

# far behind the source: parallel catchup in chunks, then live; every
# ledger exactly once
write_config "$WORK/catchup.ini" dummy stdout "start_ledger = 2" "catchup_threshold = 10" \
    "catchup_chunk = 64" "workers = 3" "flush_every = 7"
sed -i "s|^plugin = dummy|plugin = dummy\nledgers = 500|" "$WORK/catchup.ini"
echo "output = $WORK/catchup.ndjson" >>"$WORK/catchup.ini"
expect_exit 0 "catchup then live" "$SLUICE" --config "$WORK/catchup.ini" run
expect_output "$WORK/err" "catching up ledgers 2..501 in chunks of 64"
expect_output "$WORK/err" "caught up through ledger 501"
check "500 ledgers, each once" sh -c "sed 's/.*\"sequence\":\([0-9]*\).*/\1/' '$WORK/catchup.ndjson' | sort -n | uniq | awk 'NR==1 && \$1!=2 {exit 1} {n++; last=\$1} END {exit !(n==500 && last==501)}'"
check "no duplicates" test "$(wc -l <"$WORK/catchup.ndjson")" -eq 500

# a start before the source's first ledger is the source's error, exit 1
write_config "$WORK/early.ini" dummy stdout "start_ledger = 50"
sed -i "s|^plugin = dummy|plugin = dummy\nfirst_ledger = 100|" "$WORK/early.ini"
expect_exit 1 "range the source lacks" "$SLUICE" --config "$WORK/early.ini" run
expect_output "$WORK/err" "source: prepare from ledger 50: range not available from the dummy source"
expect_output "$WORK/err" "HINT: The dummy source has first_ledger"

# SIGTERM stops a long live run (following the source, no catchup) cleanly
# with exit 0 (a catchup stopped so exits 7: log_fields.sh)
write_config "$WORK/long.ini" dummy stdout "start_ledger = 2" "catchup_threshold = 4294967295"
sed -i "s|^plugin = dummy|plugin = dummy\nledgers = 100000000|" "$WORK/long.ini"
echo "output = $WORK/long.ndjson" >>"$WORK/long.ini"
"$SLUICE" --config "$WORK/long.ini" run 2>"$WORK/long.err" &
pid=$!
sleep 1
kill -TERM $pid
wait $pid
code=$?
check "SIGTERM exits 0" test "$code" -eq 0
expect_output "$WORK/long.err" "stopped"
check "whole lines only" sh -c "tail -c 1 '$WORK/long.ndjson' | od -c | grep -q '\\\\n'"
finish
