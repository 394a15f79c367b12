#!/bin/sh
# summary.sh — print the suite's closing line "N passed, N failed, N skipped"
# from the automake .trs files under the DIRs (default: .), and exit
# non-zero if anything failed or no test ran.
[ $# -gt 0 ] || set -- .
for d in "$@"; do
    [ -d "$d" ] && find "$d" -name '*.trs' -exec grep -h '^:test-result:' {} +
done |
awk '
  $2 == "PASS" || $2 == "XFAIL" { passed++ }
  $2 == "FAIL" || $2 == "XPASS" || $2 == "ERROR" { failed++ }
  $2 == "SKIP" { skipped++ }
  END {
    printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
    exit (failed > 0 || passed == 0) ? 1 : 0
  }'
