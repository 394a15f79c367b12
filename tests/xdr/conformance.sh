#!/bin/sh
# conformance.sh — `sluice decode` must print the same JSON as
# @stellar/stellar-xdr-json 27.0.0 (the engine of `stellar xdr decode`) for
# every real fixture frame.  Installs the npm package into the build tree
# (tests/xdr/npm) and fails loudly when it cannot; skips without fixtures
# (fails under CI=true).
set -u
top_build=${TOP_BUILDDIR:-$(pwd)}
top_src=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
fixtures=${SLUICE_FIXTURES:-$top_src/tests/data}
sluice=${SLUICE:-$top_build/sluice}
npm_dir=$top_build/tests/xdr/npm

[ -d "$fixtures" ] || { echo "fixtures folder $fixtures missing (it ships in tests/data)"; exit 99; }
. "${TOP_SRCDIR:-$top_src}/tests/xdr_json_npm.sh"
frames=$(mktemp) || exit 99
trap 'rm -f "$frames"' EXIT
"$top_build/tests/xdr/dump_frames" "$fixtures" >"$frames" || { echo "dump_frames failed"; exit 99; }
node "$top_src/tests/xdr/conformance.mjs" "$pkg" "$frames" "$sluice"
