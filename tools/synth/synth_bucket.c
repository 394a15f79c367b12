/* synth_bucket.c — gzip files of framed records, buckets and their merge
 * (see synth_bucket.h). */
#include "config.h"

#include "synth_bucket.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "synth_journal.h"
#include "xdr/ledger_key.h"

#if HAVE_ZLIB
#include <zlib.h>
#endif

#define MAX_RECORD_BYTES (64u << 20)
#define GZIP_MODE_WRITE "wb1" /* level 1: the archive's size matters less than its speed */

static void hex_of(char out[65], const uint8_t hash[32])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", hash[i]);
}

static int is_zero(const uint8_t hash[32])
{
    static const uint8_t zero[32];
    return memcmp(hash, zero, 32) == 0;
}

int synth_make_parents(const char *path, char *why, size_t why_size)
{
    char copy[4096];
    if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy) {
        snprintf(why, why_size, "%s: path too long", path);
        return -1;
    }
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0755) != 0 && errno != EEXIST) {
            snprintf(why, why_size, "%s: cannot make the folder: %s", copy, strerror(errno));
            return -1;
        }
        *p = '/';
    }
    return 0;
}

#if HAVE_ZLIB

int synth_records_open(synth_records *out, const char *dir, char *why, size_t why_size)
{
    static unsigned serial;
    memset(out, 0, sizeof *out);
    sx_buf_init(&out->record);
    sha256_init(&out->content);
    snprintf(out->path, sizeof out->path, "%s/.synth-%ld-%u.tmp", dir, (long)getpid(), serial++);
    if (synth_make_parents(out->path, why, why_size) != 0)
        return -1;
    out->gz = gzopen(out->path, GZIP_MODE_WRITE);
    if (out->gz == NULL) {
        snprintf(why, why_size, "%s: cannot write: %s", out->path, strerror(errno));
        return -1;
    }
    return 0;
}

int synth_records_put(synth_records *out, const uint8_t *record, size_t len, char *why, size_t why_size)
{
    uint32_t mark = 0x80000000u | (uint32_t)len;
    uint8_t be[4] = {(uint8_t)(mark >> 24), (uint8_t)(mark >> 16), (uint8_t)(mark >> 8), (uint8_t)mark};
    sha256_update(&out->content, be, 4);
    sha256_update(&out->content, record, len);
    if (len > MAX_RECORD_BYTES || gzwrite(out->gz, be, 4) != 4 ||
        (len && gzwrite(out->gz, record, (unsigned)len) != (int)len)) {
        snprintf(why, why_size, "%s: cannot write a record of %zu bytes", out->path, len);
        return -1;
    }
    out->records++;
    return 0;
}

int synth_records_put_bucket_entry(synth_records *out, const sx_BucketEntry *entry, char *why,
                                   size_t why_size)
{
    out->record.len = 0;
    if (sx_encode_BucketEntry(entry, &out->record) != 0) {
        snprintf(why, why_size, "%s: a BucketEntry did not encode: %s", out->path,
                 out->record.fail ? out->record.fail : "out of memory");
        return -1;
    }
    return synth_records_put(out, out->record.data, out->record.len, why, why_size);
}

/* Closes the gzip stream: 0, or -1 with why. */
static int finish(synth_records *out, char *why, size_t why_size)
{
    int rc = gzclose(out->gz) == Z_OK ? 0 : -1;
    out->gz = NULL;
    sx_buf_free(&out->record);
    if (rc != 0)
        snprintf(why, why_size, "%s: cannot finish the gzip file", out->path);
    return rc;
}

void synth_records_discard(synth_records *out)
{
    if (out->gz)
        gzclose(out->gz);
    out->gz = NULL;
    sx_buf_free(&out->record);
    unlink(out->path);
}

int synth_records_commit(synth_records *out, const char *dir, const char *key, char *why,
                         size_t why_size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, key);
    if (finish(out, why, why_size) != 0 || synth_make_parents(path, why, why_size) != 0) {
        unlink(out->path);
        return -1;
    }
    if (rename(out->path, path) != 0) {
        snprintf(why, why_size, "%s: cannot rename to %s: %s", out->path, path, strerror(errno));
        unlink(out->path);
        return -1;
    }
    return 0;
}

/* A bucket being read, one record at a time. */
typedef struct bucket_input {
    gzFile gz;
    char path[4096];
    sx_arena *arena;
    uint8_t *record;
    size_t cap;
    sx_BucketEntry entry;     /* the current record (no METAENTRY) */
    sx_buf key;               /* its key's XDR */
    int done;
} bucket_input;

/* Reads the next entry (not the metadata): 0 (done set at the end) or -1. */
static int input_next(bucket_input *in, char *why, size_t why_size)
{
    for (;;) {
        uint8_t be[4];
        int got = gzread(in->gz, be, 4);
        if (got == 0) {
            in->done = 1;
            return 0;
        }
        uint32_t mark = (uint32_t)be[0] << 24 | (uint32_t)be[1] << 16 | (uint32_t)be[2] << 8 | be[3];
        uint32_t len = mark & 0x7fffffffu;
        if (got != 4 || !(mark & 0x80000000u) || len > MAX_RECORD_BYTES) {
            snprintf(why, why_size, "%s: a truncated or invalid record mark", in->path);
            return -1;
        }
        if (len > in->cap) {
            free(in->record);
            in->cap = len;
            in->record = malloc(len);
            if (!in->record) {
                snprintf(why, why_size, "%s: out of memory", in->path);
                return -1;
            }
        }
        if (gzread(in->gz, in->record, len) != (int)len) {
            snprintf(why, why_size, "%s: a truncated record", in->path);
            return -1;
        }
        sx_error error;
        char line[512];
        sx_arena_reset(in->arena);
        if (sx_decode_BucketEntry(in->record, len, in->arena, &in->entry, &error) != 0) {
            snprintf(why, why_size, "%s: not a BucketEntry: %s", in->path,
                     sx_error_format(&error, line, sizeof line));
            return -1;
        }
        if (in->entry.type == SX_METAENTRY)
            continue;
        sx_LedgerKey key;
        if (in->entry.type == SX_DEADENTRY)
            key = in->entry.deadEntry;
        else if (ledger_key_of_entry(&in->entry.liveEntry, &key) != 0) {
            snprintf(why, why_size, "%s: an entry without a key", in->path);
            return -1;
        }
        in->key.len = 0;
        if (sx_encode_LedgerKey(&key, &in->key) != 0) {
            snprintf(why, why_size, "%s: out of memory", in->path);
            return -1;
        }
        return 0;
    }
}

static int input_open(bucket_input *in, const char *dir, const uint8_t hash[32], char *why,
                      size_t why_size)
{
    memset(in, 0, sizeof *in);
    sx_buf_init(&in->key);
    in->done = is_zero(hash);
    if (in->done)
        return 0;
    char hex[65];
    hex_of(hex, hash);
    snprintf(in->path, sizeof in->path, "%s/bucket/%.2s/%.2s/%.2s/bucket-%s.xdr.gz", dir, hex,
             hex + 2, hex + 4, hex);
    in->arena = sx_arena_new(1 << 16);
    in->gz = gzopen(in->path, "rb");
    if (!in->arena || !in->gz) {
        snprintf(why, why_size, "%s: cannot read: %s", in->path, strerror(errno));
        return -1;
    }
    return input_next(in, why, why_size);
}

static void input_close(bucket_input *in)
{
    if (in->gz)
        gzclose(in->gz);
    if (in->arena)
        sx_arena_free(in->arena);
    free(in->record);
    sx_buf_free(&in->key);
}

/* The record a key's older and newer records merge into (CAP-20); NULL:
 * they annihilate. */
static sx_BucketEntry *merged(sx_BucketEntry *older, sx_BucketEntry *newer)
{
    if (newer->type == SX_DEADENTRY)
        return older->type == SX_INITENTRY ? NULL : newer;
    if (newer->type == SX_INITENTRY && older->type == SX_DEADENTRY)
        newer->type = SX_LIVEENTRY;
    else if (newer->type == SX_LIVEENTRY && older->type == SX_INITENTRY)
        newer->type = SX_INITENTRY;
    return newer;
}

/* Writes the merge of a and b (older, newer) into out. */
static int merge_into(synth_records *out, bucket_input *a, bucket_input *b, char *why, size_t why_size)
{
    int rc = 0;
    while (rc == 0 && !(a->done && b->done)) {
        int order = a->done   ? 1
                    : b->done ? -1
                              : synth_key_compare(a->key.data, a->key.len, b->key.data, b->key.len);
        const sx_BucketEntry *take = order < 0   ? &a->entry
                                     : order > 0 ? &b->entry
                                                 : merged(&a->entry, &b->entry);
        if (take)
            rc = synth_records_put_bucket_entry(out, take, why, why_size);
        if (rc == 0 && order <= 0)
            rc = input_next(a, why, why_size);
        if (rc == 0 && order >= 0)
            rc = input_next(b, why, why_size);
    }
    return rc;
}

int synth_bucket_merge(const char *dir, uint32_t protocol, const uint8_t older[32],
                       const uint8_t newer[32], uint8_t out[32], char *why, size_t why_size)
{
    if (is_zero(older) || is_zero(newer)) {
        memcpy(out, is_zero(older) ? newer : older, 32);
        return 0;
    }
    bucket_input a, b;
    synth_records merged_bucket;
    int rc = input_open(&a, dir, older, why, why_size);
    if (rc == 0)
        rc = input_open(&b, dir, newer, why, why_size);
    else
        memset(&b, 0, sizeof b);
    if (rc == 0 && (rc = synth_bucket_open(&merged_bucket, dir, protocol, why, why_size)) == 0) {
        rc = merge_into(&merged_bucket, &a, &b, why, why_size);
        if (rc == 0)
            rc = synth_bucket_commit(&merged_bucket, dir, out, why, why_size);
        else
            synth_records_discard(&merged_bucket);
    }
    input_close(&a);
    input_close(&b);
    return rc;
}

#else /* !HAVE_ZLIB: every writer refuses, so --archive fails at its start */

static int without_zlib(char *why, size_t why_size)
{
    snprintf(why, why_size, "sluice-synth was built without zlib: it cannot write gzip archives");
    return -1;
}

int synth_records_open(synth_records *out, const char *dir, char *why, size_t why_size)
{
    (void)dir;
    memset(out, 0, sizeof *out);
    return without_zlib(why, why_size);
}

int synth_records_put(synth_records *out, const uint8_t *record, size_t len, char *why, size_t why_size)
{
    (void)out, (void)record, (void)len;
    return without_zlib(why, why_size);
}

int synth_records_put_bucket_entry(synth_records *out, const sx_BucketEntry *entry, char *why,
                                   size_t why_size)
{
    (void)out, (void)entry;
    return without_zlib(why, why_size);
}

int synth_records_commit(synth_records *out, const char *dir, const char *key, char *why,
                         size_t why_size)
{
    (void)out, (void)dir, (void)key;
    return without_zlib(why, why_size);
}

void synth_records_discard(synth_records *out)
{
    (void)out;
}

int synth_bucket_merge(const char *dir, uint32_t protocol, const uint8_t older[32],
                       const uint8_t newer[32], uint8_t out[32], char *why, size_t why_size)
{
    (void)dir, (void)protocol, (void)older, (void)newer, (void)out;
    return without_zlib(why, why_size);
}

#endif

int synth_bucket_open(synth_records *out, const char *dir, uint32_t protocol, char *why, size_t why_size)
{
    if (synth_records_open(out, dir, why, why_size) != 0)
        return -1;
    sx_BucketEntry meta;
    memset(&meta, 0, sizeof meta);
    meta.type = SX_METAENTRY;
    meta.metaEntry.ledgerVersion = protocol;
    if (protocol >= 23) {
        meta.metaEntry.ext.v = 1;
        meta.metaEntry.ext.bucketListType = SX_LIVE;
    }
    if (synth_records_put_bucket_entry(out, &meta, why, why_size) != 0) {
        synth_records_discard(out);
        return -1;
    }
    return 0;
}

int synth_bucket_commit(synth_records *out, const char *dir, uint8_t hash[32], char *why,
                        size_t why_size)
{
    if (out->records <= 1) { /* the metadata only: the empty bucket */
        synth_records_discard(out);
        memset(hash, 0, 32);
        return 0;
    }
    sha256_final(&out->content, hash);
    char hex[65], key[128];
    hex_of(hex, hash);
    snprintf(key, sizeof key, "bucket/%.2s/%.2s/%.2s/bucket-%s.xdr.gz", hex, hex + 2, hex + 4, hex);
    return synth_records_commit(out, dir, key, why, why_size);
}
