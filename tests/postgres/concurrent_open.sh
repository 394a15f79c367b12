#!/bin/sh
# concurrent_open.sh — processes that open a schema which does not exist
# yet, at the same instant, all proceed: the one granted the migration lock
# creates it, the others then find it (their existence test runs after the
# lock wait, not on a snapshot taken before it).  The lock is held by psql
# while they start, so every process waits on it and the race is certain.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/pg_env.sh"

dsn=$(pg_new_database concurrent) || exit 99
write_config "$WORK/c.ini" dummy postgres "batch_size = 2" "workers = 1"
sed -i "s|^plugin = dummy|plugin = dummy\\nledgers = 100|" "$WORK/c.ini"
printf 'dsn = %s\nschema = fresh\n' "$dsn" >>"$WORK/c.ini"

# hold the migration lock of schema "fresh" for 2 s
psql "$dsn" -qAt -c "SELECT pg_advisory_lock(hashtextextended('sluice migrate ' || 'fresh', 0))" \
    -c "SELECT pg_sleep(2)" >/dev/null &
holder=$!
sleep 0.5
pids=
for i in 1 2 3; do
    "$SLUICE" --config "$WORK/c.ini" backfill $((i * 10)) $((i * 10 + 3)) \
        >"$WORK/out.$i" 2>"$WORK/err.$i" &
    pids="$pids $!"
done
wait $holder
i=0
for pid in $pids; do
    i=$((i + 1))
    wait "$pid"
    rc=$?
    checks=$((checks + 1))
    if [ $rc -eq 0 ]; then echo "ok: process $i proceeded"; else
        fail "process $i exited $rc"; cat "$WORK/err.$i" >&2; fi
done
check "every backfill stored its ledgers" test "$(psql "$dsn" -qAt -c \
    'SELECT count(*) FROM fresh.ledgers')" = 12
check "the schema's migrations applied once" test "$(psql "$dsn" -qAt -c \
    'SELECT count(*) = count(DISTINCT version) FROM fresh.schema_migrations')" = t
finish
