/* state_changes.c — the non-balance state changes a (before, after) pair of
 * one ledger entry shows: ACCOUNT create/merge, SIGNER add/remove/update,
 * SIGNATURE_THRESHOLD update, FLAGS set/clear, HOME_DOMAIN set, TRUSTLINE
 * add/remove/update, BALANCE_AUTHORIZATION set/clear, DATA_ENTRY
 * add/update/remove; and the accounts every pair touches (participants).
 * Category-specific values go to details_json (doc/data-model.md). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/ix_internal.h"
#include "strkey.h"
#include "xalloc.h"

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
                   const char *account, const char *asset, const char *details_json)
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
        ix_ed25519_strkey(ix, key->ed25519, out);
        return;
    }
    const uint8_t *bytes = signer_bytes(key);
    size_t o = (size_t)snprintf(out, out_size, "%d:", (int)key->type);
    for (int i = 0; i < 32 && o + 3 <= out_size; i++)
        o += (size_t)snprintf(out + o, out_size - o, "%02x", bytes[i]);
}

static const sx_Signer *find_signer(const sx_vec_Signer *signers, const sx_SignerKey *key)
{
    for (uint32_t i = 0; i < signers->len; i++) {
        const sx_SignerKey *k = &signers->items[i].key;
        if (k->type == key->type && memcmp(signer_bytes(k), signer_bytes(key), 32) == 0 &&
            (k->type != SX_KEY_TYPE_ED25519_SIGNED_PAYLOAD ||
             (k->ed25519SignedPayload.payload.len == key->ed25519SignedPayload.payload.len &&
              memcmp(k->ed25519SignedPayload.payload.data, key->ed25519SignedPayload.payload.data,
                     k->ed25519SignedPayload.payload.len) == 0)))
            return &signers->items[i];
    }
    return NULL;
}

static void signer_changes(ix_ctx *ctx, const char *account, const sx_vec_Signer *from,
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
            ix_add_participant(ctx, key);
    }
}

static void flag_changes(ix_ctx *ctx, sluice_state_category category, const char *account,
                         const char *asset, uint32_t before, uint32_t after)
{
    if (after & ~before)
        change(ctx, category, SLUICE_SR_SET, account, asset,
               details(ctx, "{\"flags\":%u}", after & ~before));
    if (before & ~after)
        change(ctx, category, SLUICE_SR_CLEAR, account, asset,
               details(ctx, "{\"flags\":%u}", before & ~after));
}

static void account_pair(ix_ctx *ctx, const ix_pair *pair)
{
    const sx_AccountEntry *b = pair->before ? &pair->before->account : NULL;
    const sx_AccountEntry *a = pair->after ? &pair->after->account : NULL;
    const char *account = pair->owner;
    if (!b) {
        change(ctx, SLUICE_SC_ACCOUNT, SLUICE_SR_CREATE, account, NULL, NULL);
        return;
    }
    if (!a) {
        change(ctx, SLUICE_SC_ACCOUNT, SLUICE_SR_MERGE, account, NULL, NULL);
        return;
    }
    signer_changes(ctx, account, &a->signers, &b->signers, false);
    signer_changes(ctx, account, &b->signers, &a->signers, true);
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

static void trustline_pair(ix_ctx *ctx, const ix_pair *pair)
{
    const sx_TrustLineEntry *b = pair->before ? &pair->before->trustLine : NULL;
    const sx_TrustLineEntry *a = pair->after ? &pair->after->trustLine : NULL;
    const char *account = pair->owner, *asset = pair->asset;
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

static void data_pair(ix_ctx *ctx, const ix_pair *pair)
{
    const sx_DataEntry *b = pair->before ? &pair->before->data : NULL;
    const sx_DataEntry *a = pair->after ? &pair->after->data : NULL;
    const sx_DataEntry *any = &pair->any->data;
    const char *account = pair->owner;
    char name[64 * 6 + 1];
    json_escape(any->dataName.data, any->dataName.len, name, sizeof(name));
    sluice_state_reason reason = !b ? SLUICE_SR_ADD : !a ? SLUICE_SR_REMOVE : SLUICE_SR_UPDATE;
    if (b && a && b->dataValue.len == a->dataValue.len &&
        memcmp(b->dataValue.data, a->dataValue.data, a->dataValue.len) == 0)
        return;
    change(ctx, SLUICE_SC_DATA_ENTRY, reason, account, NULL, details(ctx, "{\"name\":\"%s\"}", name));
}

void ix_derive_state(ix_ctx *ctx, const ix_pair *pair)
{
    switch (pair->any->type) {
    case SX_ACCOUNT:
        account_pair(ctx, pair);
        break;
    case SX_TRUSTLINE:
        trustline_pair(ctx, pair);
        break;
    case SX_DATA:
        data_pair(ctx, pair);
        break;
    default:
        break;
    }
}

static void account_participant(ix_ctx *ctx, const sx_AccountID *id)
{
    char text[SLUICE_STRKEY_SIZE];
    ix_account_strkey(ctx->ix, id, text);
    ix_add_participant(ctx, text);
}

void ix_entry_participants(ix_ctx *ctx, const sx_LedgerEntry *entry)
{
    if (entry->ext.v == 1 && entry->ext.v1.sponsoringID)
        account_participant(ctx, entry->ext.v1.sponsoringID);
    const sx_LedgerEntryData *d = &entry->data;
    if (d->type == SX_ACCOUNT && d->account.ext.v == 1 && d->account.ext.v1.ext.v == 2) {
        const sx_vec_SponsorshipDescriptor *sponsors = &d->account.ext.v1.ext.v2.signerSponsoringIDs;
        for (uint32_t i = 0; i < sponsors->len; i++)
            if (sponsors->items[i])
                account_participant(ctx, sponsors->items[i]);
    }
    if (d->type == SX_CLAIMABLE_BALANCE)
        for (uint32_t i = 0; i < d->claimableBalance.claimants.len; i++)
            account_participant(ctx, &d->claimableBalance.claimants.items[i].v0.destination);
}

/* FNV-1a of the text's first 16 characters (strkeys differ early). */
static uint64_t text_hash(const char *text)
{
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < 16 && text[i]; i++)
        h = (h ^ (uint8_t)text[i]) * 1099511628211ull;
    return h;
}

/* Indexes the group's rows (from `first`) in a table of `capacity` slots. */
static void rehash(ix_participant_set *set, const row_vec *rows, size_t first, int64_t id,
                   size_t capacity)
{
    if (capacity > set->allocated) {
        free(set->slots);
        set->slots = xmalloc(capacity * sizeof(*set->slots));
        set->allocated = capacity;
    }
    memset(set->slots, 0, capacity * sizeof(*set->slots));
    set->capacity = capacity;
    set->first = first;
    set->id = id;
    const sluice_participant_row *items = rows->items;
    for (size_t r = first; r < rows->count; r++) {
        size_t i = (size_t)text_hash(items[r].account) & (capacity - 1);
        while (set->slots[i])
            i = (i + 1) & (capacity - 1);
        set->slots[i] = (uint32_t)(r - first + 1);
    }
}

/* Groups up to this many rows are scanned; larger ones use the set. */
#define SCANNED_GROUP 8

/* Appends `account` to the rows of the group that starts at row `first`
 * (one transaction's or one operation's: contiguous at the end of `rows`)
 * unless the group has it.  A small group is scanned (the first 8 bytes
 * reject most rows before strcmp: every participant is a strkey or signer
 * text, longer than 7 characters); a large one is looked up in `set`. */
static void add_unique(row_vec *rows, ix_participant_set *set, size_t first, int64_t id,
                       const char *account)
{
    const sluice_participant_row *items = rows->items;
    size_t group = rows->count - first, slot = 0;
    if (group <= SCANNED_GROUP) {
        for (size_t r = first; r < rows->count; r++)
            if (memcmp(items[r].account, account, 8) == 0 && strcmp(items[r].account, account) == 0)
                return;
    } else {
        if (set->first != first || set->id != id)
            rehash(set, rows, first, id, 64);
        else if ((group + 1) * 2 > set->capacity)
            rehash(set, rows, first, id, set->capacity * 2);
        size_t mask = set->capacity - 1;
        for (slot = (size_t)text_hash(account) & mask; set->slots[slot]; slot = (slot + 1) & mask)
            if (strcmp(items[first + set->slots[slot] - 1].account, account) == 0)
                return;
    }
    sluice_participant_row *row = row_vec_push(rows);
    row->id = id;
    ix_copy_strkey(row->account, account);
    if (group > SCANNED_GROUP)
        set->slots[slot] = (uint32_t)(group + 1);
}

void ix_participant_sets_reset(indexer *ix)
{
    ix->tx_participant_set.first = SIZE_MAX;
    ix->op_participant_set.first = SIZE_MAX;
}

void ix_add_participant(ix_ctx *ctx, const char *account)
{
    if (!account[0])
        return;
    add_unique(&ctx->ix->transaction_participants, &ctx->ix->tx_participant_set,
               ctx->tx_participants_start, ctx->transaction_id, account);
    if (ctx->phase == IX_PHASE_OPERATION)
        add_unique(&ctx->ix->operation_participants, &ctx->ix->op_participant_set,
                   ctx->op_participants_start, ctx->operation_id, account);
}
