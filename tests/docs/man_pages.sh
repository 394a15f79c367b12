#!/bin/sh
# man_pages.sh - the man pages render without warnings, and the
# hand-written ones describe what the code has: every subcommand of
# `sluice --help`, every exit code, every callback of <sluice/plugin.h>;
# sluice-sink(7) every status a sink returns and every command that opens a sink, and
# every sink callback; sluice-source(7) every source callback.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/docs/require.sh"
require_tools groff man

pages="$TOP_SRCDIR/doc/sluice.1 $TOP_BUILDDIR/doc/sluice.ini.5 $TOP_SRCDIR/doc/sluice-plugin.7
    $TOP_SRCDIR/doc/sluice-sink.7 $TOP_SRCDIR/doc/sluice-source.7 $TOP_SRCDIR/doc/sluice-migrations.7"
for page in $pages; do
    check "$(basename "$page") renders without warnings" sh -c \
        "LC_ALL=C groff -man -ww -z '$page' 2>'$WORK/warn' && test ! -s '$WORK/warn' || { cat '$WORK/warn' >&2; exit 1; }"
    check "man -l $(basename "$page") renders without warnings" sh -c \
        "MANWIDTH=80 man --warnings -l '$page' >'$WORK/text' 2>'$WORK/warn' && test -s '$WORK/text' && test ! -s '$WORK/warn' || { cat '$WORK/warn' >&2; exit 1; }"
done

expect_exit 0 "sluice --help" "$SLUICE" --help
commands=$(sed -n '/^commands:/,/^$/p' "$WORK/out" | awk '/^  [a-z]/ { print $1 }')
check "help lists commands" test -n "$commands"
for command in $commands; do
    escaped=$(printf '%s' "$command" | sed 's/-/\\\\-/g')
    check "sluice(1) describes '$command'" grep -q "^\.BR* $escaped\( \|$\)" "$TOP_SRCDIR/doc/sluice.1"
done
for code in $(sed -n 's/^ *EXIT_[A-Z_]* = \([0-9]*\),\{0,1\} .*/\1/p' "$TOP_SRCDIR/core/cli/exit_codes.h"); do
    check "sluice(1) describes exit code $code" grep -q "^\.B $code\$" "$TOP_SRCDIR/doc/sluice.1"
done

callbacks=$(grep -v typedef "$TOP_SRCDIR/core/include/sluice/plugin.h" | sed -n 's/.*(\*\([a-z_]*\))(.*/\1/p' | sort -u)
check "plugin.h has callbacks" test -n "$callbacks"
for callback in $callbacks; do
    check "sluice-plugin(7) names '$callback'" grep -q "\b$callback\b" "$TOP_SRCDIR/doc/sluice-plugin.7"
done

# the callbacks of one ops struct of plugin.h (sluice_source_ops or sluice_sink_ops)
ops_callbacks() {
    sed -n "/^typedef struct $1 {/,/^} $1;/p" "$TOP_SRCDIR/core/include/sluice/plugin.h" |
        sed -n 's/.*(\*\([a-z_]*\))(.*/\1/p'
}
for kind in sink source; do
    kind_callbacks=$(ops_callbacks "sluice_${kind}_ops")
    check "plugin.h has $kind callbacks" test -n "$kind_callbacks"
    for callback in $kind_callbacks; do
        check "sluice-$kind(7) names '$callback'" grep -q "\b$callback\b" "$TOP_SRCDIR/doc/sluice-$kind.7"
    done
done
statuses=$(sed -n 's/^ *\(SLUICE_[A-Z_]*\) = -\{0,1\}[0-9].*/\1/p' "$TOP_SRCDIR/core/include/sluice/plugin.h" |
    grep -v -e LOG_ -e PLUGIN_ -e MODE_ -e '^SLUICE_END$')
check "plugin.h has statuses" test -n "$statuses"
for status in $statuses; do
    check "sluice-sink(7) says what $status does" grep -q "^\.B $status\$" "$TOP_SRCDIR/doc/sluice-sink.7"
done
# sluice-migrations(7) lists every migration of the PostgreSQL sink
migrations=$(grep -c '^    /\* [0-9]*: ' "$TOP_SRCDIR/plugins/sink_postgres/pg_schema.c")
check "pg_schema.c has migrations" test "$migrations" -gt 0
for version in $(seq 1 "$migrations"); do
    check "sluice-migrations(7) describes migration $version" \
        grep -q "^\.B $version\$" "$TOP_SRCDIR/doc/sluice-migrations.7"
done
for command in run backfill gaps status verify migrate; do
    check "sluice-sink(7) describes 'sluice $command'" grep -q "^\.SS \"sluice $command" "$TOP_SRCDIR/doc/sluice-sink.7"
done
finish
