#!/bin/sh
# bench_core.sh — the core's benchmark (BENCHMARKS.md), in one run over the
# same pubnet-sized synthetic ledgers (sluice-synth defaults) and one
# PostgreSQL: (1) live latency, frame arrival to commit, p50/p99, measured
# with frames back to back and pipeline_depth = 2 (so at most one ledger
# waits in the queue: an upper bound of the latency when a ledger arrives
# every ~5 s); (2) backfill ledgers/s end to end (archive source, indexer,
# sink, 2 workers) against the sink-alone limit (the same ledgers indexed
# beforehand, only the sink's calls timed); prints the ratio.
# Environment: BENCH_CORE_LEDGERS (default 200), SLUICE_TEST_DSN (else a
# private server is started).
set -u
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/pg_env.sh"
n=${BENCH_CORE_LEDGERS:-200}
last=$((n + 1))
synth=$TOP_BUILDDIR/sluice-synth
"$synth" --ledgers "$n" --lake "$WORK/lake" --quiet || exit 1
"$synth" --ledgers "$n" --stream "$WORK/stream.xdr" --quiet || exit 1
mb=$(du -sm "$WORK/stream.xdr" | cut -f1)

config() { # FILE DSN CORE-LINES...
    file=$1 dsn=$2; shift 2
    write_config "$file" archive postgres "$@"
    sed -i "s|^plugin = archive|plugin = archive\npath = $WORK/lake|" "$file"
    echo "dsn = $dsn" >>"$file"
}

live_db=$(pg_new_database bench_live)
config "$WORK/live.ini" "$live_db" "start_ledger = 2" "stop_ledger = $last" \
    "catchup_threshold = 4294967295" "pipeline_depth = 2" "log_level = debug"
"$SLUICE" --config "$WORK/live.ini" run 2>"$WORK/live.log" || { tail "$WORK/live.log"; exit 1; }
sed -n 's/.*ledger [0-9]* committed \([0-9]*\) us after.*/\1/p' "$WORK/live.log" | sort -n >"$WORK/lat"
count=$(wc -l <"$WORK/lat")
p50=$(awk -v n="$count" 'NR == int(n * 0.50 + 0.5) {print $1 / 1000}' "$WORK/lat")
p99=$(awk -v n="$count" 'NR == int(n * 0.99 + 0.5) {print $1 / 1000}' "$WORK/lat")

backfill_db=$(pg_new_database bench_backfill)
config "$WORK/backfill.ini" "$backfill_db" "workers = 2" "batch_size = 50" "flush_every = 50"
start=$(date +%s%N)
"$SLUICE" --config "$WORK/backfill.ini" backfill 2 "$last" >/dev/null 2>"$WORK/backfill.log" ||
    { tail "$WORK/backfill.log"; exit 1; }
backfill_s=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN {printf "%.3f", (b - a) / 1e9}')

alone_db=$(pg_new_database bench_alone)
config "$WORK/alone.ini" "$alone_db"
"$TOP_BUILDDIR/bench/core/bench_sink_alone" "$WORK/alone.ini" "$WORK/stream.xdr" 50 >"$WORK/alone.txt" ||
    exit 1
alone_rate=$(sed -n 's/^sink_alone_ledgers_per_s //p' "$WORK/alone.txt")
backfill_rate=$(awk -v n="$n" -v s="$backfill_s" 'BEGIN {printf "%.1f", n / s}')
ratio=$(awk -v a="$backfill_rate" -v b="$alone_rate" 'BEGIN {printf "%.2f", a / b}')

echo "bench-core: $n pubnet-sized synthetic ledgers, $mb MB of LedgerCloseMeta"
echo "live latency (frame arrival -> commit, $count ledgers): p50 ${p50} ms, p99 ${p99} ms"
echo "backfill end to end (2 workers): $backfill_rate ledgers/s"
echo "sink alone (same ledgers, pre-indexed, 1 writer): $alone_rate ledgers/s"
echo "ratio backfill / sink-alone: $ratio"
check "latency measured for every ledger" test "$count" -eq "$n"
check "backfill verified" "$SLUICE" --config "$WORK/backfill.ini" verify 2 "$last"
finish
