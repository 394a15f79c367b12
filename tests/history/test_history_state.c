/* test_history_state.c — History Archive State files (the stellar-go and
 * stellar-core fixtures, version 1 and 2), checkpoint arithmetic and file
 * names, the bucket list hash against the values stellar-go's tests give
 * for the same files (one is pubnet ledger 24088895's real header), and
 * the key set's budget. */
#include "config.h"

#include "history_header.h"
#include "history_keys.h"
#include "history_state.h"
#include "testlib.h"

static char *read_fixture(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", test_fixtures_dir(), name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        exit(99);
    }
    static char text[1 << 20];
    *len = fread(text, 1, sizeof text, f);
    fclose(f);
    return text;
}

/* The state of fixture name, which must parse. */
static void parse_fixture(const char *name, history_state *state)
{
    size_t len;
    const char *text = read_fixture(name, &len);
    char why[512] = "";
    CHECK_MSG(history_state_parse(text, len, state, why, sizeof why) == 0, "%s: %s", name, why);
}

static void test_version_1(void)
{
    history_state state;
    char hex[65];
    parse_fixture("stellar-go/historyarchive/historyV1.json", &state);
    CHECK(state.version == 1);
    CHECK(state.current_ledger == 24088895);
    CHECK(!state.has_hot && state.network_passphrase[0] == '\0');
    uint8_t hash[32];
    history_committed_hash(&state, 12, hash);
    history_hex(hex, hash);
    CHECK_MSG(!strcmp(hex, "fc5fe47af3f5a9b18b278f2a7edbbc641e1934bf68131d9aa5ab7aebb4aa8aa3"),
              "pubnet 24088895 bucket list hash: %s", hex);
}

static void test_version_2(void)
{
    history_state state;
    char hex[65];
    parse_fixture("stellar-go/historyarchive/historyV2.json", &state);
    CHECK(state.version == 2 && state.current_ledger == 6714239 && state.has_hot);
    CHECK(!strcmp(state.network_passphrase, "(V) (;,,;) (V)"));
    CHECK(!strcmp(state.server, "v9.0.1-dirty"));
    history_hex(hex, state.live[1].curr);
    CHECK(!strcmp(hex, "c3131b946b5cadf713ca88d299505fe16572ffeefa083b2858a674452fd8ba76"));
    history_hex(hex, state.live[1].snap);
    CHECK(!strcmp(hex, "e08d65b07ca3cb0999a340247afcf0fedbe1d1e1df6ada0c34422e2d3b905735"));
    uint8_t hash[32];
    history_committed_hash(&state, HISTORY_FIRST_PROTOCOL_HOT_ARCHIVE, hash);
    history_hex(hex, hash);
    CHECK_MSG(!strcmp(hex, "136fa2ef979150e7d5fdbeeaf36f61c9af6016fe5b0f34ebc842301dfca95ebc"),
              "live || hot archive hash: %s", hex);
    /* before protocol 23 the header commits to the live list alone */
    uint8_t live[32];
    history_committed_hash(&state, HISTORY_FIRST_PROTOCOL_HOT_ARCHIVE - 1, live);
    history_list_hash(state.live, hash);
    CHECK(!memcmp(live, hash, 32));
}

static void test_stellar_core_fixtures(void)
{
    static const struct { const char *name; uint32_t ledger; int version, hot; } cases[] = {
        {"stellar-core/history-serialize-tests/stellar-history.testnet.6714239.json", 6714239, 1, 0},
        {"stellar-core/history-serialize-tests/stellar-history.testnet.6714239.networkPassphrase.v2.json",
         6714239, 2, 1},
        {"stellar-core/history-serialize-tests/stellar-history.livenet.15686975.json", 15686975, 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        history_state state;
        parse_fixture(cases[i].name, &state);
        CHECK(state.current_ledger == cases[i].ledger && state.version == cases[i].version &&
              state.has_hot == cases[i].hot);
        CHECK(history_is_checkpoint(state.current_ledger));
    }
}

static void refused(const char *text, const char *expected)
{
    history_state state;
    char why[512] = "";
    CHECK_MSG(history_state_parse(text, strlen(text), &state, why, sizeof why) == -1, "%s", text);
    CHECK_STR_CONTAINS(why, expected);
}

static void test_refusals(void)
{
    static const char zero[] = "\"0000000000000000000000000000000000000000000000000000000000000000\"";
    char levels[4096] = "", ten[4096] = "", bad_hex[4096], text[8192];
    for (int i = 0; i < HISTORY_LEVELS; i++) {
        char level[256];
        snprintf(level, sizeof level, "%s{\"curr\": %s, \"snap\": %s, \"next\": {\"state\": 0}}",
                 i ? ", " : "", zero, zero);
        strcat(levels, level);
        if (i < HISTORY_LEVELS - 1)
            strcat(ten, level);
    }
    snprintf(text, sizeof text, "{\"version\": 1, \"currentLedger\": 63, \"currentBuckets\": [%s]}",
             levels);
    history_state state;
    char why[512] = "";
    CHECK_MSG(history_state_parse(text, strlen(text), &state, why, sizeof why) == 0, "%s", why);
    refused("{\"version\": 1, \"currentLedger\": 63,", "line 1");
    refused("[1, 2]", "not a JSON object");
    snprintf(text, sizeof text, "{\"version\": 3, \"currentLedger\": 63, \"currentBuckets\": [%s]}",
             levels);
    refused(text, "\"version\" must be an integer from 1 to 2, not 3");
    snprintf(text, sizeof text, "{\"version\": 1, \"currentLedger\": \"63\", \"currentBuckets\": [%s]}",
             levels);
    refused(text, "\"currentLedger\" must be an integer from 0 to 4294967295, not a string");
    snprintf(text, sizeof text, "{\"version\": 1, \"currentBuckets\": [%s]}", levels);
    refused(text, "\"currentLedger\" is missing");
    snprintf(text, sizeof text, "{\"version\": 1, \"currentLedger\": 63, \"currentBuckets\": [%s]}",
             ten);
    refused(text, "\"currentBuckets\" must be an array of 11 levels");
    snprintf(bad_hex, sizeof bad_hex, "%s", levels);
    bad_hex[12] = 'g'; /* inside level 0's curr */
    snprintf(text, sizeof text, "{\"version\": 1, \"currentLedger\": 63, \"currentBuckets\": [%s]}",
             bad_hex);
    refused(text, "\"currentBuckets\"[0].\"curr\" holds a character that is not a hex digit");
    snprintf(text, sizeof text, "{\"version\": 2, \"currentLedger\": 63, \"currentBuckets\": [%s], "
             "\"hotArchiveBuckets\": [%s]}", levels, ten);
    refused(text, "\"hotArchiveBuckets\" must be an array of 11 levels");
    snprintf(text, sizeof text, "{\"version\": 1, \"version\": 1, \"currentLedger\": 63, "
             "\"currentBuckets\": [%s]}", levels);
    refused(text, "duplicate");
}

static void test_checkpoints_and_names(void)
{
    CHECK(history_is_checkpoint(63) && history_is_checkpoint(127) && history_is_checkpoint(24088895));
    CHECK(!history_is_checkpoint(0) && !history_is_checkpoint(64) && !history_is_checkpoint(126));
    CHECK(history_checkpoint_of(0) == 63 && history_checkpoint_of(63) == 63);
    CHECK(history_checkpoint_of(64) == 127 && history_checkpoint_of(24088832) == 24088895);
    CHECK(history_checkpoint_of(UINT32_MAX) == UINT32_MAX);
    char key[HISTORY_KEY_MAX];
    history_checkpoint_key(key, "history", 24088895);
    CHECK_MSG(!strcmp(key, "history/01/6f/91/history-016f913f.json"), "%s", key);
    history_checkpoint_key(key, "ledger", 63);
    CHECK_MSG(!strcmp(key, "ledger/00/00/00/ledger-0000003f.xdr.gz"), "%s", key);
    history_checkpoint_key(key, "transactions", 0x0001ffbf);
    CHECK_MSG(!strcmp(key, "transactions/00/01/ff/transactions-0001ffbf.xdr.gz"), "%s", key);
    uint8_t hash[32];
    for (int i = 0; i < 32; i++)
        hash[i] = (uint8_t)(0xe1 + i * 7);
    history_bucket_key(key, hash);
    CHECK_MSG(!strncmp(key, "bucket/e1/e8/ef/bucket-e1e8eff6", 31) &&
              strlen(key) == strlen("bucket/e1/e8/ef/bucket-.xdr.gz") + 64, "%s", key);
}

static void test_key_budget(void)
{
    history_keys keys;
    CHECK(history_keys_init(&keys, 1024) == -1); /* below the smallest table */
    CHECK(history_keys_init(&keys, 64 * 1024) == 0);
    uint8_t digest[HISTORY_KEY_DIGEST];
    int added = 0, result = 1;
    for (uint32_t i = 0; result == 1; i++) {
        history_keys_digest((const uint8_t *)&i, sizeof i, digest);
        result = history_keys_add(&keys, digest);
        added += result == 1;
    }
    /* 4096 slots at most 3/4 full; doubling needs 3 x 64 KiB at once */
    CHECK_MSG(added == 3072 && result == -1, "added %d, then %d", added, result);
    uint32_t first = 0;
    history_keys_digest((const uint8_t *)&first, sizeof first, digest);
    CHECK(history_keys_contains(&keys, digest) && history_keys_add(&keys, digest) == 0);
    history_keys_free(&keys);
    CHECK(history_keys_init(&keys, 1 << 20) == 0);
    for (uint32_t i = 0; i < 20000; i++) {
        history_keys_digest((const uint8_t *)&i, sizeof i, digest);
        CHECK(history_keys_add(&keys, digest) == 1 || (fprintf(stderr, "at %u\n", i), 0));
        if (i == 19999)
            CHECK(history_keys_bytes(&keys) == 32768 * 16);
    }
    CHECK(keys.count == 20000);
    history_keys_free(&keys);
}

int main(void)
{
    RUN_CASE(test_version_1());
    RUN_CASE(test_version_2());
    RUN_CASE(test_stellar_core_fixtures());
    RUN_CASE(test_refusals());
    RUN_CASE(test_checkpoints_and_names());
    RUN_CASE(test_key_budget());
    return test_finish();
}
