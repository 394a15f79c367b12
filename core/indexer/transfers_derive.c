/* transfers_derive.c — token_transfers rows of ledgers whose meta carries
 * no CAP-67 events (meta v0-v3, or when indexer_options.derive_transfers
 * asks), derived from operations, results and entry changes in the order
 * stellar-core emits them from protocol 23 on: the fee charged (from fee
 * processing), each successful operation's movements, the fee refunded
 * (from the changes after the operations or post-apply fee processing).
 * Trades (path payments, offers, pools) are transfers_trades.c's, pool
 * share revocations too; Soroban calls keep their host's events. */
#include <string.h>

#include "indexer/ix_internal.h"
#include "stellar/strkey.h"

typedef __int128 i128;

static const sx_Asset native_asset = {.type = SX_ASSET_TYPE_NATIVE};

/* The net change of `account`'s lumens over a change list (every
 * account's when `account` is NULL): stellar-core writes the STATE of an
 * entry before its UPDATED or REMOVED, so the change is what CREATED and
 * UPDATED hold minus what STATE held. */
static i128 balance_delta(const sx_LedgerEntryChanges *changes, const ix_name *account)
{
    i128 delta = 0;
    for (uint32_t i = 0; i < changes->len; i++) {
        const sx_LedgerEntryChange *c = &changes->items[i];
        const sx_LedgerEntry *entry = c->type == SX_LEDGER_ENTRY_STATE     ? &c->state
                                      : c->type == SX_LEDGER_ENTRY_UPDATED ? &c->updated
                                      : c->type == SX_LEDGER_ENTRY_CREATED ? &c->created
                                                                           : NULL;
        if (!entry || entry->data.type != SX_ACCOUNT ||
            (account && memcmp(entry->data.account.accountID.ed25519, account->id, 32) != 0))
            continue;
        i128 balance = entry->data.account.balance;
        delta += c->type == SX_LEDGER_ENTRY_STATE ? -balance : balance;
    }
    return delta;
}

void ix_fee_transfer(ix_ctx *ctx, const sx_LedgerEntryChanges *changes, const ix_name *fee_source,
                     bool refund)
{
    i128 paid = -balance_delta(changes, fee_source);
    if (refund && paid == 0)
        return;
    ix_push_transfer(ctx, SLUICE_TRANSFER_FEE, fee_source, NULL, "native",
                     ctx->ix->native_contract, paid);
}

/* The claimable balance entry of `id` as it was before the operation (its
 * STATE change), or NULL. */
static const sx_ClaimableBalanceEntry *claimable_balance_before(const sx_LedgerEntryChanges *changes,
                                                                const sx_ClaimableBalanceID *id)
{
    for (uint32_t i = 0; i < changes->len; i++) {
        const sx_LedgerEntryChange *c = &changes->items[i];
        if (c->type != SX_LEDGER_ENTRY_STATE || c->state.data.type != SX_CLAIMABLE_BALANCE)
            continue;
        const sx_ClaimableBalanceEntry *cb = &c->state.data.claimableBalance;
        if (cb->balanceID.type == id->type && memcmp(cb->balanceID.v0, id->v0, 32) == 0)
            return cb;
    }
    return NULL;
}

/* A TRANSFER whose destination was a muxed account carries its id. */
static void muxed_destination(sluice_token_transfer_row *row, bool has_id, uint64_t id)
{
    if (row && has_id && row->kind == SLUICE_TRANSFER) {
        row->has_to_muxed_id = true;
        row->to_muxed_id = id;
    }
}

/* The movements of one operation, by type. */
static void operation_movements(ix_ctx *ctx, const ix_operation_view *v)
{
    indexer *ix = ctx->ix;
    const sx_OperationBody *body = &v->op->body;
    const sx_OperationResultTr *tr = &v->result->tr;
    bool has_id;
    uint64_t muxed_id;
    switch (body->type) {
    case SX_CREATE_ACCOUNT:
        ix_classic_transfer(ctx, SLUICE_TRANSFER, v->source,
                            ix_account_name(ix, &body->createAccountOp.destination), &native_asset,
                            body->createAccountOp.startingBalance);
        break;
    case SX_PAYMENT: {
        ix_name *to = ix_muxed_name(ix, &body->paymentOp.destination, &has_id, &muxed_id);
        muxed_destination(ix_classic_transfer(ctx, SLUICE_TRANSFER, v->source, to,
                                              &body->paymentOp.asset, body->paymentOp.amount),
                          has_id, muxed_id);
        break;
    }
    case SX_ACCOUNT_MERGE: {
        ix_name *to = ix_muxed_name(ix, &body->destination, &has_id, &muxed_id);
        muxed_destination(ix_classic_transfer(ctx, SLUICE_TRANSFER, v->source, to, &native_asset,
                                              tr->accountMergeResult.sourceAccountBalance),
                          has_id, muxed_id);
        break;
    }
    case SX_INFLATION:
        for (uint32_t i = 0; i < tr->inflationResult.payouts.len; i++) {
            const sx_InflationPayout *p = &tr->inflationResult.payouts.items[i];
            ix_classic_transfer(ctx, SLUICE_TRANSFER_MINT, NULL,
                                ix_account_name(ix, &p->destination), &native_asset, p->amount);
        }
        break;
    case SX_CREATE_CLAIMABLE_BALANCE: {
        const sx_CreateClaimableBalanceOp *op = &body->createClaimableBalanceOp;
        ix_classic_transfer(
            ctx, SLUICE_TRANSFER, v->source,
            ix_claimable_balance_name(ix, &tr->createClaimableBalanceResult.balanceID), &op->asset,
            op->amount);
        break;
    }
    case SX_CLAIM_CLAIMABLE_BALANCE: {
        const sx_ClaimableBalanceID *id = &body->claimClaimableBalanceOp.balanceID;
        const sx_ClaimableBalanceEntry *cb = claimable_balance_before(v->changes, id);
        if (cb)
            muxed_destination(ix_classic_transfer(ctx, SLUICE_TRANSFER,
                                                  ix_claimable_balance_name(ix, id), v->source,
                                                  &cb->asset, cb->amount),
                              v->source_has_id, v->source_muxed_id);
        break;
    }
    case SX_CLAWBACK:
        ix_classic_transfer(ctx, SLUICE_TRANSFER_CLAWBACK,
                            ix_muxed_name(ix, &body->clawbackOp.from, &has_id, &muxed_id), NULL,
                            &body->clawbackOp.asset, body->clawbackOp.amount);
        break;
    case SX_CLAWBACK_CLAIMABLE_BALANCE: {
        const sx_ClaimableBalanceID *id = &body->clawbackClaimableBalanceOp.balanceID;
        const sx_ClaimableBalanceEntry *cb = claimable_balance_before(v->changes, id);
        if (cb)
            ix_classic_transfer(ctx, SLUICE_TRANSFER_CLAWBACK, ix_claimable_balance_name(ix, id),
                                NULL, &cb->asset, cb->amount);
        break;
    }
    case SX_ALLOW_TRUST:
    case SX_SET_TRUST_LINE_FLAGS:
        ix_revocation_transfers(ctx, v->op, v->changes);
        break;
    case SX_PATH_PAYMENT_STRICT_RECEIVE:
    case SX_PATH_PAYMENT_STRICT_SEND:
    case SX_MANAGE_SELL_OFFER:
    case SX_MANAGE_BUY_OFFER:
    case SX_CREATE_PASSIVE_SELL_OFFER:
    case SX_LIQUIDITY_POOL_DEPOSIT:
    case SX_LIQUIDITY_POOL_WITHDRAW:
        ix_trade_transfers(ctx, v);
        break;
    case SX_INVOKE_HOST_FUNCTION:
        if (v->events)
            ix_event_transfers(ctx, v->events);
        break;
    default:
        break;
    }
}

/* Before protocol 8 some operations made or destroyed lumens (CAP-67,
 * "retroactively emitting events"; stellar-core's LumenEventReconciler,
 * stellar/go's reconciliation): where an operation's account balances (not
 * inflation's) do not net to zero, lumens made are a mint to its source
 * before its other movements, lumens destroyed a burn from it after them. */
void ix_operation_transfers(ix_ctx *ctx, const ix_operation_view *v)
{
    i128 made = ctx->protocol_version < 8 && v->op->body.type != SX_INFLATION
                    ? balance_delta(v->changes, NULL)
                    : 0;
    if (made > 0)
        ix_push_transfer(ctx, SLUICE_TRANSFER_MINT, NULL, v->source, "native",
                         ctx->ix->native_contract, made);
    operation_movements(ctx, v);
    if (made < 0)
        ix_push_transfer(ctx, SLUICE_TRANSFER_BURN, v->source, NULL, "native",
                         ctx->ix->native_contract, -made);
}
