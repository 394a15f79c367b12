#!/bin/sh
# xdr_json.sh — @stellar/stellar-xdr-json 27.0.0 (the Rust XDR of the
# Stellar CLI, independent of our codec) decodes every generated frame, both
# LedgerCloseMeta shapes.  Installs the npm package into the build tree and
# fails loudly when it cannot.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
npm_dir=$TOP_BUILDDIR/tests/synth/npm
. "$TOP_SRCDIR/tests/xdr_json_npm.sh"
for v in 1 2; do
    check "generate V$v" "$TOP_BUILDDIR/sluice-synth" --ledgers 40 --txs-per-ledger 120 \
        --meta-version $v --seed 11 --stream "$WORK/v$v.xdr" --quiet
    expect_exit 0 "stellar-xdr-json decodes every V$v frame" \
        node "$TOP_SRCDIR/tests/synth/xdr_json.mjs" "$pkg" "$WORK/v$v.xdr" $v
    expect_output "$WORK/out" "40 frames decoded"
done
finish
