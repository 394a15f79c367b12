#!/bin/sh
# conformance.sh — `sluice decode` must print the same JSON as
# @stellar/stellar-xdr-json 27.0.0 (the engine of `stellar xdr decode`) for
# every real fixture frame.  Installs the npm package into the build tree
# (tests/xdr/npm) and fails loudly when it cannot; skips without fixtures
# (fails under CI=true).
set -u
top_build=${TOP_BUILDDIR:-$(pwd)}
top_src=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
fixtures=${SLUICE_FIXTURES:-$top_src/../shared/fixtures}
sluice=${SLUICE:-$top_build/sluice}
pkg_version=27.0.0
npm_dir=$top_build/tests/xdr/npm

if [ ! -d "$fixtures" ]; then
    if [ "${CI:-}" = true ]; then echo "fixtures $fixtures missing and CI=true"; exit 99; fi
    echo "SKIP: fixtures folder $fixtures not found"; exit 77
fi
for tool in node npm; do
    command -v $tool >/dev/null 2>&1 || { echo "ERROR: $tool is required for this test"; exit 99; }
done
pkg=$npm_dir/node_modules/@stellar/stellar-xdr-json
if ! grep -q "\"version\": \"$pkg_version\"" "$pkg/package.json" 2>/dev/null; then
    mkdir -p "$npm_dir" || exit 99
    if ! npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error \
            "@stellar/stellar-xdr-json@$pkg_version" >"$npm_dir/install.log" 2>&1; then
        echo "ERROR: npm install @stellar/stellar-xdr-json@$pkg_version failed:"
        cat "$npm_dir/install.log"
        exit 99
    fi
fi
frames=$(mktemp) || exit 99
trap 'rm -f "$frames"' EXIT
"$top_build/tests/xdr/dump_frames" "$fixtures" >"$frames" || { echo "dump_frames failed"; exit 99; }
node "$top_src/tests/xdr/conformance.mjs" "$pkg" "$frames" "$sluice"
