#!/bin/sh
# crash_restart.sh — exactly-once of the stdout sink's file output through
# the real `sluice` binary, the real dummy source and the real plugin: a
# run killed with SIGKILL at random instants, many times, and restarted
# ends with the output byte-for-byte equal to a clean run's (no duplicate,
# no missing ledger); after every kill the committed prefix named by the
# state file already equals the clean output's prefix.  Also: a second
# instance on the same output is refused with exit 6 and writes nothing.
. "$TOP_SRCDIR/tests/testlib.sh"

LEDGERS=300
KILLS=40

# make_config FILE OUTPUT LEDGERS
make_config() {
    write_config "$1" dummy stdout "start_ledger = 2"
    sed -i "s|^plugin = dummy|plugin = dummy\nfirst_ledger = 2\nledgers = $3|" "$1"
    echo "output = $2" >>"$1"
}

now_ms() { date +%s%3N; }

# ---- the reference: one clean run --------------------------------------
make_config "$WORK/clean.ini" "$WORK/clean.ndjson" $LEDGERS
start=$(now_ms)
expect_exit 0 "clean run" "$SLUICE" --config "$WORK/clean.ini" run
clean_ms=$(( $(now_ms) - start ))
echo "clean run: $LEDGERS ledgers in ${clean_ms} ms"
check "clean run wrote every ledger once" test "$(wc -l <"$WORK/clean.ndjson")" -eq $LEDGERS

# ---- kill -9 at random instants, restart, repeat -------------------------
# An episode starts from an empty output and kills runs at random instants
# until one finishes; episodes repeat until KILLS kills.  Delays are
# uniform in [0, clean_ms / 4], so an episode has several kills spread
# over the run whatever the disk's speed.
max_delay_ms=$(( clean_ms / 4 + 1 ))
make_config "$WORK/crash.ini" "$WORK/crash.ndjson" $LEDGERS
seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
echo "random seed $seed (delays up to ${max_delay_ms} ms)"
kills=0 torn=0 prefix_faults=0 episodes=0 episode_faults=0 round=0
while [ $kills -lt $KILLS ] && [ $round -lt $((KILLS * 10)) ]; do
    round=$((round + 1))
    delay=$(awk -v seed=$((seed + round)) -v max=$max_delay_ms \
        'BEGIN { srand(seed); printf "%.3f", rand() * max / 1000 }')
    "$SLUICE" --config "$WORK/crash.ini" run 2>>"$WORK/crash.err" &
    pid=$!
    sleep "$delay"
    if kill -KILL $pid 2>/dev/null; then
        kills=$((kills + 1))
        wait $pid 2>/dev/null
    else
        wait $pid
        [ $? -eq 0 ] || episode_faults=$((episode_faults + 1))
    fi
    [ -f "$WORK/crash.ndjson.state" ] || continue
    offset=$(sed -n 's/^output_offset //p' "$WORK/crash.ndjson.state")
    size=$(wc -c <"$WORK/crash.ndjson")
    [ "$size" -gt "$offset" ] && torn=$((torn + 1))
    cmp -s -n "$offset" "$WORK/crash.ndjson" "$WORK/clean.ndjson" ||
        { prefix_faults=$((prefix_faults + 1)); echo "round $round: committed prefix differs" >&2; }
    if grep -q "^cursor latest_ingest_ledger $((LEDGERS + 1))\$" "$WORK/crash.ndjson.state"; then
        # an episode ended: its output must be the clean run's, then start over
        "$SLUICE" --config "$WORK/crash.ini" run 2>>"$WORK/crash.err" ||
            episode_faults=$((episode_faults + 1))
        cmp -s "$WORK/crash.ndjson" "$WORK/clean.ndjson" ||
            { episode_faults=$((episode_faults + 1)); echo "episode $episodes differs" >&2; }
        episodes=$((episodes + 1))
        [ $kills -lt $KILLS ] && rm -f "$WORK/crash.ndjson" "$WORK/crash.ndjson.state"
    fi
done
echo "$kills kills in $round rounds, $episodes complete episodes; $torn kills left" \
    "uncommitted bytes behind"
check "killed $KILLS times" test $kills -ge $KILLS
check "every committed prefix equals the clean output's" test $prefix_faults -eq 0
check "every finished episode equals the clean output" test $episode_faults -eq 0
check "some kills landed between the output write and the state file" test $torn -gt 0
expect_exit 0 "restart runs to the end" "$SLUICE" --config "$WORK/crash.ini" run
check "output after crashes equals the clean run's" cmp "$WORK/clean.ndjson" "$WORK/crash.ndjson"
check "no duplicate ledger" test "$(sed 's/.*"sequence":\([0-9]*\),.*/\1/' "$WORK/crash.ndjson" |
    sort -u | wc -l)" -eq $LEDGERS
check "cut-back logged" grep -q "uncommitted bytes from the end of $WORK/crash.ndjson" "$WORK/crash.err"
check "state file names every ledger" grep -qx "stored 2-$((LEDGERS + 1))" "$WORK/crash.ndjson.state"

# ---- a second instance on the same output is refused -------------------
make_config "$WORK/long.ini" "$WORK/long.ndjson" 100000000
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
