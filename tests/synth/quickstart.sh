#!/bin/sh
# quickstart.sh — the quick start's sample data: sluice-synth writes a
# 300-ledger data lake and the real sluice binary ingests it through the
# archive source plugin into the stdout sink: every ledger once, hash
# chained, with the transactions and operations sluice-synth generated.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
synth=$TOP_BUILDDIR/sluice-synth
if [ ! -f "$PLUGIN_BUILD_DIR/source_archive.so" ]; then
    if [ "${CI:-}" = true ]; then echo "archive source not built and CI=true"; exit 99; fi
    echo "SKIP: the archive source plugin is not built (needs zstd)"; exit 77
fi
cd "$WORK" || exit 99
expect_exit 0 "generate the sample lake" "$synth" --ledgers 300 --lake sample-lake
expect_output "$WORK/err" "300 ledgers (2..301)"
transactions=$(sed -n 's/.*), \([0-9]*\) transactions.*/\1/p' "$WORK/err")
cat >sluice.ini <<INI
[sluice]
plugin_dir = $PLUGIN_BUILD_DIR
network_passphrase = Public Global Stellar Network ; September 2015
start_ledger = 2
stop_ledger = 301
[source]
plugin = archive
path = sample-lake
[sink]
plugin = stdout
output = rows.ndjson
INI
expect_exit 0 "sluice run ingests the sample lake" "$SLUICE" run --config sluice.ini
check "300 ledger rows" test "$(grep -c '"type":"ledger"' rows.ndjson)" -eq 300
check "$transactions transaction rows" test "$(grep -c '"type":"transaction"' rows.ndjson)" -eq "$transactions"
# sequences 2..301 (parallel catchup writes batches in any order), each
# previous_hash the hash before it
grep '"type":"ledger"' rows.ndjson |
    sed 's/.*"sequence":\([0-9]*\),"hash":"\([0-9a-f]*\)","previous_hash":"\([0-9a-f]*\)".*/\1 \2 \3/' | sort -n >chain.txt
check "ledgers 2..301 hash-chained" awk 'NR > 1 && ($1 != seq + 1 || $3 != hash) { bad = 1 }
    { seq = $1; hash = $2 } END { exit bad || NR != 300 || seq != 301 }' chain.txt
check "SAC balances reach the rows" grep -q '"type":"balance".*"account":"C' rows.ndjson
finish
