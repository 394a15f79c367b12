/* archive_writer.c — a small history archive for the reader's tests (see
 * archive_writer.h). */
#include "config.h"

#include "archive_writer.h"
#include "stellar/sha256.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

void test_bucket_init(test_bucket *bucket)
{
    memset(bucket, 0, sizeof *bucket);
    sx_buf_init(&bucket->raw);
}

void test_bucket_free(test_bucket *bucket)
{
    sx_buf_free(&bucket->raw);
}

static void frame(sx_buf *out, const sx_buf *record)
{
    uint32_t mark = 0x80000000u | (uint32_t)record->len;
    uint8_t be[4] = {(uint8_t)(mark >> 24), (uint8_t)(mark >> 16), (uint8_t)(mark >> 8),
                     (uint8_t)mark};
    sx_buf_put(out, be, 4);
    sx_buf_put(out, record->data, record->len);
}

/* Frame the record encoded, or abort when it did not encode. */
static void add_encoded(test_bucket *bucket, sx_buf *record, int encoded)
{
    if (encoded != 0)
        abort();
    frame(&bucket->raw, record);
    sx_buf_free(record);
}

void test_bucket_add(test_bucket *bucket, const sx_BucketEntry *entry)
{
    sx_buf record;
    sx_buf_init(&record);
    add_encoded(bucket, &record, sx_encode_BucketEntry(entry, &record));
}

void test_bucket_add_hot(test_bucket *bucket, const sx_HotArchiveBucketEntry *entry)
{
    sx_buf record;
    sx_buf_init(&record);
    add_encoded(bucket, &record, sx_encode_HotArchiveBucketEntry(entry, &record));
}

static int make_parents(const char *path)
{
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", path);
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return 0;
}

int test_write_gz(const char *dir, const char *key, const uint8_t *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, key);
    if (make_parents(path) != 0)
        return -1;
    gzFile f = gzopen(path, "wb");
    if (!f)
        return -1;
    int ok = len == 0 || gzwrite(f, data, (unsigned)len) == (int)len;
    return gzclose(f) == Z_OK && ok ? 0 : -1;
}

int test_write_text(const char *dir, const char *key, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, key);
    if (make_parents(path) != 0)
        return -1;
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f) == 0 ? 0 : -1;
}

static void hex(char out[65], const uint8_t hash[32])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", hash[i]);
}

int test_bucket_write(test_bucket *bucket, const char *dir)
{
    sha256(bucket->raw.data, bucket->raw.len, bucket->hash);
    char h[65], key[256];
    hex(h, bucket->hash);
    snprintf(key, sizeof key, "bucket/%.2s/%.2s/%.2s/bucket-%s.xdr.gz", h, h + 2, h + 4, h);
    return test_write_gz(dir, key, bucket->raw.data, bucket->raw.len);
}

static void levels_json(char *out, size_t size, const uint8_t (*levels)[2][32])
{
    size_t used = 0;
    for (int i = 0; i < 11; i++) {
        char curr[65], snap[65];
        hex(curr, levels[i][0]);
        hex(snap, levels[i][1]);
        used += (size_t)snprintf(out + used, size - used,
                                 "%s\n  {\"curr\": \"%s\", \"next\": {\"state\": 0}, \"snap\": \"%s\"}",
                                 i ? "," : "", curr, snap);
    }
}

char *test_state_json(uint32_t ledger, const uint8_t (*live)[2][32], const uint8_t (*hot)[2][32])
{
    size_t size = 16384;
    char *text = malloc(size), live_text[4096], hot_text[4096];
    levels_json(live_text, sizeof live_text, live);
    if (hot) {
        levels_json(hot_text, sizeof hot_text, hot);
        snprintf(text, size, "{\n\"version\": 2, \"server\": \"test\", \"currentLedger\": %u,\n"
                 "\"networkPassphrase\": \"Test SDF Network ; September 2015\",\n"
                 "\"currentBuckets\": [%s],\n\"hotArchiveBuckets\": [%s]\n}\n", ledger,
                 live_text, hot_text);
    } else {
        snprintf(text, size, "{\n\"version\": 1, \"server\": \"test\", \"currentLedger\": %u,\n"
                 "\"currentBuckets\": [%s]\n}\n", ledger, live_text);
    }
    return text;
}

static void list_hash(const uint8_t (*levels)[2][32], uint8_t out[32])
{
    uint8_t level_hashes[11][32];
    for (int i = 0; i < 11; i++)
        sha256(levels[i], 64, level_hashes[i]); /* curr || snap, adjacent */
    sha256(level_hashes, sizeof level_hashes, out);
}

void test_bucket_list_hash(const uint8_t (*live)[2][32], const uint8_t (*hot)[2][32],
                           uint32_t protocol, uint8_t out[32])
{
    static const uint8_t empty[11][2][32];
    uint8_t both[2][32];
    list_hash(live, both[0]);
    if (protocol < 23) {
        memcpy(out, both[0], 32);
        return;
    }
    list_hash(hot ? hot : empty, both[1]);
    sha256(both, sizeof both, out);
}

int test_write_headers(const char *dir, uint32_t checkpoint, uint32_t protocol,
                       const uint8_t bucket_list_hash[32])
{
    static const uint8_t zero[32], upgrade_free[32] = {7};
    sx_buf file, record;
    sx_buf_init(&file);
    sx_buf_init(&record);
    uint8_t previous[32] = {0};
    for (uint32_t seq = checkpoint - 1; seq <= checkpoint; seq++) {
        sx_LedgerHeaderHistoryEntry entry;
        memset(&entry, 0, sizeof entry);
        entry.header.ledgerVersion = protocol;
        entry.header.previousLedgerHash = previous;
        entry.header.scpValue.txSetHash = upgrade_free;
        entry.header.scpValue.closeTime = 1700000000u + seq * 5;
        entry.header.txSetResultHash = zero;
        entry.header.bucketListHash = seq == checkpoint ? bucket_list_hash : zero;
        entry.header.ledgerSeq = seq;
        entry.header.totalCoins = 1000000000000000000;
        entry.header.baseFee = 100;
        entry.header.baseReserve = 5000000;
        entry.header.maxTxSetSize = 100;
        for (int i = 0; i < 4; i++)
            entry.header.skipList[i] = zero;
        sx_buf header;
        sx_buf_init(&header);
        if (sx_encode_LedgerHeader(&entry.header, &header) != 0)
            abort();
        uint8_t hash[32];
        sha256(header.data, header.len, hash);
        sx_buf_free(&header);
        entry.hash = hash;
        record.len = 0;
        if (sx_encode_LedgerHeaderHistoryEntry(&entry, &record) != 0)
            abort();
        frame(&file, &record);
        memcpy(previous, hash, 32);
    }
    char key[256];
    snprintf(key, sizeof key, "ledger/%02x/%02x/%02x/ledger-%08x.xdr.gz", checkpoint >> 24,
             checkpoint >> 16 & 0xff, checkpoint >> 8 & 0xff, checkpoint);
    int result = test_write_gz(dir, key, file.data, file.len);
    sx_buf_free(&file);
    sx_buf_free(&record);
    return result;
}
