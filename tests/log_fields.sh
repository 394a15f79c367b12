#!/bin/sh
# log_fields.sh — logs an operator can query: the numbers of a line (ledger,
# from, to, ledgers, rows, rate, elapsed, attempt) are fields of their own,
# key=value in logfmt and members of the object with log_format = json;
# a batch redone after a transient failure is not counted twice by the
# progress meter (it read "140/100 ledgers"); a stop request during a batch
# logs it as interrupted, not failed; a line every worker's source logs
# when it opens is logged once; on a terminal, log lines never run into
# the progress line.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"
command -v python3 >/dev/null || { echo "python3 is required"; exit 99; }


# ---- JSON: a retried batch, its fields as members, the count right -------------
dummy_config json 'ledgers = 300\nretry_ledger = 50\nretry_times = 1' "log_format = json" \
    "batch_size = 100" "flush_every = 10" "workers = 1"
expect_exit 0 "backfill through a retry" "$SLUICE" --config "$WORK/json.ini" backfill 2 101
cp "$WORK/err" "$WORK/json.err"
check "every line is a JSON object" python3 -c "
import json, sys
for line in open('$WORK/json.err'):
    json.loads(line)"
check "the batch line has its numbers as members" python3 -c "
import json
lines = [json.loads(l) for l in open('$WORK/json.err')]
done = [l for l in lines if l['msg'] == 'batch 2..101 done']
assert done, lines
d = done[0]
assert d['from'] == 2 and d['to'] == 101 and d['ledgers'] == 100 and d['rows'] == 100, d
assert isinstance(d['elapsed'], float) and isinstance(d['rate'], float), d"
check "the retry line has the attempt as a member" python3 -c "
import json
lines = [json.loads(l) for l in open('$WORK/json.err')]
assert any(l.get('attempt') == 2 and 'retrying' in l['msg'] for l in lines), lines"
check "the progress meter counts the redone batch once" python3 -c "
import json
lines = [json.loads(l) for l in open('$WORK/json.err')]
final = [l for l in lines if l.get('job') == 'backfill'][-1]
assert final['ledgers'] == 100 and final['total'] == 100, final"

# ---- logfmt: the same fields as key=value ------------------------------------
dummy_config logfmt 'ledgers = 300' "batch_size = 100" "workers = 1"
expect_exit 0 "backfill" "$SLUICE" --config "$WORK/logfmt.ini" backfill 2 101
expect_output "$WORK/err" 'msg="batch 2..101 done" from=2 to=101 ledgers=100 rows=100 elapsed='
expect_output "$WORK/err" ' rate='

# ---- SIGTERM during a batch: interrupted, not failed -----------------------------
dummy_config slow 'ledgers = 300\nslow_below = 1000\nslow_ms = 100' "batch_size = 100" "workers = 1"
"$SLUICE" --config "$WORK/slow.ini" backfill 2 101 2>"$WORK/slow.err" &
pid=$!
sleep 1.5
kill -TERM $pid
wait $pid
check "a stopped backfill exits interrupted (7)" test $? -eq 7
expect_output "$WORK/slow.err" 'msg="batch 2..101 interrupted (redone by the next run)"'
check "not logged as failed" sh -c "! grep -q 'batch 2..101 failed' '$WORK/slow.err'"
# ---- SIGTERM during a catchup: exit 7, the chunk to redo named ------------------
dummy_config catchup 'ledgers = 3000\nslow_below = 10000\nslow_ms = 5' "start_ledger = 2" \
    "catchup_threshold = 10" "catchup_chunk = 1000" "workers = 2"
"$SLUICE" --config "$WORK/catchup.ini" run 2>"$WORK/catchup.err" &
pid=$!
for _ in $(seq 100); do
    grep -q "batch 2..501 done\|batch 502..1001 done" "$WORK/catchup.err" && break
    sleep 0.1
done
kill -TERM $pid
wait $pid
check "a live run stopped in a catchup exits interrupted (7)" test $? -eq 7
expect_output "$WORK/catchup.err" 'msg="catchup interrupted: chunk 2..1001 will be redone by the next run" from=2 to=1001'
expect_output "$WORK/catchup.err" 'error: stopped by a signal during the catchup of ledgers 2..3001'

# ---- a line each worker's source logs at open: once ---------------------------
PASSPHRASE='Test SDF Network ; September 2015'
check "lake written" "$TOP_BUILDDIR/sluice-synth" --ledgers 200 --txs-per-ledger 1 \
    --network-passphrase "$PASSPHRASE" --lake "$WORK/lake" --ledgers-per-file 8 \
    --files-per-partition 16 --quiet
write_config "$WORK/lake.ini" archive stdout "network_passphrase = $PASSPHRASE" "workers = 4" \
    "batch_size = 40"
sed -i "s|^plugin = archive|plugin = archive\npath = $WORK/lake|" "$WORK/lake.ini"
echo "output = $WORK/lake.ndjson" >>"$WORK/lake.ini"
expect_exit 0 "backfill with 4 workers" "$SLUICE" --config "$WORK/lake.ini" backfill 2 161
check "the lake's layout is logged once, not by each of 4 workers" \
    test "$(grep -c 'manifest version' "$WORK/err")" -eq 1

# ---- on a terminal: log lines and the progress line apart ----------------------
dummy_config tty 'ledgers = 300\nretry_ledger = 150\nretry_times = 1\nslow_below = 1000\nslow_ms = 5' \
    "batch_size = 100" "workers = 1"
check "backfill on a terminal" python3 "$TOP_SRCDIR/tests/on_terminal.py" "$WORK/tty.out" \
    "$SLUICE" --config "$WORK/tty.ini" backfill 2 201
check "log lines begin on a line of their own" python3 -c "
import re
text = open('$WORK/tty.out', 'rb').read().decode()
# what the terminal shows: a carriage return goes back to the line's start,
# ESC[K erases the rest of it
screen, line = [], ''
for part in re.split(r'(\r\n|\n|\r|\x1b\[K)', text):
    if part in ('\r\n', '\n'):
        screen.append(line); line = ''
    elif part == '\r':
        line = ''
    elif part != '\x1b[K':
        line += part
screen.append(line)
logs = [l for l in screen if 'msg=' in l]
assert logs and all(l.startswith('time=') for l in logs), screen
assert any(l.startswith('backfill: 200/200 ledgers') for l in screen), screen"
finish
