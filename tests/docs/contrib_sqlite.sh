#!/bin/sh
# contrib_sqlite.sh - the contributed SQLite sink, built out of tree against
# an installed sluice: ingests a synthetic lake with parallel catchup and
# stores the same rows as the stdout sink (token transfers included); a
# second backfill changes
# nothing (G6); gaps and verify see the stored ledgers (G5, G8); a second
# live writer is refused (G2, exit 6); after SIGKILL a restart completes
# the range with no gap; the installed `sluice check-plugin` passes it
# (the lock lost by removing FILE.lock).
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/docs/require.sh"
require_tools pkg:sqlite3 sqlite3

prefix="$WORK/prefix"
check "make install into a temporary prefix" \
    sh -c "cd '$TOP_BUILDDIR' && $MAKE install prefix='$prefix' >'$WORK/install.log' 2>&1"
PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"; export PKG_CONFIG_PATH
cp -r "$TOP_SRCDIR/plugins-contrib/sqlite" "$WORK/sqlite"
chmod -R u+w "$WORK/sqlite"
check "sqlite sink builds against the installed sluice" sh -c \
    "cd '$WORK/sqlite' && make CFLAGS='-O2 -g -Werror' >'$WORK/build.log' 2>&1 && make install >>'$WORK/build.log' 2>&1"
check "it exports only the descriptor" sh -c \
    "test \"\$(nm -D --defined-only '$prefix/lib/sluice/sink_sqlite.so' | awk '{print \$3}')\" = sluice_plugin"

sluice="$prefix/bin/sluice"
check "sample lake" "$prefix/bin/sluice-synth" --quiet --ledgers 40 --txs-per-ledger 20 --lake "$WORK/lake"
# sink_config FILE SINK-LINES...: archive over the lake, 2..41, parallel catchup.
sink_config() {
    file=$1; shift
    { printf '[sluice]\nplugin_dir = %s\nstart_ledger = 2\nstop_ledger = 41\n' "$prefix/lib/sluice"
      printf 'catchup_threshold = 10\ncatchup_chunk = 15\nworkers = 2\nbatch_size = 7\n'
      printf '[source]\nplugin = archive\npath = %s\n[sink]\n' "$WORK/lake"
      for line in "$@"; do echo "$line"; done; } >"$file"
}
sink_config "$WORK/sqlite.ini" "plugin = sqlite" "path = $WORK/store.db"
sink_config "$WORK/stdout.ini" "plugin = stdout" "output = $WORK/rows.ndjson"
expect_exit 0 "run into SQLite (parallel catchup)" "$sluice" --config "$WORK/sqlite.ini" run
expect_exit 0 "run into NDJSON" "$sluice" --config "$WORK/stdout.ini" run

db() { sqlite3 "$WORK/store.db" "$1"; }
ndjson_count() { grep -c "^{\"type\":\"$1\"" "$WORK/rows.ndjson"; }
check "40 ledgers stored" test "$(db 'select count(*) from ledgers')" -eq 40
for kind in transaction operation; do
    check "${kind}s match the stdout sink" test "$(db "select count(*) from ${kind}s")" -eq "$(ndjson_count $kind)"
done
check "participants match the stdout sink" test \
    "$(db 'select (select count(*) from transaction_participants) + (select count(*) from operation_participants)')" \
    -eq "$(ndjson_count participant)"
check "token transfers match the stdout sink" test \
    "$(db 'select count(*) from token_transfers')" -eq "$(ndjson_count token_transfer)"
check "operation counts agree" test "$(db 'select sum(operation_count) from ledgers')" -eq "$(db 'select count(*) from operations')"
check "balances stored" test "$(db 'select count(*) from balances')" -gt 0
check "contract events match the stdout sink" test \
    "$(db 'select count(*) from contract_events')" -eq "$(ndjson_count contract_event)"
check "contract events stored" test "$(db 'select count(*) from contract_events')" -gt 0
check "latest cursor" test "$(db "select value from ingest_store where key = 'latest_ingest_ledger'")" -eq 41

state_query='select count(*), sum(fee_charged) from transactions; select count(*) from operations;
    select count(*), group_concat(amount) from (select amount from token_transfers order by 1);
    select count(*), sum(length(topics_xdr)) from contract_events;'
db "$state_query" >"$WORK/before"
expect_exit 0 "backfill over the stored range" "$sluice" --config "$WORK/sqlite.ini" backfill 2 41
sink_config "$WORK/again.ini" "plugin = sqlite" "path = $WORK/store.db"
sed -i 's/^batch_size = 7$/batch_size = 3/' "$WORK/again.ini"
expect_exit 0 "a second run rewrites nothing new" "$sluice" --config "$WORK/again.ini" run
db "$state_query" >"$WORK/after"
check "re-ingesting leaves the same rows (G6)" cmp -s "$WORK/before" "$WORK/after"
expect_exit 0 "gaps" "$sluice" --config "$WORK/sqlite.ini" gaps 2 50
expect_output "$WORK/out" "42-50 (9 ledgers)"
expect_exit 0 "verify" "$sluice" --config "$WORK/sqlite.ini" verify 2 41
expect_output "$WORK/out" "hash chain unbroken over 40 ledgers"
sink_config "$WORK/typo.ini" "plugin = sqlite" "path = $WORK/typo.db"
expect_exit 4 "status on a database file that does not exist fails" \
    "$sluice" --config "$WORK/typo.ini" status
check "status created no database file (read-only open)" test ! -e "$WORK/typo.db"

# A live run that keeps going (dummy ledgers, 20 ms each) holds the lock.
cat >"$WORK/live.ini" <<INI
[sluice]
plugin_dir = $prefix/lib/sluice
start_ledger = 2
stop_ledger = 400
catchup_threshold = 4294967295
[source]
plugin = $PLUGIN_BUILD_DIR/source_dummy.so
ledgers = 1000
slow_below = 1000
slow_ms = 20
[sink]
plugin = sqlite
path = $WORK/live.db
INI
"$sluice" --config "$WORK/live.ini" run >/dev/null 2>"$WORK/live.err" &
pid=$!
for _ in $(seq 100); do
    [ "$(sqlite3 "$WORK/live.db" "select count(*) from ledgers" 2>/dev/null || echo 0)" -gt 5 ] && break
    sleep 0.1
done
expect_exit 6 "a second live writer is refused" "$sluice" --config "$WORK/live.ini" run
expect_output "$WORK/err" "another sluice writes this SQLite store"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
stored=$(sqlite3 "$WORK/live.db" "select count(*) from ledgers")
check "killed mid-run with ledgers stored" test "$stored" -gt 5 -a "$stored" -lt 399
expect_exit 0 "restart after SIGKILL completes the range" "$sluice" --config "$WORK/live.ini" run
check "every ledger 2..400 once" test "$(sqlite3 "$WORK/live.db" "select count(*) || ' ' || min(sequence) || ' ' || max(sequence) from ledgers")" = "399 2 400"
expect_exit 0 "no gap after the crash" "$sluice" --config "$WORK/live.ini" gaps 2 400
check "gaps lists nothing" test ! -s "$WORK/out"
mkdir "$WORK/check"
printf '[sink]\npath = %s\n' "$WORK/check/store.db" >"$WORK/check.ini"
expect_exit 0 "check-plugin passes the sqlite sink" "$sluice" check-plugin \
    "$prefix/lib/sluice/sink_sqlite.so" --config "$WORK/check.ini" \
    --lose-lock "rm '$WORK/check/store.db.lock'"
expect_output "$WORK/out" "11 passed, 0 failed, 0 skipped"
# the checks' hand-made ledgers carry token transfers (a fee per
# transaction, a payment per operation): stored once each, NULL where none
check_db() { sqlite3 "$WORK/check/store.db" "$1"; }
check "check-plugin's token transfers stored" test "$(check_db 'select count(*) from token_transfers')" -gt 0
check "one token transfer per event" test "$(check_db "select count(*) - count(distinct
    transaction_id || ':' || ifnull(operation_id, 0) || ':' || event_index) from token_transfers")" -eq 0
check "fees: no operation, no recipient" test "$(check_db "select count(*) from token_transfers
    where kind = 5 and (operation_id is not null or \"to\" is not null or amount <> '100')")" -eq 0
check "every transaction's fee" test "$(check_db "select count(*) from transactions t where not exists
    (select 1 from token_transfers f where f.transaction_id = t.id and f.kind = 5)")" -eq 0
check "payments: 2^64 + n, to a muxed account first" test "$(check_db "select count(*) from token_transfers
    where kind = 1 and amount like '1844674407370955161_' and operation_id is not null")" -gt 0
check "make uninstall" sh -c "cd '$TOP_BUILDDIR' && $MAKE uninstall prefix='$prefix' >>'$WORK/install.log' 2>&1"
finish
