#!/bin/sh
# example_configs.sh - every configuration in etc/ passes `sluice
# check-config` with the built plugins, and a broken copy of each fails
# (so the check is real).  check_config (testlib.sh) gives the captive-core
# examples a stand-in stellar-core where none is installed.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"

SLUICE_SLUICE_PLUGIN_DIR="$PLUGIN_BUILD_DIR"; export SLUICE_SLUICE_PLUGIN_DIR
for config in "$TOP_SRCDIR"/etc/*.ini; do
    name=$(basename "$config")
    expect_exit 0 "$name passes check-config" check_config "$SLUICE" "$config"
    expect_output "$WORK/out" "$config: OK"
    { cat "$config"; printf '[sluice]\nno_such_key = 1\n'; } >"$WORK/broken-$name"
    expect_exit 3 "$name with an unknown key fails check-config" check_config "$SLUICE" "$WORK/broken-$name"
done
check "four example configs" test "$(ls "$TOP_SRCDIR"/etc/*.ini | wc -l)" -eq 4

# the live example and the backfill it points to work together: one
# partitioning (a schema's is fixed when created) and schema, two metrics
# ports
value() { sed -n "s/^$2 = //p" "$TOP_SRCDIR/etc/$1"; }
live=pubnet-captive-core-postgres.ini backfill=pubnet-backfill-datalake-postgres.ini
check "live and backfill examples: same partition_ledgers" \
    test "$(value $live partition_ledgers)" = "$(value $backfill partition_ledgers)"
check "live and backfill examples: same schema" \
    test "$(value $live schema)" = "$(value $backfill schema)"
check "live and backfill examples: different metrics ports" \
    test "$(value $live metrics_listen)" != "$(value $backfill metrics_listen)"
finish
