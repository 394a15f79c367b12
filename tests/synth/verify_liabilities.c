/* verify_liabilities.c — liabilities of accounts and trustlines against the
 * offers (see verify_liabilities.h). */
#include "verify_liabilities.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/* A holding: account (32 bytes), asset code (4) and issuer (32); XLM has
 * zeros for both. */
#define KEY_LEN 68

typedef struct liabilities {
    int64_t buying, selling;
} liabilities;

void vl_init(vl_tracker *t)
{
    memset(t, 0, sizeof *t);
    vs_init(&t->expected);
    vs_init(&t->shown);
}

void vl_free(vl_tracker *t)
{
    vs_free(&t->expected);
    vs_free(&t->shown);
    free(t->dirty);
}

static void holding_key(const uint8_t *account, const sx_Asset *asset, uint8_t key[KEY_LEN])
{
    memset(key, 0, KEY_LEN);
    memcpy(key, account, 32);
    if (asset->type == SX_ASSET_TYPE_CREDIT_ALPHANUM4) {
        memcpy(key + 32, asset->alphaNum4.assetCode, 4);
        memcpy(key + 36, asset->alphaNum4.issuer.ed25519, 32);
    }
}

static liabilities get(vs_table *table, const uint8_t key[KEY_LEN])
{
    liabilities l = {0, 0};
    vs_slot *s = vs_find(table, key, KEY_LEN);
    if (s && s->entry)
        memcpy(&l, s->entry, sizeof l);
    return l;
}

static void touch(vl_tracker *t, const uint8_t key[KEY_LEN])
{
    xgrow((void **)&t->dirty, &t->dirty_cap, t->dirty_len + KEY_LEN, 1);
    memcpy(t->dirty + t->dirty_len, key, KEY_LEN);
    t->dirty_len += KEY_LEN;
}

static void add(vl_tracker *t, const uint8_t *account, const sx_Asset *asset, int64_t buying, int64_t selling)
{
    /* an issuer has no trustline for its own asset: no liabilities to show */
    if (asset->type == SX_ASSET_TYPE_CREDIT_ALPHANUM4 && !memcmp(asset->alphaNum4.issuer.ed25519, account, 32))
        return;
    uint8_t key[KEY_LEN];
    holding_key(account, asset, key);
    liabilities l = get(&t->expected, key);
    l.buying += buying;
    l.selling += selling;
    vs_put(&t->expected, key, KEY_LEN, (const uint8_t *)&l, sizeof l);
    touch(t, key);
}

void vl_offer(vl_tracker *t, const sx_OfferEntry *o, int sign)
{
    __int128 bought = o->price.d > 0 ? ((__int128)o->amount * o->price.n + o->price.d - 1) / o->price.d : 0;
    add(t, o->sellerID.ed25519, &o->selling, 0, sign * o->amount);
    add(t, o->sellerID.ed25519, &o->buying, sign * (int64_t)bought, 0);
}

void vl_entry(vl_tracker *t, const sx_LedgerEntry *e, bool removed)
{
    uint8_t key[KEY_LEN];
    liabilities l = {0, 0};
    if (e->data.type == SX_ACCOUNT) {
        static const sx_Asset native = {.type = SX_ASSET_TYPE_NATIVE};
        const sx_AccountEntry *a = &e->data.account;
        holding_key(a->accountID.ed25519, &native, key);
        if (a->ext.v == 1)
            l = (liabilities){a->ext.v1.liabilities.buying, a->ext.v1.liabilities.selling};
    } else if (e->data.type == SX_TRUSTLINE && e->data.trustLine.asset.type == SX_ASSET_TYPE_CREDIT_ALPHANUM4) {
        const sx_TrustLineEntry *tl = &e->data.trustLine;
        sx_Asset asset = {.type = SX_ASSET_TYPE_CREDIT_ALPHANUM4, .alphaNum4 = tl->asset.alphaNum4};
        holding_key(tl->accountID.ed25519, &asset, key);
        if (tl->ext.v == 1)
            l = (liabilities){tl->ext.v1.liabilities.buying, tl->ext.v1.liabilities.selling};
    } else {
        return;
    }
    if (removed)
        l = (liabilities){0, 0};
    vs_put(&t->shown, key, KEY_LEN, (const uint8_t *)&l, sizeof l);
    touch(t, key);
}

int vl_check(vl_tracker *t, char *why, size_t why_size)
{
    int mismatches = 0;
    for (size_t i = 0; i < t->dirty_len; i += KEY_LEN) {
        const uint8_t *key = t->dirty + i;
        liabilities want = get(&t->expected, key), shown = get(&t->shown, key);
        if (want.buying == shown.buying && want.selling == shown.selling)
            continue;
        if (mismatches++ == 0)
            snprintf(why, why_size, "holding %02x%02x%02x.. %.4s shows liabilities buying %lld selling %lld, "
                     "its offers make them %lld / %lld", key[0], key[1], key[2],
                     key[32] ? (const char *)key + 32 : "XLM", (long long)shown.buying,
                     (long long)shown.selling, (long long)want.buying, (long long)want.selling);
    }
    t->dirty_len = 0;
    return mismatches;
}
