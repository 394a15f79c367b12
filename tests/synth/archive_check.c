/* archive_check.c — checks a history archive written by sluice-synth
 * --archive with the history-archive reader (plugins/common/history_*),
 * against what the generator says its world was:
 *
 *   - at every checkpoint, the reader opens the state (its header's bucket
 *     list hash is the levels' hash), reads every bucket (each matching the
 *     SHA-256 its name claims) and the entries it merges are exactly the
 *     generator's own dump of its world at that checkpoint
 *     (--dump-state: DUMP/state-XXXXXXXX.xdr.gz);
 *   - each checkpoint header's hash is the hash of the lake's ledger of
 *     that sequence (the lake and the archive are one hash chain);
 *   - the latest state's buckets hold DEADENTRY and INITENTRY records,
 *     keys shadowed by newer buckets, a METAENTRY first, and span at least
 *     MIN_LEVELS levels.
 *
 * usage: archive_check ARCHIVE DUMP LAKE MIN_LEVELS
 * Prints one line per checkpoint and a summary; exit 0 when all holds. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "archive_store.h"
#include "history_reader.h"
#include "history_stream.h"
#include "testlib.h"
#include "xdr/gen/sx_codec.h"
#include "xdr/ledger_key.h"

typedef struct blob {
    uint8_t *data;
    size_t len;
} blob;

typedef struct blobs {
    blob *items;
    size_t count, cap;
} blobs;

static void *must(void *p)
{
    if (!p) {
        fputs("archive_check: out of memory\n", stderr);
        exit(99);
    }
    return p;
}

static void blobs_add(blobs *list, const uint8_t *data, size_t len)
{
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 1024;
        list->items = must(realloc(list->items, list->cap * sizeof *list->items));
    }
    blob *b = &list->items[list->count++];
    b->data = must(malloc(len ? len : 1));
    memcpy(b->data, data, len);
    b->len = len;
}

static void blobs_free(blobs *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i].data);
    free(list->items);
    memset(list, 0, sizeof *list);
}

static int compare_blobs(const void *a, const void *b)
{
    const blob *x = a, *y = b;
    int order = memcmp(x->data, y->data, x->len < y->len ? x->len : y->len);
    return order ? order : (x->len > y->len) - (x->len < y->len);
}

static void blobs_sort(blobs *list)
{
    if (list->count > 1)
        qsort(list->items, list->count, sizeof *list->items, compare_blobs);
}

/* The whole file at path (NULL when it cannot be opened), read in chunks. */
static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, got;
    uint8_t *data = must(malloc(cap));
    *len = 0;
    while ((got = fread(data + *len, 1, cap - *len, f)) > 0) {
        *len += got;
        if (*len == cap)
            data = must(realloc(data, cap *= 2));
    }
    fclose(f);
    return data;
}

/* The records of a gzip file of framed records, appended to out: 0 or -1. */
static int read_records(const char *path, blobs *out, uint8_t digest[32])
{
    size_t len;
    uint8_t *data = read_file(path, &len);
    if (!data) {
        fprintf(stderr, "%s: cannot read\n", path);
        return -1;
    }
    history_stream stream;
    char why[512];
    int more = history_stream_open(&stream, data, len, why, sizeof why);
    const uint8_t *record;
    size_t record_len;
    while (more == 0 && (more = history_stream_next(&stream, &record, &record_len, why, sizeof why)) == 1) {
        blobs_add(out, record, record_len);
        more = 0;
    }
    if (more == 0 && digest)
        history_stream_digest(&stream, digest);
    if (more != 0)
        fprintf(stderr, "%s: %s\n", path, why);
    history_stream_close(&stream);
    free(data);
    return more;
}

typedef struct checkpoint_header {
    uint32_t seq;
    uint8_t hash[32];
} checkpoint_header;

static checkpoint_header headers[1 << 16];
static size_t header_count;

/* The latest state's buckets: record kinds and keys met in more than one. */
typedef struct bucket_census {
    uint64_t dead, init, live, meta_first, buckets;
    uint64_t shadowed;        /* records whose key a newer bucket also has */
    unsigned levels;          /* levels with a non-empty bucket */
} bucket_census;

static void census_of(const char *dir, const history_state *state, bucket_census *out)
{
    memset(out, 0, sizeof *out);
    blobs seen = {0}; /* the keys of the newer buckets, sorted */
    sx_arena *arena = must(sx_arena_new(1 << 16));
    sx_buf key;
    sx_buf_init(&key);
    for (unsigned slot = 0; slot < 2 * HISTORY_LEVELS; slot++) {
        const uint8_t *hash = slot % 2 ? state->live[slot / 2].snap : state->live[slot / 2].curr;
        if (history_hash_is_zero(hash))
            continue;
        if (slot % 2 == 0 || history_hash_is_zero(state->live[slot / 2].curr))
            out->levels++;
        char name[HISTORY_KEY_MAX], path[4096];
        history_bucket_key(name, hash);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        blobs records = {0}, keys = {0};
        uint8_t digest[32];
        CHECK(read_records(path, &records, digest) == 0);
        CHECK_MSG(memcmp(digest, hash, 32) == 0, "%s: content does not hash to its name", path);
        out->buckets++;
        for (size_t i = 0; i < records.count; i++) {
            sx_BucketEntry entry;
            sx_error error;
            sx_arena_reset(arena);
            CHECK(sx_decode_BucketEntry(records.items[i].data, records.items[i].len, arena, &entry, &error) == 0);
            if (entry.type == SX_METAENTRY) {
                out->meta_first += i == 0;
                continue;
            }
            sx_LedgerKey k;
            if (entry.type == SX_DEADENTRY)
                k = entry.deadEntry;
            else
                CHECK(ledger_key_of_entry(&entry.liveEntry, &k) == 0);
            out->dead += entry.type == SX_DEADENTRY;
            out->init += entry.type == SX_INITENTRY;
            out->live += entry.type == SX_LIVEENTRY;
            key.len = 0;
            CHECK(sx_encode_LedgerKey(&k, &key) == 0);
            blob probe = {key.data, key.len};
            if (seen.count && bsearch(&probe, seen.items, seen.count, sizeof *seen.items, compare_blobs))
                out->shadowed++;
            blobs_add(&keys, key.data, key.len);
        }
        for (size_t i = 0; i < keys.count; i++)
            blobs_add(&seen, keys.items[i].data, keys.items[i].len);
        blobs_sort(&seen);
        blobs_free(&keys);
        blobs_free(&records);
    }
    sx_buf_free(&key);
    sx_arena_free(arena);
    blobs_free(&seen);
}

/* Reads checkpoint with the reader and compares with the dump; keeps the
 * header's hash; with census, counts the state's buckets. */
static void check_checkpoint(store_session *session, const char *archive, const char *dump,
                             uint32_t checkpoint, bucket_census *census)
{
    char why[2048], path[4096];
    history_reader_settings settings = {0};
    history_reader *reader = NULL;
    if (history_reader_open(&reader, session, checkpoint, &settings, why, sizeof why) != 0) {
        CHECK_MSG(0, "checkpoint %u refused: %s", checkpoint, why);
        return;
    }
    blobs read = {0}, dumped = {0};
    history_entry entry;
    int more;
    uint64_t init = 0;
    while ((more = history_reader_next(reader, &entry, why, sizeof why)) == 1) {
        blobs_add(&read, entry.xdr, entry.len);
        init += entry.init != 0;
    }
    CHECK_MSG(more == 0, "checkpoint %u: %s", checkpoint, why);
    const history_header *header = history_reader_header(reader);
    headers[header_count].seq = header->ledger_seq;
    memcpy(headers[header_count].hash, header->hash, 32);
    header_count++;
    if (census)
        census_of(archive, history_reader_state(reader), census);
    snprintf(path, sizeof path, "%s/state-%08x.xdr.gz", dump, checkpoint);
    CHECK(read_records(path, &dumped, NULL) == 0);
    blobs_sort(&read);
    blobs_sort(&dumped);
    size_t same = 0;
    while (same < read.count && same < dumped.count &&
           compare_blobs(&read.items[same], &dumped.items[same]) == 0)
        same++;
    CHECK_MSG(read.count == dumped.count && same == read.count,
              "checkpoint %u: the archive has %zu entries, the world %zu; they agree on the first %zu",
              checkpoint, read.count, dumped.count, same);
    printf("checkpoint %u: %zu entries (%llu INIT) %s the world's\n", checkpoint, read.count,
           (unsigned long long)init, read.count == dumped.count && same == read.count ? "equal" : "differ from");
    blobs_free(&read);
    blobs_free(&dumped);
    history_reader_close(reader);
}

/* The lake's ledger headers at the checkpoints must be the archive's. */
static size_t match_lake_file(const char *path, sx_arena *arena, sx_buf *encoded)
{
    size_t len, matched = 0;
    uint8_t *data = read_file(path, &len);
    unsigned long long size = data ? ZSTD_getFrameContentSize(data, len) : ZSTD_CONTENTSIZE_ERROR;
    CHECK_MSG(size != ZSTD_CONTENTSIZE_ERROR && size != ZSTD_CONTENTSIZE_UNKNOWN, "%s: not zstd", path);
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
        free(data);
        return 0;
    }
    uint8_t *raw = must(malloc(size ? size : 1));
    size_t got = ZSTD_decompress(raw, size, data, len);
    sx_LedgerCloseMetaBatch batch;
    sx_error error;
    sx_arena_reset(arena);
    CHECK(!ZSTD_isError(got) && sx_decode_LedgerCloseMetaBatch(raw, got, arena, &batch, &error) == 0);
    for (size_t i = 0; !ZSTD_isError(got) && i < batch.ledgerCloseMetas.len; i++) {
        const sx_LedgerCloseMeta *lcm = &batch.ledgerCloseMetas.items[i];
        const sx_LedgerHeaderHistoryEntry *h = lcm->v == 2 ? &lcm->v2.ledgerHeader : &lcm->v1.ledgerHeader;
        for (size_t c = 0; c < header_count; c++) {
            if (headers[c].seq != h->header.ledgerSeq)
                continue;
            encoded->len = 0;
            CHECK(sx_encode_LedgerHeader(&h->header, encoded) == 0);
            uint8_t digest[32];
            sha256(encoded->data, encoded->len, digest);
            CHECK_MSG(memcmp(digest, headers[c].hash, 32) == 0 && memcmp(h->hash, digest, 32) == 0,
                      "ledger %u: the lake's header is not the archive's", headers[c].seq);
            matched++;
        }
    }
    free(raw);
    free(data);
    return matched;
}

static size_t match_lake(const char *dir, sx_arena *arena, sx_buf *encoded)
{
    DIR *d = opendir(dir);
    size_t matched = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (strstr(de->d_name, ".xdr.zst"))
            matched += match_lake_file(path, arena, encoded);
        else if (!strchr(de->d_name, '.'))
            matched += match_lake(path, arena, encoded);
    }
    if (d)
        closedir(d);
    return matched;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: archive_check ARCHIVE DUMP LAKE MIN_LEVELS\n");
        return 2;
    }
    const char *archive = argv[1], *dump = argv[2], *lake = argv[3];
    unsigned min_levels = (unsigned)atoi(argv[4]);
    char why[2048];
    store_settings settings = {.path = archive};
    archive_store *store = NULL;
    store_session *session = NULL;
    if (archive_store_open(&store, &settings, why, sizeof why) != 0 ||
        !(session = store_session_open(store, why, sizeof why))) {
        fprintf(stderr, "archive_check: %s\n", why);
        return 99;
    }
    history_state latest;
    CHECK_MSG(history_state_fetch(session, 0, &latest, why, sizeof why) == 0, "%s", why);
    bucket_census census = {0};
    /* from the first checkpoint the generator reached (its --start) */
    uint32_t first = 63;
    char dump_path[4096];
    for (FILE *f = NULL; first < latest.current_ledger; first += 64) {
        snprintf(dump_path, sizeof dump_path, "%s/state-%08x.xdr.gz", dump, first);
        if ((f = fopen(dump_path, "rb")) != NULL) {
            fclose(f);
            break;
        }
    }
    for (uint32_t c = first; c <= latest.current_ledger && header_count < sizeof headers / sizeof *headers;
         c += 64)
        check_checkpoint(session, archive, dump, c, c == latest.current_ledger ? &census : NULL);
    CHECK_MSG(header_count > 0, "no checkpoint read");
    sx_arena *arena = must(sx_arena_new(1 << 20));
    sx_buf encoded;
    sx_buf_init(&encoded);
    size_t matched = match_lake(lake, arena, &encoded);
    sx_buf_free(&encoded);
    sx_arena_free(arena);
    CHECK_MSG(matched == header_count, "%zu of %zu checkpoint headers found in the lake", matched, header_count);
    printf("%zu checkpoints; %zu headers are the lake's; latest: %llu buckets over %u levels, "
           "%llu DEAD, %llu INIT, %llu LIVE, %llu shadowed, %llu start with METAENTRY\n",
           header_count, matched, (unsigned long long)census.buckets, census.levels,
           (unsigned long long)census.dead, (unsigned long long)census.init,
           (unsigned long long)census.live, (unsigned long long)census.shadowed,
           (unsigned long long)census.meta_first);
    CHECK(census.levels >= min_levels);
    CHECK(census.dead > 0 && census.init > 0 && census.shadowed > 0);
    CHECK(census.meta_first == census.buckets);
    store_session_close(session);
    archive_store_close(store);
    return test_finish();
}
