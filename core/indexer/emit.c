/* emit.c — the rows every deriver appends: state changes, participants
 * (each once per transaction and operation: a stamp on its ix_name), and
 * the place of a change for error messages (see emit.h). */
#include <stdio.h>
#include <string.h>

#include "indexer/emit.h"

sluice_state_change_row *ix_push_state_change(ix_ctx *ctx, sluice_state_category category,
                                              sluice_state_reason reason, const ix_name *account)
{
    sluice_state_change_row *row = row_vec_push(&ctx->ix->state_changes);
    row->operation_id = ctx->operation_id;
    row->order = (*ctx->order)++;
    row->category = category;
    row->reason = reason;
    memcpy(row->account, account->text, SLUICE_STRKEY_SIZE);
    return row;
}

void ix_add_participant(ix_ctx *ctx, ix_name *account)
{
    if (!account)
        return;
    if (account->transaction_stamp != ctx->transaction_id) {
        sluice_participant_row *row = row_vec_push(&ctx->ix->transaction_participants);
        row->id = ctx->transaction_id;
        memcpy(row->account, account->text, SLUICE_STRKEY_SIZE);
        account->transaction_stamp = ctx->transaction_id;
    }
    if (ctx->phase == IX_PHASE_OPERATION && account->operation_stamp != ctx->operation_id) {
        sluice_participant_row *row = row_vec_push(&ctx->ix->operation_participants);
        row->id = ctx->operation_id;
        memcpy(row->account, account->text, SLUICE_STRKEY_SIZE);
        account->operation_stamp = ctx->operation_id;
    }
}

const char *ix_where(const ix_ctx *ctx, char *buf, size_t size)
{
    if (ctx->phase == IX_PHASE_OPERATION)
        snprintf(buf, size, "ledger %u transaction %u operation %lld", ctx->ledger_sequence,
                 ctx->tx_order, (long long)(ctx->operation_id - ctx->transaction_id));
    else
        snprintf(buf, size, "ledger %u transaction %u %s", ctx->ledger_sequence, ctx->tx_order,
                 ctx->list_name);
    return buf;
}
