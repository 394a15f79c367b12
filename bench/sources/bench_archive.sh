#!/bin/sh
# bench_archive.sh — archive source throughput over local files against
# the limit `zstd -dc` of the same files to /dev/null, in the same run.
# Lake: sluice-synth (hash-chained V2 ledgers, 8 per file).
#   BENCH_ARCHIVE_LEDGERS (default 2000), BENCH_ARCHIVE_TXS (default 100),
#   BENCH_ARCHIVE_WORKERS (default 2), BENCH_ARCHIVE_DIR (default a temp dir)
set -eu
ledgers=${BENCH_ARCHIVE_LEDGERS:-2000}
txs=${BENCH_ARCHIVE_TXS:-100}
workers=${BENCH_ARCHIVE_WORKERS:-2}
dir=${BENCH_ARCHIVE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench-archive.XXXXXX")}
build=${TOP_BUILDDIR:-.}
mkdir -p "$dir"
lake=$dir/lake
if [ ! -f "$lake/.config.json" ]; then
    "$build/sluice-synth" --ledgers "$ledgers" --txs-per-ledger "$txs" --lake "$lake" \
        --ledgers-per-file 8 --files-per-partition 64 --quiet
fi
last=$((2 + ledgers - 1))
last=$((last / 8 * 8 - 1))   # whole files only
find "$lake" -name '*.xdr.zst' | sort >"$dir/files"
# warm the page cache so both sides read from memory
xargs cat <"$dir/files" >/dev/null
start=$(date +%s.%N)
xargs zstd -qdc <"$dir/files" >/dev/null
end=$(date +%s.%N)
zstd_seconds=$(echo "$end - $start" | bc)
decompressed=$(xargs zstd -qdc <"$dir/files" | wc -c)
echo "zstd -dc: $(wc -l <"$dir/files") files, $decompressed bytes in $zstd_seconds s:" \
     "$(echo "scale=1; $decompressed / $zstd_seconds / 1000000" | bc) MB/s"
PLUGIN_BUILD_DIR=${PLUGIN_BUILD_DIR:-$build/plugins/.libs} \
    "$build/bench/sources/bench_archive" "$lake" 2 "$last" "$workers" 16 | tee "$dir/plugin"
plugin_mbs=$(sed 's/.* \([0-9.]*\) MB\/s$/\1/' "$dir/plugin")
plugin_mbs=${plugin_mbs:-0}
echo "ratio to zstd -dc: $(echo "scale=3; $plugin_mbs / ($decompressed / $zstd_seconds / 1000000)" | bc)"
[ -n "${BENCH_ARCHIVE_DIR:-}" ] || rm -rf "$dir"
