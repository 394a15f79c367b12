#!/bin/sh
# tests_alone.sh - a shell test runs alone, without the variables `make
# check` sets (tests/testlib.sh derives them): two short tests run with
# nothing but PATH in their environment, from the build directory and from
# elsewhere with TOP_BUILDDIR; outside a build tree, without TOP_BUILDDIR,
# a test stops with exit 99 and says what to do (HACKING.md).
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"

for test in cli.sh config_errors.sh; do
    expect_exit 0 "$test alone in the build directory" \
        sh -c "cd '$TOP_BUILDDIR' && exec env -i PATH=\"\$PATH\" sh '$TOP_SRCDIR/tests/$test'"
    expect_output "$WORK/out" "checks, 0 failed"
done
mkdir "$WORK/elsewhere"
expect_exit 0 "cli.sh alone elsewhere with TOP_BUILDDIR" \
    sh -c "cd '$WORK/elsewhere' && exec env -i PATH=\"\$PATH\" TOP_BUILDDIR='$TOP_BUILDDIR' sh '$TOP_SRCDIR/tests/cli.sh'"
expect_output "$WORK/out" "checks, 0 failed"
expect_exit 99 "outside a build tree without TOP_BUILDDIR" \
    sh -c "cd '$WORK/elsewhere' && exec env -i PATH=\"\$PATH\" sh '$TOP_SRCDIR/tests/cli.sh'"
expect_output "$WORK/err" "run the test from the build directory"
finish
