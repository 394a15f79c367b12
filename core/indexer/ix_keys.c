/* ix_keys.c — the indexer's names for assets, and ledger keys (derived
 * from entries, compared field by field).  Strkeys are in names.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/ix_internal.h"
#include "stellar/sha256.h"
#include "stellar/strkey.h"

const char *ix_strdup(indexer *ix, const char *text)
{
    size_t n = strlen(text) + 1;
    char *copy = sx_arena_alloc(ix->arena, n);
    if (!copy) {
        /* like xmalloc and row_vec: a row must never go missing quietly */
        fputs("sluice: out of memory\n", stderr);
        abort();
    }
    memcpy(copy, text, n);
    return copy;
}

static bool slot_holds(const ix_asset_name_slot *slot, const uint8_t *code, size_t code_len,
                       const sx_AccountID *issuer)
{
    return slot->code_len == code_len && memcmp(slot->code, code, code_len) == 0 &&
           memcmp(slot->issuer, issuer->ed25519, 32) == 0;
}

/* The slot of `set` (two) that holds the asset, or NULL. */
static ix_asset_name_slot *set_slot(ix_asset_name_slot *set, const uint8_t *code,
                                    size_t code_len, const sx_AccountID *issuer)
{
    return slot_holds(&set[0], code, code_len, issuer)   ? &set[0]
           : slot_holds(&set[1], code, code_len, issuer) ? &set[1]
                                                          : NULL;
}

/* The cache slot of a credit asset, its name rendered: "CODE:ISSUER" with
 * trailing NULs of the code dropped; non-printable code bytes (invalid on
 * the network, but possible in a hostile frame) as \xNN.  Named once per
 * ledger through a two-way set-associative cache: the same assets recur in a
 * ledger's trustline changes and transfers (and its contract id, a hash,
 * stays while the slot keeps the asset). */
static ix_asset_name_slot *credit_slot(indexer *ix, const uint8_t *code, size_t code_len,
                                       const sx_AccountID *issuer)
{
    uint32_t issuer_word, code_word;
    memcpy(&issuer_word, issuer->ed25519, sizeof(issuer_word));
    memcpy(&code_word, code, sizeof(code_word)); /* codes are 4 or 12 bytes */
    uint32_t h = (issuer_word ^ code_word) * 0x9e3779b1u;
    ix_asset_name_slot *set = &ix->asset_names[(h >> 16) % (IX_ASSET_NAME_CACHE / 2) * 2];
    ix_asset_name_slot *slot = set_slot(set, code, code_len, issuer);
    bool same_asset = slot != NULL;
    if (!slot) /* the least recently used of the two */
        slot = set[0].used <= set[1].used ? &set[0] : &set[1];
    slot->used = ++ix->asset_uses;
    if (same_asset && slot->generation == ix->generation)
        return slot;
    char text[12 * 4 + 1 + SLUICE_STRKEY_SIZE];
    size_t len = code_len, o = 0;
    while (len > 0 && code[len - 1] == 0)
        len--;
    for (size_t i = 0; i < len; i++) {
        if (code[i] > 0x20 && code[i] < 0x7f && code[i] != ':' && code[i] != '\\')
            text[o++] = (char)code[i];
        else
            o += (size_t)snprintf(text + o, 5, "\\x%02x", code[i]);
    }
    text[o++] = ':';
    memcpy(text + o, ix_account_name(ix, issuer)->text, SLUICE_STRKEY_SIZE);
    const char *name = ix_strdup(ix, text);
    slot->generation = ix->generation;
    memcpy(slot->code, code, code_len);
    slot->code_len = (uint8_t)code_len;
    memcpy(slot->issuer, issuer->ed25519, 32);
    slot->name = name;
    slot->contract = NULL;
    slot->has_contract_id = slot->has_contract_id && same_asset;
    return slot;
}

static const char *credit_name(indexer *ix, const uint8_t *code, size_t code_len,
                               const sx_AccountID *issuer)
{
    return credit_slot(ix, code, code_len, issuer)->name;
}

const char *ix_asset_name(indexer *ix, const sx_Asset *asset)
{
    switch (asset->type) {
    case SX_ASSET_TYPE_NATIVE:
        return "native";
    case SX_ASSET_TYPE_CREDIT_ALPHANUM4:
        return credit_name(ix, asset->alphaNum4.assetCode, 4, &asset->alphaNum4.issuer);
    case SX_ASSET_TYPE_CREDIT_ALPHANUM12:
        return credit_name(ix, asset->alphaNum12.assetCode, 12, &asset->alphaNum12.issuer);
    default:
        return NULL;
    }
}

void ix_asset_contract_id(const uint8_t network_id[32], const sx_Asset *asset, uint8_t out[32])
{
    /* envelope type, network id, preimage type, asset type, code, issuer
     * (PublicKey: type, key) */
    uint8_t preimage[4 + 32 + 4 + 4 + 12 + 4 + 32] = {0};
    size_t len = 4 + 32 + 4 + 4;
    preimage[3] = SX_ENVELOPE_TYPE_CONTRACT_ID;
    memcpy(preimage + 4, network_id, 32);
    preimage[39] = SX_CONTRACT_ID_PREIMAGE_FROM_ASSET;
    preimage[43] = (uint8_t)asset->type;
    if (asset->type == SX_ASSET_TYPE_CREDIT_ALPHANUM4 ||
        asset->type == SX_ASSET_TYPE_CREDIT_ALPHANUM12) {
        bool four = asset->type == SX_ASSET_TYPE_CREDIT_ALPHANUM4;
        size_t code_len = four ? 4 : 12;
        memcpy(preimage + len, four ? asset->alphaNum4.assetCode : asset->alphaNum12.assetCode,
               code_len);
        len += code_len + 4; /* PUBLIC_KEY_TYPE_ED25519 = 0 */
        memcpy(preimage + len,
               four ? asset->alphaNum4.issuer.ed25519 : asset->alphaNum12.issuer.ed25519, 32);
        len += 32;
    }
    sha256(preimage, len, out);
}

bool ix_asset_ref_of(indexer *ix, const sx_Asset *asset, ix_asset_ref *ref)
{
    if (asset->type == SX_ASSET_TYPE_NATIVE) {
        ref->name = "native";
        ref->contract = ix->native_contract;
        ref->has_issuer = false;
        return true;
    }
    bool four = asset->type == SX_ASSET_TYPE_CREDIT_ALPHANUM4;
    if (!four && asset->type != SX_ASSET_TYPE_CREDIT_ALPHANUM12)
        return false;
    const sx_AccountID *issuer = four ? &asset->alphaNum4.issuer : &asset->alphaNum12.issuer;
    ix_asset_name_slot *slot = credit_slot(
        ix, four ? asset->alphaNum4.assetCode : asset->alphaNum12.assetCode, four ? 4 : 12, issuer);
    if (!slot->contract) {
        if (!slot->has_contract_id)
            ix_asset_contract_id(ix->network_id, asset, slot->contract_id);
        slot->has_contract_id = true;
        slot->contract = ix_name_of(ix, STRKEY_CONTRACT, slot->contract_id)->text;
    }
    ref->name = slot->name;
    ref->contract = slot->contract;
    ref->has_issuer = true;
    memcpy(ref->issuer, issuer->ed25519, 32);
    return true;
}

const char *ix_trustline_asset_name(indexer *ix, const sx_TrustLineAsset *asset)
{
    switch (asset->type) {
    case SX_ASSET_TYPE_NATIVE:
        return "native";
    case SX_ASSET_TYPE_CREDIT_ALPHANUM4:
        return credit_name(ix, asset->alphaNum4.assetCode, 4, &asset->alphaNum4.issuer);
    case SX_ASSET_TYPE_CREDIT_ALPHANUM12:
        return credit_name(ix, asset->alphaNum12.assetCode, 12, &asset->alphaNum12.issuer);
    case SX_ASSET_TYPE_POOL_SHARE:
        return ix_name_of(ix, STRKEY_LIQUIDITY_POOL, asset->liquidityPoolID)->text;
    default:
        return NULL;
    }
}

static bool trustline_assets_equal(const sx_TrustLineAsset *a, const sx_TrustLineAsset *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case SX_ASSET_TYPE_CREDIT_ALPHANUM4:
        return memcmp(a->alphaNum4.assetCode, b->alphaNum4.assetCode, 4) == 0 &&
               memcmp(a->alphaNum4.issuer.ed25519, b->alphaNum4.issuer.ed25519, 32) == 0;
    case SX_ASSET_TYPE_CREDIT_ALPHANUM12:
        return memcmp(a->alphaNum12.assetCode, b->alphaNum12.assetCode, 12) == 0 &&
               memcmp(a->alphaNum12.issuer.ed25519, b->alphaNum12.issuer.ed25519, 32) == 0;
    case SX_ASSET_TYPE_POOL_SHARE:
        return memcmp(a->liquidityPoolID, b->liquidityPoolID, 32) == 0;
    default:
        return true;
    }
}

static bool addresses_equal(const sx_SCAddress *a, const sx_SCAddress *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case SX_SC_ADDRESS_TYPE_ACCOUNT:
        return memcmp(a->accountId.ed25519, b->accountId.ed25519, 32) == 0;
    case SX_SC_ADDRESS_TYPE_CONTRACT:
        return memcmp(a->contractId, b->contractId, 32) == 0;
    case SX_SC_ADDRESS_TYPE_MUXED_ACCOUNT:
        return a->muxedAccount.id == b->muxedAccount.id &&
               memcmp(a->muxedAccount.ed25519, b->muxedAccount.ed25519, 32) == 0;
    case SX_SC_ADDRESS_TYPE_CLAIMABLE_BALANCE:
        return a->claimableBalanceId.type == b->claimableBalanceId.type &&
               memcmp(a->claimableBalanceId.v0, b->claimableBalanceId.v0, 32) == 0;
    case SX_SC_ADDRESS_TYPE_LIQUIDITY_POOL:
        return memcmp(a->liquidityPoolId, b->liquidityPoolId, 32) == 0;
    default:
        return false;
    }
}

/* SCVals compare by their XDR encoding (the one recursive part of a key). */
static int scvals_equal(indexer *ix, const sx_SCVal *a, const sx_SCVal *b)
{
    ix->scratch.len = 0;
    ix->scratch_other.len = 0;
    if (sx_encode_SCVal(a, &ix->scratch) || sx_encode_SCVal(b, &ix->scratch_other))
        return -1;
    return ix->scratch.len == ix->scratch_other.len &&
           memcmp(ix->scratch.data, ix->scratch_other.data, ix->scratch.len) == 0;
}

int ix_entry_has_key(indexer *ix, const sx_LedgerEntry *entry, const sx_LedgerKey *key)
{
    const sx_LedgerEntryData *d = &entry->data;
    if (d->type != key->type)
        return 0;
    switch (key->type) {
    case SX_ACCOUNT:
        return memcmp(d->account.accountID.ed25519, key->account.accountID.ed25519, 32) == 0;
    case SX_TRUSTLINE:
        return memcmp(d->trustLine.accountID.ed25519, key->trustLine.accountID.ed25519, 32) == 0 &&
               trustline_assets_equal(&d->trustLine.asset, &key->trustLine.asset);
    case SX_OFFER:
        return d->offer.offerID == key->offer.offerID &&
               memcmp(d->offer.sellerID.ed25519, key->offer.sellerID.ed25519, 32) == 0;
    case SX_DATA:
        return d->data.dataName.len == key->data.dataName.len &&
               memcmp(d->data.dataName.data, key->data.dataName.data, key->data.dataName.len) == 0 &&
               memcmp(d->data.accountID.ed25519, key->data.accountID.ed25519, 32) == 0;
    case SX_CLAIMABLE_BALANCE:
        return d->claimableBalance.balanceID.type == key->claimableBalance.balanceID.type &&
               memcmp(d->claimableBalance.balanceID.v0, key->claimableBalance.balanceID.v0, 32) == 0;
    case SX_LIQUIDITY_POOL:
        return memcmp(d->liquidityPool.liquidityPoolID, key->liquidityPool.liquidityPoolID, 32) == 0;
    case SX_CONTRACT_DATA:
        if (d->contractData.durability != key->contractData.durability ||
            !addresses_equal(&d->contractData.contract, &key->contractData.contract))
            return 0;
        return scvals_equal(ix, &d->contractData.key, &key->contractData.key);
    case SX_CONTRACT_CODE:
        return memcmp(d->contractCode.hash, key->contractCode.hash, 32) == 0;
    case SX_CONFIG_SETTING:
        return d->configSetting.configSettingID == key->configSetting.configSettingID;
    case SX_TTL:
        return memcmp(d->ttl.keyHash, key->ttl.keyHash, 32) == 0;
    default:
        return -1;
    }
}
