/* test_ledger_key.c — ledger_key_of_entry (core/xdr/ledger_key.c)
 * against keys stellar-core wrote, over every real fixture ledger:
 *   - every entry of every change list has a key of its own type;
 *   - a REMOVED change carries the key of the entry its STATE change just
 *     before showed: the two encodings are equal;
 *   - a created contract data or code entry has a TTL entry in the same
 *     ledger whose keyHash is the SHA-256 of the entry's encoded key;
 * and, for each entry type, what it needs to find the entry again (every
 * arm, built here for the types no fixture holds), and -1 for an unknown
 * type. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../testlib.h"
#include "ledger_frames.h"
#include "xdr/ledger_key.h"
#include "stellar/sha256.h"
#include "xdr/gen/sx_codec.h"

#define ENTRY_TYPES 10 /* SX_ACCOUNT .. SX_TTL */

static size_t keyed[ENTRY_TYPES];        /* entries given a key, by type */
static size_t removed_matched[ENTRY_TYPES]; /* REMOVED keys equal to the derived one */
static size_t ttl_matched;               /* contract keys whose hash a TTL names */

/* The encoded key of `entry` into out (reset first); false when the key
 * cannot be derived or encoded. */
static bool encoded_key(const sx_LedgerEntry *entry, sx_buf *out)
{
    sx_LedgerKey key;
    out->len = 0;
    out->fail = NULL;
    return ledger_key_of_entry(entry, &key) == 0 && key.type == entry->data.type &&
           sx_encode_LedgerKey(&key, out) == 0;
}

/* What one ledger holds for the TTL check: the keyHash of every TTL entry
 * (and removed TTL key), the hash of every created contract entry's key. */
typedef struct ttl_check {
    uint8_t (*ttl_hashes)[32];
    size_t ttl_count, ttl_capacity;
    uint8_t (*created)[32];
    size_t created_count, created_capacity;
} ttl_check;

static void add_hash(uint8_t (**items)[32], size_t *count, size_t *capacity, const uint8_t hash[32])
{
    if (*count == *capacity) {
        *capacity = *capacity ? 2 * *capacity : 64;
        *items = realloc(*items, *capacity * 32);
        if (!*items) {
            fprintf(stderr, "out of memory\n");
            exit(99);
        }
    }
    memcpy((*items)[(*count)++], hash, 32);
}

static void check_list(const char *where, const sx_LedgerEntryChanges *changes, sx_buf *state_key,
                       sx_buf *key, ttl_check *ttl)
{
    const sx_LedgerEntry *state = NULL;
    for (uint32_t i = 0; i < changes->len; i++) {
        const sx_LedgerEntryChange *c = &changes->items[i];
        if (c->type == SX_LEDGER_ENTRY_REMOVED) {
            const sx_LedgerKey *removed = &c->removed;
            if (removed->type == SX_TTL)
                add_hash(&ttl->ttl_hashes, &ttl->ttl_count, &ttl->ttl_capacity, removed->ttl.keyHash);
            if (state && state->data.type == removed->type) {
                CHECK_MSG(encoded_key(state, state_key), "%s: no key for the STATE entry", where);
                key->len = 0;
                CHECK(sx_encode_LedgerKey(removed, key) == 0);
                CHECK_MSG(key->len == state_key->len && memcmp(key->data, state_key->data, key->len) == 0,
                          "%s: change %u: the REMOVED key differs from the key of the STATE entry",
                          where, i);
                removed_matched[removed->type]++;
            }
            state = NULL;
            continue;
        }
        const sx_LedgerEntry *e = c->type == SX_LEDGER_ENTRY_STATE     ? &c->state
                                  : c->type == SX_LEDGER_ENTRY_CREATED ? &c->created
                                  : c->type == SX_LEDGER_ENTRY_UPDATED ? &c->updated
                                                                       : &c->restored;
        state = c->type == SX_LEDGER_ENTRY_STATE ? e : NULL;
        uint32_t type = (uint32_t)e->data.type;
        CHECK_MSG(type < ENTRY_TYPES && encoded_key(e, key), "%s: change %u: no key for an entry of type %u",
                  where, i, type);
        if (type >= ENTRY_TYPES)
            continue;
        keyed[type]++;
        if (type == SX_TTL)
            add_hash(&ttl->ttl_hashes, &ttl->ttl_count, &ttl->ttl_capacity, e->data.ttl.keyHash);
        if (c->type == SX_LEDGER_ENTRY_CREATED && (type == SX_CONTRACT_DATA || type == SX_CONTRACT_CODE)) {
            uint8_t hash[32];
            sha256(key->data, key->len, hash);
            add_hash(&ttl->created, &ttl->created_count, &ttl->created_capacity, hash);
        }
    }
}

static void check_meta(const char *where, const sx_TransactionMeta *m, sx_buf *a, sx_buf *b,
                       ttl_check *ttl)
{
    const sx_LedgerEntryChanges *lists[LEDGER_META_CHANGES_MAX];
    size_t n = ledger_meta_changes(m, lists, LEDGER_META_CHANGES_MAX);
    for (size_t i = 0; i < n; i++)
        check_list(where, lists[i], a, b, ttl);
}

static void check_frame(const ledger_frame *f, sx_buf *a, sx_buf *b)
{
    sx_arena *arena = sx_arena_new(0);
    sx_LedgerCloseMeta lcm;
    sx_error err;
    if (!arena || sx_decode_LedgerCloseMeta(f->data, f->len, arena, &lcm, &err) != 0) {
        CHECK_MSG(0, "%s: does not decode", f->name);
        sx_arena_free(arena);
        return;
    }
    ttl_check ttl = {0};
    if (lcm.v == 2) {
        for (uint32_t i = 0; i < lcm.v2.txProcessing.len; i++) {
            const sx_TransactionResultMetaV1 *p = &lcm.v2.txProcessing.items[i];
            check_list(f->name, &p->feeProcessing, a, b, &ttl);
            check_meta(f->name, &p->txApplyProcessing, a, b, &ttl);
            check_list(f->name, &p->postTxApplyFeeProcessing, a, b, &ttl);
        }
        for (uint32_t i = 0; i < lcm.v2.upgradesProcessing.len; i++)
            check_list(f->name, &lcm.v2.upgradesProcessing.items[i].changes, a, b, &ttl);
    } else {
        const sx_vec_TransactionResultMeta *txs = lcm.v == 0 ? &lcm.v0.txProcessing : &lcm.v1.txProcessing;
        const sx_vec_UpgradeEntryMeta *upgrades =
            lcm.v == 0 ? &lcm.v0.upgradesProcessing : &lcm.v1.upgradesProcessing;
        for (uint32_t i = 0; i < txs->len; i++) {
            check_list(f->name, &txs->items[i].feeProcessing, a, b, &ttl);
            check_meta(f->name, &txs->items[i].txApplyProcessing, a, b, &ttl);
        }
        for (uint32_t i = 0; i < upgrades->len; i++)
            check_list(f->name, &upgrades->items[i].changes, a, b, &ttl);
    }
    for (size_t i = 0; i < ttl.created_count; i++) {
        bool found = false;
        for (size_t t = 0; t < ttl.ttl_count && !found; t++)
            found = memcmp(ttl.created[i], ttl.ttl_hashes[t], 32) == 0;
        CHECK_MSG(found, "%s: no TTL entry names the hash of a created contract entry's key", f->name);
        ttl_matched += found;
    }
    free(ttl.ttl_hashes);
    free(ttl.created);
    sx_arena_free(arena);
}

/* ---- every arm, built by hand -------------------------------------------- */

static void check_arms(void)
{
    static uint8_t bytes[32] = {7};
    sx_AccountID account = {.type = SX_PUBLIC_KEY_TYPE_ED25519, .ed25519 = bytes};
    sx_LedgerEntry e;
    sx_LedgerKey k;

    memset(&e, 0, sizeof e);
    e.data.type = SX_ACCOUNT;
    e.data.account.accountID = account;
    CHECK(ledger_key_of_entry(&e, &k) == 0 && k.type == SX_ACCOUNT && k.account.accountID.ed25519 == bytes);

    memset(&e, 0, sizeof e);
    e.data.type = SX_TRUSTLINE;
    e.data.trustLine.accountID = account;
    e.data.trustLine.asset.type = SX_ASSET_TYPE_POOL_SHARE;
    e.data.trustLine.asset.liquidityPoolID = bytes;
    CHECK(ledger_key_of_entry(&e, &k) == 0 && k.trustLine.accountID.ed25519 == bytes &&
          k.trustLine.asset.type == SX_ASSET_TYPE_POOL_SHARE && k.trustLine.asset.liquidityPoolID == bytes);

    memset(&e, 0, sizeof e);
    e.data.type = SX_OFFER;
    e.data.offer.sellerID = account;
    e.data.offer.offerID = 42;
    CHECK(ledger_key_of_entry(&e, &k) == 0 && k.offer.sellerID.ed25519 == bytes && k.offer.offerID == 42);

    memset(&e, 0, sizeof e);
    e.data.type = SX_DATA;
    e.data.data.accountID = account;
    e.data.data.dataName.data = (const uint8_t *)"name";
    e.data.data.dataName.len = 4;
    CHECK(ledger_key_of_entry(&e, &k) == 0 && k.data.accountID.ed25519 == bytes &&
          k.data.dataName.len == 4 && memcmp(k.data.dataName.data, "name", 4) == 0);

    memset(&e, 0, sizeof e);
    e.data.type = SX_CLAIMABLE_BALANCE;
    e.data.claimableBalance.balanceID.v0 = bytes;
    CHECK(ledger_key_of_entry(&e, &k) == 0 && k.claimableBalance.balanceID.v0 == bytes);

    memset(&e, 0, sizeof e);
    e.data.type = SX_LIQUIDITY_POOL;
    e.data.liquidityPool.liquidityPoolID = bytes;
    CHECK(ledger_key_of_entry(&e, &k) == 0 && k.liquidityPool.liquidityPoolID == bytes);

    memset(&e, 0, sizeof e);
    e.data.type = SX_CONTRACT_DATA;
    e.data.contractData.contract.type = SX_SC_ADDRESS_TYPE_CONTRACT;
    e.data.contractData.contract.contractId = bytes;
    e.data.contractData.key.type = SX_SCV_U32;
    e.data.contractData.key.u32 = 9;
    e.data.contractData.durability = SX_PERSISTENT;
    CHECK(ledger_key_of_entry(&e, &k) == 0 && k.contractData.contract.contractId == bytes &&
          k.contractData.key.type == SX_SCV_U32 && k.contractData.key.u32 == 9 &&
          k.contractData.durability == SX_PERSISTENT);

    memset(&e, 0, sizeof e);
    e.data.type = SX_CONTRACT_CODE;
    e.data.contractCode.hash = bytes;
    CHECK(ledger_key_of_entry(&e, &k) == 0 && k.contractCode.hash == bytes);

    memset(&e, 0, sizeof e);
    e.data.type = SX_CONFIG_SETTING;
    e.data.configSetting.configSettingID = SX_CONFIG_SETTING_CONTRACT_LEDGER_COST_V0;
    CHECK(ledger_key_of_entry(&e, &k) == 0 &&
          k.configSetting.configSettingID == SX_CONFIG_SETTING_CONTRACT_LEDGER_COST_V0);

    memset(&e, 0, sizeof e);
    e.data.type = SX_TTL;
    e.data.ttl.keyHash = bytes;
    CHECK(ledger_key_of_entry(&e, &k) == 0 && k.ttl.keyHash == bytes);

    memset(&e, 0, sizeof e);
    e.data.type = (sx_LedgerEntryType)ENTRY_TYPES;
    CHECK(ledger_key_of_entry(&e, &k) == -1);
}

int main(void)
{
    check_arms();

    ledger_frames set;
    int status = ledger_frames_load_for_test(test_fixtures_dir(), &set);
    if (status != 0)
        return status;
    sx_buf a, b;
    sx_buf_init(&a);
    sx_buf_init(&b);
    for (size_t i = 0; i < set.count; i++)
        check_frame(&set.frames[i], &a, &b);
    sx_buf_free(&a);
    sx_buf_free(&b);
    ledger_frames_free(&set);

    size_t removed_total = 0;
    for (int t = 0; t < ENTRY_TYPES; t++) {
        fprintf(stderr, "entry type %d: %zu keyed, %zu REMOVED keys matched\n", t, keyed[t],
                removed_matched[t]);
        removed_total += removed_matched[t];
    }
    fprintf(stderr, "%zu created contract keys named by a TTL entry\n", ttl_matched);
    CHECK_MSG(removed_total > 0, "no REMOVED change followed a STATE change in the fixtures");
    CHECK_MSG(ttl_matched > 0, "no created contract entry in the fixtures");
    return test_finish();
}
