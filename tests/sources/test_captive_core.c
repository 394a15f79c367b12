/* test_captive_core.c — the captive-core source through the real loader
 * and host table against the stand-in fake-stellar-core (real child
 * processes, real pipes): every real stream fixture round-trips
 * frame-for-frame; each failure switch of the stand-in gives its error
 * after exactly the ledgers before the fault; unbounded ranges reuse
 * on-disk state and restart after an unexpected exit up to the limit;
 * close during a stall returns within a bound and leaves no process; hostile
 * passphrases cannot add keys or sections to the generated config. */
#include "config.h"

#include "base/cancel.h"
#include "host/frame_info.h"
#include "source_harness.h"
#include "testlib.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PASSPHRASE "(V) (;,,;) (V)"

static char work[] = "/tmp/sluice-captive-XXXXXX";
static char fake_core[1024];
static int storage_serial;

/* Open a captive-core source on a fresh storage directory (or `storage`). */
static int open_core(source_harness *h, const char *passphrase, const char *storage,
                     const char *extra)
{
    char header[1024], ini[4096], fresh[1200];
    if (!storage) {
        snprintf(fresh, sizeof fresh, "%s/storage-%d", work, ++storage_serial);
        storage = fresh;
    }
    char log[1300];
    snprintf(log, sizeof log, "%s/fake-core.log", storage);
    setenv("FAKE_CORE_LOG", log, 1);   /* outside the replay directories */
    harness_ini_header(header, sizeof header, passphrase, "captive_core");
    snprintf(ini, sizeof ini,
             "%sstellar_core_path = %s\nhistory_archive_urls = http://127.0.0.1:1/a, "
             "https://history.example/b/\nstorage_path = %s\nstop_grace_ms = 300\n"
             "restart_backoff_max_ms = 50\n%s", header, fake_core, storage, extra);
    setenv("FAKE_CORE_PASSPHRASE", passphrase, 1);
    setenv("FAKE_CORE_HISTORY", "http://127.0.0.1:1/a|https://history.example/b", 1);
    sluice_status status = harness_open(h, ini);
    CHECK_MSG(status == SLUICE_OK, "open: %s", h->err.message);
    return status == SLUICE_OK;
}

static uint32_t sequence_of(const uint8_t *data, size_t len)
{
    sluice_frame_info info = {.struct_size = sizeof info};
    char why[256];
    return frame_walk(data, len, 0, NULL, &info, why, sizeof why) == 0 ? info.sequence : 0;
}

static int same_frames(const stream_frames *got, const stream_frames *want, size_t offset,
                       size_t count)
{
    if (got->count != count)
        return 0;
    for (size_t i = 0; i < count; i++)
        if (got->len[i] != want->len[offset + i] ||
            memcmp(got->data[i], want->data[offset + i], got->len[i]) != 0)
            return 0;
    return 1;
}

/* Every process the stand-in started (its log) is gone: not running,
 * not a zombie (kill(pid, 0) fails with ESRCH only once reaped). */
static int no_child_left(const char *storage)
{
    char path[1300], line[4096];
    snprintf(path, sizeof path, "%s/fake-core.log", storage);
    FILE *f = fopen(path, "r");
    if (!f)
        return 1;
    int all_gone = 1;
    while (fgets(line, sizeof line, f)) {
        const char *pid_text = strstr(line, "\"pid\": ");
        if (!pid_text)
            continue;
        pid_t pid = (pid_t)atoi(pid_text + 7);
        if (kill(pid, 0) == 0 || errno != ESRCH) {
            fprintf(stderr, "process %d of %s is still there\n", (int)pid, storage);
            all_gone = 0;
        }
        if (kill(-pid, 0) == 0) {
            fprintf(stderr, "process group %d of %s still has members\n", (int)pid, storage);
            all_gone = 0;
        }
    }
    fclose(f);
    return all_gone;
}

static void storage_of(const source_harness *h, char *out, size_t size)
{
    snprintf(out, size, "%s", config_values_string(&h->setup.source.values, "storage_path"));
}

/* Every stream fixture: bounded replay of all its ledgers, frame for frame. */
static void test_round_trip(const char *fixtures)
{
    char root[1024];
    snprintf(root, sizeof root, "%s/stellar-core/test-lcm-current", fixtures);
    DIR *suites = opendir(root);
    CHECK_MSG(suites != NULL, "%s", root);
    if (!suites)
        return;
    int files = 0;
    size_t ledgers = 0;
    struct dirent *suite;
    while ((suite = readdir(suites))) {
        if (suite->d_name[0] == '.')
            continue;
        char dir_path[1400];
        snprintf(dir_path, sizeof dir_path, "%s/%s", root, suite->d_name);
        DIR *dir = opendir(dir_path);
        struct dirent *entry;
        while (dir && (entry = readdir(dir))) {
            size_t n = strlen(entry->d_name);
            if (n < 5 || strcmp(entry->d_name + n - 4, ".xdr") != 0)
                continue;
            char path[1700];
            snprintf(path, sizeof path, "%s/%s", dir_path, entry->d_name);
            stream_frames want;
            if (stream_frames_read(path, &want) != 0 || want.count == 0) {
                CHECK_MSG(0, "%s unreadable", path);
                continue;
            }
            uint32_t first = sequence_of(want.data[0], want.len[0]);
            uint32_t last = sequence_of(want.data[want.count - 1], want.len[want.count - 1]);
            setenv("FAKE_CORE_STREAM", path, 1);
            source_harness h;
            if (open_core(&h, PASSPHRASE, NULL, "")) {
                stream_frames got = {0};
                size_t delivered;
                sluice_status status = harness_drain(&h, first, last, &got, &delivered);
                CHECK_MSG(status == SLUICE_END, "%s: %s", path, harness_message(&h));
                CHECK_MSG(same_frames(&got, &want, 0, want.count), "%s: %zu of %zu frames",
                          path, got.count, want.count);
                ledgers += got.count;
                frames_free_copies(&got);
                /* a later start: core streams from the file's start, the plugin skips */
                if (want.count > 2 && strcmp(suite->d_name, "PathPaymentTests") == 0) {
                    status = harness_drain(&h, first + 1, last, &got, &delivered);
                    CHECK_MSG(status == SLUICE_END && same_frames(&got, &want, 1, want.count - 1),
                              "%s from %u: %s", path, first + 1, harness_message(&h));
                    frames_free_copies(&got);
                }
            }
            char storage[1300];
            storage_of(&h, storage, sizeof storage);
            harness_close(&h);
            CHECK(no_child_left(storage));
            stream_frames_free(&want);
            files++;
        }
        if (dir)
            closedir(dir);
    }
    closedir(suites);
    fprintf(stderr, "round trip: %d stream fixtures, %zu ledgers\n", files, ledgers);
    CHECK(files >= 100);
}

/* The fixture with 10 ledgers (2..11) the fault tests use. */
static char long_stream[1400];
static stream_frames long_frames;

/* Bounded 2..11 with FAKE_CORE_FAULT=fault: the error, and exactly the
 * ledgers before 6 delivered. */
static void expect_fault(const char *fault, const char *extra, size_t good,
                         const char *in_message, const char *in_detail)
{
    setenv("FAKE_CORE_STREAM", long_stream, 1);
    setenv("FAKE_CORE_FAULT", fault, 1);
    source_harness h;
    if (open_core(&h, PASSPHRASE, NULL, extra)) {
        stream_frames got = {0};
        size_t delivered;
        sluice_status status = harness_drain(&h, 2, 11, &got, &delivered);
        CHECK_MSG(status < 0 && status != SLUICE_ERROR_CANCELLED, "%s: status %d", fault,
                  (int)status);
        CHECK_STR_CONTAINS(harness_message(&h), in_message);
        if (in_detail)
            CHECK_STR_CONTAINS(harness_detail(&h), in_detail);
        CHECK_MSG(same_frames(&got, &long_frames, 0, good), "%s: %zu frames, expected %zu",
                  fault, got.count, good);
        frames_free_copies(&got);
        sluice_frame frame;
        CHECK(h.ops->next(h.instance.handle, &frame) < 0);   /* stays stopped */
    }
    char storage[1300];
    storage_of(&h, storage, sizeof storage);
    harness_close(&h);
    CHECK_MSG(no_child_left(storage), "%s", fault);
    unsetenv("FAKE_CORE_FAULT");
}

static void test_faults(void)
{
    expect_fault("die-mid-record:6", "", 4, "broken metadata stream from stellar-core catchup "
                 "after ledger 5", "the stream ends inside a record");
    expect_fault("wrong-sequence:6", "", 4, "stellar-core sent ledger 7 where ledger 6 was "
                 "expected", "got ledger 7, expected 6");
    expect_fault("broken-chain:6", "", 4, "ledger 6 does not follow ledger 5 (broken hash "
                 "chain)", "previous-ledger hash");
    expect_fault("bad-header:6", "", 4, "broken metadata stream", "lacks the 0x80000000 "
                 "record mark");
    expect_fault("exit:6:3", "", 4, "stellar-core catchup ended (exit status 3) before "
                 "ledger 6 (range 2..11)", NULL);
    expect_fault("kill-self:6", "", 4, "stellar-core catchup ended (killed by signal 9", NULL);
    size_t small = 0;
    while (small < long_frames.count && long_frames.len[small] <= 1024)
        small++;
    CHECK(small < long_frames.count);
    expect_fault("none:0", "max_frame_bytes = 1024\n", small, "broken metadata stream",
                 "over the limit of 1024 (max_frame_bytes)");
}

/* Words of every invocation in the stand-in's log, space-joined, one per line. */
static void invocations(const char *storage, char *out, size_t size)
{
    char path[1300], line[4096];
    snprintf(path, sizeof path, "%s/fake-core.log", storage);
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f)) {
        const char *words = strstr(line, "\"words\": [");
        if (words)
            snprintf(out + strlen(out), size - strlen(out), "%.*s\n",
                     (int)(strcspn(words + 10, "]")), words + 10);
    }
    if (f)
        fclose(f);
}

static void test_unbounded(void)
{
    setenv("FAKE_CORE_STREAM", long_stream, 1);
    char storage[1300], calls[8192];
    snprintf(storage, sizeof storage, "%s/online", work);
    source_harness h;
    if (!open_core(&h, PASSPHRASE, storage, ""))
        return harness_close(&h);
    /* fresh storage: offline-info fails, so new-db + catchup 3/0, then run from 4 */
    CHECK(h.ops->prepare(h.instance.handle, 4, 0) == SLUICE_OK);
    sluice_frame frame;
    for (uint32_t seq = 4; seq <= 11; seq++) {
        CHECK(h.ops->next(h.instance.handle, &frame) == SLUICE_OK && frame.sequence == seq &&
              frame.len == long_frames.len[seq - 2] &&
              memcmp(frame.data, long_frames.data[seq - 2], frame.len) == 0);
    }
    /* the stand-in now stalls in run: close must end it */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    harness_close(&h);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK_MSG(seconds < 2.0, "close took %.2f s", seconds);
    CHECK(no_child_left(storage));
    invocations(storage, calls, sizeof calls);
    CHECK_MSG(strcmp(calls, "\"offline-info\"\n\"new-db\"\n\"catchup\", \"3/0\"\n"
                     "\"run\", \"--metadata-output-stream\", \"fd:3\"\n") == 0, "%s", calls);

    /* again from 11: last closed ledger 11 is in (1, 11], the state is reused */
    if (!open_core(&h, PASSPHRASE, storage, ""))
        return harness_close(&h);
    CHECK(h.ops->prepare(h.instance.handle, 11, 0) == SLUICE_OK);
    for (int waited = 0; waited < 100; waited++) {   /* until run has logged its start */
        invocations(storage, calls, sizeof calls);
        if (strstr(calls, "\"offline-info\"\n\"run\""))
            break;
        usleep(50 * 1000);
    }
    harness_close(&h);
    CHECK_MSG(strstr(calls, "\"run\", \"--metadata-output-stream\", \"fd:3\"\n\"offline-info\"\n"
                     "\"run\"") != NULL, "%s", calls);
    CHECK(no_child_left(storage));
}

static void test_restarts(void)
{
    setenv("FAKE_CORE_STREAM", long_stream, 1);
    setenv("FAKE_CORE_FAULT", "exit:6:1", 1);
    setenv("FAKE_CORE_FAULT_TIMES", "2", 1);
    source_harness h;
    if (open_core(&h, PASSPHRASE, NULL, "restart_limit = 2\n")) {
        CHECK(h.ops->prepare(h.instance.handle, 2, 0) == SLUICE_OK);
        sluice_frame frame;
        for (uint32_t seq = 2; seq <= 11; seq++)
            CHECK_MSG(h.ops->next(h.instance.handle, &frame) == SLUICE_OK &&
                      frame.sequence == seq, "ledger %u after restarts: %s", seq,
                      harness_message(&h));
    }
    char storage[1300], calls[8192];
    storage_of(&h, storage, sizeof storage);
    harness_close(&h);
    invocations(storage, calls, sizeof calls);
    const char *run = calls;
    int runs = 0;
    while ((run = strstr(run, "\"run\""))) {
        runs++;
        run++;
    }
    CHECK_MSG(runs == 3, "%d runs: %s", runs, calls);
    CHECK(no_child_left(storage));

    /* always failing: the third exit within the window is final */
    unsetenv("FAKE_CORE_FAULT_TIMES");
    if (open_core(&h, PASSPHRASE, NULL, "restart_limit = 2\n")) {
        stream_frames got = {0};
        size_t delivered;
        CHECK(harness_drain(&h, 2, 0, &got, &delivered) == SLUICE_ERROR);
        CHECK_STR_CONTAINS(harness_message(&h), "stellar-core run ended (exit status 1) and "
                           "may not be restarted again");
        CHECK_MSG(same_frames(&got, &long_frames, 0, 4), "%zu frames", got.count);
        frames_free_copies(&got);
    }
    storage_of(&h, storage, sizeof storage);
    harness_close(&h);
    CHECK(no_child_left(storage));
    unsetenv("FAKE_CORE_FAULT");
}

/* A stand-in that ignores SIGTERM while stalled: close escalates to SIGKILL. */
static void test_close_during_stall(void)
{
    setenv("FAKE_CORE_STREAM", long_stream, 1);
    setenv("FAKE_CORE_FAULT", "stall-ignore-term:6", 1);
    source_harness h;
    if (open_core(&h, PASSPHRASE, NULL, "")) {
        CHECK(h.ops->prepare(h.instance.handle, 2, 11) == SLUICE_OK);
        sluice_frame frame;
        for (uint32_t seq = 2; seq <= 5; seq++)
            CHECK(h.ops->next(h.instance.handle, &frame) == SLUICE_OK && frame.sequence == seq);
        usleep(200 * 1000);   /* the stand-in is stalled before ledger 6 */
    }
    char storage[1300];
    storage_of(&h, storage, sizeof storage);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    harness_close(&h);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK_MSG(seconds < 2.0, "close took %.2f s (stop_grace_ms = 300)", seconds);
    CHECK(no_child_left(storage));
    unsetenv("FAKE_CORE_FAULT");
}

/* Two instances replaying bounded ranges at once on one storage_path (as
 * parallel catchup or backfill workers do) each run stellar-core in a
 * directory of their own under it, removed at close. */
static void test_parallel_replays(void)
{
    setenv("FAKE_CORE_STREAM", long_stream, 1);
    char storage[1300], log[1400], line[4096];
    snprintf(storage, sizeof storage, "%s/shared", work);
    source_harness a, b;
    int opened = open_core(&a, PASSPHRASE, storage, "");
    opened = open_core(&b, PASSPHRASE, storage, "") && opened;
    if (opened) {
        CHECK(a.ops->prepare(a.instance.handle, 2, 6) == SLUICE_OK);
        CHECK(b.ops->prepare(b.instance.handle, 7, 11) == SLUICE_OK);
        sluice_frame frame;
        for (uint32_t i = 0; i < 5; i++) {   /* both children stream at once */
            CHECK(a.ops->next(a.instance.handle, &frame) == SLUICE_OK && frame.sequence == 2 + i);
            CHECK(b.ops->next(b.instance.handle, &frame) == SLUICE_OK && frame.sequence == 7 + i);
        }
        CHECK(a.ops->next(a.instance.handle, &frame) == SLUICE_END);
        CHECK(b.ops->next(b.instance.handle, &frame) == SLUICE_END);
    }
    harness_close(&a);
    harness_close(&b);
    /* the two catchups ran in two different replay-* directories of storage */
    snprintf(log, sizeof log, "%s/fake-core.log", storage);
    FILE *f = fopen(log, "r");
    char dirs[2][1400] = {"", ""};
    int catchups = 0;
    while (f && fgets(line, sizeof line, f)) {
        const char *cwd = strstr(line, "\"cwd\": \"");
        if (!cwd || !strstr(line, "\"words\": [\"catchup\"") || catchups == 2)
            continue;
        snprintf(dirs[catchups++], sizeof dirs[0], "%.*s", (int)strcspn(cwd + 8, "\""), cwd + 8);
    }
    if (f)
        fclose(f);
    CHECK_MSG(catchups == 2 && strcmp(dirs[0], dirs[1]) != 0 &&
              strncmp(dirs[0], storage, strlen(storage)) == 0 &&
              strstr(dirs[0], "/replay-") && strstr(dirs[1], "/replay-"),
              "catchups in '%s' and '%s'", dirs[0], dirs[1]);
    struct stat st;
    CHECK_MSG(stat(dirs[0], &st) != 0 && stat(dirs[1], &st) != 0, "replay directories left");
    CHECK(no_child_left(storage));

    /* one left by a process killed before its close (a pid that ended) is
     * removed at the next open; one of a live process is not */
    pid_t ended = fork();
    if (ended == 0)
        _exit(0);
    waitpid(ended, NULL, 0);
    char stale[1400], live[1400], file[1500];
    snprintf(stale, sizeof stale, "%s/replay-%ld-0", storage, (long)ended);
    snprintf(live, sizeof live, "%s/replay-%ld-0", storage, (long)getppid());
    snprintf(file, sizeof file, "%s/stellar.db", stale);
    CHECK(mkdir(stale, 0700) == 0 && mkdir(live, 0700) == 0);
    FILE *db = fopen(file, "w");
    CHECK(db && fclose(db) == 0);
    if (open_core(&a, PASSPHRASE, storage, "")) {
        CHECK_MSG(stat(stale, &st) != 0, "%s left", stale);
        CHECK_MSG(stat(live, &st) == 0, "%s removed", live);
    }
    harness_close(&a);
    rmdir(live);
}

/* Hostile values cannot add keys or sections: the stand-in parses the
 * config with a real TOML parser and refuses anything unexpected. */
static void test_no_injection(void)
{
    setenv("FAKE_CORE_STREAM", long_stream, 1);
    const char *hostile = "x\" \nINJECTED=\"1\"\n[EVIL]\nKEY=\"\\u0041'";
    setenv("SLUICE_SLUICE_NETWORK_PASSPHRASE", hostile, 1);   /* INI values have no newlines */
    source_harness h;
    int opened = open_core(&h, "placeholder", NULL, "");
    setenv("FAKE_CORE_PASSPHRASE", hostile, 1);
    if (opened) {
        stream_frames got = {0};
        size_t delivered;
        CHECK_MSG(harness_drain(&h, 2, 11, &got, &delivered) == SLUICE_END, "%s",
                  harness_message(&h));
        CHECK(same_frames(&got, &long_frames, 0, 10));
        frames_free_copies(&got);
    }
    char storage[1300];
    storage_of(&h, storage, sizeof storage);
    harness_close(&h);
    unsetenv("SLUICE_SLUICE_NETWORK_PASSPHRASE");

    /* a quote in a history URL would end the shell word in core's get command */
    char header[1024], ini[4096];
    harness_ini_header(header, sizeof header, PASSPHRASE, "captive_core");
    snprintf(ini, sizeof ini, "%sstellar_core_path = %s\nhistory_archive_urls = "
             "https://h.example/x';touch /tmp/pwned;'\nstorage_path = %s/bad-url\n", header,
             fake_core, work);
    CHECK(harness_open(&h, ini) != SLUICE_OK);
    CHECK_STR_CONTAINS(h.err.message, "history_archive_urls: invalid URL");
    CHECK_STR_CONTAINS(h.err.detail, "not allowed (byte 0x27");
    harness_close(&h);
}

/* The operator's captive_core_toml in both modes, as stellar-go merges it:
 * its top-level keys (multi-line values included) and tables reach the
 * config; offline, the replay settings stay forced and the made-up
 * one-validator quorum set is added only when the appendix has no quorum
 * set of its own.  The stand-in parses the config and checks each value. */
#define SDF1 "GCGB2S2KGYARPVIA37HYZXVRM2YZUEXA6S33ZU5BUDC6THSB62LZSTYH"
#define SDF2 "GCM6QMP3DLRPTAZW2UZPCPX2LF3SXWXKPMP3GKFZBDSF3QZGV2G5QSTK"
#define APPENDIX_TOP \
    "# the operator's settings\n" \
    "NETWORK_PASSPHRASE=\"" PASSPHRASE "\"  # as in [sluice]\n" \
    "FAILURE_SAFETY=1\n" \
    "NODE_NAMES=[\n  \"" SDF1 " sdf_1\",  # a ] in a comment\n  \"" SDF2 " sdf_2\",\n]\n" \
    "\n[[HOME_DOMAINS]]\nHOME_DOMAIN=\"stellar.org\"\nQUALITY=\"HIGH\"\n"
#define NODE_NAMES_JSON "[\"" SDF1 " sdf_1\", \"" SDF2 " sdf_2\"]"
#define HOME_DOMAINS_JSON "[{\"HOME_DOMAIN\": \"stellar.org\", \"QUALITY\": \"HIGH\"}]"

/* work/NAME.toml holding text, its path into path; whether written. */
static int write_appendix(const char *name, const char *text, char *path, size_t size)
{
    snprintf(path, size, "%s/%s.toml", work, name);
    FILE *f = fopen(path, "w");
    int written = f && fputs(text, f) >= 0;
    if (f && fclose(f) != 0)
        written = 0;
    CHECK_MSG(written, "cannot write %s", path);
    return written;
}

/* Replay 2..11 (to = 0: follow from 4 for a few ledgers) with the appendix
 * text; the stand-in checks FAKE_CORE_EXPECT.  Whether it worked. */
static int replay_with_appendix(const char *name, const char *text, const char *expect,
                                uint32_t to)
{
    char path[1200], extra[1400];
    if (!write_appendix(name, text, path, sizeof path))
        return 0;
    snprintf(extra, sizeof extra, "captive_core_toml = %s\n", path);
    setenv("FAKE_CORE_STREAM", long_stream, 1);
    setenv("FAKE_CORE_EXPECT", expect, 1);
    source_harness h;
    int ok = 0;
    if (open_core(&h, PASSPHRASE, NULL, extra)) {
        stream_frames got = {0};
        size_t delivered;
        if (to) {
            ok = harness_drain(&h, 2, to, &got, &delivered) == SLUICE_END &&
                 same_frames(&got, &long_frames, 0, to - 1);
        } else {
            sluice_frame frame;
            ok = h.ops->prepare(h.instance.handle, 4, 0) == SLUICE_OK;
            for (uint32_t seq = 4; ok && seq <= 6; seq++)
                ok = h.ops->next(h.instance.handle, &frame) == SLUICE_OK && frame.sequence == seq;
        }
        CHECK_MSG(ok, "%s: %s", name, harness_message(&h));
        frames_free_copies(&got);
    }
    harness_close(&h);
    unsetenv("FAKE_CORE_EXPECT");
    return ok;
}

/* An appendix that does not open: the error names the file and line. */
static void refuse_appendix(const char *name, const char *text, const char *in_detail)
{
    char path[1200], extra[1400];
    if (!write_appendix(name, text, path, sizeof path))
        return;
    snprintf(extra, sizeof extra, "captive_core_toml = %s\n", path);
    char header[1024], ini[4096];
    harness_ini_header(header, sizeof header, PASSPHRASE, "captive_core");
    snprintf(ini, sizeof ini, "%sstellar_core_path = %s\nhistory_archive_urls = http://h.example/"
             "\nstorage_path = %s/refused\n%s", header, fake_core, work, extra);
    source_harness h;
    CHECK_MSG(harness_open(&h, ini) != SLUICE_OK, "%s opened", name);
    CHECK_STR_CONTAINS(h.err.message, "invalid captive_core_toml");
    CHECK_STR_CONTAINS(h.err.detail, path);
    CHECK_STR_CONTAINS(h.err.detail, in_detail);
    harness_close(&h);
}

static void test_appendix(void)
{
    /* [[VALIDATORS]]: the operator's quorum set, no made-up one; offline
     * FAILURE_SAFETY stays 0 (the stand-in checks it) */
    replay_with_appendix("validators", APPENDIX_TOP
                         "\n[[VALIDATORS]]\nNAME=\"sdf_1\"\nHOME_DOMAIN=\"stellar.org\"\n"
                         "PUBLIC_KEY=\"" SDF1 "\"\n"
                         "HISTORY=\"curl -sf https://history.stellar.org/x/{0} -o {1}\"\n",
                         "{\"NODE_NAMES\": " NODE_NAMES_JSON ", \"HOME_DOMAINS\": "
                         HOME_DOMAINS_JSON ", \"VALIDATORS\": [{\"NAME\": \"sdf_1\", "
                         "\"HOME_DOMAIN\": \"stellar.org\", \"PUBLIC_KEY\": \"" SDF1 "\", "
                         "\"HISTORY\": \"curl -sf https://history.stellar.org/x/{0} -o {1}\"}], "
                         "\"QUORUM_SET\": null}", 11);
    /* no quorum set in the appendix: the one-validator set is added */
    replay_with_appendix("no-quorum", APPENDIX_TOP,
                         "{\"NODE_NAMES\": " NODE_NAMES_JSON ", \"HOME_DOMAINS\": "
                         HOME_DOMAINS_JSON ", \"QUORUM_SET\": {\"THRESHOLD_PERCENT\": 100, "
                         "\"VALIDATORS\": [\"GCZBOIAY4HLKAJVNJORXZOZRAY2BJDBZHKPBHZCRAIUR5IHC2UHBGCQR\"]}}",
                         11);
    /* a [QUORUM_SET] table with an inner set is the operator's quorum set */
    replay_with_appendix("quorum-table", APPENDIX_TOP
                         "\n[QUORUM_SET]\nTHRESHOLD_PERCENT=67\nVALIDATORS=[\"$sdf_1\"]\n"
                         "[QUORUM_SET.inner]\nTHRESHOLD_PERCENT=100\nVALIDATORS=[\"$sdf_2\"]\n",
                         "{\"NODE_NAMES\": " NODE_NAMES_JSON ", \"HOME_DOMAINS\": "
                         HOME_DOMAINS_JSON ", \"QUORUM_SET\": {\"THRESHOLD_PERCENT\": 67, "
                         "\"VALIDATORS\": "
                         "[\"$sdf_1\"], \"inner\": {\"THRESHOLD_PERCENT\": 100, "
                         "\"VALIDATORS\": [\"$sdf_2\"]}}}", 11);
    /* following the network: the operator's FAILURE_SAFETY stands */
    replay_with_appendix("online", APPENDIX_TOP,
                         "{\"FAILURE_SAFETY\": 1, \"NODE_NAMES\": " NODE_NAMES_JSON
                         ", \"HOME_DOMAINS\": " HOME_DOMAINS_JSON ", \"QUORUM_SET\": null}", 0);

    refuse_appendix("open-string", "NODE_NAMES=[\"abc]\n[[VALIDATORS]]\n", "line 1: newline");
    refuse_appendix("open-multiline", "FAILURE_SAFETY=1\nX=\"\"\"never closed\n",
                    "line 2: string not closed");
    refuse_appendix("open-array", "NODE_NAMES=[\n\"a\",\n", "line 1: array or inline table");
    refuse_appendix("open-header", "[[VALIDATORS]\nNAME=\"x\"\n", "line 1: table header");
    refuse_appendix("no-value", "FAILURE_SAFETY=\n", "line 1: a key without a value");
    refuse_appendix("other-network", "NETWORK_PASSPHRASE=\"Test SDF Network ; September 2015\"\n",
                    "differs from the configured network passphrase");
}

static void *cancel_later(void *unused)
{
    (void)unused;
    usleep(300 * 1000);
    cancel_request();
    return NULL;
}

/* SIGINT/SIGTERM while next() waits on a stalled core: it returns
 * CANCELLED within ~100 ms of the request.  Last: cancellation is final. */
/* A history URL of 2 KB reaches core's get command whole, on a config line
 * of over 2 KB (a fixed buffer used to cut the command, leaving no closing
 * quote; the INI reader refused lines of over 200 bytes). */
static void test_long_history_url(void)
{
    setenv("FAKE_CORE_STREAM", long_stream, 1);
    char url[2100] = "https://history.example/";
    size_t at = strlen(url);
    memset(url + at, 'p', 2048 - at);
    url[2048] = '\0';
    char header[1024], ini[4096], storage[1200], log[1300];
    snprintf(storage, sizeof storage, "%s/storage-%d", work, ++storage_serial);
    snprintf(log, sizeof log, "%s/fake-core.log", work);
    setenv("FAKE_CORE_LOG", log, 1);
    harness_ini_header(header, sizeof header, PASSPHRASE, "captive_core");
    snprintf(ini, sizeof ini, "%sstellar_core_path = %s\nhistory_archive_urls = %s\n"
             "storage_path = %s\nstop_grace_ms = 300\n", header, fake_core, url, storage);
    setenv("FAKE_CORE_PASSPHRASE", PASSPHRASE, 1);
    setenv("FAKE_CORE_HISTORY", url, 1);
    source_harness h;
    sluice_status opened = harness_open(&h, ini);
    CHECK_MSG(opened == SLUICE_OK, "open: %s", h.err.message);
    if (opened == SLUICE_OK) {
        stream_frames got = {0};
        size_t delivered;
        CHECK_MSG(harness_drain(&h, 2, 11, &got, &delivered) == SLUICE_END, "%s",
                  harness_message(&h));
        frames_free_copies(&got);
    }
    harness_close(&h);
}

static void test_cancel_while_waiting(void)
{
    setenv("FAKE_CORE_STREAM", long_stream, 1);
    setenv("FAKE_CORE_FAULT", "stall:4", 1);
    source_harness h;
    if (open_core(&h, PASSPHRASE, NULL, "")) {
        CHECK(h.ops->prepare(h.instance.handle, 2, 11) == SLUICE_OK);
        sluice_frame frame;
        CHECK(h.ops->next(h.instance.handle, &frame) == SLUICE_OK);
        CHECK(h.ops->next(h.instance.handle, &frame) == SLUICE_OK);
        pthread_t thread;
        pthread_create(&thread, NULL, cancel_later, NULL);
        CHECK(h.ops->next(h.instance.handle, &frame) == SLUICE_ERROR_CANCELLED);
        pthread_join(thread, NULL);
    }
    char storage[1300];
    storage_of(&h, storage, sizeof storage);
    harness_close(&h);
    CHECK(no_child_left(storage));
    unsetenv("FAKE_CORE_FAULT");
}

int main(void)
{
    const char *fixtures = test_fixtures_dir();
    if (!fixtures)
        return 77;
    if (!mkdtemp(work)) {
        perror(work);
        return 1;
    }
    /* the stand-in, made executable in our scratch directory */
    snprintf(fake_core, sizeof fake_core, "%s/fake-stellar-core", work);
    char command[4096];
    /* with the interpreter's real path in its #! line (no PATH shims) and
     * -S (no site packages): a start takes tens of milliseconds */
    snprintf(command, sizeof command,
             "sed \"1s|.*|#!$(python3 -c 'import sys; print(sys.executable)') -S|\" "
             "'%s/tests/sources/fake-stellar-core' >'%s' && chmod 755 '%s'",
             getenv("TOP_SRCDIR") ? getenv("TOP_SRCDIR") : "..", fake_core, fake_core);
    if (system(command) != 0) {
        fprintf(stderr, "cannot install the stand-in: %s\n", command);
        return 1;
    }
    snprintf(long_stream, sizeof long_stream,
             "%s/stellar-core/test-lcm-current/TxResultsTests/6fc036e75b83fdfb.xdr", fixtures);
    CHECK(stream_frames_read(long_stream, &long_frames) == 0 && long_frames.count == 10);

    RUN_CASE(test_round_trip(fixtures));
    RUN_CASE(test_faults());
    RUN_CASE(test_unbounded());
    RUN_CASE(test_restarts());
    RUN_CASE(test_close_during_stall());
    RUN_CASE(test_no_injection());
    RUN_CASE(test_appendix());
    RUN_CASE(test_parallel_replays());
    RUN_CASE(test_long_history_url());
    RUN_CASE(test_cancel_while_waiting()); /* last: it leaves the stop requested */

    stream_frames_free(&long_frames);
    snprintf(command, sizeof command, "rm -rf '%s'", work);
    if (system(command) != 0)
        fprintf(stderr, "could not remove %s\n", work);
    return test_finish();
}
