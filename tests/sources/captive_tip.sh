#!/bin/sh
# captive_tip.sh — the captive-core source's newest ledger from the history
# archives' .well-known/stellar-history.json, through the real `sluice`:
# `sluice status` shows it from the first archive that answers (an
# unreachable one before it is passed over); `sluice run` uses it to catch
# up in bounded chunks before following live (stand-in stellar-core,
# stdout sink); malformed, oversized, missing, other-network, silent and
# unreachable answers each give a clear error naming the archive.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"

if ! command -v python3 >/dev/null; then
    [ "${CI:-}" = true ] && { echo "FAIL: python3 is required under CI"; exit 1; }
    echo "SKIP: no python3"; exit 77
fi
stream=$SLUICE_FIXTURES/stellar-core/test-lcm-current/TxResultsTests/6fc036e75b83fdfb.xdr
[ -f "$stream" ] || { echo "fixture missing: $stream"; exit 99; }
unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
PASSPHRASE='(V) (;,,;) (V)'
started=""
trap 'for pid in $started; do kill $pid 2>/dev/null; done; rm -rf "$WORK"' EXIT

# the stand-in, with the interpreter's real path (no PATH shims)
core=$WORK/fake-stellar-core
sed "1s|.*|#!$(python3 -c 'import sys; print(sys.executable)') -S|" \
    "$TOP_SRCDIR/tests/sources/fake-stellar-core" >"$core"
chmod 755 "$core"
export FAKE_CORE_STREAM="$stream" FAKE_CORE_PASSPHRASE="$PASSPHRASE" \
    FAKE_CORE_LOG="$WORK/fake-core.log"

# serve NAME: an HTTP server on $WORK/NAME (made first); sets $url
serve() {
    mkdir -p "$WORK/$1/.well-known"
    python3 "$TOP_SRCDIR/tests/sources/http_server.py" "$WORK/$1" >"$WORK/$1.port" &
    started="$started $!"
    tries=0
    while [ ! -s "$WORK/$1.port" ] && [ $tries -lt 100 ]; do sleep 0.1; tries=$((tries + 1)); done
    url="http://127.0.0.1:$(head -n 1 "$WORK/$1.port")"
}

# state NAME JSON: the archive's History Archive State
state() {
    printf '%s\n' "$2" >"$WORK/$1/.well-known/stellar-history.json"
}

# a port nothing listens on, and one that accepts and never answers
dead=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -c '
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
print(s.getsockname()[1], flush=True)
held = []
while True:
    held.append(s.accept()[0])
' >"$WORK/silent.port" &
started="$started $!"
tries=0
while [ ! -s "$WORK/silent.port" ] && [ $tries -lt 100 ]; do sleep 0.1; tries=$((tries + 1)); done
silent="http://127.0.0.1:$(head -n 1 "$WORK/silent.port")"

# config NAME URLS [SLUICE LINES...]: $WORK/NAME.ini
config() {
    name=$1; urls=$2; shift 2
    {
        echo "[sluice]"
        echo "plugin_dir = $PLUGIN_BUILD_DIR"
        echo "network_passphrase = $PASSPHRASE"
        for line in "$@"; do echo "$line"; done
        echo "[source]"
        echo "plugin = captive_core"
        echo "stellar_core_path = $core"
        echo "history_archive_urls = $urls"
        echo "storage_path = $WORK/$name.core"
        echo "archive_timeout = 1"
        echo "stop_grace_ms = 300"
        echo "[sink]"
        echo "plugin = stdout"
        echo "output = $WORK/$name.ndjson"
        echo "format = ledger"
    } >"$WORK/$name.ini"
}

# tip NAME URLS: `sluice status` of that config; its output in $WORK/out
tip() {
    config "$1" "$2"
    expect_exit 0 "$1: sluice status" timeout 60 "$SLUICE" --config "$WORK/$1.ini" status
}

serve good
state good "{\"version\": 2, \"server\": \"v22.1.0\", \"currentLedger\": 11,
  \"networkPassphrase\": \"$PASSPHRASE\", \"currentBuckets\": [{\"curr\": \"00\", \"snap\": \"00\"}]}"
good_url=$url
serve other
state other '{"version": 1, "currentLedger": 4095}'
other_url=$url

# 1. the first archive that answers: an unreachable one is passed over
tip first "http://127.0.0.1:$dead, $good_url, $other_url"
expect_output "$WORK/out" "source tip:     11"
tip order "$other_url, $good_url"
expect_output "$WORK/out" "source tip:     4095"

# 2. sluice run catches up to the tip in bounded chunks, then follows live
config run "$good_url" "start_ledger = 2" "stop_ledger = 11" "catchup_threshold = 2" \
    "workers = 1" "catchup_chunk = 4"
expect_exit 0 "run 2..11 with catchup" timeout 120 "$SLUICE" --config "$WORK/run.ini" run
expect_output "$WORK/err" "caught up through ledger 11"
check "ledgers 2..11 in order" sh -c "grep '^{\"type\":\"ledger\",' '$WORK/run.ndjson' |
    sed 's/^{\"type\":\"ledger\",\"sequence\":\([0-9]*\),.*/\1/' | tr '\n' ' ' |
    grep -qx '2 3 4 5 6 7 8 9 10 11 '"
check "the catchups ran in a replay directory, removed afterwards" sh -c \
    "grep -q '\"cwd\": \"$WORK/run.core/replay-' '$WORK/fake-core.log' &&
     ! ls -d '$WORK/run.core/'replay-* >/dev/null 2>&1"
check "stellar-core caught up in chunks of 4: 5/4, 9/4, 11/2" sh -c "grep -o '\"catchup\", \"[0-9]*/[0-9]*\"' '$WORK/fake-core.log' | tr '\n' ' ' |
    grep -qx '\"catchup\", \"5/4\" \"catchup\", \"9/4\" \"catchup\", \"11/2\" '"

# 3. answers that give no tip, each named
serve bad
bad=$url
mkdir -p "$WORK/bad/json" "$WORK/bad/big" "$WORK/bad/net" "$WORK/bad/none" "$WORK/bad/empty"
for d in json big net none; do mkdir -p "$WORK/bad/$d/.well-known"; done
printf '{"currentLedger": 11,' >"$WORK/bad/json/.well-known/stellar-history.json"
python3 -c 'import sys; sys.stdout.write("{\"pad\": \"" + "x" * 1100000 + "\", \"currentLedger\": 5}")' \
    >"$WORK/bad/big/.well-known/stellar-history.json"
printf '{"currentLedger": 11, "networkPassphrase": "Test SDF Network ; September 2015"}' \
    >"$WORK/bad/net/.well-known/stellar-history.json"
printf '{"version": 1, "server": "x"}' >"$WORK/bad/none/.well-known/stellar-history.json"
tip malformed "$bad/json"
expect_output "$WORK/out" "$bad/json/.well-known/stellar-history.json: invalid: line 1, column 21: "
tip oversized "$bad/big"
expect_output "$WORK/out" "$bad/big/.well-known/stellar-history.json: larger than the limit of 1048576 bytes"
tip network "$bad/net"
expect_output "$WORK/out" "$bad/net/.well-known/stellar-history.json: an archive of another network"
tip no_ledger "$bad/none"
expect_output "$WORK/out" "$bad/none/.well-known/stellar-history.json: no currentLedger"
tip missing "$bad/empty"
expect_output "$WORK/out" "$bad/empty/.well-known/stellar-history.json: not found"
start=$(date +%s)
tip unreachable "http://127.0.0.1:$dead, $silent"
end=$(date +%s)
expect_output "$WORK/out" "source tip:     unknown: source: newest ledger: no history archive told its newest ledger: http://127.0.0.1:$dead/.well-known/stellar-history.json: "
expect_output "$WORK/out" "; $silent/.well-known/stellar-history.json: "
expect_output "$WORK/out" "timed out after 10"
check "a silent archive is given up within archive_timeout ($((end - start)) s)" \
    test $((end - start)) -le 10
finish
