/* history_reader.c — the merged entries of a checkpoint's live (or hot archive)
 * bucket list (see history_reader.h). */
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
    bucket_ref buckets[2 * HISTORY_LEVELS];  /* the list's non-empty ones, newest first */
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
        const history_level *levels =
            reader->settings.hot_archive ? reader->state.hot : reader->state.live;
        const uint8_t *pair[2] = {levels[level].curr, levels[level].snap};
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

/* One record, whichever list: what the merge does with it. */
typedef enum record_kind { RECORD_META, RECORD_ENTRY, RECORD_REMOVE } record_kind;
typedef struct record_view {
    record_kind kind;
    const sx_BucketMetadata *meta;   /* RECORD_META */
    const sx_LedgerEntry *entry;     /* RECORD_ENTRY */
    int init;                        /* RECORD_ENTRY: a live list's INITENTRY */
    const uint8_t *key_xdr;          /* RECORD_REMOVE: the LedgerKey's XDR */
    size_t key_len;
} record_view;

static int decode_failed(const history_reader *reader, const sx_error *error, char *detail,
                         size_t detail_size)
{
    char line[1024];
    snprintf(detail, detail_size, "record %llu: %s", (unsigned long long)reader->stream.records,
             sx_error_format(error, line, sizeof line));
    return -1;
}

/* A live list's BucketEntry. */
static int view_live(history_reader *reader, const uint8_t *record, size_t len,
                     record_view *view, char *detail, size_t detail_size)
{
    sx_BucketEntry *entry = sx_arena_alloc(reader->arena, sizeof *entry);
    sx_error error;
    if (!entry || sx_decode_BucketEntry(record, len, reader->arena, entry, &error) != 0)
        return entry ? decode_failed(reader, &error, detail, detail_size)
                     : (snprintf(detail, detail_size, "out of memory"), -1);
    switch (entry->type) {
    case SX_METAENTRY:
        *view = (record_view){.kind = RECORD_META, .meta = &entry->metaEntry};
        return 0;
    case SX_DEADENTRY:
        *view = (record_view){.kind = RECORD_REMOVE, .key_xdr = record + 4, .key_len = len - 4};
        return 0;
    case SX_INITENTRY:
        if (reader->bucket_protocol < FIRST_PROTOCOL_META) {
            snprintf(detail, detail_size, "INITENTRY as record %llu of a bucket without a "
                     "protocol %u METAENTRY", (unsigned long long)reader->stream.records,
                     FIRST_PROTOCOL_META);
            return -1;
        }
        /* fall through */
    default: /* SX_LIVEENTRY: the decoder checked the discriminant */
        *view = (record_view){.kind = RECORD_ENTRY, .entry = &entry->liveEntry,
                              .init = entry->type == SX_INITENTRY};
        return 0;
    }
}

/* A hot archive list's HotArchiveBucketEntry: ARCHIVED is an entry,
 * LIVE a key restored to the live list (it removes older ARCHIVED ones). */
static int view_hot(history_reader *reader, const uint8_t *record, size_t len,
                    record_view *view, char *detail, size_t detail_size)
{
    sx_HotArchiveBucketEntry *entry = sx_arena_alloc(reader->arena, sizeof *entry);
    sx_error error;
    if (!entry || sx_decode_HotArchiveBucketEntry(record, len, reader->arena, entry, &error))
        return entry ? decode_failed(reader, &error, detail, detail_size)
                     : (snprintf(detail, detail_size, "out of memory"), -1);
    if (entry->type == SX_HOT_ARCHIVE_METAENTRY)
        *view = (record_view){.kind = RECORD_META, .meta = &entry->metaEntry};
    else if (entry->type == SX_HOT_ARCHIVE_LIVE)
        *view = (record_view){.kind = RECORD_REMOVE, .key_xdr = record + 4, .key_len = len - 4};
    else
        *view = (record_view){.kind = RECORD_ENTRY, .entry = &entry->archivedEntry};
    return 0;
}

/* A METAENTRY: first record only, protocol 11 (a hot archive's: 23) to the
 * header's, of this list when it says its list (a hot archive's must). */
static int check_meta(history_reader *reader, const sx_BucketMetadata *meta, char *detail,
                      size_t detail_size)
{
    int hot = reader->settings.hot_archive;
    uint32_t first = hot ? HISTORY_FIRST_PROTOCOL_HOT_ARCHIVE : FIRST_PROTOCOL_META;
    if (reader->stream.records != 1) {
        snprintf(detail, detail_size, "METAENTRY as record %llu (only the first may be one)",
                 (unsigned long long)reader->stream.records);
        return -1;
    }
    if (meta->ledgerVersion < first || meta->ledgerVersion > reader->header.protocol_version) {
        snprintf(detail, detail_size, "METAENTRY of protocol %u (must be %u to the header's %u)",
                 meta->ledgerVersion, first, reader->header.protocol_version);
        return -1;
    }
    if (meta->ext.v == 1 ? meta->ext.bucketListType != (hot ? SX_HOT_ARCHIVE : SX_LIVE) : hot) {
        snprintf(detail, detail_size, "METAENTRY not of a %s bucket",
                 hot ? "hot archive" : "live");
        return -1;
    }
    reader->bucket_protocol = meta->ledgerVersion;
    return 0;
}

/* The key digest of an entry. */
static int entry_digest(history_reader *reader, const sx_LedgerEntry *entry,
                        uint8_t digest[HISTORY_KEY_DIGEST], char *detail, size_t detail_size)
{
    sx_LedgerKey key;
    reader->key_xdr.len = 0;
    if (ledger_key_of_entry(entry, &key) != 0) {
        snprintf(detail, detail_size, "record %llu: an entry of type %d has no key",
                 (unsigned long long)reader->stream.records, (int)key.type);
        return -1;
    }
    if (sx_encode_LedgerKey(&key, &reader->key_xdr) != 0) {
        snprintf(detail, detail_size, "out of memory");
        return -1;
    }
    history_keys_digest(reader->key_xdr.data, reader->key_xdr.len, digest);
    return 0;
}

/* Merge one record: 1 with *entry (an entry to hand out), 0 nothing to
 * hand out (meta, removal, shadowed), -1 with detail. */
static int merge_record(history_reader *reader, const uint8_t *record, size_t len,
                        history_entry *entry, char *detail, size_t detail_size)
{
    record_view view;
    sx_arena_reset(reader->arena); /* the previous entry handed out is done with */
    if ((reader->settings.hot_archive ? view_hot : view_live)(reader, record, len, &view,
                                                               detail, detail_size) != 0)
        return -1;
    if (view.kind == RECORD_META)
        return check_meta(reader, view.meta, detail, detail_size);
    uint8_t digest[HISTORY_KEY_DIGEST];
    if (view.kind == RECORD_REMOVE)
        history_keys_digest(view.key_xdr, view.key_len, digest);
    else if (entry_digest(reader, view.entry, digest, detail, detail_size) != 0)
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
    if (!newest || view.kind == RECORD_REMOVE)
        return 0;
    const bucket_ref *bucket = &reader->buckets[reader->next_bucket - 1];
    *entry = (history_entry){
        .xdr = record + 4, .len = len - 4, .entry = view.entry, .level = bucket->level,
        .snap = bucket->snap, .init = view.init,
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
