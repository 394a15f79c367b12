#!/bin/sh
# archive_http.sh — the archive source's HTTP behaviour, through the real
# `sluice run` into the stdout sink, against local servers this test starts
# (tests/sources/http_server.py, http_proxy.py, nghttpd): retries of 503,
# 429 (honouring Retry-After) and 500 with a capped doubling wait, then
# success; retries given up; a permanent 403 not retried; 404 as "not yet"
# in a live run until the file appears; many files over few kept-alive
# connections; http_proxy / HTTPS_PROXY / no_proxy from the environment;
# HTTPS refused without the CA, accepted with CURL_CA_BUNDLE or ca_file;
# HTTP/2 over TLS with nghttpd.  Every delivered stream equals the one
# read from the same lake as files.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"

need() {
    command -v "$1" >/dev/null && return 0
    [ "${CI:-}" = true ] && { echo "FAIL: $1 is required under CI (tools/install-deps.sh --tests)"; exit 1; }
    return 1
}
need python3 || { echo "SKIP: no python3"; exit 77; }
need openssl || { echo "SKIP: no openssl"; exit 77; }
unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY \
    CURL_CA_BUNDLE SSL_CERT_FILE SSL_CERT_DIR
PUBNET='Public Global Stellar Network ; September 2015'
HELPERS=$TOP_SRCDIR/tests/sources
started=""
trap 'for pid in $started; do kill $pid 2>/dev/null; done; rm -rf "$WORK"' EXIT

# ledgers 2..199, 8 per file (25 files), 16 files per partition
"$TOP_BUILDDIR/sluice-synth" --ledgers 198 --txs-per-ledger 4 --lake "$WORK/lake" \
    --ledgers-per-file 8 --files-per-partition 16 --quiet
check "synth lake written" test -f "$WORK/lake/.config.json"
file_of() {   # the key of the file holding ledger $1
    (cd "$WORK/lake" && ls -d */*--"$1"-*.xdr.zst)
}
second=$(file_of 8)
last=$(file_of 192)

# start_helper OUTPUT-FILE COMMAND...: start a helper that prints its port
# first; sets $port and $pid
start_helper() {
    out=$1; shift
    "$@" >"$out" &
    pid=$!
    started="$started $pid"
    tries=0
    while [ ! -s "$out" ] && [ $tries -lt 100 ]; do sleep 0.1; tries=$((tries + 1)); done
    port=$(head -n 1 "$out")
}

# serve NAME [server options]: http_server.py on the lake, log $WORK/NAME.log;
# sets $url and $server
serve() {
    name=$1; shift
    start_helper "$WORK/$name.port" python3 "$HELPERS/http_server.py" "$WORK/lake" \
        --log "$WORK/$name.log" "$@"
    server=$pid
    url="http://127.0.0.1:$port"
}

stop() {
    kill "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

# lake_ini NAME STOP-LEDGER LOCATION-LINE [SOURCE LINES...]: $WORK/NAME.ini
# for a run of ledgers 2..STOP (live, no catchup; STOP empty: unbounded)
# into $WORK/NAME.ndjson
lake_ini() {
    name=$1; stop_ledger=$2; shift 2
    {
        echo "[sluice]"
        echo "plugin_dir = $PLUGIN_BUILD_DIR"
        echo "network_passphrase = $PUBNET"
        echo "start_ledger = 2"
        [ -z "$stop_ledger" ] || echo "stop_ledger = $stop_ledger"
        echo "catchup_threshold = 4294967295"
        echo "[source]"
        echo "plugin = archive"
        echo "poll_interval_ms = 100"
        for line in "$@"; do echo "$line"; done
        echo "[sink]"
        echo "plugin = stdout"
        echo "output = $WORK/$name.ndjson"
        echo "format = ledger"
    } >"$WORK/$name.ini"
}

# lake_run (as lake_ini): run it; exit code in $code, stderr in $WORK/NAME.err
lake_run() {
    lake_ini "$@"
    timeout 120 "$SLUICE" --config "$WORK/$1.ini" run 2>"$WORK/$1.err"
    code=$?
}

# ledgers NAME: the ledger objects of its output
ledgers() {
    grep '^{"type":"ledger",' "$WORK/$1.ndjson"
}

# same_as_files NAME STOP: the run succeeded with the ledgers 2..STOP read as files
same_as_files() {
    check "$1: run exit 0 (got $code)" test "$code" -eq 0
    [ "$code" -eq 0 ] || sed 's/^/  stderr: /' "$WORK/$1.err" >&2
    ledgers files | head -n $(($2 - 1)) >"$WORK/expected"
    ledgers "$1" >"$WORK/got"
    check "$1: ledgers 2..$2 as read from files" cmp -s "$WORK/expected" "$WORK/got"
}

# gets LOG KEY: the statuses answered to GETs of /KEY, in order
gets() {
    awk -v path="/$2" '$1 == "request" && $3 == "GET" && $4 == path { print $5 }' "$1" |
        tr '\n' ' ' | sed 's/ $//'
}

# gaps LOG KEY: seconds between consecutive GETs of /KEY, one a line
gaps() {
    awk -v path="/$2" '$1 == "request" && $3 == "GET" && $4 == path {
        if (seen) printf "%.3f\n", $6 - previous; previous = $6; seen = 1 }' "$1"
}

lake_run files 199 "path = $WORK/lake"
check "reference run from files: exit 0" test "$code" -eq 0
check "reference run: 198 ledgers" test "$(ledgers files | wc -l)" -eq 198

# 1. 503 twice for every object, then success
serve retry503 --fail-first 2 --fail-status 503
lake_run retry503 199 "url = $url" "http_retries = 3" "http_max_backoff_ms = 200"
same_as_files retry503 199
statuses=$(gets "$WORK/retry503.log" .config.json)
check "503, 503, then 200 for the manifest ($statuses)" test "$statuses" = "503 503 200"
statuses=$(gets "$WORK/retry503.log" "$last")
check "503, 503, then 200 for $last ($statuses)" test "$statuses" = "503 503 200"
stop $server

# 2. 429 with Retry-After: 1 is honoured (the doubling alone would wait 100 ms)
serve retry429 --fail-first 1 --fail-status 429 --retry-after 1
lake_run retry429 15 "url = $url" "http_retries = 2" "http_max_backoff_ms = 5000"
same_as_files retry429 15
check "429 then 200 for $second" test "$(gets "$WORK/retry429.log" "$second")" = "429 200"
gaps "$WORK/retry429.log" "$second" >"$WORK/gaps"
check "Retry-After: 1 honoured (waited $(cat "$WORK/gaps") s)" awk '$1 < 0.95 { exit 1 }' "$WORK/gaps"
stop $server
# ... but no longer than http_max_backoff_ms
serve retry_capped --fail-first 1 --fail-status 429 --retry-after 3600
lake_run retry_capped 15 "url = $url" "http_retries = 2" "http_max_backoff_ms = 300"
same_as_files retry_capped 15
gaps "$WORK/retry_capped.log" "$second" >"$WORK/gaps"
check "Retry-After: 3600 capped at 300 ms (waited $(cat "$WORK/gaps") s)" \
    awk '$1 < 0.29 || $1 > 5 { exit 1 }' "$WORK/gaps"
stop $server

# 3. 500 five times: waits double from 100 ms and stop growing at the cap
serve retry500 --fail-first 5 --fail-status 500
lake_run retry500 15 "url = $url" "http_retries = 5" "http_max_backoff_ms = 400"
same_as_files retry500 15
gaps "$WORK/retry500.log" "$second" >"$WORK/gaps"
check "five 500s then 200" test "$(gets "$WORK/retry500.log" "$second")" = "500 500 500 500 500 200"
check "waits grow from ~100 ms ($(tr '\n' ' ' <"$WORK/gaps")s)" \
    awk 'NR == 1 && ($1 < 0.09 || $1 > 0.39) { exit 1 }' "$WORK/gaps"
check "the last waits are capped near 400 ms (doubling alone: 800, 1600)" \
    awk 'NR >= 4 && ($1 < 0.39 || $1 > 0.79) { exit 1 }' "$WORK/gaps"
stop $server

# 4. retries given up: the run fails naming the URL, after exactly 1 + 2 attempts
serve gaveup --fail-first 1000 --fail-status 503 --fail-match 'xdr.zst$'
lake_run gaveup 199 "url = $url" "http_retries = 2" "http_max_backoff_ms = 100"
check "retries spent: exit 1 (got $code)" test "$code" -eq 1
expect_output "$WORK/gaveup.err" "$url/$(file_of 0): HTTP status 503 (gave up after 3 attempts)"
check "three GETs of the first file" test "$(gets "$WORK/gaveup.log" "$(file_of 0)")" = "503 503 503"
check "nothing delivered" test "$(ledgers gaveup | wc -l)" -eq 0
stop $server

# 5. a permanent 403 is not retried: the ledgers before it, then exit 1
serve forbidden --status "/$second=403"
lake_run forbidden 199 "url = $url" "http_retries = 5"
check "403: exit 1 (got $code)" test "$code" -eq 1
expect_output "$WORK/forbidden.err" "$url/$second: HTTP status 403"
check "one GET of the 403 file" test "$(gets "$WORK/forbidden.log" "$second")" = "403"
check "ledgers 2..7 delivered before it" test "$(ledgers forbidden | wc -l)" -eq 6
stop $server

# 6. an unbounded live run: 404 means "not yet", polled until the file
# appears; then SIGTERM ends the run (exit 0)
mv "$WORK/lake/$last" "$WORK/held-back"
serve notyet
lake_ini notyet "" "url = $url"
"$SLUICE" --config "$WORK/notyet.ini" run 2>"$WORK/notyet.err" &
runner=$!
started="$started $runner"
tries=0
while [ "$(cat "$WORK/notyet.log" 2>/dev/null | grep -c "GET /$last 404")" -lt 3 ] &&
      [ $tries -lt 300 ]; do
    sleep 0.1; tries=$((tries + 1))
done
mv "$WORK/held-back" "$WORK/lake/$last"
tries=0
while [ "$(ledgers notyet | wc -l)" -lt 198 ] && [ $tries -lt 300 ]; do
    sleep 0.1; tries=$((tries + 1))
done
kill -TERM $runner
wait $runner
code=$?
same_as_files notyet 199
statuses=$(gets "$WORK/notyet.log" "$last")
check "404s, then 200 once the file exists ($statuses)" \
    sh -c "echo '$statuses' | grep -Eq '^(404 )+200\$'"
stop $server

# 7. connection reuse: 25 files over at most 3 connections (2 workers + the
# consumer's session for the manifest and the tip search)
serve reuse
lake_run reuse 199 "url = $url" "download_workers = 2"
same_as_files reuse 199
connections=$(grep -c '^connection ' "$WORK/reuse.log")
files=$(awk '$3 == "GET" && $4 ~ /xdr.zst$/' "$WORK/reuse.log" | wc -l)
check "$files file GETs over $connections connections" test "$files" -ge 25 -a "$connections" -le 3
[ "$connections" -le 3 ] || cat "$WORK/reuse.log" >&2

# 8. http_proxy from the environment; no_proxy bypasses it
start_helper "$WORK/proxy.port" python3 "$HELPERS/http_proxy.py" "$WORK/proxy.log"
proxy="http://127.0.0.1:$port"
: >"$WORK/proxy.log"
http_proxy=$proxy lake_run proxied 199 "url = $url"
same_as_files proxied 199
expect_output "$WORK/proxy.log" "GET $url/.config.json HTTP/1.1"
expect_output "$WORK/proxy.log" "GET $url/$last HTTP/1.1"
: >"$WORK/proxy.log"
http_proxy=$proxy no_proxy=127.0.0.1 lake_run bypassed 199 "url = $url"
same_as_files bypassed 199
check "no_proxy: the proxy saw nothing" test ! -s "$WORK/proxy.log"
stop $server

# 9. HTTPS with a self-signed certificate: refused without its CA, accepted
# with CURL_CA_BUNDLE or ca_file; HTTPS_PROXY tunnels through CONNECT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" \
    -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
check "self-signed certificate made" test -s "$WORK/cert.pem"
serve tls --tls "$WORK/cert.pem" "$WORK/key.pem"
url="https://127.0.0.1:$port"
lake_run untrusted 199 "url = $url"
check "unknown CA: exit 4, the lake cannot be opened (got $code)" test "$code" -eq 4
expect_output "$WORK/untrusted.err" "$url/.config.json"
expect_output "$WORK/untrusted.err" "certificate"
CURL_CA_BUNDLE=$WORK/cert.pem lake_run ca_env 199 "url = $url"
same_as_files ca_env 199
lake_run ca_key 199 "url = $url" "ca_file = $WORK/cert.pem"
same_as_files ca_key 199
: >"$WORK/proxy.log"
HTTPS_PROXY=$proxy lake_run tunnel 199 "url = $url" "ca_file = $WORK/cert.pem"
same_as_files tunnel 199
expect_output "$WORK/proxy.log" "CONNECT 127.0.0.1:$port HTTP/1.1"
stop $server

# 10. HTTP/2 over TLS (ALPN h2): nghttpd speaks nothing else
if need nghttpd; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    nghttpd -v -d "$WORK/lake" "$port" "$WORK/key.pem" "$WORK/cert.pem" >"$WORK/h2.log" 2>&1 &
    h2=$!
    started="$started $h2"
    tries=0
    while ! grep -q "listen" "$WORK/h2.log" && [ $tries -lt 100 ]; do sleep 0.1; tries=$((tries + 1)); done
    lake_run h2 199 "url = https://127.0.0.1:$port" "ca_file = $WORK/cert.pem"
    same_as_files h2 199
    expect_output "$WORK/h2.log" ":path: /.config.json"
    expect_output "$WORK/h2.log" ":path: /$last"
    stop $h2
else
    echo "SKIP: HTTP/2 (no nghttpd: apt-get install nghttp2-server)"
fi

# 11. a server that drips 2 bytes a second is abandoned after stall_timeout
# (below the default min_speed), and one fast enough to pass min_speed but slower than
# transfer_timeout in all is abandoned at transfer_timeout; neither hangs
serve drip --drip "$second:2"
started_at=$(date +%s)
lake_run drip 15 "url = $url" "http_retries = 0" "stall_timeout = 2"
check "dripping server: the run fails (got $code)" test "$code" -ne 0
check "dripping server: given up within 10 s" test $(($(date +%s) - started_at)) -le 10
expect_output "$WORK/drip.err" "$second"
stop $server
serve slow --drip "$second:4000"
started_at=$(date +%s)
lake_run slow 15 "url = $url" "http_retries = 0" "min_speed = 100" "transfer_timeout = 2"
check "slow server: the run fails (got $code)" test "$code" -ne 0
check "slow server: given up within 10 s" test $(($(date +%s) - started_at)) -le 10
expect_output "$WORK/slow.err" "$second"
stop $server

# 12. redirects: followed on the same host; to another host only with
# follow_redirects = any-host; from https to http never
serve target
target_url=$url
target_server=$server
serve same --redirect "/.config.json=/.config.json?moved=1"
lake_run same 15 "url = $url"
same_as_files same 15
stop $server
serve other --redirect "/.config.json=http://localhost:${target_url##*:}/.config.json"
lake_run other 15 "url = $url"
check "redirect to another host: refused (got $code)" test "$code" -ne 0
expect_output "$WORK/other.err" "redirect to another host"
lake_run other_allowed 15 "url = $url" "follow_redirects = any-host"
same_as_files other_allowed 15
stop $server
serve downgrade --tls "$WORK/cert.pem" "$WORK/key.pem" \
    --redirect "/.config.json=$target_url/.config.json"
lake_run downgrade 15 "url = https://127.0.0.1:$port" "ca_file = $WORK/cert.pem" \
    "follow_redirects = any-host"
check "redirect from https to http: refused (got $code)" test "$code" -ne 0
expect_output "$WORK/downgrade.err" "redirect from https to http"
stop $server
stop $target_server
finish
