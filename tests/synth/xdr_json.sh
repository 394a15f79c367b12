#!/bin/sh
# xdr_json.sh — @stellar/stellar-xdr-json 27.0.0 (the Rust XDR of the
# Stellar CLI, independent of our codec) decodes every generated frame, both
# LedgerCloseMeta shapes.  Installs the npm package into the build tree and
# fails loudly when it cannot.
. "$TOP_SRCDIR/tests/testlib.sh"
pkg_version=27.0.0
npm_dir=$TOP_BUILDDIR/tests/synth/npm
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
for v in 1 2; do
    check "generate V$v" "$TOP_BUILDDIR/sluice-synth" --ledgers 40 --txs-per-ledger 120 \
        --meta-version $v --seed 11 --stream "$WORK/v$v.xdr" --quiet
    expect_exit 0 "stellar-xdr-json decodes every V$v frame" \
        node "$TOP_SRCDIR/tests/synth/xdr_json.mjs" "$pkg" "$WORK/v$v.xdr" $v
    expect_output "$WORK/out" "40 frames decoded"
done
finish
