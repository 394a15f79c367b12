#!/bin/sh
# frame_size.sh — sluice-synth --frame-bytes MEAN[,SD]: the frames written
# follow the drawn sizes (mean within 5%; SD adds to the ledgers' own
# variation as a standard deviation does), for both outputs; the default (--txs-per-ledger 308)
# stays at pubnet's size (0.9 - 1.45 MB frames, mean ~1.1 MB); bad values
# and --frame-bytes with --txs-per-ledger are refused.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
synth=$TOP_BUILDDIR/sluice-synth
verify=$TOP_BUILDDIR/tests/synth/synth_verify
pubnet="Public Global Stellar Network ; September 2015"

# frame_stats FILE -> "mean sd" from the verifier's summary
frame_stats() {
    sed -n 's/^frame bytes: mean \([0-9]*\), sd \([0-9]*\),.*/\1 \2/p' "$1"
}

# within NAME VALUE LO HI
within() {
    check "$1: $2 in [$3, $4]" awk -v v="$2" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v >= lo && v <= hi) }'
}

# generate_stats NAME OPTIONS...: generate, verify, set $mean and $sd
generate_stats() {
    name=$1; shift
    check "generate $name" "$synth" "$@" --quiet
    eval "out_arg=\${$#}"
    case "$*" in *--lake*) kind=--lake ;; *) kind=--stream ;; esac
    expect_exit 0 "verify $name" "$verify" "$pubnet" $kind "$out_arg"
    expect_output "$WORK/out" "0 inconsistencies"
    set -- $(frame_stats "$WORK/out")
    mean=$1 sd=$2
}

# 300 ledgers of 400 kB: with no spread asked, what remains is the ledgers'
# own variation (content differs from ledger to ledger)
generate_stats "400k,0" --ledgers 300 --frame-bytes 400k,0 --seed 5 --stream "$WORK/a.xdr"
within "mean of 400k,0" "$mean" 380000 420000
within "sd of 400k,0 (own variation, under 20%)" "$sd" 0 80000
own=$sd
# the same with a 100 kB standard deviation: it adds to the own variation
generate_stats "400k,100k" --ledgers 300 --frame-bytes 400k,100k --seed 5 --stream "$WORK/b.xdr"
within "mean of 400k,100k" "$mean" 380000 420000
added=$(awk -v sd="$sd" -v own="$own" 'BEGIN { v = sd * sd - own * own; print (v > 0 ? int(sqrt(v)) : 0) }')
within "spread added by SD 100k" "$added" 70000 130000

# larger frames, V1, written to a lake
generate_stats "2M,0" --ledgers 60 --frame-bytes 2M,0 --seed 6 --meta-version 1 --lake "$WORK/lake"
within "mean of 2M,0" "$mean" 1900000 2100000

# the default: pubnet's shape
check "generate the default" "$synth" --ledgers 100 --seed 7 --stream "$WORK/d.xdr" --quiet
expect_exit 0 "verify the default" "$verify" "$pubnet" --stream "$WORK/d.xdr"
set -- $(frame_stats "$WORK/out")
within "default mean (pubnet 1.11 MB)" "$1" 900000 1400000

# refusals
expect_exit 2 "--frame-bytes with --txs-per-ledger" "$synth" --ledgers 1 --frame-bytes 1M \
    --txs-per-ledger 10 --stream /dev/null
expect_output "$WORK/err" "give either --txs-per-ledger or --frame-bytes"
expect_exit 2 "--frame-bytes below 1k" "$synth" --ledgers 1 --frame-bytes 10 --stream /dev/null
expect_output "$WORK/err" "a mean from 1k to 100M"
expect_exit 2 "--frame-bytes with a bad spread" "$synth" --ledgers 1 --frame-bytes 1M,x --stream /dev/null
expect_output "$WORK/err" "a standard deviation up to 100M"
finish
