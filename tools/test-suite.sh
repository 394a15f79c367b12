#!/bin/sh
# test-suite.sh — the README's second command and what CI runs: install
# the packages, start a throwaway PostgreSQL, then build and `make check`
# twice (warnings as errors; ASan+UBSan), run `make distcheck`, and print
# one closing line "N passed, N failed, N skipped" over both builds.
set -u
cd "$(dirname "$0")/.."
top=$PWD
sh tools/install-deps.sh --tests || exit 1
[ -x configure ] && [ configure -nt configure.ac ] || ./bootstrap || exit 1
jobs=$(nproc)

pgdir=$(mktemp -d /tmp/sluice-pg.XXXXXX)
trap 'sh "$top/tools/pg-server.sh" stop "$pgdir"' EXIT INT TERM
eval "$(sh tools/pg-server.sh start "$pgdir")" || { echo "cannot start PostgreSQL" >&2; exit 1; }

status=0
build() { # NAME CONFIGURE-FLAGS...
    name=$1; shift
    rm -rf "_build/$name"
    mkdir -p "_build/$name"
    echo "== $name: configure $*"
    (cd "_build/$name" && ../../configure --quiet "$@" >configure.log 2>&1 &&
        make -j"$jobs" >make.log 2>&1) ||
        { echo "== $name: build failed"; tail -40 "_build/$name/make.log" "_build/$name/configure.log"; return 1; }
    echo "== $name: make check"
    (cd "_build/$name" && make -j"$jobs" -k check >check.log 2>&1)
    rc=$?
    grep -E '^(PASS|FAIL|SKIP|XFAIL|XPASS|ERROR):' "_build/$name/check.log"
    if [ $rc -ne 0 ]; then
        for log in $(grep -lE '^(FAIL|ERROR)' $(find "_build/$name/tests" -name '*.log')); do
            echo "---- $log"; tail -60 "$log"
        done
    fi
    return $rc
}

# The crash suite's full 100 SIGKILLs per mode and the full 60 s fuzz run
# happen once per CI run (in the werror build); the sanitizer build and
# distcheck run shorter series of the same tests.
export CRASH_KILLS=100 FUZZ_SECONDS=60
build werror --enable-werror || status=1
export CRASH_KILLS=25 FUZZ_SECONDS=20
build sanitizers --enable-sanitizers || status=1
export CRASH_KILLS=10 FUZZ_SECONDS=10
echo "== distcheck"
(cd _build/werror && make -j"$jobs" distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-werror \
    >distcheck.log 2>&1) || { status=1; tail -60 _build/werror/distcheck.log; }
[ $status -eq 0 ] && echo "distcheck: ok"
sh tests/summary.sh _build/werror/tests _build/sanitizers/tests _build/werror/bench _build/sanitizers/bench || status=1
exit $status
