#!/bin/sh
# minor_compat.sh — the ABI's minor-version promise, end to end: the same
# test sink (tests/abi/sink_text.c) built against the frozen ABI 3.0
# headers (tests/abi/sluice-3.0) and against the current headers is loaded
# by this core over the same synthetic lake; the 3.0 build loads, its
# descriptor says 3.0, and it writes exactly the rows the current build
# writes, as many as the stdout sink gets.
. "$TOP_SRCDIR/tests/testlib.sh"

if [ ! -f "$PLUGIN_BUILD_DIR/source_archive.so" ]; then
    [ "${CI:-}" = true ] && { echo "archive source not built and CI=true"; exit 99; }
    echo "SKIP: the archive source plugin is not built (needs zstd)"; exit 77
fi
old="$TOP_BUILDDIR/tests/abi/.libs/sink_text30.so"
new="$TOP_BUILDDIR/tests/abi/.libs/sink_text.so"
check "lake" "$TOP_BUILDDIR/sluice-synth" --quiet --ledgers 30 --txs-per-ledger 12 \
    --ledgers-per-file 8 --lake "$WORK/lake"

# run_into SINK-PLUGIN OUTPUT-KEY-LINE: archive over the lake, 2..31, live
run_into() {
    write_config "$WORK/c.ini" archive "$1" "start_ledger = 2" "stop_ledger = 31" \
        "catchup_threshold = 1000"
    sed -i "s|^plugin = archive|plugin = archive\npath = $WORK/lake|" "$WORK/c.ini"
    echo "$2" >>"$WORK/c.ini"
    "$SLUICE" --config "$WORK/c.ini" run >"$WORK/out" 2>"$WORK/err"
}

# listed_as SO VERSION: `sluice plugins` over a directory holding only SO
listed_as() {
    rm -rf "$WORK/dir" && mkdir "$WORK/dir" && cp "$1" "$WORK/dir/sink_text.so" &&
        "$SLUICE" plugins "$WORK/dir" >"$WORK/out" 2>"$WORK/err" &&
        grep -q "^sink   text .* ABI $2  $WORK/dir/sink_text.so$" "$WORK/out"
}
check "the 3.0 build says 3.0" listed_as "$old" 3.0
check "the current build says 3.2" listed_as "$new" 3.2
check "a sink built with the 3.0 headers runs" run_into "$old" "output = $WORK/rows30.txt"
check "a sink built with the current headers runs" run_into "$new" "output = $WORK/rows31.txt"
check "stdout sink runs" run_into stdout "output = $WORK/rows.ndjson"
check "the 3.0 build wrote the same rows" cmp "$WORK/rows30.txt" "$WORK/rows31.txt"

count() { grep -c "^$1 " "$WORK/rows30.txt"; }
json_count() { grep -c "^{\"type\":\"$1\"" "$WORK/rows.ndjson"; }
check "30 ledgers" test "$(count ledger)" -eq 30
check "transactions as the stdout sink" test "$(count tx)" -eq "$(json_count transaction)"
check "operations as the stdout sink" test "$(count op)" -eq "$(json_count operation)"
check "participants as the stdout sink" test "$(( $(count txp) + $(count opp) ))" -eq "$(json_count participant)"
check "state changes as the stdout sink" test "$(count sc)" -eq "$(json_count state_change)"
check "balances as the stdout sink" test "$(count balance)" -eq "$(json_count balance)"
check "rows have transactions" test "$(count tx)" -gt 100
check "strkeys read in place" grep -q '^txp [0-9]* G[A-Z2-7]\{55\}$' "$WORK/rows30.txt"
finish
