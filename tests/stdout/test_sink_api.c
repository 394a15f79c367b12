/* test_sink_api.c — the stdout sink through the sink API, on the real
 * plugin loaded by the real loader: first the conformance checks every
 * sink must pass (core/conformance, as `sluice check-plugin` runs them:
 * guarded advance, UpdateMin, rollback, G6 skips, the hash chain, the
 * writer lock and its loss, concurrent instances, SIGKILL and restart,
 * exact gaps), then what is the stdout sink's own: its messages, its
 * state file's content, crash leftovers cut back, the transaction lock
 * serialising writers, and a hostile state file refused with a message
 * naming file, line and reason. */
#include "config.h"

#include "conformance/sink_checks.h"
#include "sink_harness.h"
#include "testlib.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char output_path[4096], state_path[4200], sink_lines[8500];

/* Fresh output file name per test; sink_lines configures it. */
static void use_output(const char *name)
{
    snprintf(output_path, sizeof output_path, "%s/%s.ndjson", harness_dir(), name);
    snprintf(state_path, sizeof state_path, "%s.state", output_path);
    snprintf(sink_lines, sizeof sink_lines, "output = %s", output_path);
}

static void open_sink(sink_under_test *sink)
{
    sluice_status status = harness_open(sink, "sink", sink_lines);
    CHECK_MSG(status == SLUICE_OK, "open: %s", sink->open_error.message);
    if (status != SLUICE_OK)
        exit(test_finish());
}

/* One transaction writing ledgers first..last and advancing latest from
 * *latest (0 = unset).  Returns the commit status. */
static sluice_status write_range(sink_under_test *sink, uint32_t first, uint32_t last,
                                 uint32_t *latest)
{
    sluice_status status = sink->ops->begin(sink->handle);
    for (uint64_t s = first; status == SLUICE_OK && s <= last; s++) {
        sluice_ledger ledger = harness_ledger((uint32_t)s);
        status = sink->ops->write_ledger(sink->handle, &ledger);
    }
    if (status == SLUICE_OK && latest)
        status = sink->ops->cursor_advance(sink->handle, SLUICE_CURSOR_LATEST, *latest != 0,
                                           *latest, last);
    if (status == SLUICE_OK)
        status = sink->ops->commit(sink->handle);
    if (status != SLUICE_OK)
        sink->ops->rollback(sink->handle);
    else if (latest)
        *latest = last;
    return status;
}

static uint32_t cursor(sink_under_test *sink, const char *name, int *present)
{
    uint32_t value = 0;
    CHECK(sink->ops->cursor_get(sink->handle, name, &value, present) == SLUICE_OK);
    return value;
}

/* Every check of `sluice check-plugin`, the lock lost by removing the
 * lock file. */
static void test_conformance(void)
{
    use_output("conformance");
    sink_under_test sink;
    open_sink(&sink);
    char lose_lock[4400];
    snprintf(lose_lock, sizeof lose_lock, "rm '%s.lock'", state_path);
    sink_target target = {&sink.setup.sink, "test network", lose_lock};
    check_tally tally = {stderr, 0, 0, 0};
    CHECK(sink_checks_run(&target, &tally) == 0);
    CHECK_MSG(tally.passed == sink_check_count, "%u of %zu checks passed", tally.passed,
              sink_check_count);
    harness_close(&sink);
}

static void test_guarded_advance(void)
{
    use_output("advance");
    sink_under_test sink;
    open_sink(&sink);
    int present = 1;
    cursor(&sink, SLUICE_CURSOR_LATEST, &present);
    CHECK(present == 0);
    uint32_t latest = 0;
    CHECK(write_range(&sink, 10, 10, &latest) == SLUICE_OK);
    CHECK(cursor(&sink, SLUICE_CURSOR_LATEST, &present) == 10 && present);

    /* from the wrong value: refused, nothing of the transaction kept */
    struct stat before, after;
    CHECK(stat(output_path, &before) == 0);
    CHECK(sink.ops->begin(sink.handle) == SLUICE_OK);
    sluice_ledger ledger = harness_ledger(11);
    CHECK(sink.ops->write_ledger(sink.handle, &ledger) == SLUICE_OK);
    sluice_status status = sink.ops->cursor_advance(sink.handle, SLUICE_CURSOR_LATEST, 1, 9, 11);
    CHECK(status == SLUICE_ERROR);
    const char *why = harness_error(&sink, status);
    CHECK_STR_CONTAINS(why, "cursor moved by another writer");
    CHECK_STR_CONTAINS(why, "latest_ingest_ledger is 10 in the state file; the writer expected 9");
    /* expecting "unset" when it is set is the same fault */
    status = sink.ops->cursor_advance(sink.handle, SLUICE_CURSOR_LATEST, 0, 0, 11);
    CHECK(status == SLUICE_ERROR);
    CHECK_STR_CONTAINS(harness_error(&sink, status), "the writer expected unset");
    /* backward is refused even from the right value */
    status = sink.ops->cursor_advance(sink.handle, SLUICE_CURSOR_LATEST, 1, 10, 10);
    CHECK(status == SLUICE_ERROR);
    CHECK_STR_CONTAINS(harness_error(&sink, status), "must move the cursor forward");
    sink.ops->rollback(sink.handle);
    CHECK(stat(output_path, &after) == 0 && after.st_size == before.st_size);
    CHECK(cursor(&sink, SLUICE_CURSOR_LATEST, &present) == 10);

    /* unknown cursor names are refused */
    uint32_t value;
    status = sink.ops->cursor_get(sink.handle, "no_such_cursor", &value, &present);
    CHECK(status == SLUICE_ERROR);
    CHECK_STR_CONTAINS(harness_error(&sink, status), "unknown cursor name");
    harness_close(&sink);

    /* a new instance reads the cursor from the state file */
    open_sink(&sink);
    CHECK(cursor(&sink, SLUICE_CURSOR_LATEST, &present) == 10 && present);
    CHECK(write_range(&sink, 11, 11, &latest) == SLUICE_OK);
    CHECK(cursor(&sink, SLUICE_CURSOR_LATEST, &present) == 11);
    harness_close(&sink);
    CHECK(harness_count_lines(output_path, "{\"type\":\"ledger\"") == 2);
}

/* The lock's refusal names the output; a holder whose lock file was
 * removed is stopped at begin.  (Exclusion, loss at commit and re-lock:
 * test_conformance.) */
static void test_writer_lock_messages(void)
{
    use_output("lock");
    sink_under_test first, second;
    open_sink(&first);
    CHECK(first.ops->lock(first.handle) == SLUICE_OK);
    open_sink(&second);
    sluice_status status = second.ops->lock(second.handle);
    CHECK(status == SLUICE_ERROR_LOCKED);
    const char *why = harness_error(&second, status);
    CHECK_STR_CONTAINS(why, "another sluice instance is already writing this output");
    CHECK_STR_CONTAINS(why, output_path);
    harness_close(&second);
    char lock_path[4300];
    snprintf(lock_path, sizeof lock_path, "%s.lock", state_path);
    CHECK(unlink(lock_path) == 0);
    status = first.ops->begin(first.handle);
    CHECK(status == SLUICE_ERROR_LOCKED);
    CHECK_STR_CONTAINS(harness_error(&first, status), "writer lock was lost");
    harness_close(&first);
}

typedef struct gap_list {
    char text[512];
    int stop_after;
    int seen;
} gap_list;

static int collect_gap(void *context, const sluice_gap *gap)
{
    gap_list *list = context;
    size_t used = strlen(list->text);
    snprintf(list->text + used, sizeof list->text - used, "%u-%u ", gap->from, gap->to);
    return ++list->seen == list->stop_after;
}

static const char *gaps(sink_under_test *sink, uint32_t from, uint32_t to, int stop_after)
{
    static gap_list list;
    memset(&list, 0, sizeof list);
    list.stop_after = stop_after;
    CHECK(sink->ops->gaps(sink->handle, from, to, collect_gap, &list) == SLUICE_OK);
    return list.text;
}

/* The stored set is kept in the state file in canonical form (up to the
 * last ledger sequence), and another instance reads its gaps from there.
 * (Exact gaps: test_conformance.) */
static void test_stored_ranges_in_state_file(void)
{
    use_output("gaps");
    sink_under_test sink;
    open_sink(&sink);
    CHECK(write_range(&sink, 15, 20, NULL) == SLUICE_OK);
    CHECK(write_range(&sink, 5, 9, NULL) == SLUICE_OK);
    CHECK(write_range(&sink, 12, 12, NULL) == SLUICE_OK);
    CHECK(write_range(&sink, 4294967294u, 4294967295u, NULL) == SLUICE_OK);
    CHECK(write_range(&sink, 10, 11, NULL) == SLUICE_OK);
    harness_close(&sink);
    char *state = harness_read_file(state_path, NULL);
    CHECK_STR_CONTAINS(state, "stored 5-12\nstored 15-20\nstored 4294967294-4294967295\nend\n");
    free(state);
    open_sink(&sink);
    CHECK(strcmp(gaps(&sink, 1, 25, 0), "1-4 13-14 21-25 ") == 0);
    CHECK(strcmp(gaps(&sink, 4294967290u, 4294967295u, 0), "4294967290-4294967293 ") == 0);
    harness_close(&sink);
}

static void test_rewrite_keeps_one_copy(void)
{
    use_output("rewrite");
    sink_under_test sink;
    open_sink(&sink);
    CHECK(write_range(&sink, 100, 104, NULL) == SLUICE_OK);
    char *before = harness_read_file(output_path, NULL);
    CHECK(write_range(&sink, 100, 104, NULL) == SLUICE_OK);
    char *again = harness_read_file(output_path, NULL);
    CHECK(before && again && strcmp(before, again) == 0);
    /* an overlapping range adds only the new ledgers; a repeat inside one
     * transaction is skipped too */
    CHECK(sink.ops->begin(sink.handle) == SLUICE_OK);
    for (uint32_t s = 102; s <= 106; s++) {
        sluice_ledger ledger = harness_ledger(s);
        CHECK(sink.ops->write_ledger(sink.handle, &ledger) == SLUICE_OK);
        CHECK(sink.ops->write_ledger(sink.handle, &ledger) == SLUICE_OK);
    }
    CHECK(sink.ops->commit(sink.handle) == SLUICE_OK);
    harness_close(&sink);
    for (uint32_t s = 100; s <= 106; s++) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "{\"type\":\"ledger\",\"sequence\":%u,", s);
        CHECK_MSG(harness_count_lines(output_path, prefix) == 1, "ledger %u", s);
    }
    CHECK(harness_count_lines(output_path, "{") == 7);
    free(before);
    free(again);
}

static void append_text(const char *path, const char *text)
{
    FILE *file = fopen(path, "a");
    CHECK(file != NULL);
    if (file) {
        fputs(text, file);
        fclose(file);
    }
}

static void test_rollback_and_leftovers_cut_back(void)
{
    use_output("rollback");
    sink_under_test sink;
    open_sink(&sink);
    uint32_t latest = 0;
    CHECK(write_range(&sink, 2, 4, &latest) == SLUICE_OK);
    char *committed = harness_read_file(output_path, NULL);

    /* rows past the flush threshold reach the file before commit; a
     * rollback removes them */
    CHECK(sink.ops->begin(sink.handle) == SLUICE_OK);
    for (uint32_t s = 5; s < 5005; s++) {
        sluice_ledger ledger = harness_ledger(s);
        CHECK(sink.ops->write_ledger(sink.handle, &ledger) == SLUICE_OK);
    }
    struct stat st;
    CHECK(stat(output_path, &st) == 0 && (size_t)st.st_size > strlen(committed));
    sink.ops->rollback(sink.handle);
    char *after = harness_read_file(output_path, NULL);
    CHECK(after && strcmp(after, committed) == 0);
    CHECK(strcmp(gaps(&sink, 2, 10, 0), "5-10 ") == 0);
    free(after);
    harness_close(&sink);

    /* what a killed writer left past the committed offset is cut off by the
     * next transaction, and the next ledger follows the committed ones */
    append_text(output_path, "{\"type\":\"ledger\",\"sequence\":5,\"half a line");
    open_sink(&sink);
    CHECK(write_range(&sink, 5, 5, &latest) == SLUICE_OK);
    harness_close(&sink);
    char *recovered = harness_read_file(output_path, NULL);
    CHECK(recovered && strncmp(recovered, committed, strlen(committed)) == 0);
    CHECK(recovered && strstr(recovered, "half a line") == NULL);
    CHECK(harness_count_lines(output_path, "{\"type\":\"ledger\"") == 4);
    free(recovered);
    free(committed);
}

/* Instance A holds a transaction open; a second process's begin waits for
 * it, then sees A's commit (its copy of the same ledger is skipped). */
static void test_transaction_lock_serialises_writers(void)
{
    use_output("serial");
    sink_under_test first;
    open_sink(&first);
    CHECK(first.ops->begin(first.handle) == SLUICE_OK);
    sluice_ledger ledger = harness_ledger(50);
    CHECK(first.ops->write_ledger(first.handle, &ledger) == SLUICE_OK);
    fflush(NULL);
    pid_t child = fork();
    if (child == 0) {
        sink_under_test second;
        if (harness_open(&second, "second", sink_lines) != SLUICE_OK)
            _exit(10);
        int failed = write_range(&second, 50, 51, NULL) != SLUICE_OK;
        harness_close(&second);
        _exit(failed ? 11 : 0);
    }
    const struct timespec pause = {0, 300 * 1000 * 1000};
    nanosleep(&pause, NULL);
    int status;
    CHECK_MSG(waitpid(child, &status, WNOHANG) == 0, "the second writer did not wait");
    CHECK(first.ops->commit(first.handle) == SLUICE_OK);
    CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    harness_close(&first);
    CHECK(harness_count_lines(output_path, "{\"type\":\"ledger\",\"sequence\":50,") == 1);
    CHECK(harness_count_lines(output_path, "{\"type\":\"ledger\",\"sequence\":51,") == 1);
    CHECK(harness_count_lines(output_path, "{") == 2);
}

static void write_file(const char *path, const char *text)
{
    FILE *file = fopen(path, "w");
    CHECK(file != NULL);
    if (file) {
        fputs(text, file);
        fclose(file);
    }
}

/* Opening with this state file fails with a message containing expected. */
static void expect_state_refused(const char *state, const char *expected)
{
    write_file(state_path, state);
    sink_under_test sink;
    sluice_status status = harness_open(&sink, "hostile", sink_lines);
    CHECK_MSG(status == SLUICE_ERROR_DATA, "state accepted: %s", state);
    CHECK_STR_CONTAINS(sink.open_error.message, "cannot read the stdout sink's state file");
    CHECK_STR_CONTAINS(sink.open_error.detail, state_path);
    CHECK_STR_CONTAINS(sink.open_error.detail, expected);
    harness_close(&sink);
}

static void test_hostile_state_file(void)
{
    use_output("hostile");
    write_file(output_path, "");
    expect_state_refused("", "no output_offset line");
    expect_state_refused("garbage\n", ":1: not a sluice stdout state file");
    expect_state_refused("sluice-stdout-state 1\noutput_offset 0\n", "no 'end' line");
    expect_state_refused("sluice-stdout-state 1\noutput_offset 0\nend", ":3: last line is not "
                         "terminated");
    expect_state_refused("sluice-stdout-state 1\noutput_offset -1\nend\n",
                         ":2: output_offset must be a byte count");
    expect_state_refused("sluice-stdout-state 1\noutput_offset 99999999999999999999\nend\n",
                         ":2: output_offset must be a byte count");
    expect_state_refused("sluice-stdout-state 1\noutput_offset 0\ncursor latest_ingest_ledger "
                         "4294967296\nend\n", ":3: a cursor value is a ledger sequence");
    expect_state_refused("sluice-stdout-state 1\noutput_offset 0\ncursor bogus 5\nend\n",
                         ":3: unknown cursor name");
    expect_state_refused("sluice-stdout-state 1\noutput_offset 0\nstored 9-5\nend\n",
                         ":3: stored ranges must be ascending");
    expect_state_refused("sluice-stdout-state 1\noutput_offset 0\nstored 5-9\nstored 8-12\nend\n",
                         ":4: stored ranges must be ascending, disjoint and not adjacent");
    expect_state_refused("sluice-stdout-state 1\noutput_offset 0\nstored 5-9\nstored 10-12\n"
                         "end\n", ":4: stored ranges must be ascending, disjoint and not adjacent");
    expect_state_refused("sluice-stdout-state 1\noutput_offset 0\nend\nstored 1-2\n",
                         ":4: text after 'end'");
    expect_state_refused("sluice-stdout-state 1\noutput_offset 0\noutput_offset 0\nend\n",
                         ":3: output_offset given twice");

    /* a state file whose offset is past the output's end: refused */
    write_file(state_path, "sluice-stdout-state 1\noutput_offset 10\nend\n");
    sink_under_test sink;
    CHECK(harness_open(&sink, "short", sink_lines) == SLUICE_ERROR_DATA);
    CHECK_STR_CONTAINS(sink.open_error.message, "shorter than its committed length");
    harness_close(&sink);

    /* a non-empty output without a state file is not ours: never cut back */
    CHECK(unlink(state_path) == 0);
    write_file(output_path, "someone's data\n");
    CHECK(harness_open(&sink, "foreign", sink_lines) == SLUICE_ERROR_DATA);
    CHECK_STR_CONTAINS(sink.open_error.message, "refusing to overwrite it");
    harness_close(&sink);
    char *kept = harness_read_file(output_path, NULL);
    CHECK(kept && strcmp(kept, "someone's data\n") == 0);
    free(kept);
}

static int count_link(void *context, const sluice_chain_link *link)
{
    (void)link;
    ++*(int *)context;
    return 0;
}

/* state_file set explicitly with output '-': cursors and gaps persist;
 * rows reach standard output only at commit. */
static void test_stream_with_state_file(void)
{
    use_output("stream");
    snprintf(sink_lines, sizeof sink_lines, "output = -\nstate_file = %s", state_path);
    fflush(stdout);
    char captured[4200];
    snprintf(captured, sizeof captured, "%s/stdout.txt", harness_dir());
    int saved_stdout = dup(STDOUT_FILENO);
    CHECK(freopen(captured, "w", stdout) != NULL);
    sink_under_test sink;
    open_sink(&sink);
    uint32_t latest = 0;
    CHECK(write_range(&sink, 7, 8, &latest) == SLUICE_OK);
    CHECK(sink.ops->begin(sink.handle) == SLUICE_OK);
    sluice_ledger ledger = harness_ledger(9);
    CHECK(sink.ops->write_ledger(sink.handle, &ledger) == SLUICE_OK);
    sink.ops->rollback(sink.handle);
    harness_close(&sink);
    open_sink(&sink);
    int present;
    CHECK(cursor(&sink, SLUICE_CURSOR_LATEST, &present) == 8 && present);
    CHECK(strcmp(gaps(&sink, 6, 10, 0), "6-6 9-10 ") == 0);
    /* nothing to read the hash chain back from: no link, no failure */
    int links = 0;
    CHECK(sink.ops->ledger_chain(sink.handle, 1, 100, count_link, &links) == SLUICE_OK);
    CHECK(links == 0);
    harness_close(&sink);
    fflush(stdout);
    dup2(saved_stdout, STDOUT_FILENO);
    close(saved_stdout);
    CHECK(harness_count_lines(captured, "{\"type\":\"ledger\"") == 2);
    CHECK(harness_count_lines(captured, "{\"type\":\"ledger\",\"sequence\":9,") == 0);
}

typedef struct chain_list {
    sluice_chain_link links[16];
    size_t count;
} chain_list;

static int collect_link(void *context, const sluice_chain_link *link)
{
    chain_list *list = context;
    if (list->count < 16)
        list->links[list->count++] = *link;
    return 0;
}

/* ledger_chain reads sequence, hash and previous_hash back from the
 * committed output, ascending whatever the commit order; a malformed
 * ledger object is refused with its byte offset. */
static void test_ledger_chain(void)
{
    use_output("chain");
    sink_under_test sink;
    open_sink(&sink);
    static const uint32_t order[] = {8, 9, 5, 6, 7};
    for (size_t i = 0; i < 5; i++) {
        sluice_ledger ledger = harness_ledger(order[i]);
        sluice_ledger previous = harness_ledger(order[i] - 1);
        memcpy(ledger.ledger.previous_hash, previous.ledger.hash, 32);
        CHECK(sink.ops->begin(sink.handle) == SLUICE_OK);
        CHECK(sink.ops->write_ledger(sink.handle, &ledger) == SLUICE_OK);
        CHECK(sink.ops->commit(sink.handle) == SLUICE_OK);
    }
    chain_list list = {0};
    CHECK(sink.ops->ledger_chain(sink.handle, 6, 9, collect_link, &list) == SLUICE_OK);
    CHECK(list.count == 4);
    for (size_t i = 0; i < list.count; i++) {
        sluice_ledger expected = harness_ledger(6 + (uint32_t)i);
        sluice_ledger previous = harness_ledger(5 + (uint32_t)i);
        CHECK(list.links[i].sequence == 6 + i);
        CHECK(memcmp(list.links[i].hash, expected.ledger.hash, 32) == 0);
        CHECK(memcmp(list.links[i].previous_hash, previous.ledger.hash, 32) == 0);
    }
    /* an uncommitted tail is not read */
    append_text(output_path, "{\"type\":\"ledger\",\"sequence\":10,\"hash\":\"broken");
    memset(&list, 0, sizeof list);
    CHECK(sink.ops->ledger_chain(sink.handle, 1, 100, collect_link, &list) == SLUICE_OK);
    CHECK(list.count == 5);
    /* a damaged committed line is refused */
    char *text = harness_read_file(output_path, NULL);
    char *second = text ? strchr(text, '\n') + 1 : NULL;
    char *hash = second ? strstr(second, "\"hash\":\"") : NULL;
    if (hash) {
        hash[8] = 'Z';
        write_file(output_path, text);
    }
    sluice_status status = sink.ops->ledger_chain(sink.handle, 1, 100, collect_link, &list);
    CHECK(status == SLUICE_ERROR_DATA);
    char where[64];
    snprintf(where, sizeof where, "byte %zu: malformed ledger object",
             second ? (size_t)(second - text) : 0);
    const char *why = harness_error(&sink, status);
    CHECK_STR_CONTAINS(why, "cannot read the hash chain from the output");
    CHECK_STR_CONTAINS(why, where);
    free(text);
    harness_close(&sink);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    RUN_CASE(test_conformance());
    RUN_CASE(test_guarded_advance());
    RUN_CASE(test_writer_lock_messages());
    RUN_CASE(test_stored_ranges_in_state_file());
    RUN_CASE(test_rewrite_keeps_one_copy());
    RUN_CASE(test_rollback_and_leftovers_cut_back());
    RUN_CASE(test_transaction_lock_serialises_writers());
    RUN_CASE(test_hostile_state_file());
    RUN_CASE(test_stream_with_state_file());
    RUN_CASE(test_ledger_chain());
    harness_cleanup();
    return test_finish();
}
