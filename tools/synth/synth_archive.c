/* synth_archive.c — the history archive of sluice-synth --archive: genesis
 * and window buckets, their merged blocks, the state files, the header
 * files and the state dumps (see synth_archive.h). */
#include "config.h"

#include "synth_archive.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The world's entries are built in the archive's own arena and buffer, so
 * that the ledger being built (in the generator's) is left alone. */
typedef struct entry_writer {
    synth_ctx ctx;
    synth_records *out;
    sx_buf record;
    char *why;
    size_t why_size;
    int dead_free;                /* not in a bucket: write bare LedgerEntry records */
} entry_writer;

static void checkpoint_key(char *out, size_t size, const char *kind, uint32_t checkpoint)
{
    snprintf(out, size, "%s/%02x/%02x/%02x/%s-%08x.%s", kind, checkpoint >> 24, checkpoint >> 16 & 0xff,
             checkpoint >> 8 & 0xff, kind, checkpoint, strcmp(kind, "history") ? "xdr.gz" : "json");
}

int synth_is_checkpoint(uint32_t seq)
{
    return (seq + 1) % SYNTH_CHECKPOINT_FREQUENCY == 0;
}

static int writer_start(entry_writer *w, synth_ctx *ctx, synth_records *out, char *why, size_t why_size)
{
    w->ctx = *ctx;
    w->ctx.journal = NULL;
    w->ctx.events = NULL;
    w->ctx.arena = sx_arena_new(1 << 16);
    sx_buf_init(&w->ctx.scratch);
    sx_buf_init(&w->record);
    w->out = out;
    w->why = why;
    w->why_size = why_size;
    w->dead_free = 0;
    if (w->ctx.arena == NULL) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    return 0;
}

static void writer_end(entry_writer *w)
{
    sx_arena_free(w->ctx.arena);
    sx_buf_free(&w->ctx.scratch);
    sx_buf_free(&w->record);
}

/* Writes the world's entry ref as a BucketEntry of type (or, dead_free, as
 * a bare LedgerEntry). */
static int write_entry(entry_writer *w, synth_ref ref, int type)
{
    sx_arena_reset(w->ctx.arena);
    sx_BucketEntry entry;
    memset(&entry, 0, sizeof entry);
    entry.type = type;
    synth_entry(&w->ctx, ref, &entry.liveEntry);
    if (!w->dead_free)
        return synth_records_put_bucket_entry(w->out, &entry, w->why, w->why_size);
    w->record.len = 0;
    if (sx_encode_LedgerEntry(&entry.liveEntry, &w->record) != 0) {
        snprintf(w->why, w->why_size, "a LedgerEntry did not encode");
        return -1;
    }
    return synth_records_put(w->out, w->record.data, w->record.len, w->why, w->why_size);
}

static int write_live(void *arg, synth_ref ref)
{
    return write_entry(arg, ref, SX_LIVEENTRY);
}

/* The window's bucket: each key the journal noted, as it is now. */
static int write_window(entry_writer *w, synth_journal *journal)
{
    synth_journal_sort(journal);
    for (size_t i = 0; i < journal->count; i++) {
        const synth_journal_item *item = &journal->items[i];
        const uint8_t *key = journal->keys + item->key_at;
        int live = synth_ref_exists(w->ctx.world, item->ref);
        if (live) {
            sx_LedgerKey now;
            sx_arena_reset(w->ctx.arena);
            synth_key(&w->ctx, item->ref, &now);
            w->record.len = 0;
            if (sx_encode_LedgerKey(&now, &w->record) != 0) {
                snprintf(w->why, w->why_size, "a LedgerKey did not encode");
                return -1;
            }
            live = synth_key_compare(w->record.data, w->record.len, key, item->key_len) == 0;
        }
        int rc = 0;
        if (live) {
            rc = write_entry(w, item->ref, item->created ? SX_INITENTRY : SX_LIVEENTRY);
        } else if (!item->created) { /* created and removed in the window: nothing */
            static const uint8_t dead[4] = {0, 0, 0, SX_DEADENTRY};
            w->record.len = 0;
            if (sx_buf_put(&w->record, dead, 4) != 0 || sx_buf_put(&w->record, key, item->key_len) != 0) {
                snprintf(w->why, w->why_size, "out of memory");
                return -1;
            }
            rc = synth_records_put(w->out, w->record.data, w->record.len, w->why, w->why_size);
        }
        if (rc != 0)
            return rc;
    }
    synth_journal_clear(journal);
    return 0;
}

/* A bucket made by fill(w, arg) over the world; its hash in hash. */
static int make_bucket(synth_archive *archive, synth_ctx *ctx, int (*fill)(entry_writer *w, void *arg),
                       void *arg, uint8_t hash[32], char *why, size_t why_size)
{
    synth_records bucket;
    entry_writer w;
    if (synth_bucket_open(&bucket, archive->dir, archive->protocol, why, why_size) != 0)
        return -1;
    int rc = writer_start(&w, ctx, &bucket, why, why_size);
    if (rc == 0)
        rc = fill(&w, arg);
    writer_end(&w);
    if (rc != 0) {
        synth_records_discard(&bucket);
        return -1;
    }
    if (synth_bucket_commit(&bucket, archive->dir, hash, why, why_size) != 0)
        return -1;
    archive->buckets_written++;
    return 0;
}

static int fill_world(entry_writer *w, void *arg)
{
    (void)arg;
    return synth_world_each(w->ctx.world, write_live, w);
}

static int fill_window(entry_writer *w, void *arg)
{
    return write_window(w, arg);
}

int synth_archive_open(synth_archive *archive, synth_ctx *ctx, const char *dir, const char *dump_dir,
                       const char *passphrase, uint32_t protocol, char *why, size_t why_size)
{
    memset(archive, 0, sizeof *archive);
    archive->dir = dir;
    archive->dump_dir = dump_dir;
    archive->passphrase = passphrase;
    archive->protocol = protocol;
    synth_journal_init(&archive->journal);
    return make_bucket(archive, ctx, fill_world, NULL, archive->genesis, why, why_size);
}

/* The live list at window n: level, 0 curr / 1 snap. */
static void live_levels(const synth_archive *archive, uint32_t n, uint8_t levels[SYNTH_LEVELS][2][32])
{
    memset(levels, 0, SYNTH_LEVELS * 2 * 32);
    for (unsigned k = 0; k < SYNTH_BLOCKS; k++)
        if (n >> k & 1)
            memcpy(levels[k / 2][k % 2], archive->blocks[k], 32);
    memcpy(levels[SYNTH_LEVELS - 1][1], archive->genesis, 32);
}

static void list_hash(const uint8_t levels[SYNTH_LEVELS][2][32], uint8_t out[32])
{
    sha256_ctx list;
    sha256_init(&list);
    for (unsigned i = 0; i < SYNTH_LEVELS; i++) {
        uint8_t level[32];
        sha256(levels[i], 64, level);
        sha256_update(&list, level, 32);
    }
    sha256_final(&list, out);
}

static json_t *levels_json(const uint8_t levels[SYNTH_LEVELS][2][32])
{
    json_t *array = json_array();
    for (unsigned i = 0; array && i < SYNTH_LEVELS; i++) {
        char curr[65], snap[65];
        for (int b = 0; b < 32; b++) {
            snprintf(curr + 2 * b, 3, "%02x", levels[i][0][b]);
            snprintf(snap + 2 * b, 3, "%02x", levels[i][1][b]);
        }
        json_array_append_new(array, json_pack("{s:s, s:{s:i}, s:s}", "curr", curr, "next", "state", 0,
                                               "snap", snap));
    }
    return array;
}

/* The History Archive State at checkpoint, to dir/key. */
static int write_state(const synth_archive *archive, uint32_t checkpoint, const char *key, char *why,
                       size_t why_size)
{
    uint8_t levels[SYNTH_LEVELS][2][32], empty[SYNTH_LEVELS][2][32] = {{{0}}};
    live_levels(archive, (checkpoint + 1) / SYNTH_CHECKPOINT_FREQUENCY, levels);
    int hot = archive->protocol >= 23;
    json_t *root = json_pack("{s:i, s:s, s:I, s:s, s:o}", "version", hot ? 2 : 1, "server", "sluice-synth",
                             "currentLedger", (json_int_t)checkpoint, "networkPassphrase",
                             archive->passphrase, "currentBuckets", levels_json(levels));
    if (root && hot)
        json_object_set_new(root, "hotArchiveBuckets", levels_json(empty));
    char path[4096], temporary[4200];
    snprintf(path, sizeof path, "%s/%s", archive->dir, key);
    snprintf(temporary, sizeof temporary, "%s.tmp", path);
    int rc = root && synth_make_parents(path, why, why_size) == 0 &&
                     json_dump_file(root, temporary, JSON_INDENT(4)) == 0 && rename(temporary, path) == 0
                 ? 0 : -1;
    if (rc != 0 && root)
        snprintf(why, why_size, "%s: cannot write the archive state: %s", path, strerror(errno));
    else if (rc != 0)
        snprintf(why, why_size, "%s: out of memory", path);
    json_decref(root);
    return rc;
}

/* dump_dir/state-XXXXXXXX.xdr: the world's entries as framed LedgerEntry
 * records (uncompressed), for the tests to compare with the archive. */
static int write_dump(synth_archive *archive, synth_ctx *ctx, uint32_t checkpoint, char *why, size_t why_size)
{
    char key[64];
    snprintf(key, sizeof key, "state-%08x.xdr.gz", checkpoint);
    synth_records dump;
    entry_writer w;
    if (synth_records_open(&dump, archive->dump_dir, why, why_size) != 0)
        return -1;
    int rc = writer_start(&w, ctx, &dump, why, why_size);
    w.dead_free = 1;
    if (rc == 0)
        rc = synth_world_each(ctx->world, write_live, &w);
    writer_end(&w);
    if (rc != 0) {
        synth_records_discard(&dump);
        return -1;
    }
    return synth_records_commit(&dump, archive->dump_dir, key, why, why_size);
}

int synth_archive_checkpoint(synth_archive *archive, synth_ctx *ctx, uint8_t bucket_list_hash[32],
                             char *why, size_t why_size)
{
    uint32_t n = (ctx->seq + 1) / SYNTH_CHECKPOINT_FREQUENCY;
    if (n >> SYNTH_BLOCKS) {
        snprintf(why, why_size, "ledger %u: the archive's levels end at ledger %u", ctx->seq,
                 (1u << SYNTH_BLOCKS) * SYNTH_CHECKPOINT_FREQUENCY - 1);
        return -1;
    }
    uint8_t block[32];
    if (make_bucket(archive, ctx, fill_window, &archive->journal, block, why, why_size) != 0)
        return -1;
    /* block k ends here when 2^k divides n: the merge of the older half
     * (the last block k - 1) and the newer (the one just made) */
    unsigned k = 0;
    while (k + 1 < SYNTH_BLOCKS && n % (1u << (k + 1)) == 0) {
        uint8_t older[32];
        memcpy(older, archive->blocks[k], 32);
        memcpy(archive->blocks[k], block, 32);
        if (synth_bucket_merge(archive->dir, archive->protocol, older, archive->blocks[k], block, why,
                               why_size) != 0)
            return -1;
        archive->buckets_written++;
        k++;
    }
    memcpy(archive->blocks[k], block, 32);

    uint8_t levels[SYNTH_LEVELS][2][32], both[64];
    live_levels(archive, n, levels);
    list_hash(levels, both);
    if (archive->protocol >= 23) { /* the header commits to the live and hot archive lists */
        uint8_t empty[SYNTH_LEVELS][2][32] = {{{0}}};
        list_hash(empty, both + 32);
        sha256(both, 64, bucket_list_hash);
    } else {
        memcpy(bucket_list_hash, both, 32);
    }
    char key[128];
    checkpoint_key(key, sizeof key, "history", ctx->seq);
    if (write_state(archive, ctx->seq, key, why, why_size) != 0)
        return -1;
    archive->checkpoints++;
    return archive->dump_dir ? write_dump(archive, ctx, ctx->seq, why, why_size) : 0;
}

int synth_archive_header(synth_archive *archive, uint32_t seq, const uint8_t *entry, size_t len,
                         char *why, size_t why_size)
{
    if (!archive->headers_open) {
        if (synth_records_open(&archive->headers, archive->dir, why, why_size) != 0)
            return -1;
        archive->headers_open = 1;
    }
    if (synth_records_put(&archive->headers, entry, len, why, why_size) != 0)
        return -1;
    if (!synth_is_checkpoint(seq))
        return 0;
    char key[128];
    checkpoint_key(key, sizeof key, "ledger", seq);
    archive->headers_open = 0;
    if (synth_records_commit(&archive->headers, archive->dir, key, why, why_size) != 0)
        return -1;
    return write_state(archive, seq, ".well-known/stellar-history.json", why, why_size);
}

void synth_archive_close(synth_archive *archive)
{
    if (archive->headers_open)
        synth_records_discard(&archive->headers);
    archive->headers_open = 0;
    synth_journal_free(&archive->journal);
}
