/* test_archive.c — the archive source through the real loader and host
 * table: the real Galexie object is found by computed name and delivered;
 * generated lakes (many ledgers per file, partitions, manifest) read whole
 * and in sub-ranges; every integrity violation (missing file, truncated or
 * corrupt zstd, wrong batch bounds, non-contiguous ledgers, wrong
 * passphrase) fails naming the file, after delivering only the ledgers
 * before it; an unbounded range waits for a file that appears later. */
#include "config.h"

#include "host/frame_info.h"
#include "lake_writer.h"
#include "source_harness.h"
#include "testlib.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PUBNET "Public Global Stellar Network ; September 2015"
#define TEST_PASSPHRASE "Test SDF Network ; September 2015"

static char work[] = "/tmp/sluice-archive-XXXXXX";
static char http_base[64];           /* "http://127.0.0.1:PORT" serving work, or "" */
static stream_frames dummy;          /* ledgers 2..1001, chained */

/* The source's INI for the lake in work/name, read as files or over HTTP. */
static void archive_ini(char *out, size_t size, const char *name, int over_http,
                        const char *extra)
{
    char header[1024];
    harness_ini_header(header, sizeof header, TEST_PASSPHRASE, "archive");
    if (over_http)
        snprintf(out, size, "%surl = %s/%s\nhttp_retries = 1\npoll_interval_ms = 50\n%s",
                 header, http_base, name, extra);
    else
        snprintf(out, size, "%spath = %s/%s\npoll_interval_ms = 50\n%s", header, work, name,
                 extra);
}

static void test_layout_names(void)
{
    char key[256];
    archive_layout pubnet = {1, 64000};
    CHECK(archive_object_key(&pubnet, 53312000, ".xdr.zst", key, sizeof key) == 0);
    CHECK_STR_CONTAINS(key, "FCD285FF--53312000-53375999/FCD285FF--53312000.xdr.zst");
    CHECK(strlen(key) == strlen("FCD285FF--53312000-53375999/FCD285FF--53312000.xdr.zst"));
    archive_layout batches = {64, 10};
    CHECK(archive_file_start(&batches, 130) == 128);
    CHECK(archive_object_key(&batches, 128, ".xdr.zstd", key, sizeof key) == 0);
    CHECK_MSG(strcmp(key, "FFFFFFFF--0-639/FFFFFF7F--128-191.xdr.zstd") == 0, "%s", key);
    archive_layout flat = {1, 1};
    CHECK(archive_object_key(&flat, 53312000, ".xdr.zstd", key, sizeof key) == 0);
    CHECK_MSG(strcmp(key, "FCD285FF--53312000.xdr.zstd") == 0, "%s", key);
    CHECK(archive_object_key(&flat, 53312000, ".xdr.zst", key, 10) == -1);
}

/* The real pubnet Galexie object, found under its computed name. */
static void test_real_object(const char *fixtures)
{
    char lake[1024], ini[4096];
    snprintf(lake, sizeof lake, "%s/stellar-go/datastore", fixtures);
    char header[1024];
    harness_ini_header(header, sizeof header, PUBNET, "archive");
    snprintf(ini, sizeof ini, "%spath = %s\nfiles_per_partition = 1\nfirst_ledger = 53312000\n",
             header, lake);
    source_harness h;
    CHECK_MSG(harness_open(&h, ini) == SLUICE_OK, "%s", h.err.message);
    if (!h.instance.handle) {
        harness_close(&h);
        return;
    }
    stream_frames got = {0};
    size_t delivered;
    CHECK(harness_drain(&h, 53312000, 53312000, &got, &delivered) == SLUICE_END);
    CHECK(delivered == 1);
    sluice_frame_info info = {.struct_size = sizeof info};
    char why[256];
    CHECK(got.count == 1 && frame_walk(got.data[0], got.len[0], 0, NULL, &info, why, sizeof why) == 0);
    CHECK(got.count == 1 && info.sequence == 53312000 && got.len[0] == 372492 - 12);
    CHECK(got.count == 1 && info.hash[0] == 0x2a && info.hash[1] == 0x56);
    frames_free_copies(&got);
    uint32_t latest = 0;
    CHECK(h.ops->latest_available(h.instance.handle, &latest) == SLUICE_OK);
    CHECK_MSG(latest == 53312000, "latest %u", latest);
    /* a ledger the lake lacks: bounded range fails naming the computed file */
    CHECK(harness_drain(&h, 53312001, 53312001, NULL, &delivered) == SLUICE_ERROR_DATA);
    CHECK_STR_CONTAINS(harness_message(&h), "/FCD285FE--53312001.xdr.zst");
    CHECK_STR_CONTAINS(harness_message(&h), "file not found");
    harness_close(&h);
}

/* Write the dummy ledgers as a lake in dir; returns its spec. */
static lake_spec write_lake(const char *name, uint32_t per_file, uint32_t per_partition,
                            const char *passphrase)
{
    static char dirs[8][1024];
    static int used;
    char *dir = dirs[used++ % 8];
    snprintf(dir, 1024, "%s/%s", work, name);
    mkdir(dir, 0755);
    lake_spec spec = {dir, {per_file, per_partition}, ".xdr.zst"};
    CHECK(lake_write_frames(&spec, 2, dummy.data, dummy.len, dummy.count) == 998);
    if (passphrase)
        CHECK(lake_write_manifest(&spec, passphrase) == 0);
    return spec;
}

static int frames_equal(const stream_frames *got, size_t offset, size_t count)
{
    if (got->count != count)
        return 0;
    for (size_t i = 0; i < count; i++)
        if (got->len[i] != dummy.len[offset + i] ||
            memcmp(got->data[i], dummy.data[offset + i], got->len[i]) != 0)
            return 0;
    return 1;
}

/* Open the source of lake work/name with extra config; the harness must
 * be closed. */
static int open_lake(source_harness *h, const char *name, int over_http, const char *extra)
{
    char ini[4096];
    archive_ini(ini, sizeof ini, name, over_http, extra);
    sluice_status status = harness_open(h, ini);
    CHECK_MSG(status == SLUICE_OK, "%s", h->err.message);
    return status == SLUICE_OK;
}

static void test_generated_lake(int over_http)
{
    /* 8 ledgers per file, 16 files per partition, layout from the manifest
     * (the config's 1/64000 would find nothing) */
    write_lake("lake8x16", 8, 16, TEST_PASSPHRASE);
    source_harness h;
    if (!open_lake(&h, "lake8x16", over_http, "buffer = 4\ndownload_workers = 3\n"))
        return harness_close(&h);
    stream_frames got = {0};
    size_t delivered;
    CHECK(harness_drain(&h, 2, 999, &got, &delivered) == SLUICE_END);
    CHECK_MSG(frames_equal(&got, 0, 998), "whole lake: %zu frames", got.count);
    frames_free_copies(&got);
    CHECK(harness_drain(&h, 317, 530, &got, &delivered) == SLUICE_END);
    CHECK_MSG(frames_equal(&got, 315, 214), "317..530: %zu frames", got.count);
    frames_free_copies(&got);
    uint32_t latest = 0;
    CHECK(h.ops->latest_available(h.instance.handle, &latest) == SLUICE_OK);
    CHECK_MSG(latest == 999, "latest %u", latest);
    /* past the end of the lake */
    CHECK(harness_drain(&h, 990, 1010, NULL, &delivered) == SLUICE_ERROR_DATA);
    CHECK(delivered == 10);
    CHECK_STR_CONTAINS(harness_message(&h), "FFFFFC17--1000-1007.xdr.zst: file not found");
    harness_close(&h);

    /* one worker, one buffer slot, older .xdr.zstd names, no manifest */
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/flat", work);
    mkdir(dir, 0755);
    lake_spec flat = {dir, {5, 1}, ".xdr.zstd"};
    CHECK(lake_write_frames(&flat, 2, dummy.data, dummy.len, dummy.count) == 998);
    if (!open_lake(&h, "flat", over_http, "buffer = 1\ndownload_workers = 1\nledgers_per_file = 5\n"
                   "files_per_partition = 1\n"))
        return harness_close(&h);
    CHECK(harness_drain(&h, 2, 999, &got, &delivered) == SLUICE_END);
    CHECK(frames_equal(&got, 0, 998));
    frames_free_copies(&got);
    harness_close(&h);
}

/* Damage the file holding `seq` with `damage`, read 2..999 and expect the
 * error naming that file, with exactly the ledgers before it delivered. */
static void expect_damage(const char *name, uint32_t seq, void (*damage)(const lake_spec *, uint32_t),
                          const char *in_message, int over_http)
{
    lake_spec spec = write_lake(name, 4, 8, NULL);
    damage(&spec, seq);
    source_harness h;
    if (!open_lake(&h, name, over_http, "ledgers_per_file = 4\nfiles_per_partition = 8\n"))
        return harness_close(&h);
    stream_frames got = {0};
    size_t delivered;
    char key[512], path[1024];
    archive_object_key(&spec.layout, archive_file_start(&spec.layout, seq), ".xdr.zst", key,
                       sizeof key);
    snprintf(path, sizeof path, "%s/%s", name, key);
    sluice_status status = harness_drain(&h, 2, 999, &got, &delivered);
    CHECK_MSG(status == SLUICE_ERROR_DATA, "%s: status %d", name, (int)status);
    CHECK_STR_CONTAINS(harness_message(&h), path);
    CHECK_STR_CONTAINS(harness_message(&h), in_message);
    uint32_t before = archive_file_start(&spec.layout, seq) - 2;
    CHECK_MSG(frames_equal(&got, 0, before), "%s: %zu frames delivered, expected %u", name,
              got.count, before);
    /* the range stays stopped */
    sluice_frame frame;
    CHECK(h.ops->next(h.instance.handle, &frame) == SLUICE_ERROR_DATA);
    frames_free_copies(&got);
    harness_close(&h);
}

static void remove_file(const lake_spec *spec, uint32_t seq)
{
    char path[1024];
    lake_file_path(spec, seq, path, sizeof path);
    CHECK(unlink(path) == 0);
}

static void truncate_file(const lake_spec *spec, uint32_t seq)
{
    char path[1024];
    lake_file_path(spec, seq, path, sizeof path);
    struct stat st;
    CHECK(stat(path, &st) == 0 && truncate(path, st.st_size / 2) == 0);
}

static void corrupt_file(const lake_spec *spec, uint32_t seq)
{
    char path[1024];
    lake_file_path(spec, seq, path, sizeof path);
    FILE *f = fopen(path, "r+b");
    CHECK(f != NULL);
    if (!f)
        return;
    for (int i = 0; i < 4; i++)   /* the zstd magic number */
        fputc(0xA5, f);
    fclose(f);
}

/* The file of seq gets the batch of the next file: bounds disagree with the name. */
static void swap_bounds(const lake_spec *spec, uint32_t seq)
{
    uint32_t start = archive_file_start(&spec->layout, seq);
    size_t first = start + 4 - 2;
    lake_spec writer = *spec;
    CHECK(lake_write_file(&writer, start, start + 3, dummy.data + first, dummy.len + first, 4) == 0);
    char wrong[1024], right[1024];
    lake_file_path(spec, start + 4, wrong, sizeof wrong);
    lake_file_path(spec, start, right, sizeof right);
    /* the content claims start..start+3 but holds start+4..start+7 */
    CHECK(rename(right, wrong) == 0);
    CHECK(lake_write_file(&writer, start + 4, start + 7, dummy.data + first, dummy.len + first, 4) == 0);
    CHECK(rename(wrong, right) == 0);
}

static void gap_inside(const lake_spec *spec, uint32_t seq)
{
    uint32_t start = archive_file_start(&spec->layout, seq);
    size_t first = start - 2;
    const uint8_t *frames[4] = {dummy.data[first], dummy.data[first + 1], dummy.data[first + 3],
                                dummy.data[first + 3]};
    size_t lens[4] = {dummy.len[first], dummy.len[first + 1], dummy.len[first + 3],
                      dummy.len[first + 3]};
    CHECK(lake_write_file(spec, start, start + 3, frames, lens, 4) == 0);
}

static void test_integrity(int over_http)
{
    expect_damage("missing", 401, remove_file, "file not found", over_http);
    expect_damage("truncated", 401, truncate_file, "truncated zstd frame", over_http);
    expect_damage("corrupt", 401, corrupt_file, "corrupt zstd data", over_http);
    expect_damage("bounds", 401, swap_bounds, "batch holds ledgers 404..407 but the file name "
                  "says 400..403", over_http);
    expect_damage("gap", 401, gap_inside, "entry 2 is ledger 403, expected 402", over_http);
}

static void test_wrong_passphrase(int over_http)
{
    lake_spec spec = write_lake("pubnet", 4, 8, PUBNET);
    source_harness h;
    char ini[4096];
    archive_ini(ini, sizeof ini, "pubnet", over_http, "");
    CHECK(harness_open(&h, ini) != SLUICE_OK);
    char manifest[1024];
    snprintf(manifest, sizeof manifest, "pubnet/.config.json: the lake is of another network");
    CHECK_STR_CONTAINS(h.err.message, manifest);
    CHECK_STR_CONTAINS(h.err.detail, PUBNET);
    harness_close(&h);

    snprintf(manifest, sizeof manifest, "%s/.config.json", spec.dir);
    FILE *f = fopen(manifest, "w");
    fputs("{\"ledgersPerBatch\": \"four\"}", f);
    fclose(f);
    CHECK(harness_open(&h, ini) != SLUICE_OK);
    CHECK_STR_CONTAINS(h.err.message, "invalid lake manifest");
    CHECK_STR_CONTAINS(h.err.detail, "must be an integer of at least 1");
    harness_close(&h);
}

typedef struct delayed_rename {
    char from[1024], to[1024];
} delayed_rename;

static void *rename_later(void *argument)
{
    delayed_rename *r = argument;
    usleep(400 * 1000);
    rename(r->from, r->to);
    return NULL;
}

/* Unbounded: the file of 996..999 is hidden and appears 400 ms after
 * next() starts waiting for it. */
static void test_unbounded_poll(int over_http)
{
    lake_spec spec = write_lake("growing", 4, 8, NULL);
    delayed_rename r;
    lake_file_path(&spec, 996, r.to, sizeof r.to);
    snprintf(r.from, sizeof r.from, "%s/hidden", work);
    CHECK(rename(r.to, r.from) == 0);
    source_harness h;
    if (!open_lake(&h, "growing", over_http, "ledgers_per_file = 4\nfiles_per_partition = 8\n"))
        return harness_close(&h);
    CHECK(h.ops->prepare(h.instance.handle, 990, 0) == SLUICE_OK);
    sluice_frame frame;
    for (uint32_t seq = 990; seq <= 995; seq++)
        CHECK(h.ops->next(h.instance.handle, &frame) == SLUICE_OK && frame.sequence == seq);
    pthread_t thread;
    pthread_create(&thread, NULL, rename_later, &r);
    CHECK(h.ops->next(h.instance.handle, &frame) == SLUICE_OK && frame.sequence == 996);
    pthread_join(thread, NULL);
    for (uint32_t seq = 997; seq <= 999; seq++)
        CHECK(h.ops->next(h.instance.handle, &frame) == SLUICE_OK && frame.sequence == seq);
    harness_close(&h);
}

/* python3 http_server.py work, its port into http_base; the pid, or -1
 * (then HTTP is not tested, which CI=true forbids). */
static pid_t start_http_server(void)
{
    char script[1024];
    snprintf(script, sizeof script, "%s/tests/sources/http_server.py",
             getenv("TOP_SRCDIR") ? getenv("TOP_SRCDIR") : "..");
    int out[2];
    if (pipe(out) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        execlp("python3", "python3", script, work, (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    char port[16] = "";
    size_t got = 0;   /* up to the newline: the server writes nothing after it */
    while (pid > 0 && got < sizeof port - 1 && !strchr(port, '\n')) {
        ssize_t n = read(out[0], port + got, sizeof port - 1 - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(out[0]);
    if (!strchr(port, '\n') || atoi(port) <= 0) {
        CHECK_MSG(!getenv("CI") || strcmp(getenv("CI"), "true") != 0,
                  "cannot start python3 %s: HTTP untested", script);
        fprintf(stderr, "python3 http.server unavailable: HTTP not tested\n");
        if (pid > 0)
            waitpid(pid, NULL, 0);
        return -1;
    }
    snprintf(http_base, sizeof http_base, "http://127.0.0.1:%d", atoi(port));
    return pid;
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
    char header[1024], ini[2048];
    harness_ini_header(header, sizeof header, TEST_PASSPHRASE, "dummy");
    snprintf(ini, sizeof ini, "%sledgers = 1000\n", header);
    source_harness h;
    size_t delivered;
    CHECK(harness_open(&h, ini) == SLUICE_OK);
    CHECK(harness_drain(&h, 2, 1001, &dummy, &delivered) == SLUICE_END);
    harness_close(&h);

    test_layout_names();
    test_real_object(fixtures);
    pid_t server = start_http_server();
    for (int over_http = 0; over_http <= (server > 0); over_http++) {
        fprintf(stderr, "---- lakes read %s\n", over_http ? http_base : "as files");
        test_generated_lake(over_http);
        test_integrity(over_http);
        test_wrong_passphrase(over_http);
        test_unbounded_poll(over_http);
    }
    if (server > 0) {
        kill(server, SIGKILL);
        waitpid(server, NULL, 0);
    }

    frames_free_copies(&dummy);
    char command[1200];
    snprintf(command, sizeof command, "rm -rf '%s'", work);
    if (system(command) != 0)
        fprintf(stderr, "could not remove %s\n", work);
    return test_finish();
}
