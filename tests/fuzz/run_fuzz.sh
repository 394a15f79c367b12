#!/bin/sh
# run_fuzz.sh — builds the libFuzzer target (clang -fsanitize=fuzzer with
# ASan+UBSan) and runs it seeded with every real fixture frame.
#   FUZZ_SECONDS (default 60)  time budget; FUZZ_RUNS=N runs N inputs instead
#   FUZZ_WORK                  where the binary, corpus and crashes go
# Exit 0 when no crash/leak was found; 77 (skip) when clang or libFuzzer is
# missing, except under CI=true where that is a failure.
set -u
top_src=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
top_build=${TOP_BUILDDIR:-$(pwd)} # run alone: from the build directory
fixtures=${SLUICE_FIXTURES:-$top_src/tests/data}
work=${FUZZ_WORK:-$top_build/tests/fuzz/work}
seconds=${FUZZ_SECONDS:-60}

skip_or_fail() {
    if [ "${CI:-}" = true ]; then echo "ERROR: $1 (CI=true forbids skipping)"; exit 99; fi
    echo "SKIP: $1"; exit 77
}
command -v clang >/dev/null 2>&1 || skip_or_fail "clang not found"
[ -d "$fixtures" ] || skip_or_fail "fixtures folder $fixtures not found"
[ -x "$top_build/tests/xdr/dump_frames" ] || skip_or_fail "tests/xdr/dump_frames not built"

mkdir -p "$work/corpus" "$work/seeds" "$work/artifacts" || exit 99
x="$top_src/core/xdr"
g="$x/gen"
if ! clang -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        -I"$top_src/core" "$top_src/tests/fuzz/fuzz_decode.c" "$x/sx_runtime.c" "$g/sx_decode.c" \
        "$g/sx_skip.c" "$g/sx_encode.c" "$g/sx_json.c" "$x/sx_json_rt.c" "$x/sx_json_special.c" \
        "$g/sx_registry.c" "$top_src/core/stellar/strkey.c" -pthread -o "$work/fuzz_decode" 2>"$work/build.log"; then
    cat "$work/build.log"
    skip_or_fail "cannot build a libFuzzer target (libclang-rt-dev missing?)"
fi
"$top_build/tests/xdr/dump_frames" "$fixtures" | {
    i=0
    while read -r type name b64; do
        printf '%s' "$b64" | base64 -d >"$work/seeds/frame-$i" || exit 99
        i=$((i + 1))
    done
}
if [ -n "${FUZZ_RUNS:-}" ]; then limit="-runs=$FUZZ_RUNS"; else limit="-max_total_time=$seconds"; fi
"$work/fuzz_decode" "$limit" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "$work/corpus" "$work/seeds" >"$work/fuzz.log" 2>&1
status=$?
grep -E '^(Done|stat::|==[0-9]+==|SUMMARY)' "$work/fuzz.log"
if ls "$work/artifacts"/crash-* "$work/artifacts"/leak-* "$work/artifacts"/timeout-* >/dev/null 2>&1; then
    echo "FAIL: fuzzer found a problem, see $work/artifacts"
    exit 1
fi
exit $status
