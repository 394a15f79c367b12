/* test_history_reader.c — the history-archive reader over small archives
 * written here (archive_writer.h): buckets on several levels with LIVE,
 * INIT, DEAD and META entries and shadowed keys, the state files and the
 * checkpoint's header with the bucket list hash stellar-core would commit
 * to.  The merged entries must be exactly the expected ones; a bucket
 * whose content does not match its name, a missing bucket, a header whose
 * bucket list hash does not match, and other faults must be refused,
 * naming the file. */
#include "config.h"

#include "archive_store.h"
#include "archive_writer.h"
#include "history_reader.h"
#include "testlib.h"

#include <stdlib.h>
#include <unistd.h>

#define CHECKPOINT 127u
#define PROTOCOL 23u

static uint8_t account_ids[8192][32];
static const uint8_t thresholds[4] = {1, 0, 0, 0};

/* The entry of account number id with balance. */
static sx_LedgerEntry account(uint32_t id, int64_t balance)
{
    memset(account_ids[id], 0, 32);
    memcpy(account_ids[id], &id, sizeof id);
    account_ids[id][31] = 0xa5;
    sx_LedgerEntry entry;
    memset(&entry, 0, sizeof entry);
    entry.lastModifiedLedgerSeq = 100;
    entry.data.type = SX_ACCOUNT;
    entry.data.account.accountID.type = SX_PUBLIC_KEY_TYPE_ED25519;
    entry.data.account.accountID.ed25519 = account_ids[id];
    entry.data.account.balance = balance;
    entry.data.account.seqNum = (int64_t)id << 32;
    entry.data.account.thresholds = thresholds;
    return entry;
}

static void add_live(test_bucket *bucket, int type, uint32_t id, int64_t balance)
{
    sx_BucketEntry entry = {.type = type};
    entry.liveEntry = account(id, balance);
    test_bucket_add(bucket, &entry);
}

static void add_dead(test_bucket *bucket, uint32_t id)
{
    sx_LedgerEntry entry = account(id, 0);
    sx_BucketEntry dead = {.type = SX_DEADENTRY};
    dead.deadEntry.type = SX_ACCOUNT;
    dead.deadEntry.account.accountID = entry.data.account.accountID;
    test_bucket_add(bucket, &dead);
}

static void add_meta(test_bucket *bucket, uint32_t protocol)
{
    sx_BucketEntry meta = {.type = SX_METAENTRY};
    meta.metaEntry.ledgerVersion = protocol;
    if (protocol >= 23) {
        meta.metaEntry.ext.v = 1;
        meta.metaEntry.ext.bucketListType = SX_LIVE;
    }
    test_bucket_add(bucket, &meta);
}

/* A hot archive record: its METAENTRY (id 0), ARCHIVED entry or LIVE key. */
static void add_hot(test_bucket *bucket, int type, uint32_t id, int64_t balance)
{
    sx_HotArchiveBucketEntry entry = {.type = type};
    sx_LedgerEntry archived = account(id, balance);
    if (type == SX_HOT_ARCHIVE_METAENTRY) {
        entry.metaEntry.ledgerVersion = PROTOCOL;
        entry.metaEntry.ext.v = 1;
        entry.metaEntry.ext.bucketListType = SX_HOT_ARCHIVE;
    } else if (type == SX_HOT_ARCHIVE_ARCHIVED) {
        entry.archivedEntry = archived;
    } else {
        entry.key.type = SX_ACCOUNT;
        entry.key.account.accountID = archived.data.account.accountID;
    }
    test_bucket_add_hot(bucket, &entry);
}

/* What the archive's buckets are, newest first. */
typedef struct archive_plan {
    int init_without_meta;  /* level 1 snap: an INITENTRY, no METAENTRY */
    int meta_second;        /* level 0 curr: the METAENTRY after an entry */
    uint32_t many;          /* level 0 curr also holds accounts 1000.. 1000+many */
    int wrong_header_hash;
    int version_1;          /* a version 1 state, protocol 22 header */
} archive_plan;

typedef struct archive {
    char dir[256];
    uint8_t live[11][2][32];
    uint8_t hot[11][2][32];
} archive;

/* Level 0 curr: LIVE 1 (balance 13), DEAD 2, INIT 5
 * level 0 snap: LIVE 3 (12), LIVE 1 (12: shadowed)
 * level 1 curr: empty
 * level 1 snap: DEAD 4, LIVE 6 (61)
 * level 3 snap: (no METAENTRY, as before protocol 11) LIVE 1, 2, 3, 4 (shadowed or dead), LIVE 7
 * merged: 1 (13), 5 (50, init), 3 (12), 6 (61), 7 (70). */
static void build(archive *a, const archive_plan *plan)
{
    memset(a, 0, sizeof *a);
    snprintf(a->dir, sizeof a->dir, "/tmp/history-reader-XXXXXX");
    if (!mkdtemp(a->dir))
        exit(99);
    uint32_t protocol = plan->version_1 ? 22 : PROTOCOL;
    test_bucket b;

    test_bucket_init(&b);
    if (!plan->meta_second)
        add_meta(&b, protocol);
    add_live(&b, SX_LIVEENTRY, 1, 13);
    if (plan->meta_second)
        add_meta(&b, protocol);
    add_dead(&b, 2);
    add_live(&b, SX_INITENTRY, 5, 50);
    for (uint32_t i = 0; i < plan->many; i++)
        add_live(&b, SX_INITENTRY, 1000 + i, 1);
    test_bucket_write(&b, a->dir);
    memcpy(a->live[0][0], b.hash, 32);
    test_bucket_free(&b);

    test_bucket_init(&b);
    add_meta(&b, protocol);
    add_live(&b, SX_LIVEENTRY, 3, 12);
    add_live(&b, SX_LIVEENTRY, 1, 12);
    test_bucket_write(&b, a->dir);
    memcpy(a->live[0][1], b.hash, 32);
    test_bucket_free(&b);

    test_bucket_init(&b);
    if (plan->init_without_meta)
        add_live(&b, SX_INITENTRY, 6, 61);
    else {
        add_meta(&b, 20);
        add_dead(&b, 4);
        add_live(&b, SX_LIVEENTRY, 6, 61);
    }
    test_bucket_write(&b, a->dir);
    memcpy(a->live[1][1], b.hash, 32);
    test_bucket_free(&b);

    test_bucket_init(&b);
    for (uint32_t id = 1; id <= 4; id++)
        add_live(&b, SX_LIVEENTRY, id, 1);
    add_live(&b, SX_LIVEENTRY, 7, 70);
    test_bucket_write(&b, a->dir);
    memcpy(a->live[3][1], b.hash, 32);
    test_bucket_free(&b);

    /* the hot archive list: level 0 curr ARCHIVED 10 (2), LIVE 11;
     * level 2 curr ARCHIVED 10 (1: shadowed), 11 (restored since), 12 (12) */
    test_bucket_init(&b);
    add_hot(&b, SX_HOT_ARCHIVE_METAENTRY, 0, 0);
    add_hot(&b, SX_HOT_ARCHIVE_ARCHIVED, 10, 2);
    add_hot(&b, SX_HOT_ARCHIVE_LIVE, 11, 0);
    test_bucket_write(&b, a->dir);
    memcpy(a->hot[0][0], b.hash, 32);
    test_bucket_free(&b);
    test_bucket_init(&b);
    add_hot(&b, SX_HOT_ARCHIVE_METAENTRY, 0, 0);
    for (uint32_t id = 10; id <= 12; id++)
        add_hot(&b, SX_HOT_ARCHIVE_ARCHIVED, id, id == 10 ? 1 : id);
    test_bucket_write(&b, a->dir);
    memcpy(a->hot[2][0], b.hash, 32);
    test_bucket_free(&b);
    const uint8_t (*hot)[2][32] = plan->version_1 ? NULL : a->hot;

    char *state = test_state_json(CHECKPOINT, a->live, hot);
    test_write_text(a->dir, "history/00/00/00/history-0000007f.json", state);
    test_write_text(a->dir, ".well-known/stellar-history.json", state);
    free(state);
    uint8_t hash[32];
    test_bucket_list_hash(a->live, hot, protocol, hash);
    if (plan->wrong_header_hash)
        hash[5] ^= 1;
    test_write_headers(a->dir, CHECKPOINT, protocol, hash);
}

static void discard(archive *a)
{
    char command[512];
    snprintf(command, sizeof command, "rm -rf '%s'", a->dir);
    if (system(command) != 0)
        fprintf(stderr, "could not remove %s\n", a->dir);
}

static int progress_calls;
static history_progress last_progress;

static void on_progress(void *context, const history_progress *progress)
{
    (void)context;
    progress_calls++;
    last_progress = *progress;
}

typedef struct read_result {
    int opened;
    int ended;                /* 0 from next: every bucket read and checked */
    char why[2048];
    uint32_t ids[8192];
    int64_t balances[8192];
    int init[8192];
    unsigned level[8192];
    size_t count;
} read_result;

static void read_list(const archive *a, uint32_t checkpoint, size_t budget, int hot_archive,
                      read_result *out)
{
    memset(out, 0, sizeof *out);
    store_settings settings = {.path = a->dir};
    archive_store *store = NULL;
    store_session *session = NULL;
    if (archive_store_open(&store, &settings, out->why, sizeof out->why) != 0 ||
        !(session = store_session_open(store, out->why, sizeof out->why)))
        exit(99);
    history_reader_settings reader_settings = {.key_budget = budget, .hot_archive = hot_archive,
                                               .progress = on_progress};
    history_reader *reader = NULL;
    progress_calls = 0;
    if (history_reader_open(&reader, session, checkpoint, &reader_settings, out->why,
                            sizeof out->why) == 0) {
        out->opened = 1;
        history_entry entry;
        int more;
        while ((more = history_reader_next(reader, &entry, out->why, sizeof out->why)) == 1) {
            /* the raw XDR is the decoded entry's */
            sx_buf encoded;
            sx_buf_init(&encoded);
            CHECK(sx_encode_LedgerEntry(entry.entry, &encoded) == 0 && encoded.len == entry.len &&
                  !memcmp(encoded.data, entry.xdr, entry.len));
            sx_buf_free(&encoded);
            uint32_t id;
            memcpy(&id, entry.entry->data.account.accountID.ed25519, sizeof id);
            out->ids[out->count] = id;
            out->balances[out->count] = entry.entry->data.account.balance;
            out->init[out->count] = entry.init;
            out->level[out->count] = entry.level * 2 + (unsigned)entry.snap;
            out->count++;
        }
        out->ended = more == 0;
        if (!out->ended)
            fprintf(stderr, "refused: %s\n", out->why);
        char again[2048];
        CHECK(history_reader_next(reader, &entry, again, sizeof again) == (more ? -1 : 0));
    } else {
        fprintf(stderr, "refused: %s\n", out->why);
    }
    history_reader_close(reader);
    store_session_close(session);
    archive_store_close(store);
}

/* The live list's entries. */
static void read_all(const archive *a, uint32_t checkpoint, size_t budget, read_result *out)
{
    read_list(a, checkpoint, budget, 0, out);
}

/* Reading a's list (the live one, or the hot archive's) must open and then
 * fail, the reason naming file (when not NULL) and saying expected. */
static void expect_refused_while_reading(const archive *a, int hot_archive, const char *file,
                                         const char *expected)
{
    static read_result r;
    read_list(a, CHECKPOINT, 0, hot_archive, &r);
    CHECK(r.opened && !r.ended);
    if (file)
        CHECK_STR_CONTAINS(r.why, file);
    CHECK_STR_CONTAINS(r.why, expected);
}

/* Opening a's state must fail, saying expected. */
static void expect_refused_at_open(const archive *a, const char *expected)
{
    static read_result r;
    read_all(a, CHECKPOINT, 0, &r);
    CHECK(!r.opened && r.count == 0);
    CHECK_STR_CONTAINS(r.why, expected);
}

static void test_merged_entries(void)
{
    archive a;
    read_result r;
    build(&a, &(archive_plan){0});
    read_all(&a, CHECKPOINT, 0, &r);
    CHECK_MSG(r.opened && r.ended, "%s", r.why);
    static const uint32_t ids[] = {1, 5, 3, 6, 7};
    static const int64_t balances[] = {13, 50, 12, 61, 70};
    static const unsigned where[] = {0, 0, 1, 3, 7}; /* level * 2 + snap */
    CHECK_MSG(r.count == 5, "%zu entries", r.count);
    for (size_t i = 0; i < 5 && i < r.count; i++) {
        CHECK_MSG(r.ids[i] == ids[i] && r.balances[i] == balances[i] && r.level[i] == where[i],
                  "entry %zu: account %u balance %lld from %u", i, r.ids[i],
                  (long long)r.balances[i], r.level[i]);
        CHECK(r.init[i] == (ids[i] == 5));
    }
    CHECK(last_progress.buckets_total == 4 && last_progress.buckets_done == 4);
    CHECK(last_progress.records_read == 3 + 1 + 2 + 1 + 2 + 1 + 5 && last_progress.entries_out == 5);
    CHECK(progress_calls == 8); /* each bucket's start and end */
    /* 0: the latest checkpoint, from the root state */
    read_all(&a, 0, 0, &r);
    CHECK_MSG(r.opened && r.ended && r.count == 5, "%s", r.why);
    /* not a checkpoint */
    read_all(&a, 126, 0, &r);
    CHECK(!r.opened);
    CHECK_STR_CONTAINS(r.why, "ledger 126 is not a checkpoint (the next one is 127)");
    discard(&a);
}

static void test_version_1_before_protocol_23(void)
{
    archive a;
    read_result r;
    build(&a, &(archive_plan){.version_1 = 1});
    read_all(&a, CHECKPOINT, 0, &r);
    CHECK_MSG(r.opened && r.ended && r.count == 5, "%s", r.why);
    discard(&a);
}

static void test_hot_archive(void)
{
    archive a;
    read_result r;
    build(&a, &(archive_plan){0});
    read_list(&a, CHECKPOINT, 0, 1, &r);
    CHECK_MSG(r.opened && r.ended && r.count == 2, "%zu: %s", r.count, r.why);
    CHECK(r.ids[0] == 10 && r.balances[0] == 2 && r.level[0] == 0 && !r.init[0]);
    CHECK(r.ids[1] == 12 && r.balances[1] == 12 && r.level[1] == 4);
    CHECK(last_progress.buckets_total == 2 && last_progress.buckets_done == 2);
    /* a live bucket's metadata in the hot archive list is refused */
    char key[HISTORY_KEY_MAX];
    history_bucket_key(key, a.live[0][1]);
    memcpy(a.hot[0][0], a.live[0][1], 32);
    char *state = test_state_json(CHECKPOINT, a.live, a.hot);
    test_write_text(a.dir, "history/00/00/00/history-0000007f.json", state);
    free(state);
    uint8_t hash[32];
    test_bucket_list_hash(a.live, a.hot, PROTOCOL, hash);
    test_write_headers(a.dir, CHECKPOINT, PROTOCOL, hash);
    expect_refused_while_reading(&a, 1, key, "(level 0 curr): METAENTRY not of a hot archive bucket");
    discard(&a);
}

static void test_bucket_not_matching_its_name(void)
{
    archive a;
    build(&a, &(archive_plan){0});
    /* level 1 snap's file gets other content under the same name */
    char key[HISTORY_KEY_MAX];
    history_bucket_key(key, a.live[1][1]);
    test_bucket b;
    test_bucket_init(&b);
    add_meta(&b, 20);
    add_dead(&b, 4);
    add_live(&b, SX_LIVEENTRY, 6, 1000000);
    CHECK(test_write_gz(a.dir, key, b.raw.data, b.raw.len) == 0);
    test_bucket_free(&b);
    expect_refused_while_reading(&a, 0, key, "(level 1 snap): its content does not match its name");
    discard(&a);
}

static void test_missing_bucket(void)
{
    archive a;
    build(&a, &(archive_plan){0});
    char key[HISTORY_KEY_MAX], path[1024];
    history_bucket_key(key, a.live[3][1]);
    snprintf(path, sizeof path, "%s/%s", a.dir, key);
    CHECK(unlink(path) == 0);
    expect_refused_while_reading(&a, 0, key, "(level 3 snap): missing from the archive");
    discard(&a);
}

static void test_header_hash_mismatch(void)
{
    archive a;
    build(&a, &(archive_plan){.wrong_header_hash = 1});
    expect_refused_at_open(&a, "ledger/00/00/00/ledger-0000007f.xdr.gz: the bucketListHash of "
                               "ledger 127 (protocol 23) is ");
    expect_refused_at_open(&a, "but the buckets history/00/00/00/history-0000007f.json names");
    discard(&a);
}

static void test_missing_state_and_header(void)
{
    archive a;
    char path[1024];
    build(&a, &(archive_plan){0});
    snprintf(path, sizeof path, "%s/ledger/00/00/00/ledger-0000007f.xdr.gz", a.dir);
    CHECK(unlink(path) == 0);
    expect_refused_at_open(&a, "ledger/00/00/00/ledger-0000007f.xdr.gz not found");
    snprintf(path, sizeof path, "%s/history/00/00/00/history-0000007f.json", a.dir);
    CHECK(unlink(path) == 0);
    expect_refused_at_open(&a, "history/00/00/00/history-0000007f.json not found");
    discard(&a);
}

static void test_metadata_rules(void)
{
    archive a;
    build(&a, &(archive_plan){.init_without_meta = 1});
    expect_refused_while_reading(&a, 0, NULL, "(level 1 snap): INITENTRY as record 1 of a "
                                              "bucket without a protocol 11 METAENTRY");
    discard(&a);
    build(&a, &(archive_plan){.meta_second = 1});
    expect_refused_while_reading(&a, 0, NULL,
                                 "(level 0 curr): METAENTRY as record 2 (only the first may be one)");
    discard(&a);
}

static void test_corrupt_gzip(void)
{
    archive a;
    build(&a, &(archive_plan){0});
    char key[HISTORY_KEY_MAX];
    history_bucket_key(key, a.live[0][1]);
    CHECK(test_write_text(a.dir, key, "this is not gzip") == 0);
    expect_refused_while_reading(&a, 0, key, "(level 0 snap): corrupt gzip data");
    discard(&a);
}

static void test_key_budget(void)
{
    archive a;
    read_result r;
    build(&a, &(archive_plan){.many = 4000});
    read_all(&a, CHECKPOINT, 64 * 1024, &r);
    CHECK(r.opened && !r.ended);
    CHECK_STR_CONTAINS(r.why, "(level 0 curr): the keys met so far (3072) fill the key budget "
                              "of 65536 bytes");
    read_all(&a, CHECKPOINT, 1 << 20, &r);
    CHECK_MSG(r.opened && r.ended && r.count == 5 + 4000, "%zu: %s", r.count, r.why);
    discard(&a);
}

int main(void)
{
    RUN_CASE(test_merged_entries());
    RUN_CASE(test_version_1_before_protocol_23());
    RUN_CASE(test_hot_archive());
    RUN_CASE(test_bucket_not_matching_its_name());
    RUN_CASE(test_missing_bucket());
    RUN_CASE(test_header_hash_mismatch());
    RUN_CASE(test_missing_state_and_header());
    RUN_CASE(test_metadata_rules());
    RUN_CASE(test_corrupt_gzip());
    RUN_CASE(test_key_budget());
    return test_finish();
}
