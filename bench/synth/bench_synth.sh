#!/bin/sh
# bench_synth.sh — generation speed of sluice-synth on one core: the
# default (pubnet-shaped) mix, both LedgerCloseMeta shapes, frames written
# to /dev/null (stream) and to a zstd data lake (default level 2, and level
# 3 for comparison).  Prints one line per case with its ratio to the
# 50,000 transactions/s goal, and fails when a default case is under it.
#
# The goal is judged on CPU time (user + system of the sluice-synth
# process): on a shared machine the wall clock also counts the time other
# jobs hold the core.  The wall-clock rate is printed beside it, with the
# load average.
#
# usage: bench_synth.sh [SLUICE_SYNTH] [LEDGERS]
set -u
synth=${1:-./sluice-synth}
ledgers=${2:-1000}
goal=50000
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-synth.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
status=0

# run NAME JUDGED ARGS...: JUDGED = 1 when the case must meet the goal
run() {
    name=$1 judged=$2; shift 2
    # one core: pinned when taskset exists
    pin=""
    command -v taskset >/dev/null 2>&1 && pin="taskset -c 0"
    line=$($pin "$synth" --ledgers "$ledgers" "$@" 2>&1 >/dev/null | tail -1)
    wall=$(echo "$line" | sed -n 's/.*(\([0-9]*\) tx\/s).*/\1/p')
    cpu=$(echo "$line" | sed -n 's/.*(\([0-9]*\) tx per CPU second).*/\1/p')
    echo "$name: $line"
    [ -n "$cpu" ] && [ -n "$wall" ] || { echo "  could not read the rates"; status=1; return; }
    echo "  $(awk -v c="$cpu" -v w="$wall" -v g="$goal" \
        'BEGIN { printf "%.2fx the goal of %d tx/s per CPU second (wall clock %.2fx)", c / g, g, w / g }')"
    [ "$judged" = 1 ] && [ "$cpu" -lt "$goal" ] && { echo "  below the goal"; status=1; }
    return 0
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
run "stream V2 -> /dev/null" 1 --meta-version 2 --stream /dev/null
run "stream V1 -> /dev/null" 1 --meta-version 1 --stream /dev/null
run "lake V2, 1 ledger/file, zstd 2 (default)" 1 --meta-version 2 --lake "$work/lake"
rm -rf "$work/lake"
run "lake V2, 1 ledger/file, zstd 3 (comparison)" 0 --meta-version 2 --lake "$work/lake" --zstd-level 3
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
exit $status
