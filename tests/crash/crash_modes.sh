#!/bin/sh
# crash_modes.sh — SIGKILL at random instants, in each mode, against a real
# PostgreSQL, over synthetic ledgers (sluice-synth lake read by the archive
# source: payments, trustlines, offers, fee bumps, failed transactions,
# Soroban/SAC balances): live (one ledger per transaction), catchup
# (chunked, parallel batches, merged balances) and backfill (parallel
# batches).  After each kill the same
# command is restarted; whenever a run completes before enough kills, its
# target is raised by CRASH_STEP ledgers and the loop goes on.  Then every
# table (token_transfers included, each event once) must equal a clean
# reference run's to the same final ledger, and `sluice verify` must pass.
# CRASH_KILLS kills per mode (default 100).
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/pg_env.sh"

kills_wanted=${CRASH_KILLS:-100}
step=${CRASH_STEP:-300}
lake_ledgers=${CRASH_LAKE_LEDGERS:-40000}
lake_last=$((lake_ledgers + 1))

if [ ! -f "$PLUGIN_BUILD_DIR/source_archive.so" ]; then
    [ "${CI:-}" = true ] && { echo "archive source not built and CI=true"; exit 99; }
    echo "SKIP: the archive source plugin is not built (needs zstd)"; exit 77
fi
"$TOP_BUILDDIR/sluice-synth" --ledgers "$lake_ledgers" --txs-per-ledger 4 --accounts 300 \
    --ledgers-per-file 16 --lake "$WORK/lake" --quiet || { echo "sluice-synth failed"; exit 99; }

# random_sleep: 0 to 150 ms
random_sleep() {
    ms=$(( $(od -An -N2 -tu2 /dev/urandom) % 150 ))
    sleep "$(printf '0.%03d' "$ms")"
}

write_mode_config() { # FILE DSN STOP
    write_config "$1" archive postgres "start_ledger = 2" "stop_ledger = $3" $mode_lines
    sed -i "s|^plugin = archive|plugin = archive\npath = $WORK/lake|" "$1"
    echo "dsn = $2" >>"$1"
}

# The mode's command line for a config file and a final ledger.
mode_command() { # CONFIG STOP
    if [ "$mode" = backfill ]; then
        echo "$SLUICE --config $1 backfill 2 $2"
    else
        echo "$SLUICE --config $1 run"
    fi
}

# crash_loop CONFIG DSN: kill -9 at random instants until kills_wanted
# kills, restarting each time (raising the target when a run completes),
# then let the last run finish.  Sets final_stop.
crash_loop() {
    config=$1 dsn=$2
    kills=0 restarts=0 completions=0 lock_waits=0 final_stop=$((step + 1))
    write_mode_config "$config" "$dsn" "$final_stop"
    while :; do
        $(mode_command "$config" "$final_stop") >>"$WORK/$mode.out" 2>>"$WORK/$mode.err" &
        pid=$!
        if [ $kills -lt "$kills_wanted" ]; then
            random_sleep
            kill -9 $pid 2>/dev/null
        fi
        wait $pid
        rc=$?
        case $rc in
        137) kills=$((kills + 1)); restarts=$((restarts + 1)) ;;
        0)
            [ $kills -ge "$kills_wanted" ] && break
            if [ $((final_stop + step)) -gt $lake_last ]; then
                fail "$mode: the $lake_ledgers-ledger lake ended before $kills_wanted kills"
                break
            fi
            completions=$((completions + 1))
            final_stop=$((final_stop + step))
            write_mode_config "$config" "$dsn" "$final_stop"
            ;;
        6) lock_waits=$((lock_waits + 1)); sleep 0.2 ;; # the killed writer's session still ends
        *) fail "$mode: exit $rc"; tail -5 "$WORK/$mode.err" >&2; return 1 ;;
        esac
    done
    echo "$mode: kills=$kills restarts=$restarts completed-runs=$completions" \
        "lock-held-retries=$lock_waits final-ledger=$final_stop"
    check "$mode: at least $kills_wanted kills" test "$kills" -ge "$kills_wanted"
}

run_mode() {
    reference_dsn=$(pg_new_database "${mode}_ref") &&
        crashed_dsn=$(pg_new_database "${mode}_crash") || { fail "createdb"; return; }
    crash_loop "$WORK/$mode-crash.ini" "$crashed_dsn" || return
    write_mode_config "$WORK/$mode-ref.ini" "$reference_dsn" "$final_stop"
    expect_exit 0 "$mode: reference run to $final_stop" $(mode_command "$WORK/$mode-ref.ini" "$final_stop")
    pg_checksum "$reference_dsn" >"$WORK/$mode.ref"
    pg_checksum "$crashed_dsn" >"$WORK/$mode.got"
    mismatches=$(diff "$WORK/$mode.ref" "$WORK/$mode.got" | grep -c '^>')
    echo "$mode: mismatching tables=$mismatches"
    # token_transfers: in the checksums above (none missing, none extra);
    # one row per event besides, and how many the comparison covered
    transfers=$(psql "$crashed_dsn" -qAt -c "SELECT count(*) FROM sluice.token_transfers")
    duplicates=$(psql "$crashed_dsn" -qAt -c "SELECT count(*) - count(DISTINCT (transaction_id,
        coalesce(operation_id, 0), event_index)) FROM sluice.token_transfers")
    echo "$mode: token_transfers=$transfers duplicated=$duplicates"
    [ "$transfers" -gt 0 ] || echo "$mode: NOTE: the indexer derived no token transfers here"
    check "$mode: no token transfer stored twice" test "$duplicates" -eq 0
    check "$mode: every table equals the reference run's" test "$mismatches" -eq 0
    if [ "$mismatches" -ne 0 ]; then
        diff "$WORK/$mode.ref" "$WORK/$mode.got" >&2
        for dsn in "$reference_dsn" "$crashed_dsn"; do
            psql "$dsn" -At -c "SELECT * FROM sluice.ingest_store" >&2
            psql "$dsn" -At -c "SELECT min(sequence), max(sequence), count(*) FROM sluice.ledgers" >&2
        done
    fi
    expect_exit 0 "$mode: verify after crashes" "$SLUICE" --config "$WORK/$mode-crash.ini" verify 2 "$final_stop"
}

mode=live mode_lines="catchup_threshold=4294967295"
run_mode
mode=catchup mode_lines="catchup_threshold=20 catchup_chunk=60 workers=2 flush_every=5"
run_mode
mode=backfill mode_lines="batch_size=50 workers=2 flush_every=5"
run_mode
finish
