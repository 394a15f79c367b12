#!/bin/sh
# bench_synth.sh — generation speed of sluice-synth on one core: the
# default (pubnet-shaped) mix, both LedgerCloseMeta shapes, frames written
# to /dev/null (stream) and to a zstd data lake.  Prints one line per case
# with its ratio to the 50,000 transactions/s goal, and fails when any case
# is under it.
#
# usage: bench_synth.sh [SLUICE_SYNTH] [LEDGERS]
set -u
synth=${1:-./sluice-synth}
ledgers=${2:-1000}
goal=50000
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-synth.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
status=0

run() {
    name=$1; shift
    # one core: pinned when taskset exists
    pin=""
    command -v taskset >/dev/null 2>&1 && pin="taskset -c 0"
    line=$($pin "$synth" --ledgers "$ledgers" "$@" 2>&1 >/dev/null | tail -1)
    rate=$(echo "$line" | sed -n 's/.*(\([0-9]*\) tx\/s).*/\1/p')
    echo "$name: $line"
    [ -n "$rate" ] || { echo "  could not read the rate"; status=1; return; }
    echo "  $(awk -v r="$rate" -v g="$goal" 'BEGIN { printf "%.2fx the goal of %d tx/s", r / g, g }')"
    [ "$rate" -lt "$goal" ] && { echo "  below the goal"; status=1; }
    return 0
}

run "stream V2 -> /dev/null" --meta-version 2 --stream /dev/null
run "stream V1 -> /dev/null" --meta-version 1 --stream /dev/null
run "lake V2, 1 ledger/file, zstd 2 (default)" --meta-version 2 --lake "$work/lake"
exit $status
