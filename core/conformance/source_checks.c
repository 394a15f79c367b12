/* source_checks.c — one function per source guarantee (see
 * source_checks.h). */
#include "config.h"

#include "conformance/source_checks.h"
#include "host/frame_info.h"
#include "host/instance.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CANCEL_AFTER_MS 300u
#define CANCEL_LIMIT_MS 10000u

typedef struct source_conn {
    plugin_instance instance;
    const sluice_source_ops *ops;
    void *handle;
    char error[3200];
} source_conn;

static const char *source_error(source_conn *c, sluice_status status)
{
    error_report err;
    instance_take_error(&c->instance, status, &err, "source");
    snprintf(c->error, sizeof c->error, "%s%s%s%s", err.message, err.detail[0] ? " (" : "",
             err.detail, err.detail[0] ? ")" : "");
    return c->error;
}

static check_outcome open_source(source_conn *c, const source_target *target, check_run *run)
{
    memset(c, 0, sizeof *c);
    c->ops = target->section->plugin.descriptor->source;
    error_report err;
    sluice_status status = instance_open(&c->instance, target->section,
                                         target->network_passphrase, &err);
    if (status != SLUICE_OK)
        return check_fail(run, "open() failed: %s (%s)", err.message, err.detail);
    c->handle = c->instance.handle;
    return CHECK_PASS;
}


/* prepare(from, to), then next() until END: exactly from..to in order,
 * each frame valid and naming its own sequence; with check_chain, each
 * frame's previous hash the hash of the one before. */
static check_outcome drain(source_conn *c, uint32_t from, uint32_t to, int check_chain,
                           check_run *run)
{
    sluice_status status = c->ops->prepare(c->handle, from, to);
    if (status != SLUICE_OK)
        return check_fail(run, "prepare(%u, %u) failed: %s", from, to, source_error(c, status));
    uint8_t last_hash[32];
    for (uint64_t expected = from;; expected++) {
        sluice_frame frame;
        memset(&frame, 0, sizeof frame);
        status = c->ops->next(c->handle, &frame);
        if (status == SLUICE_END) {
            if (expected <= to)
                return check_fail(run, "range %u..%u: SLUICE_END after ledger %llu; expected "
                                  "ledgers up to %u first", from, to,
                                  (unsigned long long)expected - 1, to);
            return CHECK_PASS;
        }
        if (status != SLUICE_OK)
            return check_fail(run, "range %u..%u: next() for ledger %llu failed: %s", from, to,
                              (unsigned long long)expected, source_error(c, status));
        if (expected > to)
            return check_fail(run, "range %u..%u: next() delivered ledger %u after the last; "
                              "expected SLUICE_END", from, to, frame.sequence);
        if (frame.sequence != expected)
            return check_fail(run, "range %u..%u: next() delivered ledger %u; expected %llu", from,
                              to, frame.sequence, (unsigned long long)expected);
        sluice_frame_info info = {.struct_size = sizeof info};
        char why[512];
        if (!frame.data || frame_walk(frame.data, frame.len, 0, NULL, &info, why, sizeof why) != 0)
            return check_fail(run, "ledger %u: the frame is not one valid LedgerCloseMeta: %s",
                              frame.sequence, frame.data ? why : "data is NULL");
        if (info.sequence != frame.sequence)
            return check_fail(run, "ledger %u: the frame's header says ledger %u", frame.sequence,
                              info.sequence);
        if (check_chain && expected > from && memcmp(info.previous_hash, last_hash, 32) != 0)
            return check_fail(run, "ledger %u: previous_hash is not the hash of ledger %u",
                              frame.sequence, frame.sequence - 1);
        memcpy(last_hash, info.hash, 32);
    }
}

/* The range to read: the target's, or the ten newest ledgers. */
static check_outcome pick_range(source_conn *c, const source_target *target, uint32_t *from,
                                uint32_t *to, check_run *run)
{
    if (target->from) {
        *from = target->from;
        *to = target->to;
        return CHECK_PASS;
    }
    if (!c->ops->latest_available)
        return check_fail(run, "the source has no latest_available callback; give the ledgers "
                          "to read with --ledgers FROM:TO");
    uint32_t tip;
    sluice_status status = c->ops->latest_available(c->handle, &tip);
    if (status != SLUICE_OK)
        return check_fail(run, "latest_available() failed: %s", source_error(c, status));
    if (tip < 2)
        return check_fail(run, "latest_available() reported %u; no ledger to read", tip);
    *to = tip;
    *from = tip >= 11 ? tip - 9 : 2;
    return CHECK_PASS;
}

/* Open an instance and pick the range to read. */
static check_outcome open_with_range(source_conn *c, const source_target *target, uint32_t *from,
                                     uint32_t *to, check_run *run)
{
    check_outcome outcome = open_source(c, target, run);
    if (outcome == CHECK_PASS)
        outcome = pick_range(c, target, from, to, run);
    return outcome;
}

static check_outcome check_bounded_ranges(const source_target *target, check_run *run)
{
    source_conn c;
    uint32_t from, to;
    check_outcome outcome = open_with_range(&c, target, &from, &to, run);
    if (outcome == CHECK_PASS)
        outcome = drain(&c, from, to, 0, run);
    /* a second range on the same instance, and a one-ledger range */
    if (outcome == CHECK_PASS && to > from)
        outcome = drain(&c, from + 1, to, 0, run);
    if (outcome == CHECK_PASS)
        outcome = drain(&c, to, to, 0, run);
    instance_close(&c.instance);
    return outcome;
}

static check_outcome check_hash_chain(const source_target *target, check_run *run)
{
    source_conn c;
    uint32_t from, to;
    check_outcome outcome = open_with_range(&c, target, &from, &to, run);
    if (outcome == CHECK_PASS)
        outcome = drain(&c, from, to, 1, run);
    instance_close(&c.instance);
    return outcome;
}

/* ---- cancellation, in a child process (a blocked next() cannot be
 * interrupted otherwise) ------------------------------------------------------ */

static void *request_stop_later(void *context)
{
    struct timespec pause = {0, CANCEL_AFTER_MS * 1000000L};
    nanosleep(&pause, NULL);
    instance_request_stop(context);
    return NULL;
}

enum cancel_exit {
    CANCEL_RETURNED = 0,       /* SLUICE_ERROR_CANCELLED */
    CANCEL_DELIVERING = 10,    /* still delivering frames: it never waited */
    CANCEL_ENDED = 11,         /* SLUICE_END on an unbounded range */
    CANCEL_FAILED = 12,        /* another error (printed) */
    CANCEL_SETUP = 13,
};

static void cancel_child(const source_target *target, uint32_t from)
{
    check_run run;
    source_conn c;
    if (open_source(&c, target, &run) != CHECK_PASS) {
        fprintf(stderr, "sluice check-plugin: %s\n", run.why);
        _exit(CANCEL_SETUP);
    }
    sluice_status status = c.ops->prepare(c.handle, from, 0);
    if (status != SLUICE_OK) {
        fprintf(stderr, "sluice check-plugin: prepare(%u, 0): %s\n", from, source_error(&c, status));
        _exit(CANCEL_SETUP);
    }
    pthread_t stopper;
    if (pthread_create(&stopper, NULL, request_stop_later, &c.instance) != 0)
        _exit(CANCEL_SETUP);
    time_t started = time(NULL);
    int code;
    for (;;) {
        sluice_frame frame;
        status = c.ops->next(c.handle, &frame);
        if (status == SLUICE_OK && time(NULL) - started <= 3)
            continue;
        if (status == SLUICE_ERROR_CANCELLED)
            code = CANCEL_RETURNED;
        else if (status == SLUICE_END)
            code = CANCEL_ENDED;
        else if (status == SLUICE_OK)
            code = CANCEL_DELIVERING;
        else {
            fprintf(stderr, "sluice check-plugin: next(): %s\n", source_error(&c, status));
            code = CANCEL_FAILED;
        }
        break;
    }
    pthread_join(stopper, NULL);
    instance_close(&c.instance);
    _exit(code);
}

static check_outcome check_cancellation(const source_target *target, check_run *run)
{
    source_conn c;
    uint32_t from, to;
    check_outcome outcome = open_with_range(&c, target, &from, &to, run);
    instance_close(&c.instance);
    if (outcome != CHECK_PASS)
        return outcome;
    if (to == UINT32_MAX)
        return check_skip(run, "no ledger after %u to wait for", to);
    fflush(NULL);
    pid_t child = fork();
    if (child < 0)
        return check_fail(run, "cannot fork");
    if (child == 0)
        cancel_child(target, to + 1);
    int status = 0;
    unsigned waited = 0;
    while (waitpid(child, &status, WNOHANG) != child) {
        if (waited >= CANCEL_LIMIT_MS) {
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
            return check_fail(run, "next() on the unbounded range from %u still had not returned "
                              "%u ms after host->cancelled() became true; expected "
                              "SLUICE_ERROR_CANCELLED within 100 ms of it", to + 1,
                              CANCEL_LIMIT_MS - CANCEL_AFTER_MS);
        }
        struct timespec pause = {0, 20 * 1000000L};
        nanosleep(&pause, NULL);
        waited += 20;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    switch (code) {
    case CANCEL_RETURNED:
        return CHECK_PASS;
    case CANCEL_DELIVERING:
        return check_skip(run, "the source kept delivering ledgers after %u, so it never waited",
                          to);
    case CANCEL_ENDED:
        return check_skip(run, "the source ended the unbounded range from %u with SLUICE_END "
                          "(a finite history: no ledger can follow), so it never waited",
                          to + 1);
    case CANCEL_FAILED:
        return check_fail(run, "next() on the unbounded range from %u failed instead of returning "
                          "SLUICE_ERROR_CANCELLED (its error is on standard error)", to + 1);
    default:
        return check_fail(run, "the process waiting on the unbounded range from %u ended with "
                          "status %d (its error is on standard error)", to + 1, status);
    }
}

unsigned source_checks_run(const source_target *target, check_tally *tally)
{
    static const struct {
        const char *guarantee, *name;
        check_outcome (*run)(const source_target *, check_run *);
    } checks[] = {
        {"-", "bounded ranges (exact, in order, then SLUICE_END; valid frames)",
         check_bounded_ranges},
        {"G8", "hash chain (previous_hash is the hash before)", check_hash_chain},
        {"-", "cancellation (a waiting next() returns SLUICE_ERROR_CANCELLED)",
         check_cancellation},
    };
    unsigned failed_before = tally->failed;
    for (size_t i = 0; i < sizeof checks / sizeof *checks; i++) {
        check_run run;
        run.why[0] = '\0';
        check_outcome outcome = checks[i].run(target, &run);
        check_report(tally, checks[i].guarantee, checks[i].name, outcome, &run);
    }
    return tally->failed - failed_before;
}
