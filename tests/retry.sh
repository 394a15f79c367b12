#!/bin/sh
# retry.sh — one rule for transient failures, whichever plugin returns
# them: a source that fails with SLUICE_ERROR_RETRY a few times (the dummy
# source's retry_ledger) is retried like a sink, in a live run, in a
# catchup and in a backfill, each completing with every ledger once and
# the retries logged and counted (sluice_retries_total); a source that
# never recovers is given up after retry_attempts, with exit status 1.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"
command -v curl >/dev/null || { echo "curl is required"; exit 99; }


# each_once FILE FIRST LAST: FILE holds ledgers FIRST..LAST, each once
each_once() {
    sed -n 's/^{"type":"ledger","sequence":\([0-9]*\),.*/\1/p' "$1" | sort -n >"$WORK/seqs"
    seq "$2" "$3" | cmp -s - "$WORK/seqs"
}

# ---- live: ledger 20 fails twice, then arrives --------------------------------
dummy_config live 'ledgers = 50\nretry_ledger = 20\nretry_times = 2' "start_ledger = 2" \
    "catchup_threshold = 1000"
expect_exit 0 "live run through a transient source failure" "$SLUICE" --config "$WORK/live.ini" run
expect_output "$WORK/err" "source: ledger 20: dummy source failing transiently as configured; retrying (attempt 2 of 10)"
expect_output "$WORK/err" "retrying (attempt 3 of 10)"
check "two retries, no more" test "$(grep -c 'retrying' "$WORK/err")" -eq 2
expect_output "$WORK/err" "stopped: 50 ledgers ingested live, latest 51"
check "live: ledgers 2..51, each once" each_once "$WORK/live.ndjson" 2 51

# ---- catchup: a batch's source fails twice, the batch is redone ------------------
dummy_config catchup 'ledgers = 300\nretry_ledger = 100\nretry_times = 2' "start_ledger = 2" \
    "catchup_threshold = 10" "catchup_chunk = 1000" "workers = 2" "flush_every = 7"
expect_exit 0 "catchup through a transient source failure" "$SLUICE" --config "$WORK/catchup.ini" run
expect_output "$WORK/err" "batch 2..151: source: ledger 100: dummy source failing transiently as configured; retrying (attempt 2 of 10)"
expect_output "$WORK/err" "caught up through ledger 301"
check "catchup: ledgers 2..301, each once" each_once "$WORK/catchup.ndjson" 2 301

# ---- backfill: the batch with ledger 30 is redone -------------------------------
dummy_config backfill 'ledgers = 300\nretry_ledger = 30\nretry_times = 2' "batch_size = 50" \
    "workers = 2" "flush_every = 5"
expect_exit 0 "backfill through a transient source failure" "$SLUICE" --config "$WORK/backfill.ini" backfill 2 101
expect_output "$WORK/err" "batch 2..51: source: ledger 30: dummy source failing transiently as configured; retrying (attempt 2 of 10)"
expect_output "$WORK/err" "retrying (attempt 3 of 10)"
expect_output "$WORK/out" "backfill 2..101: 1 gaps, 2 batches, 100 ledgers written"
expect_exit 0 "backfilled range has no gaps" "$SLUICE" --config "$WORK/backfill.ini" verify 2 101

# ---- a source that never recovers: given up after retry_attempts ---------------
port=$((20000 + $$ % 20000))
dummy_config never 'ledgers = 50\nretry_ledger = 10\nretry_times = 1000000' "start_ledger = 2" \
    "catchup_threshold = 1000" "retry_attempts = 3" "metrics_listen = $port"
"$SLUICE" --config "$WORK/never.ini" run 2>"$WORK/never.err" &
pid=$!
retries=none
while kill -0 $pid 2>/dev/null; do
    scraped=$(curl -sf "http://127.0.0.1:$port/metrics" 2>/dev/null |
        awk '/^sluice_retries_total / {print $2}')
    [ -n "$scraped" ] && retries=$scraped
    sleep 0.1
done
wait $pid
code=$?
check "live run gives up with exit 1" test "$code" -eq 1
check "retries counted in sluice_retries_total (2, saw $retries)" test "$retries" = 2
expect_output "$WORK/never.err" "live: source: ledger 10: dummy source failing transiently as configured; giving up after 3 attempts"
check "nothing of ledger 10" sh -c "! grep -q '\"sequence\":10,' '$WORK/never.ndjson'"

dummy_config never_backfill 'ledgers = 50\nretry_ledger = 10\nretry_times = 1000000' "retry_attempts = 3" \
    "batch_size = 50" "workers = 1"
expect_exit 1 "backfill gives up" "$SLUICE" --config "$WORK/never_backfill.ini" backfill 2 51
expect_output "$WORK/err" "batch 2..51: source: ledger 10: dummy source failing transiently as configured; giving up after 3 attempts"
check "two retries before giving up" test "$(grep -c 'retrying' "$WORK/err")" -eq 2
finish
