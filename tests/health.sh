#!/bin/sh
# health.sh — the operator endpoints beside /metrics, asked with a real
# HTTP client: /healthz answers 200 while the process lives; /readyz 200
# once a ledger is ingested and the lag is within max_lag_ledgers and
# max_lag_seconds, else 503 with the reason; the source's tip follows a
# growing source in a live run (it stayed at its first value); a source
# that delivers nothing for longer than stall_warning is logged and counted;
# sluice_build_info, the last ledger's age and the process metrics are served.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"
command -v curl >/dev/null || { echo "curl is required"; exit 99; }

port=$((20000 + $$ % 20000))
url="http://127.0.0.1:$port"

# config NAME SOURCE-LINES CORE-LINES...: dummy_config serving metrics, live from 2
config() {
    name=$1 source_lines=$2; shift 2
    dummy_config "$name" "$source_lines" "metrics_listen = $port" "start_ledger = 2" "$@"
}

wait_for_endpoint() {
    for _ in $(seq 50); do
        curl -s "$url/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

# metric FILE NAME: the value of metric NAME in FILE
metric() { awk -v name="$2" '$1 == name { print $2 }' "$1"; }

# ---- live over a growing source: the tip moves, ready, stall logged -----------
config live 'ledgers = 1000\ngrow_ms = 700' "max_lag_seconds = 0" "stall_warning = 300ms"
"$SLUICE" --config "$WORK/live.ini" run 2>"$WORK/live.err" &
pid=$!
check "endpoint comes up" wait_for_endpoint
sleep 1
curl -s "$url/metrics" >"$WORK/m1.txt"
sleep 2
curl -s "$url/metrics" >"$WORK/m2.txt"
tip1=$(metric "$WORK/m1.txt" sluice_source_tip_ledger)
tip2=$(metric "$WORK/m2.txt" sluice_source_tip_ledger)
check "the tip moves with the source ($tip1 -> $tip2)" test "$tip2" -gt "$tip1"
latest2=$(metric "$WORK/m2.txt" sluice_latest_ledger)
check "the latest ledger follows the tip ($latest2 of $tip2)" test "$((tip2 - latest2))" -le 2
check "healthz is 200" test "$(curl -s -o "$WORK/h.json" -w '%{http_code}' "$url/healthz")" = 200
expect_output "$WORK/h.json" '{"status":"alive","uptime_seconds":'
check "readyz is 200" test "$(curl -s -o "$WORK/r.json" -w '%{http_code}' "$url/readyz")" = 200
expect_output "$WORK/r.json" '{"status":"ready","store":"up","latest_ledger":'
check "healthz is JSON" python3 -c "import json,sys; json.load(open('$WORK/h.json'))"
check "readyz is JSON" python3 -c "import json,sys; json.load(open('$WORK/r.json'))"
expect_output "$WORK/m2.txt" 'sluice_build_info{version="'
expect_output "$WORK/m2.txt" "# TYPE process_resident_memory_bytes gauge"
expect_output "$WORK/m2.txt" "# TYPE process_cpu_seconds_total counter"
expect_output "$WORK/m2.txt" "# TYPE process_open_fds gauge"
expect_output "$WORK/m2.txt" "sluice_store_up 1"
check "the last ledger's age is served" \
    sh -c "awk '/^sluice_last_ledger_age_seconds/ {exit !(\$2 > 1000000)}' '$WORK/m2.txt'"
check "a wait longer than stall_warning is counted" \
    sh -c "awk '/^sluice_source_stalls_total/ {exit !(\$2 > 0)}' '$WORK/m2.txt'"
kill -TERM $pid
wait $pid
check "clean stop" test $? -eq 0
expect_output "$WORK/live.err" "(stall_warning): waiting for ledger"
expect_output "$WORK/live.err" "the source is delivering again after"

# ---- not ready: too far behind in ledgers, then in seconds -----------------------
# not_ready NAME REASON: run NAME.ini; /readyz answers 503 with REASON,
# /healthz 200
not_ready() {
    "$SLUICE" --config "$WORK/$1.ini" run 2>"$WORK/$1.err" &
    pid=$!
    check "endpoint comes up" wait_for_endpoint
    sleep 0.5
    check "$1: readyz is 503" \
        test "$(curl -s -o "$WORK/$1.json" -w '%{http_code}' "$url/readyz")" = 503
    expect_output "$WORK/$1.json" "$2"
    check "$1: healthz stays 200" \
        test "$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")" = 200
    kill -TERM $pid
    wait $pid
}
config behind 'ledgers = 100000000\nslow_below = 4294967295\nslow_ms = 50' \
    "catchup_threshold = 4294967295" "max_lag_ledgers = 100" "max_lag_seconds = 0"
not_ready behind 'ledgers behind the source, max_lag_ledgers is 100"'
config old 'ledgers = 1000\ngrow_ms = 100' "max_lag_seconds = 60"
not_ready old 's ago, max_lag_seconds is 60"'

# ---- the oldest cursor as stored: a backfill above it does not move it -------------
config low 'ledgers = 1000' "stop_ledger = 30" "catchup_threshold = 4294967295"
expect_exit 0 "live run 2..30" "$SLUICE" --config "$WORK/low.ini" run
config high 'ledgers = 1000\nslow_below = 1000\nslow_ms = 20' "batch_size = 50" "workers = 1"
sed -i "s|^output = .*|output = $WORK/low.ndjson|" "$WORK/high.ini"
"$SLUICE" --config "$WORK/high.ini" backfill 100 199 2>"$WORK/high.err" &
pid=$!
for _ in $(seq 100); do
    grep -q "batch 100..149 done" "$WORK/high.err" && break
    sleep 0.1
done
curl -s "$url/metrics" >"$WORK/m3.txt"
check "sluice_oldest_ledger is the stored cursor, 2, not the batch's 100" \
    test "$(metric "$WORK/m3.txt" sluice_oldest_ledger)" = 2
wait $pid

write_config "$WORK/bad.ini" dummy stdout "max_lag_ledgers = -1"
expect_exit 3 "bad max_lag_ledgers" "$SLUICE" --config "$WORK/bad.ini" check-config
finish
