#!/bin/sh
# archive.sh — sluice-synth --archive writes a Stellar history archive of
# its world beside the lake: for several seeds and both meta versions, the
# history-archive reader reads every checkpoint (hashes checked), merges
# exactly the generator's own world (--dump-state), the checkpoint headers
# are the lake's, and the buckets span several levels with DEAD, INIT and
# shadowed keys (archive_check.c).  Without --archive the lake is the same
# bytes as before; bad command lines are refused.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
synth=$TOP_BUILDDIR/sluice-synth
archive_check=$TOP_BUILDDIR/tests/synth/archive_check
verify=$TOP_BUILDDIR/tests/synth/synth_verify
pubnet="Public Global Stellar Network ; September 2015"

if ! grep -q '^#define HAVE_ZSTD 1' "$TOP_BUILDDIR/config.h" ||
   ! grep -q '^#define HAVE_ZLIB 1' "$TOP_BUILDDIR/config.h"; then
    echo "skipped: the archive needs zlib and the lake zstd"
    exit 77
fi

# 1350 ledgers from 2: 21 checkpoints (63 .. 1343), window 21 = 10101b:
# blocks of 1, 4 and 16 windows, on levels 0, 1 and 2, and the genesis
# bucket on level 10
for meta in 1 2; do
    for seed in 1 7; do
        run=$WORK/m$meta-s$seed
        expect_exit 0 "meta $meta seed $seed: lake and archive" "$synth" --ledgers 1350 \
            --accounts 400 --txs-per-ledger 12 --seed "$seed" --meta-version "$meta" \
            --ledgers-per-file 16 --lake "$run/lake" --archive "$run/archive" --dump-state "$run/dump"
        expect_output "$WORK/err" "archive $run/archive: 21 checkpoints"
        expect_exit 0 "meta $meta seed $seed: the reader reads the world of every checkpoint" \
            "$archive_check" "$run/archive" "$run/dump" "$run/lake" 4
        expect_output "$WORK/out" "21 checkpoints; 21 headers are the lake's"
        check "meta $meta seed $seed: no temporary files left" \
            test -z "$(find "$run" -name '*.tmp')"
        expect_exit 0 "meta $meta seed $seed: the lake still verifies (hash chain, state)" \
            "$verify" "$pubnet" --lake "$run/lake"
        expect_output "$WORK/out" "0 inconsistencies"
        version=$((meta == 2 ? 2 : 1))
        check "meta $meta: HAS version $version" \
            grep -q "\"version\": $version" "$run/archive/.well-known/stellar-history.json"
    done
done
# from ledger 1000: the first checkpoint is 1023 (window 16), whose block
# of 16 windows merges the empty ones before the first ledger
expect_exit 0 "from ledger 1000" "$synth" --ledgers 200 --start 1000 --accounts 300 --txs-per-ledger 12 \
    --seed 3 --meta-version 1 --lake "$WORK/late/lake" --archive "$WORK/late/archive" --dump-state "$WORK/late/dump"
expect_exit 0 "from ledger 1000: every checkpoint is the world" "$archive_check" "$WORK/late/archive" \
    "$WORK/late/dump" "$WORK/late/lake" 2
expect_output "$WORK/out" "checkpoint 1023: "
expect_output "$WORK/out" "3 checkpoints; 3 headers are the lake's"
check "protocol 23: hot archive levels" \
    grep -q hotArchiveBuckets "$WORK/m2-s1/archive/history/00/00/05/history-0000053f.json"
check "protocol 21: no hot archive levels" \
    test -z "$(grep hotArchiveBuckets "$WORK/m1-s1/archive/history/00/00/05/history-0000053f.json")"

# the same options and seed give the same archive
expect_exit 0 "again, seed 1" "$synth" --ledgers 1350 --accounts 400 --txs-per-ledger 12 --seed 1 \
    --meta-version 2 --ledgers-per-file 16 --lake "$WORK/again/lake" --archive "$WORK/again/archive"
check "deterministic archive" diff -r "$WORK/m2-s1/archive" "$WORK/again/archive"
check "deterministic lake" diff -r "$WORK/m2-s1/lake" "$WORK/again/lake"
expect_exit 0 "with a stream" "$synth" --ledgers 1350 --accounts 400 --txs-per-ledger 12 --seed 1 \
    --meta-version 2 --stream "$WORK/stream.xdr" --archive "$WORK/stream-archive"
check "a stream's archive is the lake's" diff -r "$WORK/m2-s1/archive" "$WORK/stream-archive"

# without --archive: the lake of before (stand-in bucketListHash); with
# it, only the checkpoint headers (and the chain after them) differ
expect_exit 0 "no archive" "$synth" --ledgers 100 --accounts 400 --txs-per-ledger 12 --seed 1 \
    --lake "$WORK/plain"
expect_exit 0 "archive" "$synth" --ledgers 100 --accounts 400 --txs-per-ledger 12 --seed 1 \
    --lake "$WORK/with" --archive "$WORK/with-archive"
check "the ledgers before the first checkpoint are the same bytes" \
    cmp "$WORK/plain/FFFFFFFF--0-63999/FFFFFFC1--62.xdr.zst" "$WORK/with/FFFFFFFF--0-63999/FFFFFFC1--62.xdr.zst"
check "the checkpoint ledger commits to the archive's bucket list" \
    test -n "$(cmp "$WORK/plain/FFFFFFFF--0-63999/FFFFFFC0--63.xdr.zst" "$WORK/with/FFFFFFFF--0-63999/FFFFFFC0--63.xdr.zst")"

# a damaged archive is refused by the reader: the latest state's level 1
# curr bucket no longer matches its name
hash=$(sed -n 's/.*"curr": "\([0-9a-f]*\)".*/\1/p' "$WORK/m1-s7/archive/.well-known/stellar-history.json" |
    grep -v '^0*$' | head -n 1)
bucket=$(find "$WORK/m1-s7/archive/bucket" -name "bucket-$hash.xdr.gz")
check "the state names a bucket of the archive" test -n "$bucket"
printf 'garbage' | gzip > "$bucket"
expect_exit 1 "a damaged bucket is found" "$archive_check" "$WORK/m1-s7/archive" "$WORK/m1-s7/dump" \
    "$WORK/m1-s7/lake" 4
expect_output "$WORK/err" "bucket-$hash.xdr.gz"

expect_exit 2 "--dump-state without --archive" "$synth" --ledgers 3 --lake "$WORK/x" --dump-state "$WORK/d"
expect_output "$WORK/err" "--dump-state needs --archive"
finish
