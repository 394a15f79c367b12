#!/bin/sh
# store_later.sh — start-up when the store is down (a reboot where
# PostgreSQL comes up after sluice): `run` retries the connection with
# backoff until startup_timeout and succeeds once a server started a few
# seconds after it answers; with no server, `run` gives up after
# startup_timeout with the transient exit code 8 and `status` says the
# store is unreachable (exit 8 at once).
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    [ "${CI:-}" = true ] && { echo "no PostgreSQL server and CI=true" >&2; exit 99; }
    echo "SKIP: no PostgreSQL server installed"; exit 77
fi
pgdir=$(mktemp -d /tmp/sluice-pglater.XXXXXX)
trap 'sh "$TOP_SRCDIR/tools/pg-server.sh" stop "$pgdir"; rm -rf "$WORK"' EXIT
# the DSN the server below will answer on (pg-server.sh: its socket in DIR)
dsn="host=$pgdir/socket port=54329 user=postgres dbname=sluice_test connect_timeout=2"

config() { # FILE STARTUP_TIMEOUT
    write_config "$1" dummy postgres "start_ledger = 2" "catchup_threshold = 4294967295" \
        "startup_timeout = $2"
    sed -i "s|^plugin = dummy|plugin = dummy\\nledgers = 20|" "$1"
    printf 'dsn = %s\nretry_attempts = 1\n' "$dsn" >>"$1"
}

# no server at all: status says so at once; run gives up after startup_timeout
config "$WORK/short.ini" 2s
expect_exit 8 "status with the store down" "$SLUICE" --config "$WORK/short.ini" status
expect_output "$WORK/out" "store: unreachable"
expect_exit 8 "status --json with the store down" "$SLUICE" --config "$WORK/short.ini" --json status
expect_output "$WORK/out" '{"store":"unreachable"}'
started=$(date +%s)
expect_exit 8 "run gives up after startup_timeout with the transient code" \
    "$SLUICE" --config "$WORK/short.ini" run
expect_output "$WORK/err" "still unreachable after startup_timeout"
check "run waited for startup_timeout (2 s)" test $(($(date +%s) - started)) -ge 2

# the server starts 3 s after sluice: the run waits for it and succeeds
config "$WORK/later.ini" 60s
"$SLUICE" --config "$WORK/later.ini" run >"$WORK/run.out" 2>"$WORK/run.err" &
run_pid=$!
sleep 3
check "run still waiting for the store" kill -0 $run_pid
eval "$(sh "$TOP_SRCDIR/tools/pg-server.sh" start "$pgdir")" || exit 99
wait $run_pid
rc=$?
checks=$((checks + 1))
if [ $rc -eq 0 ]; then echo "ok: run succeeded once the store came up"; else
    fail "run exited $rc"; sed 's/^/  stderr: /' "$WORK/run.err" >&2; fi
expect_output "$WORK/run.err" "unreachable at start"
check "20 ledgers stored" test "$(psql "$dsn" -qAt -c 'SELECT count(*) FROM sluice.ledgers')" = 20
finish
