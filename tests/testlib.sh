# testlib.sh — helpers for the shell integration tests (sourced).
#
# Each test script runs checks with `check`/`expect_exit`/`expect_output`,
# then calls `finish`, which exits 0 if every check passed, 1 otherwise
# (automake's simple-test protocol; 77 = skipped).  A scratch directory
# $WORK is created and removed on exit.
#
# Environment: `make check` sets SLUICE, TOP_SRCDIR, TOP_BUILDDIR,
# SLUICE_FIXTURES, PLUGIN_BUILD_DIR, TEST_PLUGIN_DIR and MAKE
# (AM_TESTS_ENVIRONMENT in tests/local.mk).  A test run alone derives what
# is unset: the source tree from the test's own path, the build tree from
# the current directory (run it from the build directory, or set
# TOP_BUILDDIR), the rest from those two:
#   cd _build/dev && sh ../../tests/cli.sh

set -u

# The source tree: the nearest directory above the test holding tests/testlib.sh.
testlib_source_tree() {
    tree=$(cd "$(dirname "$0")" && pwd)
    while [ "$tree" != / ] && [ ! -f "$tree/tests/testlib.sh" ]; do
        tree=$(dirname "$tree")
    done
    printf '%s\n' "$tree"
}
TOP_SRCDIR=$(cd "${TOP_SRCDIR:-$(testlib_source_tree)}" && pwd)
if [ -z "${TOP_BUILDDIR:-}" ]; then
    if [ -x ./sluice ] && [ -f ./Makefile ]; then
        TOP_BUILDDIR=$(pwd)
    elif [ -x "$TOP_SRCDIR/sluice" ]; then
        TOP_BUILDDIR=$TOP_SRCDIR # built in the source tree
    else
        echo "ERROR: no build tree: run the test from the build directory (where ./sluice is)," \
            "or set TOP_BUILDDIR" >&2
        exit 99
    fi
fi
TOP_BUILDDIR=$(cd "$TOP_BUILDDIR" && pwd)
SLUICE=${SLUICE:-$TOP_BUILDDIR/sluice}
SLUICE_FIXTURES=${SLUICE_FIXTURES:-$TOP_SRCDIR/tests/data}
PLUGIN_BUILD_DIR=${PLUGIN_BUILD_DIR:-$TOP_BUILDDIR/plugins/.libs}
TEST_PLUGIN_DIR=${TEST_PLUGIN_DIR:-$TOP_BUILDDIR/tests/plugins/.libs}
MAKE=${MAKE:-make}
export TOP_SRCDIR TOP_BUILDDIR SLUICE SLUICE_FIXTURES PLUGIN_BUILD_DIR TEST_PLUGIN_DIR MAKE
checks=0
failures=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sluice-test.XXXXXX")
chmod 700 "$WORK"
trap 'rm -rf "$WORK"' EXIT

fail() {
    failures=$((failures + 1))
    echo "FAIL: $*" >&2
}

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
    desc=$1; shift
    checks=$((checks + 1))
    if "$@"; then echo "ok: $desc"; else fail "$desc"; fi
}

# expect_exit CODE DESCRIPTION COMMAND...: run, keep stdout in $WORK/out and
# stderr in $WORK/err, and require the exit code.
expect_exit() {
    code=$1; desc=$2; shift 2
    checks=$((checks + 1))
    "$@" >"$WORK/out" 2>"$WORK/err"
    got=$?
    if [ "$got" -eq "$code" ]; then
        echo "ok: $desc (exit $got)"
    else
        fail "$desc: exit $got, expected $code"
        sed 's/^/  stderr: /' "$WORK/err" >&2
    fi
}

# expect_output FILE TEXT: FILE ($WORK/out or $WORK/err) contains TEXT.
expect_output() {
    checks=$((checks + 1))
    if grep -qF -- "$2" "$1"; then
        echo "ok: $(basename "$1") contains: $2"
    else
        fail "$(basename "$1") lacks: $2"
        sed 's/^/  got: /' "$1" >&2
    fi
}

# check_config SLUICE CONFIG: `SLUICE --config CONFIG check-config`, with a
# stand-in stellar-core (through the environment) for a captive-core
# config where none is installed, since check-config checks that the
# binary is executable.
check_config() {
    case "$(sed -n 's/^plugin *= *//p' "$2")" in
    *captive_core*)
        core=/usr/bin/stellar-core
        if [ ! -x "$core" ]; then
            core="$WORK/stellar-core-stand-in"
            printf '#!/bin/sh\nexit 0\n' >"$core" && chmod +x "$core"
        fi
        SLUICE_SOURCE_STELLAR_CORE_PATH="$core" "$1" --config "$2" check-config ;;
    *) "$1" --config "$2" check-config ;;
    esac
}

finish() {
    echo "$checks checks, $failures failed"
    [ "$checks" -gt 0 ] || { echo "no checks ran" >&2; exit 1; }
    [ "$failures" -eq 0 ]
    exit $?
}

# write_config FILE SOURCE_PLUGIN SINK_PLUGIN [extra lines for [sluice]]
write_config() {
    file=$1; source_plugin=$2; sink_plugin=$3; shift 3
    {
        echo "[sluice]"
        echo "plugin_dir = $PLUGIN_BUILD_DIR"
        for line in "$@"; do echo "$line"; done
        echo "[source]"
        echo "plugin = $source_plugin"
        echo "[sink]"
        echo "plugin = $sink_plugin"
    } >"$file"
}

# dummy_config NAME SOURCE-LINES CORE-LINES...: $WORK/NAME.ini, the dummy
# source (SOURCE-LINES: its keys, \n-separated) into the stdout sink's
# $WORK/NAME.ndjson
dummy_config() {
    name=$1 source_lines=$2; shift 2
    write_config "$WORK/$name.ini" dummy stdout "$@"
    sed -i "s|^plugin = dummy|plugin = dummy\n$source_lines|" "$WORK/$name.ini"
    echo "output = $WORK/$name.ndjson" >>"$WORK/$name.ini"
}
