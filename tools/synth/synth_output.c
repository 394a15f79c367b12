/* synth_output.c — the stream and data-lake writers (see synth_output.h). */
#include "config.h"

#include "synth_output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#include "base/xalloc.h"

/* ---- plain file helpers -------------------------------------------------- */

static int write_all(int fd, const uint8_t *data, size_t len, const char *name, char *why, size_t why_size)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(why, why_size, "%s: write failed: %s", name, strerror(errno));
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Writes `path` whole or not at all: a temporary file renamed into place. */
static int write_file_atomic(const char *path, const uint8_t *data, size_t len, char *why, size_t why_size)
{
    size_t tmp_size = strlen(path) + 8;
    char *tmp = xmalloc(tmp_size);
    snprintf(tmp, tmp_size, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int rc = -1;
    if (fd < 0) {
        snprintf(why, why_size, "%s: cannot create: %s", tmp, strerror(errno));
    } else if (write_all(fd, data, len, tmp, why, why_size) == 0) {
        if (close(fd) != 0)
            snprintf(why, why_size, "%s: close failed: %s", tmp, strerror(errno));
        else if (rename(tmp, path) != 0)
            snprintf(why, why_size, "%s: cannot rename to %s: %s", tmp, path, strerror(errno));
        else
            rc = 0;
        fd = -1;
    }
    if (fd >= 0)
        close(fd);
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

static int make_dir(const char *path, char *why, size_t why_size)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST)
        return 0;
    snprintf(why, why_size, "%s: cannot create folder: %s", path, strerror(errno));
    return -1;
}

/* ---- stream ------------------------------------------------------------- */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int synth_stream_open(synth_stream *s, const char *path, int fd, double interval, char *why, size_t why_size)
{
    memset(s, 0, sizeof *s);
    s->interval = interval;
    if (fd >= 0) {
        if (fcntl(fd, F_GETFD) < 0) {
            snprintf(why, why_size, "file descriptor %d is not open", fd);
            return -1;
        }
        s->fd = fd;
        s->name = "the stream descriptor";
    } else if (strcmp(path, "-") == 0) {
        s->fd = STDOUT_FILENO;
        s->name = "standard output";
    } else {
        s->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (s->fd < 0) {
            snprintf(why, why_size, "%s: cannot create: %s", path, strerror(errno));
            return -1;
        }
        s->owns_fd = 1;
        s->name = path;
    }
    s->next_due = now_seconds();
    return 0;
}

int synth_stream_write(synth_stream *s, const uint8_t *frame, size_t len, char *why, size_t why_size)
{
    if (len >= 0x80000000u) {
        snprintf(why, why_size, "%s: a frame of %zu bytes does not fit the record mark", s->name, len);
        return -1;
    }
    if (s->interval > 0) {
        double wait = s->next_due - now_seconds();
        if (wait > 0) {
            struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
            while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
            }
        }
        s->next_due += s->interval;
    }
    uint32_t mark = 0x80000000u | (uint32_t)len;
    uint8_t header[4] = {(uint8_t)(mark >> 24), (uint8_t)(mark >> 16), (uint8_t)(mark >> 8), (uint8_t)mark};
    if (write_all(s->fd, header, 4, s->name, why, why_size))
        return -1;
    return write_all(s->fd, frame, len, s->name, why, why_size);
}

int synth_stream_close(synth_stream *s, char *why, size_t why_size)
{
    if (s->owns_fd && close(s->fd) != 0) {
        snprintf(why, why_size, "%s: close failed: %s", s->name, strerror(errno));
        return -1;
    }
    return 0;
}

/* ---- data lake ---------------------------------------------------------- */

/* The data-lake object path of ledger `seq` (relative to the root):
 * "[PARTITION/]FILE".  Returns the length, or -1 if it did not fit. */
static int synth_lake_path(uint32_t seq, uint32_t ledgers_per_file, uint32_t files_per_partition,
                           char *out, size_t size)
{
    uint64_t part_size = (uint64_t)ledgers_per_file * files_per_partition;
    uint32_t part_start = (uint32_t)(seq / part_size * part_size);
    uint32_t file_start = seq / ledgers_per_file * ledgers_per_file;
    uint32_t file_end = (uint32_t)((uint64_t)file_start + ledgers_per_file - 1);
    int n = 0;
    if (files_per_partition > 1)
        n = snprintf(out, size, "%08X--%u-%u/", 0xFFFFFFFFu - part_start, part_start,
                     (uint32_t)(part_start + part_size - 1));
    if (n < 0 || (size_t)n >= size)
        return -1;
    int m = ledgers_per_file == 1
        ? snprintf(out + n, size - (size_t)n, "%08X--%u.xdr.zst", 0xFFFFFFFFu - file_start, file_start)
        : snprintf(out + n, size - (size_t)n, "%08X--%u-%u.xdr.zst", 0xFFFFFFFFu - file_start,
                   file_start, file_end);
    if (m < 0 || (size_t)m >= size - (size_t)n)
        return -1;
    return n + m;
}

/* Writes .config.json; an existing one must say the same (one lake, one layout). */
static int write_manifest(synth_lake *lake, const char *passphrase, char *why, size_t why_size)
{
    for (const char *p = passphrase; *p; p++)
        if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20) {
            snprintf(why, why_size, "the network passphrase contains a character (quote, backslash "
                     "or control) the manifest writer does not escape");
            return -1;
        }
    char json[1024];
    int n = snprintf(json, sizeof json,
                     "{\n  \"networkPassphrase\": \"%s\",\n  \"version\": \"1.0\",\n"
                     "  \"compression\": \"zstd\",\n  \"ledgersPerBatch\": %u,\n"
                     "  \"batchesPerPartition\": %u\n}\n",
                     passphrase, lake->ledgers_per_file, lake->files_per_partition);
    if (n < 0 || (size_t)n >= sizeof json) {
        snprintf(why, why_size, "the network passphrase is too long for the manifest");
        return -1;
    }
    size_t path_size = strlen(lake->root) + 16;
    char *path = xmalloc(path_size);
    snprintf(path, path_size, "%s/.config.json", lake->root);
    int rc = 0;
    FILE *existing = fopen(path, "rb");
    if (existing) {
        char old[1024];
        size_t got = fread(old, 1, sizeof old, existing);
        fclose(existing);
        if (got != (size_t)n || memcmp(old, json, (size_t)n) != 0) {
            snprintf(why, why_size, "%s exists with a different network or layout; write to an "
                     "empty folder or remove the old lake", path);
            rc = -1;
        }
    } else {
        rc = write_file_atomic(path, (const uint8_t *)json, (size_t)n, why, why_size);
    }
    free(path);
    return rc;
}

int synth_lake_open(synth_lake *lake, const char *root, const char *passphrase,
                    uint32_t ledgers_per_file, uint32_t files_per_partition, int zstd_level,
                    char *why, size_t why_size)
{
    memset(lake, 0, sizeof *lake);
#ifndef HAVE_ZSTD
    (void)root; (void)passphrase; (void)ledgers_per_file; (void)files_per_partition; (void)zstd_level;
    snprintf(why, why_size, "this sluice-synth was built without zstd (libzstd-dev): "
             "it cannot write a data lake");
    return -1;
#else
    if (ledgers_per_file == 0 || files_per_partition == 0) {
        snprintf(why, why_size, "--ledgers-per-file and --files-per-partition must be at least 1");
        return -1;
    }
    if ((uint64_t)ledgers_per_file * files_per_partition > UINT32_MAX) {
        snprintf(why, why_size, "--ledgers-per-file x --files-per-partition passes 2^32 ledgers");
        return -1;
    }
    if (zstd_level < 1 || zstd_level > ZSTD_maxCLevel()) {
        snprintf(why, why_size, "--zstd-level %d is outside 1..%d", zstd_level, ZSTD_maxCLevel());
        return -1;
    }
    lake->root = xstrdup(root);
    lake->ledgers_per_file = ledgers_per_file;
    lake->files_per_partition = files_per_partition;
    lake->zstd_level = zstd_level;
    lake->cctx = ZSTD_createCCtx();
    if (lake->cctx == NULL) {
        snprintf(why, why_size, "out of memory creating the zstd compression context");
        free(lake->root);
        lake->root = NULL;
        return -1;
    }
    sx_buf_init(&lake->batch);
    sx_buf_init(&lake->packed);
    if (make_dir(root, why, why_size) || write_manifest(lake, passphrase, why, why_size)) {
        free(lake->root);
        lake->root = NULL;
        ZSTD_freeCCtx(lake->cctx);
        lake->cctx = NULL;
        return -1;
    }
    return 0;
#endif
}

#ifdef HAVE_ZSTD
/* LedgerCloseMetaBatch XDR is {uint32 startSequence; uint32 endSequence;
 * LedgerCloseMeta ledgerCloseMetas<>}: the three leading words are patched
 * into place and the frames follow, already encoded by the codec. */
static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static int flush_batch(synth_lake *lake, char *why, size_t why_size)
{
    if (lake->batch_count == 0)
        return 0;
    put_be32(lake->batch.data, lake->batch_start);
    put_be32(lake->batch.data + 4, lake->batch_end);
    put_be32(lake->batch.data + 8, lake->batch_count);
    size_t bound = ZSTD_compressBound(lake->batch.len);
    lake->packed.len = 0;
    if (sx_buf_reserve(&lake->packed, bound)) {
        snprintf(why, why_size, "out of memory compressing ledgers %u-%u", lake->batch_start, lake->batch_end);
        return -1;
    }
    size_t packed = ZSTD_compressCCtx(lake->cctx, lake->packed.data, bound, lake->batch.data,
                                      lake->batch.len, lake->zstd_level);
    if (ZSTD_isError(packed)) {
        snprintf(why, why_size, "zstd failed on ledgers %u-%u: %s", lake->batch_start, lake->batch_end,
                 ZSTD_getErrorName(packed));
        return -1;
    }
    char rel[128];
    int rel_len = synth_lake_path(lake->batch_start, lake->ledgers_per_file, lake->files_per_partition,
                                  rel, sizeof rel);
    size_t path_size = strlen(lake->root) + (size_t)rel_len + 2;
    char *path = xmalloc(path_size);
    int rc = 0;
    char *slash = strchr(rel, '/');
    if (slash) {
        *slash = '\0';
        snprintf(path, path_size, "%s/%s", lake->root, rel);
        rc = make_dir(path, why, why_size);
        *slash = '/';
    }
    if (rc == 0) {
        snprintf(path, path_size, "%s/%s", lake->root, rel);
        rc = write_file_atomic(path, lake->packed.data, packed, why, why_size);
    }
    free(path);
    lake->batch_count = 0;
    lake->batch.len = 0;
    lake->files_written += rc == 0;
    return rc;
}
#endif

int synth_lake_add(synth_lake *lake, uint32_t seq, const uint8_t *frame, size_t len, char *why, size_t why_size)
{
#ifdef HAVE_ZSTD
    if (lake->batch_count && seq / lake->ledgers_per_file != lake->batch_start / lake->ledgers_per_file &&
        flush_batch(lake, why, why_size))
        return -1;
    if (lake->batch_count == 0) {
        static const uint8_t header[12];
        lake->batch.len = 0;
        if (sx_buf_put(&lake->batch, header, sizeof header))
            goto oom;
        lake->batch_start = seq;
    }
    if (sx_buf_put(&lake->batch, frame, len))
        goto oom;
    lake->batch_end = seq;
    lake->batch_count++;
    if (seq % lake->ledgers_per_file == lake->ledgers_per_file - 1)
        return flush_batch(lake, why, why_size);
    return 0;
oom:
    snprintf(why, why_size, "out of memory batching ledger %u", seq);
    return -1;
#else
    (void)lake; (void)seq; (void)frame; (void)len;
    snprintf(why, why_size, "built without zstd");
    return -1;
#endif
}

int synth_lake_close(synth_lake *lake, char *why, size_t why_size)
{
    int rc = 0;
#ifdef HAVE_ZSTD
    rc = flush_batch(lake, why, why_size);
    ZSTD_freeCCtx(lake->cctx);
    lake->cctx = NULL;
#else
    (void)why; (void)why_size;
#endif
    sx_buf_free(&lake->batch);
    sx_buf_free(&lake->packed);
    free(lake->root);
    lake->root = NULL;
    return rc;
}
