# pg_env.sh — sourced by shell tests that need PostgreSQL: use the suite's
# server ($SLUICE_TEST_DSN) or start a private one; without a PostgreSQL
# server installed the test skips (77), or fails under CI=true.  A test that
# restarts or breaks the server sets PG_PRIVATE=1 before sourcing, so it
# always gets a server of its own (tests run in parallel).
# Defines pg_new_database NAME, which creates a fresh database and prints
# its DSN (from template0: concurrent tests copying template1 would collide
# on "source database is being accessed by other users").
if [ -z "${SLUICE_TEST_DSN:-}" ] || [ "${PG_PRIVATE:-}" = 1 ]; then
    if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
        [ "${CI:-}" = true ] && { echo "PostgreSQL is required under CI=true"; exit 99; }
        echo "SKIP: no PostgreSQL server installed"; exit 77
    fi
    pg_private_dir=$(mktemp -d /tmp/sluice-pg.XXXXXX)
    eval "$(sh "$TOP_SRCDIR/tools/pg-server.sh" start "$pg_private_dir")" || exit 99
    trap 'sh "$TOP_SRCDIR/tools/pg-server.sh" stop "$pg_private_dir"; rm -rf "$WORK"' EXIT
fi

pg_new_database() {
    pg_database="$1_$$"
    psql "$SLUICE_TEST_DSN" -qAt -c "DROP DATABASE IF EXISTS $pg_database" \
        -c "CREATE DATABASE $pg_database TEMPLATE template0" >/dev/null || return 1
    echo "$SLUICE_TEST_DSN dbname=$pg_database"
}

# pg_checksum DSN: one line per table of the row model, md5 over its rows in
# order (schema_migrations is left out: it records when, not what).
pg_checksum() {
    for table in ledgers transactions operations transaction_participants \
        operation_participants state_changes token_transfers contract_events balances ingest_store; do
        printf '%s ' "$table"
        psql "$1" -qAt -c "SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, E'\n' ORDER BY t::text), '')) FROM sluice.$table t"
    done
}

# pg_synth_lake SYNTH-ARGS...: a sluice-synth lake in $WORK/lake (8 ledgers
# per file, from ledger 2) for the archive source; skips (77) when that
# source is not built, or fails under CI=true.
pg_synth_lake() {
    if [ ! -f "$PLUGIN_BUILD_DIR/source_archive.so" ]; then
        [ "${CI:-}" = true ] && { echo "archive source not built and CI=true"; exit 99; }
        echo "SKIP: the archive source plugin is not built (needs zstd)"; exit 77
    fi
    "$TOP_BUILDDIR/sluice-synth" "$@" --ledgers-per-file 8 --lake "$WORK/lake" --quiet ||
        { echo "sluice-synth failed"; exit 99; }
}

# pg_lake_config FILE DSN [SLUICE-LINES...]: a config reading $WORK/lake
# into PostgreSQL at DSN, with the lines in [sluice].
pg_lake_config() {
    pg_config_file=$1 pg_config_dsn=$2
    shift 2
    write_config "$pg_config_file" archive postgres "$@"
    sed -i "s|^plugin = archive|plugin = archive\npath = $WORK/lake|" "$pg_config_file"
    echo "dsn = $pg_config_dsn" >>"$pg_config_file"
}
