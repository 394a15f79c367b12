/* check_result.h — the outcome of one conformance check and the tally of
 * a run.  A check fills a check_run's why with what differed (expected
 * against got) or why it was skipped; check_report prints one line per
 * check, "PASS|FAIL|SKIP  GUARANTEE  NAME[: why]", so a failing plugin is
 * told which guarantee it broke and how. */
#ifndef SLUICE_CHECK_RESULT_H
#define SLUICE_CHECK_RESULT_H

#include <stdio.h>

typedef enum check_outcome {
    CHECK_PASS = 0,
    CHECK_FAIL = -1,
    CHECK_SKIP = 1
} check_outcome;

typedef struct check_tally {
    FILE *out;                 /* where the lines go; NULL: nowhere */
    unsigned passed, failed, skipped;
} check_tally;

/* What a check is writing into while it runs. */
typedef struct check_run {
    char why[4096];
} check_run;

/* Set run->why from fmt and return CHECK_FAIL. */
check_outcome check_fail(check_run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Set run->why from fmt and return CHECK_SKIP. */
check_outcome check_skip(check_run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Put "prefix: " in front of run->why (what a failing step said) and
 * return CHECK_FAIL. */
check_outcome check_prefix(check_run *run, const char *prefix);

/* Count outcome and print its line ("what" names the check). */
void check_report(check_tally *tally, const char *guarantee, const char *what,
                  check_outcome outcome, const check_run *run);

#endif
