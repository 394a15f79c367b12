#!/bin/sh
# check_plugin_postgres.sh — `sluice check-plugin` against the PostgreSQL
# sink on a fresh database: every check passes, the lost-lock one with the
# writer lock's session terminated by pg_terminate_backend.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/pg_env.sh"

dsn=$(pg_new_database check_plugin) || { echo "cannot create a database"; exit 99; }
printf '[sluice]\nnetwork_passphrase = Test SDF Network ; September 2015\n[sink]\nplugin = postgres\ndsn = %s\n' \
    "$dsn" >"$WORK/pg.ini"
lose="psql '$dsn' -qAt -c \"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'sluice writer lock'\" >/dev/null"
expect_exit 0 "the postgres sink passes" "$SLUICE" check-plugin "$PLUGIN_BUILD_DIR/sink_postgres.so" \
    --config "$WORK/pg.ini" --lose-lock "$lose"
expect_output "$WORK/out" "11 passed, 0 failed, 0 skipped"
expect_output "$WORK/out" "PASS  G2  lost lock and re-lock"
sed 's/^/  out: /' "$WORK/out"
psql "$SLUICE_TEST_DSN" -qAt -c "DROP DATABASE IF EXISTS check_plugin_$$ WITH (FORCE)" >/dev/null
finish
