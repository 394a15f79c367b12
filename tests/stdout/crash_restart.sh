#!/bin/sh
# crash_restart.sh — exactly-once of the stdout sink's file output through
# the real `sluice` binary, the real dummy source and the real plugin: runs
# killed with SIGKILL at random instants, many times, and restarted end
# with exactly a clean run's ledgers (no duplicate, none missing); after
# every kill the committed prefix named by the state file already holds
# only clean-run lines, once each.
#   live:    catchup off, one ledger per transaction: the output must equal
#            the clean run's byte for byte;
#   catchup: parallel catchup batches (commit order varies): the output
#            must hold the clean run's lines, each once, in any order.
# Also: a second instance on the same output is refused with exit 6 and
# writes nothing.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"

LEDGERS=300
KILLS=30

# make_config FILE OUTPUT LEDGERS [extra [sluice] lines]
make_config() {
    file=$1 output=$2 ledgers=$3
    shift 3
    write_config "$file" dummy stdout "start_ledger = 2" "$@"
    sed -i "s|^plugin = dummy|plugin = dummy\nfirst_ledger = 2\nledgers = $ledgers|" "$file"
    echo "output = $output" >>"$file"
}

now_ms() { date +%s%3N; }

# same_lines A B: A holds exactly B's lines, each once, in any order.
same_lines() {
    sort "$1" >"$WORK/a.sorted"
    sort "$2" >"$WORK/b.sorted"
    cmp -s "$WORK/a.sorted" "$WORK/b.sorted" && [ -z "$(uniq -d "$WORK/a.sorted")" ]
}

# prefix_ok MODE CRASH CLEAN OFFSET: the committed prefix is the clean
# output's (live) or a duplicate-free subset of its lines (catchup).
prefix_ok() {
    if [ "$1" = live ]; then
        cmp -s -n "$4" "$2" "$3"
    else
        head -c "$4" "$2" | sort >"$WORK/prefix.sorted"
        sort "$3" >"$WORK/clean.sorted"
        [ -z "$(uniq -d "$WORK/prefix.sorted")" ] &&
            [ -z "$(comm -23 "$WORK/prefix.sorted" "$WORK/clean.sorted")" ]
    fi
}

# outputs_equal MODE CRASH CLEAN
outputs_equal() {
    if [ "$1" = live ]; then cmp -s "$2" "$3"; else same_lines "$2" "$3"; fi
}

# crash_mode MODE [extra [sluice] lines]: a clean run, then episodes of
# kills and restarts.  An episode starts from an empty output and kills
# runs at random instants (uniform in [0, clean_ms / 4]) until one
# finishes; episodes repeat until KILLS kills.
crash_mode() {
    mode=$1
    shift
    make_config "$WORK/$mode-clean.ini" "$WORK/$mode-clean.ndjson" $LEDGERS "$@"
    start=$(now_ms)
    expect_exit 0 "$mode: clean run" "$SLUICE" --config "$WORK/$mode-clean.ini" run
    clean_ms=$(( $(now_ms) - start ))
    echo "$mode: clean run of $LEDGERS ledgers in ${clean_ms} ms"
    check "$mode: clean run wrote every ledger once" \
        test "$(sort -u "$WORK/$mode-clean.ndjson" | wc -l)" -eq $LEDGERS

    max_delay_ms=$(( clean_ms / 4 + 1 ))
    out="$WORK/$mode.ndjson"
    make_config "$WORK/$mode.ini" "$out" $LEDGERS "$@"
    seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
    echo "$mode: random seed $seed (delays up to ${max_delay_ms} ms)"
    kills=0 torn=0 partial=0 prefix_faults=0 episodes=0 episode_faults=0 round=0
    while [ $kills -lt $KILLS ] && [ $round -lt $((KILLS * 10)) ]; do
        round=$((round + 1))
        delay=$(awk -v seed=$((seed + round)) -v max=$max_delay_ms \
            'BEGIN { srand(seed); printf "%.3f", rand() * max / 1000 }')
        "$SLUICE" --config "$WORK/$mode.ini" run 2>>"$WORK/$mode.err" &
        pid=$!
        sleep "$delay"
        if kill -KILL $pid 2>/dev/null; then
            kills=$((kills + 1))
            wait $pid 2>/dev/null
        else
            wait $pid || episode_faults=$((episode_faults + 1))
        fi
        [ -f "$out.state" ] || continue
        offset=$(sed -n 's/^output_offset //p' "$out.state")
        [ "$(wc -c <"$out")" -gt "$offset" ] && torn=$((torn + 1))
        grep -q "^cursor latest_ingest_ledger $((LEDGERS + 1))\$" "$out.state" ||
            { [ "$offset" -gt 0 ] && partial=$((partial + 1)); }
        prefix_ok $mode "$out" "$WORK/$mode-clean.ndjson" "$offset" ||
            { prefix_faults=$((prefix_faults + 1)); echo "$mode round $round: bad prefix" >&2; }
        if grep -q "^cursor latest_ingest_ledger $((LEDGERS + 1))\$" "$out.state"; then
            # an episode ended: its output must be the clean run's; start over
            "$SLUICE" --config "$WORK/$mode.ini" run 2>>"$WORK/$mode.err" ||
                episode_faults=$((episode_faults + 1))
            outputs_equal $mode "$out" "$WORK/$mode-clean.ndjson" ||
                { episode_faults=$((episode_faults + 1)); echo "$mode episode $episodes differs" >&2; }
            episodes=$((episodes + 1))
            [ $kills -lt $KILLS ] && rm -f "$out" "$out.state"
        fi
    done
    echo "$mode: $kills kills in $round rounds, $episodes complete episodes; $partial kills" \
        "after some commits and before the end; $torn left uncommitted bytes behind"
    check "$mode: killed $KILLS times" test $kills -ge $KILLS
    check "$mode: kills landed mid-run" test $partial -ge $((KILLS / 4))
    check "$mode: every committed prefix holds only clean-run lines, once" test $prefix_faults -eq 0
    check "$mode: every finished episode equals the clean output" test $episode_faults -eq 0
    expect_exit 0 "$mode: restart runs to the end" "$SLUICE" --config "$WORK/$mode.ini" run
    check "$mode: output after crashes equals the clean run's" \
        outputs_equal $mode "$out" "$WORK/$mode-clean.ndjson"
    check "$mode: no duplicate ledger" test "$(sed 's/.*"sequence":\([0-9]*\),.*/\1/' "$out" |
        sort -u | wc -l)" -eq $LEDGERS
    check "$mode: state file names every ledger" grep -qx "stored 2-$((LEDGERS + 1))" "$out.state"
}

crash_mode live "catchup_threshold = 4294967295"
check "live: some kills landed between the output write and the state file" test $torn -gt 0
check "live: cut-back logged" grep -q "uncommitted bytes from the end of $WORK/live.ndjson" \
    "$WORK/live.err"
LEDGERS=3000
crash_mode catchup "catchup_threshold = 10" "batch_size = 50" "workers = 4"

# ---- a second instance on the same output is refused -------------------
make_config "$WORK/long.ini" "$WORK/long.ndjson" 100000000 "catchup_threshold = 4294967295"
"$SLUICE" --config "$WORK/long.ini" run 2>"$WORK/long.err" &
pid=$!
i=0
while [ ! -s "$WORK/long.ndjson" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
expect_exit 6 "second writer refused" "$SLUICE" --config "$WORK/long.ini" run
expect_output "$WORK/err" "another sluice instance is already writing this output"
expect_output "$WORK/err" "lock file $WORK/long.ndjson.state.lock"
kill -TERM $pid
wait $pid
check "first writer stopped cleanly" test $? -eq 0
check "the refused writer wrote nothing: one copy of each ledger" sh -c \
    "test \$(sed 's/.*\"sequence\":\([0-9]*\),.*/\1/' '$WORK/long.ndjson' | sort | uniq -d | wc -l) -eq 0"
finish
