#!/bin/sh
# archive_run.sh — the archive source through the real `sluice run` into
# the stdout sink: the real Galexie object over HTTP, and a lake of 10,006
# sluice-synth ledgers (real transactions; 8 per file, 16 files per
# partition, manifest) read as files (live, in order) and over HTTP
# (catchup: parallel bounded batches from latest_available) with the same
# ledger objects (every row nested, header hash included); a corrupt file over HTTP
# stops the run naming its URL; a lake of another network is refused.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"

PASSPHRASE='Test SDF Network ; September 2015'
PUBNET='Public Global Stellar Network ; September 2015'
[ -d "$SLUICE_FIXTURES/stellar-go/datastore" ] || { echo "fixtures missing: $SLUICE_FIXTURES"; exit 99; }
command -v python3 >/dev/null || { [ "${CI:-}" = true ] && exit 1; echo "SKIP: no python3"; exit 77; }

# serve DIR: start an HTTP server on a free port, sets $url and $server
serve() {
    python3 "$TOP_SRCDIR/tests/sources/http_server.py" "$1" >"$WORK/port.$$" &
    server=$!
    tries=0
    while [ ! -s "$WORK/port.$$" ] && [ $tries -lt 100 ]; do sleep 0.1; tries=$((tries + 1)); done
    url="http://127.0.0.1:$(head -n 1 "$WORK/port.$$")"
    rm -f "$WORK/port.$$"
}

# archive_ini FILE PASSPHRASE START OUTPUT LOCATION-LINE [EXTRA-LINES]
archive_ini() {
    write_config "$1" archive stdout "network_passphrase = $2" "start_ledger = $3"
    sed -i "s|^plugin = archive|plugin = archive\n$5\npoll_interval_ms = 100${6:+\n$6}|" "$1"
    printf 'output = %s\nformat = ledger\n' "$4" >>"$1"
}

# run_to INI [STDOUT]: sluice run until stop_ledger (at most 300 s), exit 0;
# standard output into STDOUT (for output = -: no fsync per ledger)
run_to() {
    timeout 300 "$SLUICE" --config "$1" run >"${2:-/dev/null}" 2>"$WORK/run.err"
    code=$?
    check "run reached stop_ledger (exit $code)" test "$code" -eq 0
    [ "$code" -eq 0 ] || sed 's/^/  stderr: /' "$WORK/run.err" >&2
}

# the ledger objects of an output (balance objects follow them)
ledgers() {
    grep '^{"type":"ledger",' "$1"
}

sequences() {
    ledgers "$1" | cut -c1-64 | sed 's/^{"type":"ledger","sequence":\([0-9]*\),.*/\1/'
}

# 1. the real data-lake object, by computed name, over HTTP
serve "$SLUICE_FIXTURES/stellar-go/datastore"
archive_ini "$WORK/real.ini" "$PUBNET" 53312000 "$WORK/real.ndjson" "url = $url" \
    "files_per_partition = 1"
sed -i "s|^\[source\]|stop_ledger = 53312000\n[source]|" "$WORK/real.ini"
run_to "$WORK/real.ini"
check "the real ledger 53312000 delivered" \
    grep -q '^{"type":"ledger","sequence":53312000,"hash":"2a56300b' "$WORK/real.ndjson"
check "exactly one ledger" test "$(ledgers "$WORK/real.ndjson" | wc -l)" -eq 1
kill $server; wait $server 2>/dev/null

# 2. a lake of 10,006 sluice-synth ledgers, as files and over HTTP
check "lake written" "$TOP_BUILDDIR/sluice-synth" --ledgers 10006 --txs-per-ledger 2 \
    --network-passphrase "$PASSPHRASE" --lake "$WORK/lake" --ledgers-per-file 8 \
    --files-per-partition 16 --quiet
check "lake holds 2..10007" test -f "$WORK/lake/FFFFD8FF--9984-10111/FFFFD8EF--10000-10007.xdr.zst"
# three files re-compressed as a stream whose frame does not declare its
# size, and one as two frames (their sizes summed): the plugin decodes the
# former by growing its buffer instead of in one pass (both runs below
# read them)
for key in $(cd "$WORK/lake" && ls -d */* | sort | sed -n '2p;600p;1100p'); do
    zstd -qdc "$WORK/lake/$key" | zstd -q --no-content-size >"$WORK/restreamed"
    mv "$WORK/restreamed" "$WORK/lake/$key"
    check "$key: no content size in its frame header" \
        test $(($(od -An -tu1 -j4 -N1 "$WORK/lake/$key") & 0xE0)) -eq 0
done
key=$(cd "$WORK/lake" && ls -d */* | sort | sed -n '700p')
zstd -qdc "$WORK/lake/$key" >"$WORK/raw"
half=$(($(wc -c <"$WORK/raw") / 2))
head -c $half "$WORK/raw" >"$WORK/part1"
tail -c +$((half + 1)) "$WORK/raw" >"$WORK/part2"
zstd -qf "$WORK/part1" "$WORK/part2"   # files: each frame declares its size
cat "$WORK/part1.zst" "$WORK/part2.zst" >"$WORK/lake/$key"
check "$key: two zstd frames" test "$(zstd -l "$WORK/lake/$key" 2>/dev/null | awk 'NR == 2 { print $1 }')" = 2
# live (no catchup): one ledger per transaction, strictly in order
archive_ini "$WORK/file.ini" "$PASSPHRASE" 2 - "path = $WORK/lake" "download_workers = 2"
sed -i "s|^\[source\]|stop_ledger = 10007\ncatchup_threshold = 4294967295\n[source]|" "$WORK/file.ini"
run_to "$WORK/file.ini" "$WORK/file.ndjson"
check "10,006 ledgers from files" test "$(ledgers "$WORK/file.ndjson" | wc -l)" -eq 10006
sequences "$WORK/file.ndjson" >"$WORK/file.seq"
seq 2 10007 >"$WORK/expected.seq"
check "in order, no gaps" cmp "$WORK/file.seq" "$WORK/expected.seq"
# over HTTP with the default catchup: the source's newest ledger (10007)
# is far ahead, so the core catches up in bounded ranges (one worker: the
# stdout sink's instances would interleave partial lines in one file)
serve "$WORK/lake"
archive_ini "$WORK/http.ini" "$PASSPHRASE" 2 - "url = $url" "download_workers = 4"
sed -i "s|^\[source\]|stop_ledger = 10007\nworkers = 1\n[source]|" "$WORK/http.ini"
run_to "$WORK/http.ini" "$WORK/http.ndjson"
ledgers "$WORK/http.ndjson" | sort >"$WORK/http.sorted"
ledgers "$WORK/file.ndjson" | sort >"$WORK/file.sorted"
check "HTTP (catchup) and file (live) deliver the same ledgers" \
    cmp "$WORK/file.sorted" "$WORK/http.sorted"
check "each ledger once" test "$(sequences "$WORK/http.ndjson" | sort -u | wc -l)" -eq 10006
expect_output "$WORK/run.err" "caught up through ledger 10007"

# 3. a truncated file over HTTP stops the run, naming its URL
key=$(cd "$WORK/lake" && ls -d */* | sort -r | sed -n '200p')
size=$(wc -c <"$WORK/lake/$key")
truncate -s $((size / 2)) "$WORK/lake/$key"
archive_ini "$WORK/bad.ini" "$PASSPHRASE" 2 - "url = $url"
sed -i "s|^\[source\]|catchup_threshold = 4294967295\n[source]|" "$WORK/bad.ini"
expect_exit 5 "truncated file stops the run" "$SLUICE" --config "$WORK/bad.ini" run
expect_output "$WORK/err" "$url/$key: truncated zstd frame"
first_bad=$(echo "$key" | sed 's/.*--\([0-9]*\)-[0-9]*\.xdr\.zst$/\1/')
check "only the ledgers before it were delivered" \
    test "$(sequences "$WORK/out" | tail -n 1)" -eq $((first_bad - 1))

# 4. a lake of another network is refused at open
archive_ini "$WORK/net.ini" "$PUBNET" 2 "$WORK/net.ndjson" "url = $url"
expect_exit 4 "lake of another network" "$SLUICE" --config "$WORK/net.ini" run
expect_output "$WORK/err" "$url/.config.json: the lake is of another network"
kill $server; wait $server 2>/dev/null

# 5. a FIFO in a local lake is refused, naming it, before anything waits
# on it (opening one for reading would block until a writer came)
cp -r "$WORK/lake" "$WORK/fifo_lake"
rm "$WORK/fifo_lake/$key"
mkfifo "$WORK/fifo_lake/$key"
archive_ini "$WORK/fifo.ini" "$PASSPHRASE" 2 - "path = $WORK/fifo_lake"
sed -i "s|^\[source\]|catchup_threshold = 4294967295\n[source]|" "$WORK/fifo.ini"
expect_exit 1 "a FIFO in the lake stops the run" timeout 30 "$SLUICE" --config "$WORK/fifo.ini" run
expect_output "$WORK/err" "$WORK/fifo_lake/$key: not a regular file"

# 6. a file whose batch is shorter than its name says (8..15 holding 8..9:
# a lake file holds a whole batch) is refused before any of its ledgers
"$TOP_BUILDDIR/sluice-synth" --ledgers 14 --txs-per-ledger 2 --network-passphrase "$PASSPHRASE" \
    --lake "$WORK/short_lake" --ledgers-per-file 8 --quiet &&
    "$TOP_BUILDDIR/sluice-synth" --ledgers 14 --txs-per-ledger 2 --network-passphrase "$PASSPHRASE" \
        --lake "$WORK/single_lake" --quiet || { echo "sluice-synth failed"; exit 99; }
short=$(find "$WORK/short_lake" -name '*--8-15.xdr.zst')
for seq in 8 9; do
    zstd -qdc "$(find "$WORK/single_lake" -name "*--$seq.xdr.zst")" | tail -c +13 >"$WORK/lcm$seq"
done
{ printf '\000\000\000\010\000\000\000\011\000\000\000\002'; cat "$WORK/lcm8" "$WORK/lcm9"; } |
    zstd -q >"$short"
archive_ini "$WORK/short.ini" "$PASSPHRASE" 2 - "path = $WORK/short_lake"
sed -i "s|^\[source\]|stop_ledger = 15\ncatchup_threshold = 4294967295\n[source]|" "$WORK/short.ini"
expect_exit 5 "a short batch stops the run" "$SLUICE" --config "$WORK/short.ini" run
expect_output "$WORK/err" "$short: batch holds ledgers 8..9 but the file name says 8..15"
check "ledgers 2..7 delivered, none of the short file" \
    test "$(sequences "$WORK/out" | tr '\n' ' ')" = "2 3 4 5 6 7 "
finish
