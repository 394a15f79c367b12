/* events.c — what an operation's token movements (its token_transfers
 * rows, transfers.c) mean for its state changes.
 *
 * Balances the ledger entry diff already sees (accounts, trustlines,
 * claimable balances, pools, SAC balances in contract data) are not
 * counted twice: a mint relabels the recipient's CREDIT row of the asset in
 * the operation as MINT, a burn or clawback the holder's DEBIT row as BURN
 * (the row's amount stays the net change; a row already labelled stays
 * as it is, so each event has exactly one labelled row).  Events of other
 * token contracts keep balances in storage the diff cannot read, so they
 * add BALANCE rows (asset = the token contract): transfer DEBIT/CREDIT,
 * mint MINT, burn and clawback BURN, and their addresses become
 * participants. */
#include <string.h>

#include "indexer/emit.h"
#include "indexer/ix_internal.h"

typedef __int128 i128;

void ix_relabel_balance(ix_ctx *ctx, sluice_transfer_kind kind, const ix_name *from,
                        const ix_name *to, const char *asset, const char *contract)
{
    bool mint = kind == SLUICE_TRANSFER_MINT;
    if (!mint && kind != SLUICE_TRANSFER_BURN && kind != SLUICE_TRANSFER_CLAWBACK)
        return;
    const ix_name *holder = mint ? to : from;
    sluice_state_reason was = mint ? SLUICE_SR_CREDIT : SLUICE_SR_DEBIT;
    sluice_state_reason label = mint ? SLUICE_SR_MINT : SLUICE_SR_BURN;
    if (!holder)
        return;
    sluice_state_change_row *rows = ctx->ix->state_changes.items;
    for (size_t i = ctx->first_state_row; i < ctx->ix->state_changes.count; i++) {
        sluice_state_change_row *r = &rows[i];
        if (r->category != SLUICE_SC_BALANCE || (r->reason != was && r->reason != label) ||
            !r->asset || memcmp(r->account, holder->text, SLUICE_STRKEY_SIZE) != 0 ||
            (strcmp(r->asset, asset) != 0 && strcmp(r->asset, contract) != 0))
            continue;
        r->reason = label;
        return;
    }
}

static void token_row(ix_ctx *ctx, sluice_state_reason reason, ix_name *holder,
                      const char *contract, i128 amount)
{
    ix_add_participant(ctx, holder);
    sluice_state_change_row *row = ix_push_state_change(ctx, SLUICE_SC_BALANCE, reason, holder);
    row->asset = contract;
    row->amount.hi = (int64_t)(amount >> 64);
    row->amount.lo = (uint64_t)amount;
}

void ix_token_balance_rows(ix_ctx *ctx, sluice_transfer_kind kind, ix_name *from, ix_name *to,
                           const char *contract, i128 amount)
{
    if (amount < 0)
        return;
    switch (kind) {
    case SLUICE_TRANSFER:
        token_row(ctx, SLUICE_SR_DEBIT, from, contract, amount);
        token_row(ctx, SLUICE_SR_CREDIT, to, contract, amount);
        break;
    case SLUICE_TRANSFER_MINT:
        token_row(ctx, SLUICE_SR_MINT, to, contract, amount);
        break;
    case SLUICE_TRANSFER_BURN:
    case SLUICE_TRANSFER_CLAWBACK:
        token_row(ctx, SLUICE_SR_BURN, from, contract, amount);
        break;
    default:
        break;
    }
}
