#!/bin/sh
# lake.sh — sluice-synth --lake writes the public data-lake layout: root
# .config.json, partition folders and batch files named as documented
# (%08X--start-end, 0xFFFFFFFF - start), zstd LedgerCloseMetaBatch files
# that the verifier decodes and checks; the stream goes to a file
# descriptor and can be paced; bad command lines are refused.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
synth=$TOP_BUILDDIR/sluice-synth
verify=$TOP_BUILDDIR/tests/synth/synth_verify
pubnet="Public Global Stellar Network ; September 2015"

if ! grep -q '^#define HAVE_ZSTD 1' "$TOP_BUILDDIR/config.h"; then
    expect_exit 1 "without zstd the lake is refused" "$synth" --ledgers 3 --lake "$WORK/lake"
    expect_output "$WORK/err" "built without zstd"
    finish
fi

lake=$WORK/lake
expect_exit 0 "write a partitioned lake" "$synth" --ledgers 300 --txs-per-ledger 40 \
    --ledgers-per-file 8 --files-per-partition 4 --lake "$lake"
# 2..301 ends inside the file of 296..303: a lake file holds a whole batch
expect_output "$WORK/err" "ledger 301 ends inside the lake file of ledgers 296..303: writing 2 more ledgers"
expect_output "$WORK/err" "302 ledgers (2..303)"
check "manifest" grep -q '"ledgersPerBatch": 8' "$lake/.config.json"
check "manifest partitions" grep -q '"batchesPerPartition": 4' "$lake/.config.json"
check "manifest compression" grep -q '"compression": "zstd"' "$lake/.config.json"
check "manifest network" grep -qF "\"networkPassphrase\": \"$pubnet\"" "$lake/.config.json"
check "first file (ledgers 2..7 of 0..7)" test -f "$lake/FFFFFFFF--0-31/FFFFFFFF--0-7.xdr.zst"
check "file of ledger 40" test -f "$lake/FFFFFFDF--32-63/FFFFFFD7--40-47.xdr.zst"
check "last file (ledgers 296..303)" test -f "$lake/FFFFFEDF--288-319/FFFFFED7--296-303.xdr.zst"
check "38 files" test "$(find "$lake" -name '*.xdr.zst' | wc -l)" -eq 38
check "no temporary files left" test -z "$(find "$lake" -name '*.tmp')"
expect_exit 0 "verify the lake" "$verify" "$pubnet" --lake "$lake"
expect_output "$WORK/out" "302 ledgers 2..303"
expect_output "$WORK/out" "0 inconsistencies"
# a count that ends on a file boundary is written as asked
expect_exit 0 "a lake ending on a file boundary" "$synth" --ledgers 14 --ledgers-per-file 8 \
    --lake "$WORK/aligned"
check "no completion notice" sh -c "! grep -q 'ends inside' '$WORK/err'"
expect_output "$WORK/err" "14 ledgers (2..15)"

# one ledger per file, no partitions
expect_exit 0 "write a flat lake" "$synth" --ledgers 5 --start 100 --ledgers-per-file 1 \
    --files-per-partition 1 --lake "$WORK/flat" --meta-version 1
check "flat file name" test -f "$WORK/flat/FFFFFF9B--100.xdr.zst"
expect_exit 0 "verify the flat lake" "$verify" "$pubnet" --lake "$WORK/flat"
expect_output "$WORK/out" "5 ledgers 100..104"
expect_exit 1 "a lake of another layout is not overwritten" "$synth" --ledgers 5 --lake "$WORK/flat" \
    --ledgers-per-file 2
expect_output "$WORK/err" "exists with a different network or layout"

# the stream to an inherited descriptor, paced
start=$(date +%s.%N)
expect_exit 0 "stream to fd 3, 0.2 s apart" sh -c "'$synth' --ledgers 6 --txs-per-ledger 5 --fd 3 --interval 0.2 3>'$WORK/fd.xdr'"
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
check "pacing took at least 1 s ($elapsed s)" test "$(echo "$elapsed >= 1.0" | bc)" -eq 1
expect_exit 0 "verify the fd stream" "$verify" "$pubnet" --stream "$WORK/fd.xdr"
expect_output "$WORK/out" "6 ledgers 2..7"

# command-line errors
expect_exit 2 "--ledgers is required" "$synth" --stream "$WORK/x"
expect_output "$WORK/err" "--ledgers N is required"
expect_exit 2 "one output only" "$synth" --ledgers 1 --stream "$WORK/x" --lake "$WORK/y"
expect_exit 2 "meta version 3" "$synth" --ledgers 1 --meta-version 3 --stream "$WORK/x"
expect_output "$WORK/err" "--meta-version: '3'"
expect_exit 2 "unknown mix kind" "$synth" --ledgers 1 --mix bogus=1 --stream "$WORK/x"
expect_output "$WORK/err" "unknown kind 'bogus'"
expect_exit 2 "start 1" "$synth" --ledgers 1 --start 1 --stream "$WORK/x"
expect_exit 1 "closed descriptor" "$synth" --ledgers 1 --fd 9
expect_output "$WORK/err" "file descriptor 9 is not open"
finish
