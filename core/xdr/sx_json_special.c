/* sx_json_special.c — the string-shaped JSON renderings of keys,
 * addresses, asset codes and wide integers (see sx_json_special.h).
 * Layouts follow SEP-23 strkeys: muxed = key || id (big-endian);
 * signed payload = key || uint32 length || payload padded to 4;
 * claimable balance = type byte || hash. */
#include "sx_json_special.h"

#include "sx_json_rt.h"

static int invalid(sx_buf *b)
{
    return sx_buf_fail(b, "invalid discriminant in a strkey-rendered value");
}

static void put_be64(uint8_t *out, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        out[i] = (uint8_t)v;
        v >>= 8;
    }
}

static int muxed(sx_buf *b, const uint8_t *key, uint64_t id)
{
    uint8_t payload[40];
    memcpy(payload, key, 32);
    put_be64(payload + 32, id);
    return sx_json_strkey(b, SX_STRKEY_MUXED, payload, sizeof(payload));
}

int sx_json_special_PublicKey(sx_buf *b, const sx_PublicKey *v)
{
    if (v->type != SX_PUBLIC_KEY_TYPE_ED25519)
        return invalid(b);
    return sx_json_strkey(b, SX_STRKEY_ACCOUNT, v->ed25519, 32);
}

int sx_json_special_MuxedAccount(sx_buf *b, const sx_MuxedAccount *v)
{
    switch (v->type) {
    case SX_KEY_TYPE_ED25519:
        return sx_json_strkey(b, SX_STRKEY_ACCOUNT, v->ed25519, 32);
    case SX_KEY_TYPE_MUXED_ED25519:
        return muxed(b, v->med25519.ed25519, v->med25519.id);
    default:
        return invalid(b);
    }
}

int sx_json_special_MuxedAccountMed25519(sx_buf *b, const sx_MuxedAccountMed25519 *v)
{
    return muxed(b, v->ed25519, v->id);
}

int sx_json_special_MuxedEd25519Account(sx_buf *b, const sx_MuxedEd25519Account *v)
{
    return muxed(b, v->ed25519, v->id);
}

int sx_json_special_SignerKeyEd25519SignedPayload(sx_buf *b, const sx_SignerKeyEd25519SignedPayload *v)
{
    uint8_t payload[32 + 4 + 64];
    size_t padded = ((size_t)v->payload.len + 3) & ~(size_t)3;
    if (v->payload.len > 64)
        return sx_buf_fail(b, "signed payload longer than 64 bytes");
    memcpy(payload, v->ed25519, 32);
    payload[32] = (uint8_t)(v->payload.len >> 24);
    payload[33] = (uint8_t)(v->payload.len >> 16);
    payload[34] = (uint8_t)(v->payload.len >> 8);
    payload[35] = (uint8_t)v->payload.len;
    memset(payload + 36, 0, padded);
    if (v->payload.len)
        memcpy(payload + 36, v->payload.data, v->payload.len);
    return sx_json_strkey(b, SX_STRKEY_SIGNED_PAYLOAD, payload, 36 + padded);
}

int sx_json_special_SignerKey(sx_buf *b, const sx_SignerKey *v)
{
    switch (v->type) {
    case SX_SIGNER_KEY_TYPE_ED25519:
        return sx_json_strkey(b, SX_STRKEY_ACCOUNT, v->ed25519, 32);
    case SX_SIGNER_KEY_TYPE_PRE_AUTH_TX:
        return sx_json_strkey(b, SX_STRKEY_PRE_AUTH_TX, v->preAuthTx, 32);
    case SX_SIGNER_KEY_TYPE_HASH_X:
        return sx_json_strkey(b, SX_STRKEY_HASH_X, v->hashX, 32);
    case SX_SIGNER_KEY_TYPE_ED25519_SIGNED_PAYLOAD:
        return sx_json_special_SignerKeyEd25519SignedPayload(b, &v->ed25519SignedPayload);
    default:
        return invalid(b);
    }
}

int sx_json_special_ContractID(sx_buf *b, const sx_ContractID *v)
{
    return sx_json_strkey(b, SX_STRKEY_CONTRACT, *v, 32);
}

int sx_json_special_PoolID(sx_buf *b, const sx_PoolID *v)
{
    return sx_json_strkey(b, SX_STRKEY_LIQUIDITY_POOL, *v, 32);
}

int sx_json_special_ClaimableBalanceID(sx_buf *b, const sx_ClaimableBalanceID *v)
{
    uint8_t payload[33];
    if (v->type != SX_CLAIMABLE_BALANCE_ID_TYPE_V0)
        return invalid(b);
    payload[0] = (uint8_t)v->type;
    memcpy(payload + 1, v->v0, 32);
    return sx_json_strkey(b, SX_STRKEY_CLAIMABLE_BALANCE, payload, sizeof(payload));
}

int sx_json_special_SCAddress(sx_buf *b, const sx_SCAddress *v)
{
    switch (v->type) {
    case SX_SC_ADDRESS_TYPE_ACCOUNT:
        return sx_json_special_PublicKey(b, &v->accountId);
    case SX_SC_ADDRESS_TYPE_CONTRACT:
        return sx_json_special_ContractID(b, &v->contractId);
    case SX_SC_ADDRESS_TYPE_MUXED_ACCOUNT:
        return sx_json_special_MuxedEd25519Account(b, &v->muxedAccount);
    case SX_SC_ADDRESS_TYPE_CLAIMABLE_BALANCE:
        return sx_json_special_ClaimableBalanceID(b, &v->claimableBalanceId);
    case SX_SC_ADDRESS_TYPE_LIQUIDITY_POOL:
        return sx_json_special_PoolID(b, &v->liquidityPoolId);
    default:
        return invalid(b);
    }
}

/* AssetCode12 keeps at least 5 characters so it never reads as an AssetCode4. */
int sx_json_special_AssetCode4(sx_buf *b, const sx_AssetCode4 *v)
{
    return sx_json_asset_code(b, *v, 4, 0);
}

int sx_json_special_AssetCode12(sx_buf *b, const sx_AssetCode12 *v)
{
    return sx_json_asset_code(b, *v, 12, 5);
}

int sx_json_special_AssetCode(sx_buf *b, const sx_AssetCode *v)
{
    switch (v->type) {
    case SX_ASSET_TYPE_CREDIT_ALPHANUM4:
        return sx_json_special_AssetCode4(b, &v->assetCode4);
    case SX_ASSET_TYPE_CREDIT_ALPHANUM12:
        return sx_json_special_AssetCode12(b, &v->assetCode12);
    default:
        return invalid(b);
    }
}

int sx_json_special_Int128Parts(sx_buf *b, const sx_Int128Parts *v)
{
    uint64_t limbs[2] = {(uint64_t)v->hi, v->lo};
    return sx_json_bigint(b, limbs, 2, true);
}

int sx_json_special_UInt128Parts(sx_buf *b, const sx_UInt128Parts *v)
{
    uint64_t limbs[2] = {v->hi, v->lo};
    return sx_json_bigint(b, limbs, 2, false);
}

int sx_json_special_Int256Parts(sx_buf *b, const sx_Int256Parts *v)
{
    uint64_t limbs[4] = {(uint64_t)v->hi_hi, v->hi_lo, v->lo_hi, v->lo_lo};
    return sx_json_bigint(b, limbs, 4, true);
}

int sx_json_special_UInt256Parts(sx_buf *b, const sx_UInt256Parts *v)
{
    uint64_t limbs[4] = {v->hi_hi, v->hi_lo, v->lo_hi, v->lo_lo};
    return sx_json_bigint(b, limbs, 4, false);
}
