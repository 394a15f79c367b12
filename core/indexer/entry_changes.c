/* entry_changes.c — the diff engine: turns a LedgerEntryChanges list into
 * (before, after) pairs of one entry and hands each pair to the derivers.
 *
 * stellar-core writes STATE (the value before) followed by UPDATED or
 * REMOVED of the same key; CREATED has no before; RESTORED (protocol 23+)
 * brings an archived entry back unchanged and serves as the before of a
 * later UPDATED/REMOVED.  An UPDATED or REMOVED whose key has no STATE or
 * RESTORED earlier in the list is malformed meta: an error, because a
 * balance cannot be derived without its prior value. */
#include "indexer/emit.h"
#include "indexer/ix_internal.h"
#include "xdr/ledger_key.h"

/* An update that moves nothing a row shows (balance, limit, flags): only
 * liabilities or extensions changed, as when offers are placed.  The
 * derivers would make no row; the asset is not even named. */
static bool trustline_unchanged(const sx_LedgerEntryData *before, const sx_LedgerEntryData *after)
{
    return before && after && before->trustLine.balance == after->trustLine.balance &&
           before->trustLine.limit == after->trustLine.limit &&
           before->trustLine.flags == after->trustLine.flags;
}

static int derive(ix_ctx *ctx, const sx_LedgerEntry *before, const sx_LedgerEntry *after,
                  error_report *err)
{
    ix_pair pair;
    pair.before = before ? &before->data : NULL;
    pair.after = after ? &after->data : NULL;
    pair.any = pair.before ? pair.before : pair.after;
    pair.owner = NULL;
    pair.asset = NULL;
    /* One dispatch on the type: the owner is a participant first, then
     * the balance rows, then the other state changes. */
    switch (pair.any->type) {
    case SX_ACCOUNT:
        pair.owner = ix_account_name(ctx->ix, &pair.any->account.accountID);
        ix_add_participant(ctx, pair.owner);
        ix_account_balances(ctx, &pair);
        ix_account_state(ctx, &pair);
        break;
    case SX_TRUSTLINE:
        pair.owner = ix_account_name(ctx->ix, &pair.any->trustLine.accountID);
        ix_add_participant(ctx, pair.owner);
        if (trustline_unchanged(pair.before, pair.after))
            break;
        pair.asset = ix_trustline_asset_name(ctx->ix, &pair.any->trustLine.asset);
        if (ix_trustline_balances(ctx, &pair, err))
            return -1;
        ix_trustline_state(ctx, &pair);
        break;
    case SX_DATA:
        pair.owner = ix_account_name(ctx->ix, &pair.any->data.accountID);
        ix_add_participant(ctx, pair.owner);
        ix_data_state(ctx, &pair);
        break;
    case SX_CLAIMABLE_BALANCE:
        if (ix_claimable_balances(ctx, &pair, err))
            return -1;
        break;
    case SX_LIQUIDITY_POOL:
        if (ix_pool_balances(ctx, &pair, err))
            return -1;
        break;
    case SX_CONTRACT_DATA:
        ix_contract_data_balances(ctx, &pair);
        ix_contract_instance_state(ctx, &pair);
        break;
    default:
        break;
    }
    ix_sponsor_state(ctx, &pair, before, after);
    if (before)
        ix_entry_participants(ctx, before);
    if (after)
        ix_entry_participants(ctx, after);
    return 0;
}

/* The latest STATE/RESTORED entry before index `at` whose key is `key`. */
static const sx_LedgerEntry *prior_state(ix_ctx *ctx, const sx_LedgerEntryChanges *changes,
                                         uint32_t at, const sx_LedgerKey *key, error_report *err,
                                         int *failed)
{
    for (uint32_t j = at; j-- > 0;) {
        const sx_LedgerEntryChange *c = &changes->items[j];
        const sx_LedgerEntry *e = c->type == SX_LEDGER_ENTRY_STATE      ? &c->state
                                  : c->type == SX_LEDGER_ENTRY_RESTORED ? &c->restored
                                                                        : NULL;
        if (!e)
            continue;
        int eq = ix_entry_has_key(ctx->ix, e, key);
        if (eq < 0) {
            char where[IX_WHERE_SIZE];
            report_set(err, ctx->ix->scratch.fail, NULL, "%s: change %u: cannot encode a ledger key",
                       ix_where(ctx, where, sizeof(where)), at);
            *failed = 1;
            return NULL;
        }
        if (eq)
            return e;
    }
    return NULL;
}

int ix_walk_changes(ix_ctx *ctx, const sx_LedgerEntryChanges *changes, error_report *err)
{
    for (uint32_t i = 0; i < changes->len; i++) {
        const sx_LedgerEntryChange *c = &changes->items[i];
        sx_LedgerKey key;
        const sx_LedgerEntry *before;
        int failed = 0;
        char where[IX_WHERE_SIZE];
        switch (c->type) {
        case SX_LEDGER_ENTRY_CREATED:
            if (derive(ctx, NULL, &c->created, err))
                return -1;
            break;
        case SX_LEDGER_ENTRY_UPDATED:
        case SX_LEDGER_ENTRY_REMOVED:
            if (c->type == SX_LEDGER_ENTRY_UPDATED && ledger_key_of_entry(&c->updated, &key)) {
                report_set(err, NULL, NULL, "%s: change %u updates an entry of unknown type %d",
                           ix_where(ctx, where, sizeof(where)), i, (int)c->updated.data.type);
                return -1;
            }
            if (c->type == SX_LEDGER_ENTRY_REMOVED)
                key = c->removed;
            before = prior_state(ctx, changes, i, &key, err, &failed);
            if (failed)
                return -1;
            if (!before) {
                report_set(err, "every UPDATED or REMOVED change must follow the STATE of its entry",
                           NULL, "%s: change %u (%s of a ledger entry of type %d) has no prior state",
                           ix_where(ctx, where, sizeof(where)), i, c->type == SX_LEDGER_ENTRY_UPDATED ? "UPDATED" : "REMOVED",
                           (int)key.type);
                return -1;
            }
            if (derive(ctx, before, c->type == SX_LEDGER_ENTRY_UPDATED ? &c->updated : NULL, err))
                return -1;
            break;
        default: /* STATE, RESTORED: the before of a later change */
            break;
        }
    }
    return 0;
}
