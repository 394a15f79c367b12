#!/bin/sh
# diagnostic_events.sh — the core key diagnostic_events reaches the
# indexer: a real `sluice run` (archive source, stdout sink) over a
# stellar-core meta stream of Soroban invocations whose meta carries
# diagnostic events writes no contract_event object of event_type 2 by
# default, and with diagnostic_events = true exactly one per DiagnosticEvent
# of the stream (as `sluice decode` counts them), the other contract events
# unchanged.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"

if [ ! -f "$PLUGIN_BUILD_DIR/source_archive.so" ]; then
    [ "${CI:-}" = true ] && { echo "archive source not built and CI=true"; exit 99; }
    echo "SKIP: the archive source plugin is not built (needs zstd)"; exit 77
fi
stream=$SLUICE_FIXTURES/stellar-core/test-lcm-current/InvokeHostFunctionTests/d697bb21e32f6aef.xdr
[ -f "$stream" ] || { echo "fixture missing: $stream"; exit 99; }
CORE_TEST='(V) (;,,;) (V)'

check "lake from the stream" sh -c "'$TOP_BUILDDIR/tests/sources/make_lake' '$WORK/lake' 1 16 \
    --stream '$stream' >'$WORK/range'"
first=$(cut -d' ' -f1 "$WORK/range")
last=$(cut -d' ' -f2 "$WORK/range")
"$SLUICE" decode --input framed "$stream" >"$WORK/decoded.json" || { echo "decode failed"; exit 99; }
diagnostic=$(grep -o '"in_successful_contract_call"' "$WORK/decoded.json" | wc -l)
check "the stream holds diagnostic events" test "$diagnostic" -gt 0

# run NAME [CORE-LINES...]: the whole stream into $WORK/NAME.ndjson
run() {
    name=$1; shift
    write_config "$WORK/$name.ini" archive stdout "network_passphrase = $CORE_TEST" \
        "start_ledger = $first" "stop_ledger = $last" "catchup_threshold = 4294967295" "$@"
    sed -i "s|^plugin = archive|plugin = archive\npath = $WORK/lake\nfiles_per_partition = 16|" \
        "$WORK/$name.ini"
    echo "output = $WORK/$name.ndjson" >>"$WORK/$name.ini"
    expect_exit 0 "$name: sluice run $first..$last" "$SLUICE" --config "$WORK/$name.ini" run
}
# count NAME PATTERN: contract_event objects of the run matching PATTERN
count() { grep '^{"type":"contract_event"' "$WORK/$1.ndjson" | grep -c "$2"; }

run off
run on "diagnostic_events = true"
check "off: no diagnostic rows" test "$(count off '"event_type":2')" -eq 0
check "on: one row per DiagnosticEvent ($diagnostic)" \
    test "$(count on '"event_type":2')" -eq "$diagnostic"
check "on: the other events unchanged" test "$(count on '"event_type":[01]')" -eq \
    "$(count off '"event_type":[01]')"
finish
