#!/bin/sh
# read_only.sh — status, gaps, verify and check-config create and migrate
# nothing and work with a role that may only SELECT; `sluice migrate`
# lists (--dry-run) and applies the pending migrations; with auto_migrate
# off, run and backfill refuse a schema with migrations pending.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/pg_env.sh"

dsn=$(pg_new_database readonly) || exit 99
reader="reader_$$"
psql "$dsn" -qAt -c "DROP ROLE IF EXISTS $reader" \
    -c "CREATE ROLE $reader LOGIN PASSWORD 'r'" >/dev/null || exit 99
trap 'psql "$dsn" -qAt -c "DROP OWNED BY '"$reader"'" -c "DROP ROLE IF EXISTS '"$reader"'" \
    >/dev/null 2>&1; [ -n "${pg_private_dir:-}" ] && sh "$TOP_SRCDIR/tools/pg-server.sh" stop \
    "$pg_private_dir"; rm -rf "$WORK"' EXIT

config() { # config FILE DSN SCHEMA [core lines]
    file=$1; conf_dsn=$2; schema=$3; shift 3
    write_config "$file" dummy postgres "$@"
    sed -i "s|^plugin = dummy|plugin = dummy\\nledgers = 40|" "$file"
    printf 'dsn = %s\nschema = %s\n' "$conf_dsn" "$schema" >>"$file"
}
schema_exists() {
    test "$(psql "$dsn" -qAt -c "SELECT count(*) FROM pg_namespace WHERE nspname = '$1'")" = "$2"
}

# 1. inspection commands on a mistyped schema create nothing
config "$WORK/typo.ini" "$dsn" sluice_typo
for command in status gaps verify; do
    expect_exit 4 "$command on a schema that does not exist fails" \
        "$SLUICE" --config "$WORK/typo.ini" $command
    expect_output "$WORK/err" "the store does not exist"
done
expect_exit 0 "check-config does not open the store" "$SLUICE" --config "$WORK/typo.ini" check-config
check "no schema was created by the inspection commands" schema_exists sluice_typo 0

# 2. migrate --dry-run lists every migration and changes nothing; migrate applies them
expect_exit 0 "migrate --dry-run" "$SLUICE" --config "$WORK/typo.ini" migrate --dry-run
expect_output "$WORK/out" "pending migration 1: the row model"
expect_output "$WORK/out" "(dry run: nothing changed)"
check "the dry run created no schema" schema_exists sluice_typo 0
expect_exit 0 "migrate applies the migrations" "$SLUICE" --config "$WORK/typo.ini" migrate
expect_output "$WORK/out" "applying migration 1"
check "migrate created the schema" schema_exists sluice_typo 1
expect_exit 0 "migrate again" "$SLUICE" --config "$WORK/typo.ini" migrate
expect_output "$WORK/out" "the schema is up to date"

# 3. a SELECT-only role: the inspection commands work on a stored history
config "$WORK/w.ini" "$dsn" sluice
expect_exit 0 "backfill as the owner (auto_migrate on by default)" \
    "$SLUICE" --config "$WORK/w.ini" backfill 2 20
psql "$dsn" -qAt -c "GRANT USAGE ON SCHEMA sluice TO $reader" \
    -c "GRANT SELECT ON ALL TABLES IN SCHEMA sluice TO $reader" >/dev/null || exit 99
versions_before=$(psql "$dsn" -qAt -c "SELECT count(*) FROM sluice.schema_migrations")
config "$WORK/r.ini" "$dsn user=$reader password=r" sluice
expect_exit 0 "status as a SELECT-only role" "$SLUICE" --config "$WORK/r.ini" status
expect_output "$WORK/out" "oldest ledger:  2"
expect_exit 0 "gaps as a SELECT-only role" "$SLUICE" --config "$WORK/r.ini" gaps 2 30
expect_output "$WORK/out" "21-30"
expect_exit 0 "verify as a SELECT-only role" "$SLUICE" --config "$WORK/r.ini" verify 2 20
expect_output "$WORK/out" "hash chain unbroken over 19 ledgers"
expect_exit 0 "check-config as a SELECT-only role" "$SLUICE" --config "$WORK/r.ini" check-config
expect_exit 4 "backfill as a SELECT-only role fails (it writes)" \
    "$SLUICE" --config "$WORK/r.ini" backfill 21 22

# 4. a schema one migration behind: status reads it and leaves it behind;
# with auto_migrate off, backfill refuses; migrate brings it up to date
latest=$(psql "$dsn" -qAt -c "SELECT max(version) FROM sluice.schema_migrations")
psql "$dsn" -qAt -c "DELETE FROM sluice.schema_migrations WHERE version = $latest" >/dev/null
expect_exit 0 "status on a schema behind" "$SLUICE" --config "$WORK/r.ini" status
expect_output "$WORK/err" "run \`sluice migrate\`"
check "status applied no migration" test "$(psql "$dsn" -qAt -c \
    "SELECT count(*) FROM sluice.schema_migrations")" = $((versions_before - 1))
config "$WORK/manual.ini" "$dsn" sluice "auto_migrate = false"
expect_exit 4 "backfill with auto_migrate off refuses pending migrations" \
    "$SLUICE" --config "$WORK/manual.ini" backfill 21 22
expect_output "$WORK/err" "migrations $latest to $latest pending"
expect_exit 0 "migrate --dry-run lists the one pending" \
    "$SLUICE" --config "$WORK/manual.ini" migrate --dry-run
expect_output "$WORK/out" "pending migration $latest:"
expect_output "$WORK/out" "1 migration pending"
finish
