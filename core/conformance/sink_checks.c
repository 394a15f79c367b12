/* sink_checks.c — one function per sink guarantee (see sink_checks.h).
 * Each returns CHECK_PASS, or CHECK_FAIL with run->why saying what was
 * expected and what the sink returned, or CHECK_SKIP with why. */
#include "config.h"

#include "conformance/sink_checks.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* "A-B" for one range. */
static const char *range(uint32_t from, uint32_t to, char text[32])
{
    sink_range_text(from, to, text, 32);
    return text;
}

static const char *status_text(sluice_status status)
{
    switch (status) {
    case SLUICE_OK: return "SLUICE_OK";
    case SLUICE_END: return "SLUICE_END";
    case SLUICE_ERROR: return "SLUICE_ERROR";
    case SLUICE_ERROR_RETRY: return "SLUICE_ERROR_RETRY";
    case SLUICE_ERROR_LOCKED: return "SLUICE_ERROR_LOCKED";
    case SLUICE_ERROR_DATA: return "SLUICE_ERROR_DATA";
    case SLUICE_ERROR_CANCELLED: return "SLUICE_ERROR_CANCELLED";
    }
    return "an unknown status";
}

static check_outcome open_conn(sink_conn *c, const sink_target *target, check_run *run)
{
    sluice_status status = sink_conn_open(c, target);
    if (status == SLUICE_OK)
        return CHECK_PASS;
    return check_fail(run, "open() returned %s: %s", status_text(status), c->error);
}

static check_outcome write_ok(sink_conn *c, uint32_t from, uint32_t to, uint32_t *latest,
                              check_run *run)
{
    sluice_status status = sink_write_range(c, from, to, latest);
    if (status == SLUICE_OK)
        return CHECK_PASS;
    return check_fail(run, "writing ledgers %u..%u%s returned %s: %s", from, to,
                      latest ? " with the latest cursor" : "", status_text(status), c->error);
}

check_outcome sink_expect_gaps(sink_conn *c, uint32_t from, uint32_t to, const char *expected,
                               check_run *run)
{
    char got[1024];
    if (sink_read_gaps(c, from, to, got, sizeof got) != 0)
        return check_fail(run, "gaps(%u, %u) failed: %s", from, to, c->error);
    if (strcmp(got, expected) == 0)
        return CHECK_PASS;
    return check_fail(run, "gaps(%u, %u) reported \"%s\"; expected \"%s\"", from, to, got,
                      expected);
}

check_outcome sink_expect_chain(sink_conn *c, uint32_t from, uint32_t to, const char *expected,
                                check_run *run)
{
    if (!c->ops->ledger_chain)
        return CHECK_PASS;
    char got[1024];
    if (sink_read_chain(c, from, to, got, sizeof got) != 0)
        return check_fail(run, "ledger_chain(%u, %u) failed: %s", from, to, c->error);
    if (strcmp(got, expected) == 0)
        return CHECK_PASS;
    return check_fail(run, "ledger_chain(%u, %u) reported ledgers \"%s\"; expected \"%s\"", from,
                      to, got, expected);
}

check_outcome sink_expect_cursor(sink_conn *c, const char *name, int present, uint32_t value,
                                 check_run *run)
{
    uint32_t got;
    int got_present;
    if (sink_read_cursor(c, name, &got, &got_present) != 0)
        return check_fail(run, "cursor_get(%s) failed: %s", name, c->error);
    if (got_present == present && (!present || got == value))
        return CHECK_PASS;
    char want[32] = "unset", have[32] = "unset";
    if (present)
        snprintf(want, sizeof want, "%u", value);
    if (got_present)
        snprintf(have, sizeof have, "%u", got);
    return check_fail(run, "%s is %s; expected %s", name, have, want);
}

check_outcome sink_get_cursor(sink_conn *c, const char *name, uint32_t *value, int *present,
                              check_run *run)
{
    if (sink_read_cursor(c, name, value, present) != 0)
        return check_fail(run, "cursor_get(%s) failed: %s", name, c->error);
    return CHECK_PASS;
}

/* The latest cursor now (0: unset). */
static check_outcome read_latest(sink_conn *c, uint32_t *latest, check_run *run)
{
    int present;
    check_outcome outcome = sink_get_cursor(c, SLUICE_CURSOR_LATEST, latest, &present, run);
    if (!present)
        *latest = 0;
    return outcome;
}

#define TRY(step)                                  \
    do {                                           \
        if ((outcome = (step)) != CHECK_PASS)      \
            goto done;                             \
    } while (0)

/* ---- the store is empty ---------------------------------------------------- */

static check_outcome check_empty_store(const sink_target *target, uint32_t base, check_run *run)
{
    (void)base;
    sink_conn c;
    check_outcome outcome = open_conn(&c, target, run);
    if (outcome != CHECK_PASS)
        return outcome;
    TRY(sink_expect_cursor(&c, SLUICE_CURSOR_LATEST, 0, 0, run));
    TRY(sink_expect_cursor(&c, SLUICE_CURSOR_OLDEST, 0, 0, run));
    TRY(sink_expect_gaps(&c, 2, UINT32_MAX, "2-4294967295", run));
done:
    sink_conn_close(&c);
    if (outcome == CHECK_FAIL)
        check_prefix(run, "the store the config names is not empty (point the config at a new "
                     "store: the checks write into it)");
    return outcome;
}

/* ---- G7: guarded advance of the latest cursor ------------------------------ */

/* One transaction writing `ledger` and moving the latest cursor as asked:
 * the move must be refused (the caller then checks the rollback left
 * nothing). */
static check_outcome expect_refused_advance(sink_conn *c, uint32_t ledger, int expected_present,
                                            uint32_t expected, uint32_t value, const char *what,
                                            check_run *run)
{
    sluice_status status = c->ops->begin(c->handle);
    if (status == SLUICE_OK)
        status = sink_write_ledgers(c, ledger, ledger);
    if (status != SLUICE_OK) {
        c->ops->rollback(c->handle);
        return check_fail(run, "writing ledger %u returned %s: %s", ledger, status_text(status),
                          c->error);
    }
    status = c->ops->cursor_advance(c->handle, SLUICE_CURSOR_LATEST, expected_present, expected,
                                    value);
    c->ops->rollback(c->handle);
    if (status == SLUICE_OK)
        return check_fail(run, "cursor_advance(%s, expected %s%u, to %u) %s was accepted; it "
                          "must fail", SLUICE_CURSOR_LATEST, expected_present ? "" : "unset ",
                          expected, value, what);
    sink_conn_error(c, status);
    return CHECK_PASS;
}

static check_outcome check_cursor_advance(const sink_target *target, uint32_t base,
                                          check_run *run)
{
    sink_conn c, again;
    check_outcome outcome = open_conn(&c, target, run);
    if (outcome != CHECK_PASS)
        return outcome;
    uint32_t latest = 0;
    memset(&again, 0, sizeof again);
    TRY(read_latest(&c, &latest, run));
    TRY(write_ok(&c, base, base + 4, &latest, run));
    TRY(sink_expect_cursor(&c, SLUICE_CURSOR_LATEST, 1, base + 4, run));
    TRY(expect_refused_advance(&c, base + 5, 1, base + 3, base + 5, "from a value that is not "
                               "the stored one", run));
    TRY(expect_refused_advance(&c, base + 5, 0, 0, base + 5, "expecting unset while set", run));
    TRY(expect_refused_advance(&c, base + 5, 1, base + 4, base + 2, "backward", run));
    TRY(sink_expect_cursor(&c, SLUICE_CURSOR_LATEST, 1, base + 4, run));
    char text[32];
    TRY(sink_expect_gaps(&c, base + 5, base + 5, range(base + 5, base + 5, text), run));
    TRY(open_conn(&again, target, run));
    TRY(sink_expect_cursor(&again, SLUICE_CURSOR_LATEST, 1, base + 4, run));
    TRY(write_ok(&again, base + 5, base + 6, &latest, run));
    TRY(sink_expect_cursor(&c, SLUICE_CURSOR_LATEST, 1, base + 6, run));
done:
    sink_conn_close(&again);
    sink_conn_close(&c);
    return outcome;
}

/* ---- G3: update-min of the oldest cursor ----------------------------------- */

static check_outcome check_update_min(const sink_target *target, uint32_t base, check_run *run)
{
    sink_conn c, again;
    memset(&again, 0, sizeof again);
    check_outcome outcome = open_conn(&c, target, run);
    if (outcome != CHECK_PASS)
        return outcome;
    uint32_t oldest;
    int present;
    TRY(sink_get_cursor(&c, SLUICE_CURSOR_OLDEST, &oldest, &present, run));
    /* from unset it is set; a larger value leaves it; a smaller one moves it */
    const uint32_t moves[] = {base + 500, base + 700, base + 300, base + 301};
    for (size_t i = 0; i < sizeof moves / sizeof *moves; i++) {
        oldest = present && oldest < moves[i] ? oldest : moves[i];
        present = 1;
        sluice_status status = sink_update_min(&c, moves[i]);
        if (status != SLUICE_OK) {
            outcome = check_fail(run, "cursor_update_min(%s, %u) returned %s: %s",
                                 SLUICE_CURSOR_OLDEST, moves[i], status_text(status), c.error);
            goto done;
        }
        if ((outcome = sink_expect_cursor(&c, SLUICE_CURSOR_OLDEST, 1, oldest, run)) != CHECK_PASS) {
            char prefix[64];
            snprintf(prefix, sizeof prefix, "after cursor_update_min(%u)", moves[i]);
            outcome = check_prefix(run, prefix);
            goto done;
        }
    }
    TRY(open_conn(&again, target, run));
    TRY(sink_expect_cursor(&again, SLUICE_CURSOR_OLDEST, 1, oldest, run));
done:
    sink_conn_close(&again);
    sink_conn_close(&c);
    return outcome;
}

/* ---- G1: rollback leaves nothing ------------------------------------------- */

static check_outcome check_rollback(const sink_target *target, uint32_t base, check_run *run)
{
    sink_conn c;
    check_outcome outcome = open_conn(&c, target, run);
    if (outcome != CHECK_PASS)
        return outcome;
    uint32_t latest;
    char text[32];
    TRY(read_latest(&c, &latest, run));
    /* enough rows that a buffering sink has sent some before the end */
    const uint32_t last = base + 299;
    sluice_status status = c.ops->begin(c.handle);
    if (status == SLUICE_OK)
        status = sink_write_ledgers(&c, base, last);
    if (status == SLUICE_OK)
        status = c.ops->cursor_advance(c.handle, SLUICE_CURSOR_LATEST, latest != 0, latest, last);
    if (status != SLUICE_OK) {
        c.ops->rollback(c.handle);
        outcome = check_fail(run, "a transaction writing %u..%u returned %s: %s", base, last,
                             status_text(status), sink_conn_error(&c, status));
        goto done;
    }
    c.ops->rollback(c.handle);
    c.ops->rollback(c.handle); /* without a transaction: a no-op */
    TRY(sink_expect_cursor(&c, SLUICE_CURSOR_LATEST, latest != 0, latest, run));
    TRY(sink_expect_gaps(&c, base, last, range(base, last, text), run));
    TRY(sink_expect_chain(&c, base, last, "", run));
    /* the instance still works, and stores only what it commits next */
    TRY(write_ok(&c, base, base + 1, &latest, run));
    TRY(sink_expect_gaps(&c, base, last, range(base + 2, last, text), run));
    TRY(sink_expect_chain(&c, base, last, range(base, base + 1, text), run));
done:
    if (outcome == CHECK_FAIL && strncmp(run->why, "a transaction", 13) != 0)
        check_prefix(run, "after rollback()");
    sink_conn_close(&c);
    return outcome;
}

/* ---- G6: ledgers already stored are skipped -------------------------------- */

static check_outcome check_rewrite_skipped(const sink_target *target, uint32_t base,
                                           check_run *run)
{
    sink_conn c;
    check_outcome outcome = open_conn(&c, target, run);
    if (outcome != CHECK_PASS)
        return outcome;
    char text[32];
    TRY(write_ok(&c, base, base + 9, NULL, run));
    TRY(write_ok(&c, base, base + 9, NULL, run));     /* again, as one transaction */
    for (uint32_t sequence = base + 3; sequence <= base + 5; sequence++)
        TRY(write_ok(&c, sequence, sequence, NULL, run)); /* again, ledger by ledger */
    TRY(write_ok(&c, base + 5, base + 14, NULL, run));     /* partly stored */
    TRY(sink_expect_gaps(&c, base, base + 14, "", run));
    TRY(sink_expect_chain(&c, base, base + 20, range(base, base + 14, text), run));
done:
    sink_conn_close(&c);
    return outcome;
}

/* ---- G8: the hash chain read back ------------------------------------------ */

static check_outcome check_ledger_chain(const sink_target *target, uint32_t base, check_run *run)
{
    if (!target->section->plugin.descriptor->sink->ledger_chain)
        return check_skip(run, "the sink has no ledger_chain callback (optional): sluice verify "
                          "checks cursors and gaps only");
    sink_conn c;
    check_outcome outcome = open_conn(&c, target, run);
    if (outcome != CHECK_PASS)
        return outcome;
    char text[32];
    static const uint32_t order[] = {8, 9, 5, 6, 7}; /* committed out of order */
    for (size_t i = 0; i < sizeof order / sizeof *order; i++)
        TRY(write_ok(&c, base + order[i], base + order[i], NULL, run));
    TRY(sink_expect_chain(&c, base, base + 100, range(base + 5, base + 9, text), run));
    TRY(sink_expect_chain(&c, base + 6, base + 8, range(base + 6, base + 8, text), run));
    TRY(sink_expect_chain(&c, base + 9, base + 9, range(base + 9, base + 9, text), run));
    TRY(sink_expect_chain(&c, base + 10, base + 100, "", run));
done:
    sink_conn_close(&c);
    return outcome;
}

/* ---- G2: one writer at a time ---------------------------------------------- */

static check_outcome expect_locked(sink_conn *c, const char *who, check_run *run)
{
    sluice_status status = c->ops->lock(c->handle);
    if (status == SLUICE_ERROR_LOCKED) {
        sink_conn_error(c, status);
        return CHECK_PASS;
    }
    if (status == SLUICE_OK)
        return check_fail(run, "lock() of %s returned SLUICE_OK while another instance holds the "
                          "writer lock; expected SLUICE_ERROR_LOCKED", who);
    return check_fail(run, "lock() of %s returned %s (%s); expected SLUICE_ERROR_LOCKED", who,
                      status_text(status), sink_conn_error(c, status));
}

/* How long a lock another instance held may stay held after its close():
 * a server may end the closed session (and drop its lock) a moment later,
 * as PostgreSQL does with an advisory lock after PQfinish. */
#define LOCK_RELEASE_GRACE_MS 2000

/* lock() must take the lock; after another instance's close (after_close)
 * SLUICE_ERROR_LOCKED is tried again for up to LOCK_RELEASE_GRACE_MS. */
static check_outcome expect_lock_taken(sink_conn *c, const char *who, int after_close,
                                       check_run *run)
{
    sluice_status status = c->ops->lock(c->handle);
    for (unsigned waited = 0; status == SLUICE_ERROR_LOCKED && after_close &&
                              waited < LOCK_RELEASE_GRACE_MS;
         waited += 20) {
        struct timespec pause = {0, 20 * 1000000L};
        nanosleep(&pause, NULL);
        status = c->ops->lock(c->handle);
    }
    if (status == SLUICE_OK)
        return CHECK_PASS;
    return check_fail(run, "lock() of %s returned %s: %s", who, status_text(status),
                      sink_conn_error(c, status));
}

static check_outcome check_lock_exclusion(const sink_target *target, uint32_t base,
                                          check_run *run)
{
    sink_conn first, second;
    memset(&second, 0, sizeof second);
    check_outcome outcome = open_conn(&first, target, run);
    if (outcome != CHECK_PASS)
        return outcome;
    uint32_t latest;
    TRY(open_conn(&second, target, run));
    TRY(read_latest(&first, &latest, run));
    TRY(expect_lock_taken(&first, "the first instance", 0, run));
    TRY(expect_locked(&second, "a second instance", run));
    TRY(write_ok(&first, base, base + 1, &latest, run)); /* the holder writes on */
    sink_conn_close(&first);
    TRY(expect_lock_taken(&second, "a second instance after the first closed", 1, run));
    TRY(write_ok(&second, base + 2, base + 2, &latest, run));
    TRY(open_conn(&first, target, run));
    TRY(expect_locked(&first, "a third instance", run));
done:
    sink_conn_close(&second);
    sink_conn_close(&first);
    return outcome;
}

/* ---- G2: a lost lock stops the writer until it locks again ----------------- */

static check_outcome check_lost_lock(const sink_target *target, uint32_t base, check_run *run)
{
    if (!target->lose_lock_command)
        return check_skip(run, "no --lose-lock COMMAND given (how to take this sink's lock away "
                          "from its holder is the sink's own business)");
    sink_conn c, other;
    memset(&other, 0, sizeof other);
    check_outcome outcome = open_conn(&c, target, run);
    if (outcome != CHECK_PASS)
        return outcome;
    uint32_t latest;
    char text[32];
    TRY(read_latest(&c, &latest, run));
    TRY(expect_lock_taken(&c, "the writer", 0, run));
    sluice_status status = c.ops->begin(c.handle);
    if (status == SLUICE_OK)
        status = sink_write_ledgers(&c, base, base);
    if (status == SLUICE_OK)
        status = c.ops->cursor_advance(c.handle, SLUICE_CURSOR_LATEST, latest != 0, latest, base);
    if (status != SLUICE_OK) {
        c.ops->rollback(c.handle);
        outcome = check_fail(run, "a transaction writing %u returned %s: %s", base,
                             status_text(status), sink_conn_error(&c, status));
        goto done;
    }
    fflush(NULL);
    int ran = system(target->lose_lock_command);
    if (ran != 0) {
        c.ops->rollback(c.handle);
        outcome = check_fail(run, "the --lose-lock command '%s' failed (wait status %d)",
                             target->lose_lock_command, ran);
        goto done;
    }
    status = c.ops->commit(c.handle);
    if (status != SLUICE_ERROR_LOCKED) {
        if (status != SLUICE_OK)
            sink_conn_error(&c, status);
        c.ops->rollback(c.handle);
        outcome = check_fail(run, "commit() after the writer lock was taken away returned %s%s%s; "
                             "expected SLUICE_ERROR_LOCKED", status_text(status),
                             status != SLUICE_OK ? ": " : "", status != SLUICE_OK ? c.error : "");
        goto done;
    }
    c.ops->rollback(c.handle);
    TRY(sink_expect_cursor(&c, SLUICE_CURSOR_LATEST, latest != 0, latest, run));
    TRY(sink_expect_gaps(&c, base, base, range(base, base, text), run));
    /* stopped until lock() takes the lock again */
    status = c.ops->begin(c.handle);
    if (status == SLUICE_OK) {
        c.ops->rollback(c.handle);
        outcome = check_fail(run, "begin() after a lost lock returned SLUICE_OK; expected "
                             "SLUICE_ERROR_LOCKED until lock() succeeds again");
        goto done;
    }
    TRY(open_conn(&other, target, run));
    TRY(expect_lock_taken(&other, "another instance after the writer lost the lock", 0, run));
    TRY(expect_locked(&c, "the writer that lost the lock, while another holds it", run));
    sink_conn_close(&other);
    TRY(expect_lock_taken(&c, "the writer that lost the lock, after the other closed", 1,
                          run));
    TRY(write_ok(&c, base, base, &latest, run));
done:
    sink_conn_close(&other);
    sink_conn_close(&c);
    return outcome;
}

/* ---- G3: instances writing disjoint ranges at once ------------------------- */

typedef struct backfill_worker {
    const sink_target *target;
    uint32_t from, to;
    check_run run;
    check_outcome outcome;
} backfill_worker;

/* One backfill batch as the core runs it: its own instance in backfill
 * mode, several transactions, then update-min of the oldest cursor. */
static void *run_backfill_worker(void *context)
{
    backfill_worker *w = context;
    sink_conn c;
    check_outcome outcome = open_conn(&c, w->target, &w->run);
    if (outcome != CHECK_PASS) {
        w->outcome = outcome;
        return NULL;
    }
    if (c.ops->set_mode) {
        sluice_status status = c.ops->set_mode(c.handle, SLUICE_MODE_BACKFILL);
        if (status != SLUICE_OK) {
            outcome = check_fail(&w->run, "set_mode(SLUICE_MODE_BACKFILL) returned %s: %s",
                                 status_text(status), sink_conn_error(&c, status));
            goto done;
        }
    }
    for (uint32_t from = w->from; from <= w->to; from += 10)
        TRY(write_ok(&c, from, from + 9 < w->to ? from + 9 : w->to, NULL, &w->run));
    sluice_status status = sink_update_min(&c, w->from);
    if (status != SLUICE_OK)
        outcome = check_fail(&w->run, "cursor_update_min(%s, %u) returned %s: %s",
                             SLUICE_CURSOR_OLDEST, w->from, status_text(status), c.error);
done:
    sink_conn_close(&c);
    w->outcome = outcome;
    return NULL;
}

static check_outcome check_concurrent_instances(const sink_target *target, uint32_t base,
                                                check_run *run)
{
    sink_conn c;
    check_outcome outcome = open_conn(&c, target, run);
    if (outcome != CHECK_PASS)
        return outcome;
    uint32_t oldest;
    int present;
    TRY(sink_get_cursor(&c, SLUICE_CURSOR_OLDEST, &oldest, &present, run));
    backfill_worker workers[2] = {
        {target, base, base + 99, {""}, CHECK_PASS},
        {target, base + 100, base + 199, {""}, CHECK_PASS},
    };
    pthread_t threads[2];
    int started[2];
    for (int i = 0; i < 2; i++)
        started[i] = pthread_create(&threads[i], NULL, run_backfill_worker, &workers[i]) == 0;
    for (int i = 0; i < 2; i++) {
        if (!started[i])
            run_backfill_worker(&workers[i]);
        else
            pthread_join(threads[i], NULL);
    }
    for (int i = 0; i < 2; i++)
        if (workers[i].outcome != CHECK_PASS) {
            outcome = check_fail(run, "backfill instance writing %u..%u: %.3000s",
                                 workers[i].from, workers[i].to, workers[i].run.why);
            goto done;
        }
    char text[32];
    TRY(sink_expect_gaps(&c, base, base + 199, "", run));
    TRY(sink_expect_chain(&c, base, base + 199, range(base, base + 199, text), run));
    TRY(sink_expect_cursor(&c, SLUICE_CURSOR_OLDEST, 1, present && oldest < base ? oldest : base,
                           run));
done:
    sink_conn_close(&c);
    return outcome;
}

/* ---- G5: exact gaps, at the edges of what is stored ------------------------ */

static int stop_at_first(void *context, const sluice_gap *gap)
{
    (void)gap;
    ++*(unsigned *)context;
    return 1;
}

static check_outcome check_gaps_edges(const sink_target *target, uint32_t b, check_run *run)
{
    sink_conn c;
    check_outcome outcome = open_conn(&c, target, run);
    if (outcome != CHECK_PASS)
        return outcome;
    /* out of order, in separate transactions, as backfill batches would;
     * every third ledger of the factory is empty and stored all the same */
    TRY(write_ok(&c, b + 15, b + 20, NULL, run));
    TRY(write_ok(&c, b + 5, b + 9, NULL, run));
    TRY(write_ok(&c, b + 12, b + 12, NULL, run));
    char expected[256], tail[32];
    snprintf(expected, sizeof expected, "%u-%u %u-%u %u-%u %u-%u", b, b + 4, b + 10, b + 11,
             b + 13, b + 14, b + 21, b + 25);
    TRY(sink_expect_gaps(&c, b, b + 25, expected, run));
    TRY(sink_expect_gaps(&c, b + 5, b + 9, "", run));
    TRY(sink_expect_gaps(&c, b + 10, b + 10, range(b + 10, b + 10, tail), run));
    TRY(sink_expect_gaps(&c, b + 12, b + 12, "", run));
    snprintf(expected, sizeof expected, "%u-%u %u-%u", b + 10, b + 11, b + 13, b + 13);
    TRY(sink_expect_gaps(&c, b + 9, b + 13, expected, run));
    TRY(sink_expect_gaps(&c, b + 21, UINT32_MAX, range(b + 21, UINT32_MAX, tail), run));
    TRY(sink_expect_gaps(&c, UINT32_MAX, UINT32_MAX, range(UINT32_MAX, UINT32_MAX, tail), run));
    unsigned reported = 0;
    sluice_status status = c.ops->gaps(c.handle, b, b + 25, stop_at_first, &reported);
    if (status != SLUICE_OK || reported != 1) {
        outcome = check_fail(run, "gaps(%u, %u) with a callback returning non-zero at once "
                             "returned %s after %u calls; expected SLUICE_OK after 1", b, b + 25,
                             status_text(status), reported);
        goto done;
    }
    /* filling a hole joins the stored runs */
    TRY(write_ok(&c, b + 10, b + 11, NULL, run));
    snprintf(expected, sizeof expected, "%u-%u %u-%u %u-%u", b, b + 4, b + 13, b + 14, b + 21,
             b + 25);
    TRY(sink_expect_gaps(&c, b, b + 25, expected, run));
done:
    sink_conn_close(&c);
    return outcome;
}

/* ---- the run ------------------------------------------------------------------ */

const sink_check sink_checks[] = {
    {"-", "empty store", check_empty_store},
    {"G7", "cursor_advance (guarded, forward only)", check_cursor_advance},
    {"G3", "cursor_update_min (sets when unset, never forward)", check_update_min},
    {"G1", "rollback (nothing of the transaction stays)", check_rollback},
    {"G6", "stored ledgers skipped (one copy)", check_rewrite_skipped},
    {"G8", "ledger_chain (hashes read back, ascending)", check_ledger_chain},
    {"G2", "lock (one writer; the next after it closes)", check_lock_exclusion},
    {"G2", "lost lock and re-lock", check_lost_lock},
    {"G3", "concurrent instances (disjoint backfill ranges)", check_concurrent_instances},
    {"G1", "SIGKILL and restart equal to a clean run", sink_check_crash_restart},
    {"G5", "gaps (exact, at the edges)", check_gaps_edges},
};
const size_t sink_check_count = sizeof sink_checks / sizeof *sink_checks;

unsigned sink_checks_run(const sink_target *target, check_tally *tally)
{
    unsigned failed_before = tally->failed;
    for (size_t i = 0; i < sink_check_count; i++) {
        check_run run;
        run.why[0] = '\0';
        check_outcome outcome = sink_checks[i].run(
            target, SINK_CHECK_BASE + (uint32_t)i * SINK_CHECK_REGION, &run);
        check_report(tally, sink_checks[i].guarantee, sink_checks[i].name, outcome, &run);
        if (i == 0 && outcome != CHECK_PASS)
            break;
    }
    return tally->failed - failed_before;
}
