#!/bin/sh
# man_page.sh — sluice-synth(1) renders without warnings and describes
# every option `sluice-synth --help` lists (so the page cannot drift from
# the program) and every exit code the program uses.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/docs/require.sh"
require_tools groff man
page=$TOP_SRCDIR/doc/sluice-synth.1

check "sluice-synth.1 renders without warnings" sh -c \
    "LC_ALL=C groff -man -ww -z '$page' 2>'$WORK/warn' && test ! -s '$WORK/warn' || { cat '$WORK/warn' >&2; exit 1; }"
check "man -l sluice-synth.1 renders without warnings" sh -c \
    "MANWIDTH=80 man --warnings -l '$page' >'$WORK/text' 2>'$WORK/warn' && test -s '$WORK/text' && test ! -s '$WORK/warn' || { cat '$WORK/warn' >&2; exit 1; }"

expect_exit 0 "sluice-synth --help" "$TOP_BUILDDIR/sluice-synth" --help
options=$(grep -o -- '--[a-z][a-z-]*' "$WORK/out" | sort -u)
check "help lists options" test -n "$options"
for option in $options --help; do
    escaped=$(printf '%s' "$option" | sed 's/-/\\\\-/g')
    check "sluice-synth(1) describes $option" grep -q "^\.B[IR]* $escaped\( \|$\)" "$page"
done
for code in 0 1 2; do
    check "sluice-synth(1) describes exit code $code" grep -q "^\.B $code\$" "$page"
done
# the exit codes it describes are the program's
expect_exit 2 "a bad option exits 2" "$TOP_BUILDDIR/sluice-synth" --ledgers x --stream /dev/null
expect_exit 1 "an unwritable stream exits 1" "$TOP_BUILDDIR/sluice-synth" --ledgers 1 --stream "$WORK/no/such/dir/x"
finish
