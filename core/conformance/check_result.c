/* check_result.c — outcome lines and tally of conformance checks (see
 * check_result.h). */
#include "config.h"

#include "conformance/check_result.h"

#include <stdarg.h>
#include <string.h>

static check_outcome set_why(check_run *run, check_outcome outcome, const char *fmt, va_list ap)
{
    vsnprintf(run->why, sizeof run->why, fmt, ap);
    return outcome;
}

check_outcome check_fail(check_run *run, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    check_outcome outcome = set_why(run, CHECK_FAIL, fmt, ap);
    va_end(ap);
    return outcome;
}

check_outcome check_skip(check_run *run, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    check_outcome outcome = set_why(run, CHECK_SKIP, fmt, ap);
    va_end(ap);
    return outcome;
}

check_outcome check_prefix(check_run *run, const char *prefix)
{
    char why[sizeof run->why];
    memcpy(why, run->why, sizeof why);
    return check_fail(run, "%s: %.3500s", prefix, why);
}

void check_report(check_tally *tally, const char *guarantee, const char *what,
                  check_outcome outcome, const check_run *run)
{
    const char *word = "PASS";
    if (outcome == CHECK_PASS)
        tally->passed++;
    else if (outcome == CHECK_FAIL) {
        tally->failed++;
        word = "FAIL";
    } else {
        tally->skipped++;
        word = "SKIP";
    }
    if (!tally->out)
        return;
    if (outcome == CHECK_PASS || !run->why[0])
        fprintf(tally->out, "%s  %-3s %s\n", word, guarantee, what);
    else
        fprintf(tally->out, "%s  %-3s %s: %s\n", word, guarantee, what, run->why);
    fflush(tally->out);
}
