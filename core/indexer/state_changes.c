/* state_changes.c — the non-balance state changes a (before, after) pair of
 * one ledger entry shows: ACCOUNT create/merge, SIGNER add/remove/update,
 * SIGNATURE_THRESHOLD update, FLAGS set/clear, HOME_DOMAIN set, TRUSTLINE
 * add/remove/update, BALANCE_AUTHORIZATION set/clear, DATA_ENTRY
 * add/update/remove; and the accounts an entry names besides its owner
 * (participants: sponsors, claimants).
 * Category-specific values go to details_json (doc/data-model.md). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "indexer/emit.h"
#include "indexer/ix_internal.h"
#include "stellar/strkey.h"

/* details_json from a format, copied into the arena; NULL on OOM. */
static const char *details(ix_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *details(ix_ctx *ctx, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    return ix_strdup(ctx->ix, text);
}

/* JSON string body of XDR string bytes: printable ASCII as is, the rest
 * \u00XX (so hostile bytes never break the JSON). */
static void json_escape(const uint8_t *data, size_t n, char *out, size_t out_size)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 7 < out_size; i++) {
        uint8_t c = data[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, out_size - o, "\\u%04x", c);
    }
    out[o] = '\0';
}

static void change(ix_ctx *ctx, sluice_state_category category, sluice_state_reason reason,
                   const ix_name *account, const char *asset, const char *details_json)
{
    sluice_state_change_row *row = ix_push_state_change(ctx, category, reason, account);
    row->asset = asset;
    row->details_json = details_json;
}

/* The 32 key bytes of a signer key (signed payloads: their ed25519 key). */
static const uint8_t *signer_bytes(const sx_SignerKey *key)
{
    return key->type == SX_KEY_TYPE_ED25519       ? key->ed25519
           : key->type == SX_KEY_TYPE_PRE_AUTH_TX ? key->preAuthTx
           : key->type == SX_KEY_TYPE_HASH_X      ? key->hashX
                                                  : key->ed25519SignedPayload.ed25519;
}

/* Signer key as text: G... for ed25519, else "type:hex". */
static void signer_text(indexer *ix, const sx_SignerKey *key, char *out, size_t out_size)
{
    if (key->type == SX_KEY_TYPE_ED25519) {
        memcpy(out, ix_name_of(ix, STRKEY_ACCOUNT, key->ed25519)->text, SLUICE_STRKEY_SIZE);
        return;
    }
    const uint8_t *bytes = signer_bytes(key);
    size_t o = (size_t)snprintf(out, out_size, "%d:", (int)key->type);
    for (int i = 0; i < 32 && o + 3 <= out_size; i++)
        o += (size_t)snprintf(out + o, out_size - o, "%02x", bytes[i]);
}

static bool signer_keys_equal(const sx_SignerKey *k, const sx_SignerKey *key)
{
    return k->type == key->type && memcmp(signer_bytes(k), signer_bytes(key), 32) == 0 &&
           (k->type != SX_KEY_TYPE_ED25519_SIGNED_PAYLOAD ||
            (k->ed25519SignedPayload.payload.len == key->ed25519SignedPayload.payload.len &&
             memcmp(k->ed25519SignedPayload.payload.data, key->ed25519SignedPayload.payload.data,
                    k->ed25519SignedPayload.payload.len) == 0));
}

static const sx_Signer *find_signer(const sx_vec_Signer *signers, const sx_SignerKey *key)
{
    for (uint32_t i = 0; i < signers->len; i++)
        if (signer_keys_equal(&signers->items[i].key, key))
            return &signers->items[i];
    return NULL;
}

/* The same signers with the same weights in the same order: nothing to
 * diff (most updates leave the list alone). */
static bool same_signers(const sx_vec_Signer *x, const sx_vec_Signer *y)
{
    if (x->len != y->len)
        return false;
    for (uint32_t i = 0; i < x->len; i++)
        if (x->items[i].weight != y->items[i].weight ||
            !signer_keys_equal(&x->items[i].key, &y->items[i].key))
            return false;
    return true;
}

static void signer_changes(ix_ctx *ctx, const ix_name *account, const sx_vec_Signer *from,
                           const sx_vec_Signer *to, bool removed_side)
{
    for (uint32_t i = 0; i < from->len; i++) {
        const sx_Signer *s = &from->items[i];
        const sx_Signer *other = find_signer(to, &s->key);
        char key[128];
        if (other && (removed_side || other->weight == s->weight))
            continue;
        signer_text(ctx->ix, &s->key, key, sizeof(key));
        if (!other)
            change(ctx, SLUICE_SC_SIGNER, removed_side ? SLUICE_SR_REMOVE : SLUICE_SR_ADD, account,
                   NULL, details(ctx, "{\"signer\":\"%s\",\"weight\":%u}", key, removed_side ? 0 : s->weight));
        else
            change(ctx, SLUICE_SC_SIGNER, SLUICE_SR_UPDATE, account, NULL,
                   details(ctx, "{\"signer\":\"%s\",\"weight\":%u,\"previous_weight\":%u}", key,
                           s->weight, other->weight));
        if (s->key.type == SX_KEY_TYPE_ED25519)
            ix_add_participant(ctx, ix_name_of(ctx->ix, STRKEY_ACCOUNT, s->key.ed25519));
    }
}

static void flag_changes(ix_ctx *ctx, sluice_state_category category, const ix_name *account,
                         const char *asset, uint32_t before, uint32_t after)
{
    if (after & ~before)
        change(ctx, category, SLUICE_SR_SET, account, asset,
               details(ctx, "{\"flags\":%u}", after & ~before));
    if (before & ~after)
        change(ctx, category, SLUICE_SR_CLEAR, account, asset,
               details(ctx, "{\"flags\":%u}", before & ~after));
}

void ix_account_state(ix_ctx *ctx, const ix_pair *pair)
{
    const sx_AccountEntry *b = pair->before ? &pair->before->account : NULL;
    const sx_AccountEntry *a = pair->after ? &pair->after->account : NULL;
    const ix_name *account = pair->owner;
    if (!b) {
        change(ctx, SLUICE_SC_ACCOUNT, SLUICE_SR_CREATE, account, NULL, NULL);
        return;
    }
    if (!a) {
        change(ctx, SLUICE_SC_ACCOUNT, SLUICE_SR_MERGE, account, NULL, NULL);
        return;
    }
    if (!same_signers(&a->signers, &b->signers)) {
        signer_changes(ctx, account, &a->signers, &b->signers, false);
        signer_changes(ctx, account, &b->signers, &a->signers, true);
    }
    if (memcmp(b->thresholds, a->thresholds, 4) != 0)
        change(ctx, SLUICE_SC_SIGNATURE_THRESHOLD, SLUICE_SR_UPDATE, account, NULL,
               details(ctx, "{\"master_weight\":%u,\"low\":%u,\"medium\":%u,\"high\":%u}",
                       a->thresholds[0], a->thresholds[1], a->thresholds[2], a->thresholds[3]));
    flag_changes(ctx, SLUICE_SC_FLAGS, account, NULL, b->flags, a->flags);
    if (b->homeDomain.len != a->homeDomain.len ||
        memcmp(b->homeDomain.data, a->homeDomain.data, a->homeDomain.len) != 0) {
        char domain[32 * 6 + 1];
        json_escape(a->homeDomain.data, a->homeDomain.len, domain, sizeof(domain));
        change(ctx, SLUICE_SC_HOME_DOMAIN, SLUICE_SR_SET, account, NULL,
               details(ctx, "{\"home_domain\":\"%s\"}", domain));
    }
}

/* Trustline flags that authorize (AUTHORIZED, AUTHORIZED_TO_MAINTAIN_LIABILITIES). */
#define AUTHORIZATION_FLAGS 0x3u

void ix_trustline_state(ix_ctx *ctx, const ix_pair *pair)
{
    const sx_TrustLineEntry *b = pair->before ? &pair->before->trustLine : NULL;
    const sx_TrustLineEntry *a = pair->after ? &pair->after->trustLine : NULL;
    const ix_name *account = pair->owner;
    const char *asset = pair->asset;
    if (!b || !a) {
        change(ctx, SLUICE_SC_TRUSTLINE, b ? SLUICE_SR_REMOVE : SLUICE_SR_ADD, account, asset,
               a ? details(ctx, "{\"limit\":\"%lld\"}", (long long)a->limit) : NULL);
        return;
    }
    if (b->limit != a->limit)
        change(ctx, SLUICE_SC_TRUSTLINE, SLUICE_SR_UPDATE, account, asset,
               details(ctx, "{\"limit\":\"%lld\"}", (long long)a->limit));
    flag_changes(ctx, SLUICE_SC_BALANCE_AUTHORIZATION, account, asset,
                 b->flags & AUTHORIZATION_FLAGS, a->flags & AUTHORIZATION_FLAGS);
}

void ix_data_state(ix_ctx *ctx, const ix_pair *pair)
{
    const sx_DataEntry *b = pair->before ? &pair->before->data : NULL;
    const sx_DataEntry *a = pair->after ? &pair->after->data : NULL;
    const sx_DataEntry *any = &pair->any->data;
    const ix_name *account = pair->owner;
    char name[64 * 6 + 1];
    json_escape(any->dataName.data, any->dataName.len, name, sizeof(name));
    sluice_state_reason reason = !b ? SLUICE_SR_ADD : !a ? SLUICE_SR_REMOVE : SLUICE_SR_UPDATE;
    if (b && a && b->dataValue.len == a->dataValue.len &&
        memcmp(b->dataValue.data, a->dataValue.data, a->dataValue.len) == 0)
        return;
    change(ctx, SLUICE_SC_DATA_ENTRY, reason, account, NULL, details(ctx, "{\"name\":\"%s\"}", name));
}

void ix_entry_participants(ix_ctx *ctx, const sx_LedgerEntry *entry)
{
    if (entry->ext.v == 1 && entry->ext.v1.sponsoringID)
        ix_add_participant(ctx, ix_account_name(ctx->ix, entry->ext.v1.sponsoringID));
    const sx_LedgerEntryData *d = &entry->data;
    if (d->type == SX_ACCOUNT && d->account.ext.v == 1 && d->account.ext.v1.ext.v == 2) {
        const sx_vec_SponsorshipDescriptor *sponsors = &d->account.ext.v1.ext.v2.signerSponsoringIDs;
        for (uint32_t i = 0; i < sponsors->len; i++)
            if (sponsors->items[i])
                ix_add_participant(ctx, ix_account_name(ctx->ix, sponsors->items[i]));
    }
    if (d->type == SX_CLAIMABLE_BALANCE)
        for (uint32_t i = 0; i < d->claimableBalance.claimants.len; i++)
            ix_add_participant(ctx, ix_account_name(ctx->ix, &d->claimableBalance.claimants.items[i].v0.destination));
}
