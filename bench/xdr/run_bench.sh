#!/bin/sh
# run_bench.sh — XDR decode benchmark: sluice's C decoder against the
# JavaScript peers on the same real fixture frames, with ratios.
# Run through `make bench-xdr` (builds bench_decode and dump_frames first).
# Installs @stellar/stellar-xdr-json@27.0.0 and @stellar/stellar-base@15.0.0
# into the build tree (bench/xdr/npm).  BENCH_SECONDS per phase (default 3).
set -eu
top_src=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
top_build=${TOP_BUILDDIR:-$top_src}
fixtures=${SLUICE_FIXTURES:-$top_src/tests/data}
seconds=${BENCH_SECONDS:-3}
npm_dir=$top_build/bench/xdr/npm

if [ ! -d "$npm_dir/node_modules/@stellar/stellar-base" ]; then
    mkdir -p "$npm_dir"
    npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error \
        @stellar/stellar-xdr-json@27.0.0 @stellar/stellar-base@15.0.0 >&2
fi
frames=$(mktemp)
results=$(mktemp)
trap 'rm -f "$frames" "$results"' EXIT
"$top_build/tests/xdr/dump_frames" "$fixtures" >"$frames"
echo "# sluice C decoder (1 core)"
"$top_build/bench/xdr/bench_decode" "$fixtures" "$seconds" | tee -a "$results"
echo "# JavaScript peers (node $(node --version))"
node "$top_src/bench/xdr/bench_peers.mjs" "$npm_dir/node_modules" "$frames" "$seconds" | tee -a "$results"
awk '$2 == "MB/s" { mbs[$1] = $3 }
END {
    peer = mbs["stellar-xdr-json"] > mbs["stellar-base"] ? "stellar-xdr-json" : "stellar-base"
    printf "# ratios\n"
    printf "decode vs faster JS peer (%s): %.1fx\n", peer, mbs["decode"] / mbs[peer]
    printf "decode vs stellar-xdr-json: %.1fx   vs stellar-base: %.1fx\n", mbs["decode"] / mbs["stellar-xdr-json"], mbs["decode"] / mbs["stellar-base"]
    printf "decode+json vs stellar-xdr-json (both produce JSON): %.1fx\n", mbs["decode+json"] / mbs["stellar-xdr-json"]
}' "$results"
