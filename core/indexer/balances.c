/* balances.c — what a (before, after) pair of one ledger entry does to
 * balances: BALANCE state-change rows for every amount that moved (account
 * lumens, trustlines, claimable balances, liquidity pool reserves,
 * Stellar Asset Contract balances in contract data) and current-state
 * balance changes for accounts, trustlines and SAC balances. */
#include <string.h>

#include "indexer/emit.h"
#include "indexer/ix_internal.h"
#include "stellar/strkey.h"

typedef __int128 i128;

static sluice_int128 to_row(i128 v)
{
    sluice_int128 r;
    r.hi = (int64_t)(v >> 64);
    r.lo = (uint64_t)v;
    return r;
}

/* One BALANCE row for `delta` of `asset` held by `holder` (no row for 0).
 * The holder becomes a participant unless it is the pair's owner (derive
 * in entry_changes.c added that one). */
static void balance_row(ix_ctx *ctx, const ix_pair *pair, ix_name *holder, const char *asset,
                        i128 delta)
{
    static const char refund_json[] = "{\"fee_refund\":true}";
    const char *details = NULL;
    if (delta == 0)
        return;
    if (holder != pair->owner)
        ix_add_participant(ctx, holder);
    sluice_state_reason reason = delta > 0 ? SLUICE_SR_CREDIT : SLUICE_SR_DEBIT;
    if (ctx->phase == IX_PHASE_FEE && delta < 0)
        reason = SLUICE_SR_FEE;
    if (ctx->phase == IX_PHASE_REFUND && delta > 0)
        details = refund_json;
    if (ctx->phase == IX_PHASE_REFUND && delta < 0)
        reason = SLUICE_SR_FEE;
    sluice_state_change_row *row = ix_push_state_change(ctx, SLUICE_SC_BALANCE, reason, holder);
    row->asset = asset;
    row->amount = to_row(delta < 0 ? -delta : delta);
    row->details_json = details;
}

/* A current-state change of `key` (holder, asset), unless nothing it keeps
 * moved. */
static void balance_change(ix_ctx *ctx, const ix_balance_key *key, const ix_name *holder,
                           const char *asset, bool had, bool has, i128 balance, int64_t limit,
                           uint32_t flags, bool moved)
{
    static const sluice_int128 zero;
    if (had && has && !moved)
        return;
    sluice_balance_kind kind = !had ? SLUICE_BALANCE_ADD : has ? SLUICE_BALANCE_UPDATE : SLUICE_BALANCE_REMOVE;
    ix_net_add(ctx->ix, key, holder, asset, kind, ctx->operation_id, has ? to_row(balance) : zero,
               has ? limit : 0, has ? flags : 0);
}

static int no_memory(ix_ctx *ctx, error_report *err)
{
    char where[IX_WHERE_SIZE];
    report_set(err, NULL, NULL, "%s: out of memory naming an asset", ix_where(ctx, where, sizeof(where)));
    return -1;
}

void ix_account_balances(ix_ctx *ctx, const ix_pair *pair)
{
    const sx_AccountEntry *b = pair->before ? &pair->before->account : NULL;
    const sx_AccountEntry *a = pair->after ? &pair->after->account : NULL;
    if (b && a && b->balance == a->balance)
        return; /* a sequence bump, liabilities: no row */
    ix_balance_key key = {0};
    ix_balance_key_holder(&key, STRKEY_ACCOUNT, pair->any->account.accountID.ed25519);
    i128 before = b ? b->balance : 0, after = a ? a->balance : 0;
    balance_row(ctx, pair, pair->owner, "native", after - before);
    balance_change(ctx, &key, pair->owner, "native", b != NULL, a != NULL, after, 0, 0,
                   before != after);
}

/* The key half of a trustline's asset (as ix_trustline_asset_name names it). */
static void trustline_asset_key(ix_balance_key *key, const sx_TrustLineAsset *asset)
{
    switch (asset->type) {
    case SX_ASSET_TYPE_CREDIT_ALPHANUM4:
        ix_balance_key_asset(key, IX_ASSET_CREDIT, asset->alphaNum4.assetCode, 4,
                             asset->alphaNum4.issuer.ed25519);
        break;
    case SX_ASSET_TYPE_CREDIT_ALPHANUM12:
        ix_balance_key_asset(key, IX_ASSET_CREDIT, asset->alphaNum12.assetCode, 12,
                             asset->alphaNum12.issuer.ed25519);
        break;
    case SX_ASSET_TYPE_POOL_SHARE:
        ix_balance_key_asset(key, IX_ASSET_POOL_SHARE, NULL, 0, asset->liquidityPoolID);
        break;
    default:
        ix_balance_key_asset(key, IX_ASSET_NATIVE, NULL, 0, NULL);
        break;
    }
}

int ix_trustline_balances(ix_ctx *ctx, const ix_pair *pair, error_report *err)
{
    const sx_TrustLineEntry *b = pair->before ? &pair->before->trustLine : NULL;
    const sx_TrustLineEntry *a = pair->after ? &pair->after->trustLine : NULL;
    const sx_TrustLineEntry *any = &pair->any->trustLine;
    if (!pair->asset)
        return no_memory(ctx, err);
    ix_balance_key key = {0};
    ix_balance_key_holder(&key, STRKEY_ACCOUNT, any->accountID.ed25519);
    trustline_asset_key(&key, &any->asset);
    i128 before = b ? b->balance : 0, after = a ? a->balance : 0;
    balance_row(ctx, pair, pair->owner, pair->asset, after - before);
    bool moved = b && a && (b->balance != a->balance || b->limit != a->limit || b->flags != a->flags);
    balance_change(ctx, &key, pair->owner, pair->asset, b != NULL, a != NULL, after,
                   a ? a->limit : 0, a ? a->flags : 0, moved);
    return 0;
}

/* A claimable balance's rows name it (B...) as the account. */
int ix_claimable_balances(ix_ctx *ctx, const ix_pair *pair, error_report *err)
{
    const sx_ClaimableBalanceEntry *b = pair->before ? &pair->before->claimableBalance : NULL;
    const sx_ClaimableBalanceEntry *a = pair->after ? &pair->after->claimableBalance : NULL;
    const sx_ClaimableBalanceEntry *any = &pair->any->claimableBalance;
    ix_name *id = ix_claimable_balance_name(ctx->ix, &any->balanceID);
    const char *asset = ix_asset_name(ctx->ix, &any->asset);
    if (!asset)
        return no_memory(ctx, err);
    if (!id) {
        char where[IX_WHERE_SIZE];
        report_set(err, NULL, NULL, "%s: claimable balance id of unknown type", ix_where(ctx, where, sizeof(where)));
        return -1;
    }
    balance_row(ctx, pair, id, asset, (i128)(a ? a->amount : 0) - (b ? b->amount : 0));
    return 0;
}

int ix_pool_balances(ix_ctx *ctx, const ix_pair *pair, error_report *err)
{
    const sx_LiquidityPoolEntry *b = pair->before ? &pair->before->liquidityPool : NULL;
    const sx_LiquidityPoolEntry *a = pair->after ? &pair->after->liquidityPool : NULL;
    const sx_LiquidityPoolEntry *any = &pair->any->liquidityPool;
    const sx_LiquidityPoolConstantProductParameters *params = &any->body.constantProduct.params;
    ix_name *holder = ix_name_of(ctx->ix, STRKEY_LIQUIDITY_POOL, any->liquidityPoolID);
    const char *asset_a = ix_asset_name(ctx->ix, &params->assetA);
    const char *asset_b = ix_asset_name(ctx->ix, &params->assetB);
    if (!asset_a || !asset_b)
        return no_memory(ctx, err);
    i128 before_a = b ? b->body.constantProduct.reserveA : 0;
    i128 before_b = b ? b->body.constantProduct.reserveB : 0;
    i128 after_a = a ? a->body.constantProduct.reserveA : 0;
    i128 after_b = a ? a->body.constantProduct.reserveB : 0;
    balance_row(ctx, pair, holder, asset_a, after_a - before_a);
    balance_row(ctx, pair, holder, asset_b, after_b - before_b);
    return 0;
}

/* ---- Stellar Asset Contract balances ------------------------------------
 * A SAC keeps a contract holder's balance in persistent contract data with
 * key Vec[Symbol("Balance"), Address(holder)] and value
 * Map{amount: I128, authorized: Bool, clawback: Bool}.  The native SAC is
 * recognised by its id; other contracts by that exact shape. */

static bool symbol_is(const sx_SCVal *v, const char *name)
{
    size_t n = strlen(name);
    return v->type == SX_SCV_SYMBOL && v->sym.len == n && memcmp(v->sym.data, name, n) == 0;
}

/* The holder of a SAC balance key, or NULL when `key` is not one. */
static const sx_SCAddress *sac_holder(const sx_SCVal *key)
{
    if (key->type != SX_SCV_VEC || !key->vec || key->vec->len != 2 ||
        !symbol_is(&key->vec->items[0], "Balance") || key->vec->items[1].type != SX_SCV_ADDRESS)
        return NULL;
    return &key->vec->items[1].address;
}

/* The amount of a SAC balance value; false when `val` does not have the shape. */
static bool sac_amount(const sx_SCVal *val, i128 *amount)
{
    if (val->type != SX_SCV_MAP || !val->map || val->map->len != 3)
        return false;
    const sx_SCMapEntry *e = val->map->items;
    if (!symbol_is(&e[0].key, "amount") || e[0].val.type != SX_SCV_I128 ||
        !symbol_is(&e[1].key, "authorized") || e[1].val.type != SX_SCV_BOOL ||
        !symbol_is(&e[2].key, "clawback") || e[2].val.type != SX_SCV_BOOL)
        return false;
    *amount = (i128)((unsigned __int128)(uint64_t)e[0].val.i128.hi << 64 | e[0].val.i128.lo);
    return true;
}

bool ix_sac_balance_authorized(const sx_ContractDataEntry *e, const sx_SCAddress **holder,
                               bool *authorized)
{
    i128 amount;
    *holder = sac_holder(&e->key);
    if (!*holder || e->contract.type != SX_SC_ADDRESS_TYPE_CONTRACT || !sac_amount(&e->val, &amount))
        return false;
    *authorized = e->val.map->items[1].val.b;
    return true;
}

/* The key half of an SCAddress holder (as ix_address_name names it);
 * false for holders without a strkey field. */
static bool address_key(ix_balance_key *key, const sx_SCAddress *a)
{
    switch (a->type) {
    case SX_SC_ADDRESS_TYPE_ACCOUNT:
        ix_balance_key_holder(key, STRKEY_ACCOUNT, a->accountId.ed25519);
        return true;
    case SX_SC_ADDRESS_TYPE_MUXED_ACCOUNT:
        ix_balance_key_holder(key, STRKEY_ACCOUNT, a->muxedAccount.ed25519);
        return true;
    case SX_SC_ADDRESS_TYPE_CONTRACT:
        ix_balance_key_holder(key, STRKEY_CONTRACT, a->contractId);
        return true;
    case SX_SC_ADDRESS_TYPE_LIQUIDITY_POOL:
        ix_balance_key_holder(key, STRKEY_LIQUIDITY_POOL, a->liquidityPoolId);
        return true;
    case SX_SC_ADDRESS_TYPE_CLAIMABLE_BALANCE:
        ix_balance_key_holder(key, STRKEY_CLAIMABLE_BALANCE, a->claimableBalanceId.v0);
        return true;
    default:
        return false;
    }
}

void ix_contract_data_balances(ix_ctx *ctx, const ix_pair *pair)
{
    const sx_ContractDataEntry *b = pair->before ? &pair->before->contractData : NULL;
    const sx_ContractDataEntry *a = pair->after ? &pair->after->contractData : NULL;
    const sx_ContractDataEntry *any = &pair->any->contractData;
    const sx_SCAddress *holder_address = sac_holder(&any->key);
    i128 before = 0, after = 0;
    if (!holder_address || any->contract.type != SX_SC_ADDRESS_TYPE_CONTRACT ||
        (b && !sac_amount(&b->val, &before)) || (a && !sac_amount(&a->val, &after)))
        return;
    ix_balance_key key = {0};
    ix_name *holder = ix_address_name(ctx->ix, holder_address);
    if (!address_key(&key, holder_address) || !holder)
        return;
    ix_balance_key_asset(&key, IX_ASSET_CONTRACT, NULL, 0, any->contract.contractId);
    const char *asset = ix_name_of(ctx->ix, STRKEY_CONTRACT, any->contract.contractId)->text;
    balance_row(ctx, pair, holder, asset, after - before);
    balance_change(ctx, &key, holder, asset, b != NULL, a != NULL, after, 0, 0, before != after);
}
