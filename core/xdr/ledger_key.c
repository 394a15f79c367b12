/* ledger_key.c — the LedgerKey of a LedgerEntry (see ledger_key.h). */
#include "xdr/ledger_key.h"

int ledger_key_of_entry(const sx_LedgerEntry *entry, sx_LedgerKey *key)
{
    const sx_LedgerEntryData *d = &entry->data;
    key->type = d->type; /* only the arm of the type is set */
    switch (d->type) {
    case SX_ACCOUNT:
        key->account.accountID = d->account.accountID;
        return 0;
    case SX_TRUSTLINE:
        key->trustLine.accountID = d->trustLine.accountID;
        key->trustLine.asset = d->trustLine.asset;
        return 0;
    case SX_OFFER:
        key->offer.sellerID = d->offer.sellerID;
        key->offer.offerID = d->offer.offerID;
        return 0;
    case SX_DATA:
        key->data.accountID = d->data.accountID;
        key->data.dataName = d->data.dataName;
        return 0;
    case SX_CLAIMABLE_BALANCE:
        key->claimableBalance.balanceID = d->claimableBalance.balanceID;
        return 0;
    case SX_LIQUIDITY_POOL:
        key->liquidityPool.liquidityPoolID = d->liquidityPool.liquidityPoolID;
        return 0;
    case SX_CONTRACT_DATA:
        key->contractData.contract = d->contractData.contract;
        key->contractData.key = d->contractData.key;
        key->contractData.durability = d->contractData.durability;
        return 0;
    case SX_CONTRACT_CODE:
        key->contractCode.hash = d->contractCode.hash;
        return 0;
    case SX_CONFIG_SETTING:
        key->configSetting.configSettingID = d->configSetting.configSettingID;
        return 0;
    case SX_TTL:
        key->ttl.keyHash = d->ttl.keyHash;
        return 0;
    default:
        return -1;
    }
}
