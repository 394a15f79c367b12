#!/bin/sh
# secrets.sh — a password in the PostgreSQL sink's dsn never reaches
# stdout, stderr, the log file, /metrics or `status --json`, whatever the
# dsn's form (URI or key=value, in the file or the environment), well-formed
# or not (libpq quotes a malformed URI whole in its error), reachable or not.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"
[ -f "$PLUGIN_BUILD_DIR/sink_postgres.so" ] || { echo "sink_postgres not built"; exit 99; }
command -v curl >/dev/null || { echo "curl is required"; exit 99; }
. "$TOP_SRCDIR/tests/pg_env.sh"

secret=Zq9xSECRETpw
port=$((20000 + $$ % 20000))

# no_secret LABEL FILE...: none of the files holds the password.
no_secret() {
    label=$1; shift
    checks=$((checks + 1))
    if grep -l -e "$secret" "$@" >"$WORK/leaks" 2>/dev/null; then
        fail "$label: the password appears in $(tr '\n' ' ' <"$WORK/leaks")"
        grep -h -e "$secret" "$@" | head -3 >&2
    else
        echo "ok: $label: no password in any output"
    fi
}

# try LABEL DSN [env]: every command that opens the sink, with the dsn in the
# file (or in SLUICE_SINK_DSN with "env"), logging at debug to a file too.
try() {
    label=$1 dsn=$2 where=${3:-file}
    ini=$WORK/s.ini
    write_config "$ini" dummy postgres "start_ledger = 2" "stop_ledger = 4" \
        "log_level = debug" "log_file = $WORK/log.txt" "metrics_listen = $port" \
        "startup_timeout = 1s"
    echo "retry_attempts = 1" >>"$ini" # with startup_timeout 1s: the unreachable cases end fast
    [ "$where" = file ] && printf 'dsn = %s\n' "$dsn" >>"$ini"
    rm -f "$WORK"/out.* "$WORK"/err.* "$WORK/log.txt" "$WORK/metrics.txt"
    if [ "$where" = env ]; then export SLUICE_SINK_DSN="$dsn"; else unset SLUICE_SINK_DSN; fi
    for cmd in "check-config" "status" "status --json" "gaps" "verify" "backfill 2 3"; do
        name=$(echo "$cmd" | tr ' -' '__')
        "$SLUICE" --config "$ini" $cmd \
            >"$WORK/out.$name" 2>"$WORK/err.$name"
    done
    # run, with /metrics scraped while it starts or retries
    "$SLUICE" --config "$ini" run >"$WORK/out.run" 2>"$WORK/err.run" &
    pid=$!
    for _ in $(seq 20); do
        curl -s "http://127.0.0.1:$port/metrics" >>"$WORK/metrics.txt" 2>/dev/null
        kill -0 $pid 2>/dev/null || break
        sleep 0.1
    done
    kill -TERM $pid 2>/dev/null
    wait $pid
    touch "$WORK/log.txt" "$WORK/metrics.txt"
    no_secret "$label" "$WORK"/out.* "$WORK"/err.* "$WORK/log.txt" "$WORK/metrics.txt"
}

try "URI, unterminated IPv6 host" "postgresql://u:$secret@[::1/db"
try "URI, empty IPv6 host" "postgresql://u:$secret@[]/db"
try "URI, junk after IPv6 host" "postgresql://u:$secret@[::1]x/db"
try "URI, bad percent escape" "postgresql://u:$secret%zz@localhost/db"
try "URI, bad port" "postgresql://u:$secret@localhost:notaport/db"
try "URI, unreachable" "postgresql://u:$secret@127.0.0.1:1/db"
try "URI, password in the query" "postgresql:///db?host=/nonexistent&password=$secret"
try "URI, '/' and '@' in the password" "postgresql://u:a/$secret@b@127.0.0.1:1/db"
try "key=value, unreachable" "host=127.0.0.1 port=1 password=$secret dbname=x"
try "key=value, quoted" "host=/nonexistent password='a b $secret' dbname=x"
try "key=value, unterminated quote" "host=/nonexistent password='$secret"
try "key=value, bad option" "host=/nonexistent password=$secret nosuchoption=1"
try "key=value, bad port" "host=127.0.0.1 port=$secret password=$secret"
try "environment, malformed URI" "postgresql://u:$secret@[::1/db" env
try "environment, unreachable" "host=127.0.0.1 port=1 password=$secret" env
try "reachable server" "$SLUICE_TEST_DSN password=$secret"
try "reachable server, environment" "$SLUICE_TEST_DSN password=$secret" env
finish
