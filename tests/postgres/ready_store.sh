#!/bin/sh
# ready_store.sh — /readyz follows the store: 200 while PostgreSQL answers,
# 503 with "store":"down" while it is stopped under a live run
# (sluice_store_up 0), 200 again once it is back and the run has
# reconnected; /healthz stays 200 throughout.  Asked with curl.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
PG_PRIVATE=1
. "$TOP_SRCDIR/tests/pg_env.sh"
command -v curl >/dev/null || { echo "curl is required"; exit 99; }

dsn=$(pg_new_database ready_store) || exit 99
port=$((20000 + ($$ + 11) % 20000))
url="http://127.0.0.1:$port"
write_config "$WORK/r.ini" dummy postgres "start_ledger = 2" "metrics_listen = $port" \
    "max_lag_seconds = 0" "retry_attempts = 1000"
sed -i "s|^plugin = dummy|plugin = dummy\nledgers = 100000\ngrow_ms = 100|" "$WORK/r.ini"
echo "dsn = $dsn" >>"$WORK/r.ini"

# status_within SECONDS CODE PATH: PATH answers CODE within SECONDS (body in $WORK/body)
status_within() {
    tries=$(($1 * 10))
    while [ "$tries" -gt 0 ]; do
        [ "$(curl -s -o "$WORK/body" -w '%{http_code}' "$url$3")" = "$2" ] && return 0
        sleep 0.1
        tries=$((tries - 1))
    done
    return 1
}

"$SLUICE" --config "$WORK/r.ini" run 2>"$WORK/run.err" &
pid=$!
check "ready while the store answers" status_within 10 200 /readyz
expect_output "$WORK/body" '"store":"up"'
sh "$TOP_SRCDIR/tools/pg-server.sh" pause "$pg_private_dir"
check "not ready while the store is down" status_within 10 503 /readyz
expect_output "$WORK/body" '"store":"down"'
expect_output "$WORK/body" '"reason":"the store did not answer'
check "alive all the same" status_within 1 200 /healthz
curl -s "$url/metrics" >"$WORK/metrics.txt"
expect_output "$WORK/metrics.txt" "sluice_store_up 0"
sh "$TOP_SRCDIR/tools/pg-server.sh" resume "$pg_private_dir"
check "ready again once the store is back" status_within 30 200 /readyz
expect_output "$WORK/body" '"store":"up"'
kill -TERM $pid
wait $pid
check "clean stop" test $? -eq 0
finish
