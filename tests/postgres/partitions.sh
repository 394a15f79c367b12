#!/bin/sh
# partitions.sh — partition_ledgers through the real `sluice backfill`
# with two parallel workers, over a sluice-synth lake crossing many
# partition boundaries: the tables equal those of an unpartitioned
# backfill of the same ledgers (pg_checksum: every row of every table),
# a second backfill over an overlapping range leaves them so (one copy),
# gaps and verify agree, and the partitioned store is refused by a config
# without partition_ledgers (exit 4: a config error) with the hint.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/pg_env.sh"

if [ ! -f "$PLUGIN_BUILD_DIR/source_archive.so" ]; then
    [ "${CI:-}" = true ] && { echo "archive source not built and CI=true"; exit 99; }
    echo "SKIP: the archive source plugin is not built (needs zstd)"; exit 77
fi
"$TOP_BUILDDIR/sluice-synth" --ledgers 398 --txs-per-ledger 6 --accounts 200 \
    --ledgers-per-file 8 --lake "$WORK/lake" --quiet || { echo "sluice-synth failed"; exit 99; }

# backfill_config FILE DSN [SINK-LINES...]
backfill_config() {
    file=$1 dsn=$2
    shift 2
    write_config "$file" archive postgres "batch_size = 30" "workers = 2"
    sed -i "s|^plugin = archive|plugin = archive\npath = $WORK/lake|" "$file"
    echo "dsn = $dsn" >>"$file"
    for line in "$@"; do echo "$line" >>"$file"; done
}

flat=$(pg_new_database flat) || exit 99
parted=$(pg_new_database parted) || exit 99
backfill_config "$WORK/flat.ini" "$flat"
backfill_config "$WORK/parted.ini" "$parted" "partition_ledgers = 64"
expect_exit 0 "unpartitioned backfill 2..399" "$SLUICE" --config "$WORK/flat.ini" backfill 2 399
expect_exit 0 "partitioned backfill 2..399, two workers" \
    "$SLUICE" --config "$WORK/parted.ini" backfill 2 399
check "partitions 0..384 of every history table (7 x 7)" test "$(psql "$parted" -qAt -c \
    "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'sluice' AND c.relkind = 'p'")" -eq 49
check "ledgers 320..383 in their partition" test "$(psql "$parted" -qAt -c \
    "SELECT count(*) || ' ' || min(sequence) || ' ' || max(sequence) FROM sluice.ledgers_0000000320")" = "64 320 383"
pg_checksum "$flat" >"$WORK/flat.sum"
pg_checksum "$parted" >"$WORK/parted.sum"
sed 's/^/  /' "$WORK/parted.sum"
check "every table equals the unpartitioned backfill's" cmp "$WORK/flat.sum" "$WORK/parted.sum"
check "rows were written" sh -c "! grep -q '^transactions 0 ' '$WORK/parted.sum'"

# an overlapping re-write across boundaries leaves one copy
expect_exit 0 "partitioned backfill 100..300 again" \
    "$SLUICE" --config "$WORK/parted.ini" backfill 100 300
pg_checksum "$parted" >"$WORK/again.sum"
check "still equal after the re-write" cmp "$WORK/flat.sum" "$WORK/again.sum"
expect_exit 0 "gaps" "$SLUICE" --config "$WORK/parted.ini" gaps --json 2 500
check "gaps: 400..500 (partitions 384 and 448, the latter not made)" \
    grep -qxF '{"gaps":[{"from":400,"to":500}]}' "$WORK/out"
expect_exit 0 "verify" "$SLUICE" --config "$WORK/parted.ini" verify 2 399
expect_output "$WORK/out" "hash chain unbroken over 398 ledgers"

# the partitioned schema under a config without partition_ledgers
backfill_config "$WORK/plain.ini" "$parted"
expect_exit 4 "a partitioned schema, partition_ledgers unset" \
    "$SLUICE" --config "$WORK/plain.ini" backfill 2 10
expect_output "$WORK/err" "the schema's partitioning is not the configured one"
expect_output "$WORK/err" "fixed when it is created"
finish
