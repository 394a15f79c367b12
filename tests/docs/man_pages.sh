#!/bin/sh
# man_pages.sh - the man pages render without warnings, and the
# hand-written ones describe what the code has: every subcommand of
# `sluice --help`, every exit code, every callback of <sluice/plugin.h>.
. "$TOP_SRCDIR/tests/testlib.sh"
. "$TOP_SRCDIR/tests/docs/require.sh"
require_tools groff man

pages="$TOP_SRCDIR/doc/sluice.1 $TOP_BUILDDIR/doc/sluice.ini.5 $TOP_SRCDIR/doc/sluice-plugin.7"
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
finish
