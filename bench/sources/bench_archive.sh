#!/bin/sh
# bench_archive.sh — archive source throughput over local files against
# the limit `zstd -dc` of the same files to /dev/null, in the same run.
#
# Lake: sluice-synth (hash-chained V2 ledgers, 8 per file), read as whole
# files only, so both sides decompress exactly the same files; the page
# cache is warmed first.  Each round times, back to back: `zstd -qdc` of
# the files (one process, start-up included), the plugin with one worker,
# and the plugin with BENCH_ARCHIVE_WORKERS workers (bench_archive: real
# loader, plugin opened, then timed from prepare() to next()'s END).  Every round is printed; the ratios compare the best
# round of each side (the machine is shared: best-of filters out other
# jobs' bursts), and the load average is printed beside them.
#   BENCH_ARCHIVE_LEDGERS (default 2006: ledgers 2..2007), BENCH_ARCHIVE_TXS
#   (100), BENCH_ARCHIVE_WORKERS (2), BENCH_ARCHIVE_BUFFER (16),
#   BENCH_ARCHIVE_ROUNDS (7), BENCH_ARCHIVE_DIR (default: a temporary dir,
#   removed afterwards; a given one keeps the lake for the next run)
set -eu
ledgers=${BENCH_ARCHIVE_LEDGERS:-2006}
txs=${BENCH_ARCHIVE_TXS:-100}
workers=${BENCH_ARCHIVE_WORKERS:-2}
buffer=${BENCH_ARCHIVE_BUFFER:-16}
rounds=${BENCH_ARCHIVE_ROUNDS:-7}
dir=${BENCH_ARCHIVE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench-archive.XXXXXX")}
build=${TOP_BUILDDIR:-.}
export PLUGIN_BUILD_DIR=${PLUGIN_BUILD_DIR:-$build/plugins/.libs}
mkdir -p "$dir"
lake=$dir/lake
if [ ! -f "$lake/.config.json" ]; then
    "$build/sluice-synth" --ledgers "$ledgers" --txs-per-ledger "$txs" --lake "$lake" \
        --ledgers-per-file 8 --files-per-partition 64 --quiet
fi
last=$(((2 + ledgers) / 8 * 8 - 1))   # the end of the last whole file
# the files ending at or before $last (names: %08X--START-END.xdr.zst)
find "$lake" -name '*.xdr.zst' |
    awk -v last="$last" '{ n = $0; sub(/\.xdr\.zst$/, "", n); sub(/.*-/, "", n);
                           if (n + 0 <= last) print }' | sort >"$dir/files"
xargs cat <"$dir/files" >/dev/null
compressed=$(xargs cat <"$dir/files" | wc -c)
decompressed=$(xargs zstd -qdc <"$dir/files" | wc -c)
echo "lake: $(wc -l <"$dir/files") files, ledgers 2..$last, $compressed bytes" \
     "compressed, $decompressed decompressed"

now() {
    date +%s.%N
}

# plugin WORKERS: run bench_archive, print the seconds it took from
# prepare() to END (after the plugin is open, as a source runs in sluice)
plugin() {
    "$build/bench/sources/bench_archive" "$lake" 2 "$last" "$1" "$buffer" \
        >"$dir/plugin.out" 2>"$dir/plugin.err" || { cat "$dir/plugin.err" >&2; exit 1; }
    awk '{ print $5 }' "$dir/plugin.out"
}

: >"$dir/times"
round=1
while [ $round -le "$rounds" ]; do
    start=$(now)
    xargs zstd -qdc <"$dir/files" >/dev/null
    end=$(now)
    zstd_s=$(echo "$end - $start" | bc)
    one_s=$(plugin 1)
    many_s=$(plugin "$workers")
    echo "round $round: zstd -dc $zstd_s s, plugin 1 worker $one_s s," \
         "$workers workers $many_s s"
    echo "$zstd_s $one_s $many_s" >>"$dir/times"
    round=$((round + 1))
done

# best (smallest) time of column $1
best() {
    awk -v c="$1" 'NR == 1 || $c < m { m = $c } END { print m }' "$dir/times"
}
zstd_best=$(best 1)
one_best=$(best 2)
many_best=$(best 3)
mbs() {
    echo "scale=1; $decompressed / $1 / 1000000" | bc
}
ledgers_read=$((last - 1))
echo "best of $rounds rounds, load average$(uptime | sed 's/.*load average//'):"
echo "  zstd -dc:             $(mbs "$zstd_best") MB/s"
echo "  plugin, 1 worker:     $(mbs "$one_best") MB/s," \
     "$(echo "scale=0; $ledgers_read / $one_best" | bc) ledgers/s," \
     "ratio to zstd -dc $(echo "scale=3; $zstd_best / $one_best" | bc)"
echo "  plugin, $workers workers:    $(mbs "$many_best") MB/s," \
     "$(echo "scale=0; $ledgers_read / $many_best" | bc) ledgers/s," \
     "ratio to zstd -dc $(echo "scale=3; $zstd_best / $many_best" | bc)," \
     "to 1 worker $(echo "scale=3; $one_best / $many_best" | bc)"
[ -n "${BENCH_ARCHIVE_DIR:-}" ] || rm -rf "$dir"
