#!/bin/sh
# crosscheck.sh — for every real fixture ledger, the indexer's transaction
# count, transaction hashes (apply order), operation counts and operation
# types must equal what @stellar/stellar-xdr-json 27.0.0 decodes, paired
# by hashes computed independently (tests/indexer/crosscheck.mjs).
# Installs the npm package into the build tree (tests/indexer/npm); skips
# without fixtures (fails under CI=true).
set -u
top_build=${TOP_BUILDDIR:-$(pwd)}
top_src=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
fixtures=${SLUICE_FIXTURES:-$top_src/tests/data}
npm_dir=$top_build/tests/indexer/npm

[ -d "$fixtures" ] || { echo "fixtures folder $fixtures missing (it ships in tests/data)"; exit 99; }
. "${TOP_SRCDIR:-$top_src}/tests/xdr_json_npm.sh"
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
"$top_build/tests/xdr/dump_frames" "$fixtures" >"$work/frames" || { echo "dump_frames failed"; exit 99; }
node "$top_src/tests/indexer/crosscheck.mjs" "$pkg" "$work/frames" >"$work/expected" ||
    { echo "crosscheck.mjs failed"; exit 99; }
"$top_build/tests/indexer/test_index_fixtures" --summary >"$work/actual" ||
    { echo "test_index_fixtures --summary failed"; exit 99; }
ledgers=$(grep -c '^L ' "$work/expected")
transactions=$(grep -c '^T ' "$work/expected")
if grep -q missing "$work/expected"; then
    echo "FAIL: stellar-xdr-json side could not pair every result with an envelope"; exit 1
fi
if ! diff -u "$work/expected" "$work/actual" >"$work/diff"; then
    echo "FAIL: indexer and stellar-xdr-json disagree:"; head -40 "$work/diff"; exit 1
fi
[ "$ledgers" -gt 100 ] && [ "$transactions" -gt 1000 ] || { echo "FAIL: too few ledgers ($ledgers) or transactions ($transactions)"; exit 1; }
echo "PASS: $ledgers ledgers, $transactions transactions agree (hashes, op counts, op types, inner hashes of fee bumps)"
