/* sink_crash.c — the crash check: a child process writes a range through
 * the sink as a live run does (lock, then one transaction per ledger that
 * also advances the latest cursor), is killed with SIGKILL at a random
 * instant, and a new instance restarts from the cursor and finishes the
 * range.  What the sink then reports must equal what a clean run leaves:
 *   - the cursor the killed writer left: every ledger up to it stored and
 *     none after it (the ledger and its cursor move are one transaction);
 *   - the restarted writer can lock (the dead writer's lock is released);
 *   - at the end: the latest cursor at the range's last ledger, no gap in
 *     the range, and ledger_chain reporting each ledger of the range once,
 *     with the hashes written — exactly what the clean run of the same
 *     range over the next ledgers reports, shifted. */
#include "config.h"

#include "conformance/sink_checks.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CRASH_LEDGERS 300u

/* Write from..to as a live run does, from the cursor at *latest.  0, or
 * the exit code of what failed (for the child) with c->error set. */
static int write_live(sink_conn *c, uint32_t from, uint32_t to, uint32_t *latest)
{
    sluice_status status = c->ops->lock(c->handle);
    if (status != SLUICE_OK) {
        sink_conn_error(c, status);
        return 3;
    }
    if (c->ops->set_mode && (status = c->ops->set_mode(c->handle, SLUICE_MODE_LIVE)) != SLUICE_OK) {
        sink_conn_error(c, status);
        return 4;
    }
    for (uint64_t sequence = from; sequence <= to; sequence++)
        if (sink_write_range(c, (uint32_t)sequence, (uint32_t)sequence, latest) != SLUICE_OK)
            return 5;
    return 0;
}

/* The child: write from..to, exit 0 (or the failing step's code). */
static void crash_child(const sink_target *target, uint32_t from, uint32_t to, uint32_t latest)
{
    sink_conn c;
    int code = 2;
    if (sink_conn_open(&c, target) == SLUICE_OK)
        code = write_live(&c, from, to, &latest);
    if (code)
        fprintf(stderr, "sluice check-plugin: crash check writer: %s\n", c.error);
    sink_conn_close(&c);
    _exit(code);
}

static void sleep_ms(unsigned ms)
{
    struct timespec pause = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
}

/* Fork the writer of from..to and kill it after a random delay.  Fills
 * killed_after (ms; 0 when it finished first).  CHECK_PASS or a failure. */
static check_outcome run_and_kill(const sink_target *target, uint32_t from, uint32_t to,
                                  uint32_t latest, unsigned *killed_after, check_run *run)
{
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    unsigned delay = 20 + (unsigned)(rand_r(&seed) % 400);
    fflush(NULL);
    pid_t child = fork();
    if (child < 0)
        return check_fail(run, "cannot fork the writer process");
    if (child == 0)
        crash_child(target, from, to, latest);
    int status = 0;
    *killed_after = 0;
    for (unsigned waited = 0; waited < delay; waited += 5) {
        if (waitpid(child, &status, WNOHANG) == child)
            goto exited;
        sleep_ms(5);
    }
    kill(child, SIGKILL);
    *killed_after = delay;
    if (waitpid(child, &status, 0) != child)
        return check_fail(run, "cannot wait for the writer process");
exited:
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        return check_fail(run, "the writer process failed before it was killed (exit %d; its "
                          "error is on standard error)", WEXITSTATUS(status));
    return CHECK_PASS;
}

/* What a clean run of from..to leaves, checked on c. */
static check_outcome expect_clean(sink_conn *c, uint32_t from, uint32_t to, check_run *run)
{
    char text[32];
    sink_range_text(from, to, text, sizeof text);
    check_outcome outcome = sink_expect_cursor(c, SLUICE_CURSOR_LATEST, 1, to, run);
    if (outcome == CHECK_PASS)
        outcome = sink_expect_gaps(c, from, to, "", run);
    if (outcome == CHECK_PASS)
        outcome = sink_expect_chain(c, from, to, text, run);
    return outcome;
}

check_outcome sink_check_crash_restart(const sink_target *target, uint32_t base, check_run *run)
{
    const uint32_t last = base + CRASH_LEDGERS - 1;
    sink_conn c;
    if (sink_conn_open(&c, target) != SLUICE_OK)
        return check_fail(run, "open() failed: %s", c.error);
    uint32_t before;
    int present;
    check_outcome outcome = sink_get_cursor(&c, SLUICE_CURSOR_LATEST, &before, &present, run);
    sink_conn_close(&c); /* nothing open across fork() */
    if (outcome != CHECK_PASS)
        return outcome;
    if (!present)
        before = 0;

    unsigned killed_after = 0;
    outcome = run_and_kill(target, base, last, before, &killed_after, run);
    if (outcome != CHECK_PASS)
        return outcome;
    char when[96];
    snprintf(when, sizeof when, "writer of %u..%u killed after %u ms", base, last, killed_after);

    if (sink_conn_open(&c, target) != SLUICE_OK)
        return check_fail(run, "%s; open() of the restarted writer failed: %s", when, c.error);
    uint32_t left;
    char text[64];
    if ((outcome = sink_get_cursor(&c, SLUICE_CURSOR_LATEST, &left, &present, run)) != CHECK_PASS) {
        outcome = check_prefix(run, when);
        goto done;
    }
    if (!present || left < base)
        left = base - 1; /* nothing of the range was committed */
    if (left > last) {
        outcome = check_fail(run, "%s; %s is %u, past the range written", when,
                             SLUICE_CURSOR_LATEST, left);
        goto done;
    }
    /* stored up to the cursor, nothing after it */
    text[0] = '\0';
    if (left < last)
        sink_range_text(left + 1, last, text, sizeof text);
    if ((outcome = sink_expect_gaps(&c, base, last, text, run)) != CHECK_PASS) {
        char prefix[200];
        snprintf(prefix, sizeof prefix, "%s with %s at %u (ledger and cursor must commit "
                 "together)", when, SLUICE_CURSOR_LATEST, left);
        outcome = check_prefix(run, prefix);
        goto done;
    }
    uint32_t latest = left >= base ? left : before;
    int code = left < last ? write_live(&c, left + 1, last, &latest) : 0;
    if (code) {
        outcome = check_fail(run, "%s; the restarted writer failed: %s", when, c.error);
        goto done;
    }
    if ((outcome = expect_clean(&c, base, last, run)) != CHECK_PASS) {
        outcome = check_prefix(run, when);
        goto done;
    }
    sink_conn_close(&c);

    /* the clean run of a range as long, over the next ledgers */
    if (sink_conn_open(&c, target) != SLUICE_OK)
        return check_fail(run, "open() failed: %s", c.error);
    code = write_live(&c, last + 1, last + CRASH_LEDGERS, &latest);
    if (code)
        outcome = check_fail(run, "the clean run failed: %s", c.error);
    else if ((outcome = expect_clean(&c, last + 1, last + CRASH_LEDGERS, run)) != CHECK_PASS)
        outcome = check_prefix(run, "the clean run");
done:
    sink_conn_close(&c);
    return outcome;
}
