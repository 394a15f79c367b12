#!/bin/sh
# metrics.sh — the Prometheus endpoint: served on 127.0.0.1 when
# metrics_listen is set, in the text format, with the ingestion counters
# moving; a bad address is a config error.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"
command -v curl >/dev/null || { echo "curl is required"; exit 99; }
command -v python3 >/dev/null || { echo "python3 is required"; exit 99; }

port=$((20000 + $$ % 20000))
write_config "$WORK/m.ini" dummy stdout "start_ledger = 2" "metrics_listen = $port" \
    "catchup_threshold = 4294967295"
sed -i "s|^plugin = dummy|plugin = dummy\nledgers = 100000000|" "$WORK/m.ini"
echo "output = $WORK/out.ndjson" >>"$WORK/m.ini"
"$SLUICE" --config "$WORK/m.ini" run 2>"$WORK/run.err" &
pid=$!
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$port/metrics" >"$WORK/metrics.txt" 2>/dev/null && break
    sleep 0.1
done
sleep 0.5
curl -sf "http://127.0.0.1:$port/metrics" >"$WORK/metrics2.txt"
check "endpoint answers" test -s "$WORK/metrics2.txt"
expect_output "$WORK/metrics2.txt" "# TYPE sluice_ledgers_ingested_total counter"
expect_output "$WORK/metrics2.txt" "# TYPE sluice_stage_seconds summary"
expect_output "$WORK/metrics2.txt" 'sluice_stage_seconds_count{stage="write"}'
expect_output "$WORK/metrics2.txt" "# TYPE sluice_retries_total counter"
expect_output "$WORK/metrics2.txt" "# TYPE sluice_batches_failed_total counter"
expect_output "$WORK/metrics2.txt" "# TYPE sluice_queue_depth gauge"
expect_output "$WORK/metrics2.txt" "sluice_lag_ledgers "
check "ledgers counted" sh -c "awk '/^sluice_ledgers_ingested_total/ {exit !(\$2 > 0)}' '$WORK/metrics2.txt'"
check "latest gauge moves" sh -c "awk '/^sluice_latest_ledger/ {exit !(\$2 > 2)}' '$WORK/metrics2.txt'"
check "unknown path is 404" sh -c "! curl -sf http://127.0.0.1:$port/other >/dev/null"
check "HEAD answers" curl -sfI "http://127.0.0.1:$port/metrics" -o /dev/null
check "POST is refused" test "$(curl -s -o /dev/null -w '%{http_code}' -d x "http://127.0.0.1:$port/metrics")" = 405
# slow headers: 40 trickling connections neither lock the scraper out nor
# outlive the exchange deadline (3 s) however often they send a byte
python3 "$TOP_SRCDIR/tests/slow_clients.py" "$port" /metrics >"$WORK/slow.txt"
expect_output "$WORK/slow.txt" "scrapes 12/12"
check "every trickle closed within 4 s" awk '/^trickles closed/ { exit !($3 == "40/40" && $5 <= 4.0) }' "$WORK/slow.txt"
kill -TERM $pid
wait $pid
check "clean stop" test $? -eq 0

write_config "$WORK/bad.ini" dummy stdout "metrics_listen = 10.0.0.1:notaport"
expect_exit 3 "bad metrics_listen" "$SLUICE" --config "$WORK/bad.ini" run
expect_output "$WORK/err" "bad.ini:3: [sluice] metrics_listen = '10.0.0.1:notaport': expected [IPv4-ADDRESS:]PORT"
finish
