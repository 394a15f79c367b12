/* signer_state.c — what an account's signing setup shows from one
 * (before, after) pair: SIGNER ADD / REMOVE / UPDATE for every signer
 * whose weight changed, the master key counted as a signer whose weight is
 * the master weight (weight 0: no signer), as Horizon's effects do; and
 * SIGNATURE_THRESHOLD LOW / MEDIUM / HIGH per threshold that changed.
 * details_json: {"signer", "old", "new"} (old absent on ADD, new on
 * REMOVE); thresholds {"old", "new"}. */
#include <stdio.h>
#include <string.h>

#include "indexer/emit.h"
#include "indexer/ix_internal.h"
#include "stellar/strkey.h"

/* The 32 key bytes of a signer key (signed payloads: their ed25519 key). */
static const uint8_t *signer_bytes(const sx_SignerKey *key)
{
    return key->type == SX_KEY_TYPE_ED25519       ? key->ed25519
           : key->type == SX_KEY_TYPE_PRE_AUTH_TX ? key->preAuthTx
           : key->type == SX_KEY_TYPE_HASH_X      ? key->hashX
                                                  : key->ed25519SignedPayload.ed25519;
}

/* Signer key as text: G... for ed25519, else "type:hex". */
void ix_signer_text(indexer *ix, const sx_SignerKey *key, char *out, size_t out_size)
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

bool ix_signer_keys_equal(const sx_SignerKey *k, const sx_SignerKey *key)
{
    return k->type == key->type && memcmp(signer_bytes(k), signer_bytes(key), 32) == 0 &&
           (k->type != SX_KEY_TYPE_ED25519_SIGNED_PAYLOAD ||
            (k->ed25519SignedPayload.payload.len == key->ed25519SignedPayload.payload.len &&
             memcmp(k->ed25519SignedPayload.payload.data, key->ed25519SignedPayload.payload.data,
                    k->ed25519SignedPayload.payload.len) == 0));
}

/* The weight of `key` among signers; 0 when absent. */
static uint32_t weight_of(const sx_vec_Signer *signers, const sx_SignerKey *key)
{
    for (uint32_t i = 0; i < signers->len; i++)
        if (ix_signer_keys_equal(&signers->items[i].key, key))
            return signers->items[i].weight;
    return 0;
}

/* The same signers with the same weights in the same order: nothing to
 * diff (most updates leave the list alone). */
static bool same_signers(const sx_vec_Signer *x, const sx_vec_Signer *y)
{
    if (x->len != y->len)
        return false;
    for (uint32_t i = 0; i < x->len; i++)
        if (x->items[i].weight != y->items[i].weight ||
            !ix_signer_keys_equal(&x->items[i].key, &y->items[i].key))
            return false;
    return true;
}

/* One signer whose weight went from `before` to `after` (0: absent). */
static void signer_row(ix_ctx *ctx, const ix_name *account, const char *signer, uint32_t before,
                       uint32_t after)
{
    if (before == after)
        return;
    ix_json j;
    ix_json_start(&j);
    ix_json_text(&j, "signer", signer);
    if (before)
        ix_json_int(&j, "old", before, false);
    if (after)
        ix_json_int(&j, "new", after, false);
    ix_state_change(ctx, SLUICE_SC_SIGNER,
                    !before ? SLUICE_SR_ADD : !after ? SLUICE_SR_REMOVE : SLUICE_SR_UPDATE, account,
                    NULL, ix_json_done(ctx, &j));
}

/* Signers of `from` with their weight in `to` (0 when absent there); with
 * only_absent, just those absent from `to` (the removed ones). */
static void signer_diff(ix_ctx *ctx, const ix_name *account, const sx_vec_Signer *from,
                        const sx_vec_Signer *to, bool only_absent)
{
    for (uint32_t i = 0; i < from->len; i++) {
        const sx_Signer *s = &from->items[i];
        uint32_t other = weight_of(to, &s->key);
        if (only_absent ? other != 0 : other == s->weight)
            continue;
        char key[128];
        ix_signer_text(ctx->ix, &s->key, key, sizeof(key));
        if (only_absent)
            signer_row(ctx, account, key, s->weight, 0);
        else
            signer_row(ctx, account, key, other, s->weight);
        if (s->key.type == SX_KEY_TYPE_ED25519)
            ix_add_participant(ctx, ix_name_of(ctx->ix, STRKEY_ACCOUNT, s->key.ed25519));
    }
}

void ix_signer_state(ix_ctx *ctx, const ix_name *account, const sx_AccountEntry *b,
                     const sx_AccountEntry *a)
{
    static const sx_vec_Signer none = {0};
    static const sluice_state_reason levels[4] = {0, SLUICE_SR_LOW, SLUICE_SR_MEDIUM, SLUICE_SR_HIGH};
    const sx_vec_Signer *before = b ? &b->signers : &none;
    signer_row(ctx, account, account->text, b ? b->thresholds[0] : 0, a->thresholds[0]);
    if (!same_signers(&a->signers, before)) {
        signer_diff(ctx, account, &a->signers, before, false);
        signer_diff(ctx, account, before, &a->signers, true);
    }
    for (int i = 1; b && i < 4; i++) {
        if (b->thresholds[i] == a->thresholds[i])
            continue;
        ix_json j;
        ix_json_start(&j);
        ix_json_int(&j, "old", b->thresholds[i], false);
        ix_json_int(&j, "new", a->thresholds[i], false);
        ix_state_change(ctx, SLUICE_SC_SIGNATURE_THRESHOLD, levels[i], account, NULL,
                        ix_json_done(ctx, &j));
    }
}
