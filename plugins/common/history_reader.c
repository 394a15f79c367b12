/* history_reader.c — the merged live entries of a checkpoint's buckets
 * (see history_reader.h). */
#include "config.h"

#include "history_reader.h"
#include "history_keys.h"
#include "history_stream.h"
#include "stellar/sha256.h"
#include "xdr/gen/sx_codec.h"
#include "xdr/ledger_key.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_PROTOCOL_META 11u       /* CAP-20: METAENTRY and INITENTRY */
#define PROGRESS_EVERY (1u << 20)

typedef struct bucket_ref {
    const uint8_t *hash;              /* into the state */
    unsigned level;
    int snap;
} bucket_ref;

struct history_reader {
    store_session *session;
    history_reader_settings settings;
    history_state state;
    history_header header;
    bucket_ref buckets[2 * HISTORY_LEVELS];  /* the non-empty live ones, newest first */
    unsigned bucket_count;
    unsigned next_bucket;             /* index of the one to open next */
    int open;                         /* a bucket is being read: the one before next_bucket */
    char key[HISTORY_KEY_MAX];        /* its object name */
    text_buffer compressed;
    history_stream stream;
    uint32_t bucket_protocol;         /* its METAENTRY's, 0 without one */
    history_keys keys;
    sx_arena *arena;
    sx_buf key_xdr;
    history_progress progress;
    int failed;
};

static void report_progress(history_reader *reader)
{
    if (reader->settings.progress) {
        reader->progress.keys_held = reader->keys.count;
        reader->progress.key_bytes = history_keys_bytes(&reader->keys);
        reader->settings.progress(reader->settings.context, &reader->progress);
    }
}

/* Read the checkpoint's state and header and check the hash. */
static int open_checkpoint(history_reader *reader, uint32_t checkpoint, char *why,
                           size_t why_size)
{
    if (!checkpoint) {
        history_state root;
        if (history_state_fetch(reader->session, 0, &root, why, why_size) != 0)
            return -1;
        checkpoint = root.current_ledger;
    }
    if (!history_is_checkpoint(checkpoint)) {
        snprintf(why, why_size, "ledger %u is not a checkpoint (the next one is %u)",
                 checkpoint, history_checkpoint_of(checkpoint));
        return -1;
    }
    if (history_state_fetch(reader->session, checkpoint, &reader->state, why, why_size) != 0 ||
        history_header_fetch(reader->session, checkpoint, reader->settings.max_file_bytes,
                             &reader->header, why, why_size) != 0)
        return -1;
    uint8_t committed[32];
    history_committed_hash(&reader->state, reader->header.protocol_version, committed);
    if (memcmp(committed, reader->header.bucket_list_hash, 32) != 0) {
        char ledger_key[HISTORY_KEY_MAX], state_key[HISTORY_KEY_MAX], in_header[65], computed[65];
        history_checkpoint_key(ledger_key, "ledger", checkpoint);
        history_checkpoint_key(state_key, "history", checkpoint);
        history_hex(in_header, reader->header.bucket_list_hash);
        history_hex(computed, committed);
        snprintf(why, why_size, "%s: %s: the bucketListHash of ledger %u (protocol %u) is %s, "
                 "but the buckets %s names hash to %s", store_session_location(reader->session),
                 ledger_key, checkpoint, reader->header.protocol_version, in_header, state_key,
                 computed);
        return -1;
    }
    reader->progress.checkpoint = checkpoint;
    for (unsigned level = 0; level < HISTORY_LEVELS; level++) {
        const uint8_t *pair[2] = {reader->state.live[level].curr, reader->state.live[level].snap};
        for (int snap = 0; snap < 2; snap++)
            if (!history_hash_is_zero(pair[snap]))
                reader->buckets[reader->bucket_count++] = (bucket_ref){pair[snap], level, snap};
    }
    reader->progress.buckets_total = reader->bucket_count;
    return 0;
}

int history_reader_open(history_reader **out, store_session *session, uint32_t checkpoint,
                        const history_reader_settings *settings, char *why, size_t why_size)
{
    *out = NULL;
    history_reader *reader = calloc(1, sizeof *reader);
    if (!reader) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    reader->session = session;
    reader->settings = *settings;
    if (!reader->settings.key_budget)
        reader->settings.key_budget = HISTORY_DEFAULT_KEY_BUDGET;
    if (!reader->settings.max_file_bytes)
        reader->settings.max_file_bytes = HISTORY_DEFAULT_MAX_FILE_BYTES;
    sx_buf_init(&reader->key_xdr);
    if (history_keys_init(&reader->keys, reader->settings.key_budget) != 0 ||
        !(reader->arena = sx_arena_new(1 << 16))) {
        snprintf(why, why_size, "out of memory, or a key budget of %zu bytes (below 64 KiB)",
                 reader->settings.key_budget);
        history_reader_close(reader);
        return -1;
    }
    if (open_checkpoint(reader, checkpoint, why, why_size) != 0) {
        history_reader_close(reader);
        return -1;
    }
    *out = reader;
    return 0;
}

const history_state *history_reader_state(const history_reader *reader)
{
    return &reader->state;
}

const history_header *history_reader_header(const history_reader *reader)
{
    return &reader->header;
}

/* "<location>: bucket/...xdr.gz (level 3 snap): " before a bucket's fault. */
static int bucket_fail(history_reader *reader, const char *detail, char *why, size_t why_size)
{
    const bucket_ref *bucket = &reader->buckets[reader->next_bucket - 1];
    snprintf(why, why_size, "%s: %s (level %u %s): %s", store_session_location(reader->session),
             reader->key, bucket->level, bucket->snap ? "snap" : "curr", detail);
    return -1;
}

static int open_bucket(history_reader *reader, char *why, size_t why_size)
{
    const bucket_ref *bucket = &reader->buckets[reader->next_bucket++];
    char detail[1024];
    history_bucket_key(reader->key, bucket->hash);
    reader->open = 1;
    reader->bucket_protocol = 0;
    reader->progress.bucket = reader->key;
    reader->progress.level = bucket->level;
    reader->progress.snap = bucket->snap;
    report_progress(reader);
    store_result found = store_get(reader->session, reader->key, reader->settings.max_file_bytes,
                                   &reader->compressed, detail, sizeof detail);
    if (found == STORE_MISSING)
        return bucket_fail(reader, "missing from the archive", why, why_size);
    if (found != STORE_FOUND)
        return bucket_fail(reader, detail, why, why_size);
    if (history_stream_open(&reader->stream, (const uint8_t *)reader->compressed.data,
                            reader->compressed.len, detail, sizeof detail) != 0)
        return bucket_fail(reader, detail, why, why_size);
    return 0;
}

/* At a bucket's end: its content must hash to its name. */
static int close_bucket(history_reader *reader, char *why, size_t why_size)
{
    uint8_t digest[32];
    history_stream_digest(&reader->stream, digest);
    history_stream_close(&reader->stream);
    reader->open = 0;
    reader->progress.buckets_done++;
    report_progress(reader);
    if (memcmp(digest, reader->buckets[reader->next_bucket - 1].hash, 32) != 0) {
        char hex[65], detail[160];
        history_hex(hex, digest);
        snprintf(detail, sizeof detail, "its content does not match its name: it hashes to %s",
                 hex);
        return bucket_fail(reader, detail, why, why_size);
    }
    return 0;
}

/* A METAENTRY: first record only, protocol 11 to the header's, list LIVE. */
static int check_meta(history_reader *reader, const sx_BucketMetadata *meta, char *detail,
                      size_t detail_size)
{
    if (reader->stream.records != 1) {
        snprintf(detail, detail_size, "METAENTRY as record %llu (only the first may be one)",
                 (unsigned long long)reader->stream.records);
        return -1;
    }
    if (meta->ledgerVersion < FIRST_PROTOCOL_META ||
        meta->ledgerVersion > reader->header.protocol_version) {
        snprintf(detail, detail_size, "METAENTRY of protocol %u (must be %u to the header's %u)",
                 meta->ledgerVersion, FIRST_PROTOCOL_META, reader->header.protocol_version);
        return -1;
    }
    if (meta->ext.v == 1 && meta->ext.bucketListType != SX_LIVE) {
        snprintf(detail, detail_size, "METAENTRY of a hot archive bucket in the live list");
        return -1;
    }
    reader->bucket_protocol = meta->ledgerVersion;
    return 0;
}

/* The key digest of a LIVE/INIT entry's LedgerEntry. */
static int entry_digest(history_reader *reader, const sx_LedgerEntry *entry,
                        uint8_t digest[HISTORY_KEY_DIGEST], char *detail, size_t detail_size)
{
    sx_LedgerKey key;
    reader->key_xdr.len = 0;
    if (ledger_key_of_entry(entry, &key) != 0 || sx_encode_LedgerKey(&key, &reader->key_xdr)) {
        snprintf(detail, detail_size, "an entry of type %d has no key", (int)key.type);
        return -1;
    }
    history_keys_digest(reader->key_xdr.data, reader->key_xdr.len, digest);
    return 0;
}

/* Merge one record: 1 with *entry (a live entry to hand out), 0 nothing
 * to hand out (meta, dead, shadowed), -1 with detail. */
static int merge_record(history_reader *reader, const uint8_t *record, size_t len,
                        history_entry *entry, char *detail, size_t detail_size)
{
    sx_BucketEntry bucket_entry;
    sx_error error;
    sx_arena_reset(reader->arena);
    if (sx_decode_BucketEntry(record, len, reader->arena, &bucket_entry, &error) != 0) {
        char line[1024];
        snprintf(detail, detail_size, "record %llu: %s",
                 (unsigned long long)reader->stream.records,
                 sx_error_format(&error, line, sizeof line));
        return -1;
    }
    if (bucket_entry.type == SX_METAENTRY)
        return check_meta(reader, &bucket_entry.metaEntry, detail, detail_size);
    if (bucket_entry.type == SX_INITENTRY && reader->bucket_protocol < FIRST_PROTOCOL_META) {
        snprintf(detail, detail_size, "INITENTRY as record %llu of a bucket without a protocol "
                 "%u METAENTRY", (unsigned long long)reader->stream.records, FIRST_PROTOCOL_META);
        return -1;
    }
    uint8_t digest[HISTORY_KEY_DIGEST];
    if (bucket_entry.type == SX_DEADENTRY)
        history_keys_digest(record + 4, len - 4, digest); /* the LedgerKey's XDR */
    else if (entry_digest(reader, &bucket_entry.liveEntry, digest, detail, detail_size) != 0)
        return -1;
    int newest;
    if (reader->next_bucket == reader->bucket_count) { /* the oldest: nothing older to shadow */
        newest = !history_keys_contains(&reader->keys, digest);
    } else if ((newest = history_keys_add(&reader->keys, digest)) < 0) {
        snprintf(detail, detail_size, "the keys met so far (%zu) fill the key budget of %zu "
                 "bytes; raise it to read this checkpoint", reader->keys.count,
                 reader->settings.key_budget);
        return -1;
    }
    if (!newest || bucket_entry.type == SX_DEADENTRY)
        return 0;
    /* handed out decoded: the struct must outlive this call, in the arena */
    sx_LedgerEntry *kept = sx_arena_alloc(reader->arena, sizeof *kept);
    if (!kept) {
        snprintf(detail, detail_size, "out of memory");
        return -1;
    }
    *kept = bucket_entry.liveEntry;
    const bucket_ref *bucket = &reader->buckets[reader->next_bucket - 1];
    *entry = (history_entry){
        .xdr = record + 4, .len = len - 4, .entry = kept, .level = bucket->level,
        .snap = bucket->snap, .init = bucket_entry.type == SX_INITENTRY,
    };
    reader->progress.entries_out++;
    return 1;
}

int history_reader_next(history_reader *reader, history_entry *entry, char *why,
                        size_t why_size)
{
    if (reader->failed) {
        snprintf(why, why_size, "the history reader failed before");
        return -1;
    }
    for (;;) {
        if (!reader->open) {
            if (reader->next_bucket == reader->bucket_count)
                return 0;
            if (open_bucket(reader, why, why_size) != 0)
                break;
        }
        const uint8_t *record;
        size_t len;
        char detail[1024];
        int more = history_stream_next(&reader->stream, &record, &len, detail, sizeof detail);
        if (more < 0) {
            bucket_fail(reader, detail, why, why_size);
            break;
        }
        if (more == 0) {
            if (close_bucket(reader, why, why_size) != 0)
                break;
            continue;
        }
        if (++reader->progress.records_read % PROGRESS_EVERY == 0)
            report_progress(reader);
        int merged = merge_record(reader, record, len, entry, detail, sizeof detail);
        if (merged < 0) {
            bucket_fail(reader, detail, why, why_size);
            break;
        }
        if (merged > 0)
            return 1;
    }
    reader->failed = 1;
    return -1;
}

void history_reader_close(history_reader *reader)
{
    if (!reader)
        return;
    history_stream_close(&reader->stream);
    text_buffer_free(&reader->compressed);
    history_keys_free(&reader->keys);
    sx_arena_free(reader->arena);
    sx_buf_free(&reader->key_xdr);
    free(reader);
}
