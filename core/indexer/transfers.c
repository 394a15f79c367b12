/* transfers.c — token_transfers rows (CAP-67 unified events): the row
 * appender every source of movements shares, and classic-asset movements
 * with stellar-core's issuer rule (a transfer from the issuer is a mint,
 * one to the issuer a burn) and its memo rule (to_muxed_id). */
#include <string.h>

#include "indexer/emit.h"
#include "indexer/ix_internal.h"
#include "stellar/strkey.h"

sluice_token_transfer_row *ix_push_transfer(ix_ctx *ctx, sluice_transfer_kind kind,
                                            const ix_name *from, const ix_name *to,
                                            const char *asset, const char *contract,
                                            __int128 amount)
{
    bool fee_phase = ctx->phase == IX_PHASE_FEE || ctx->phase == IX_PHASE_REFUND;
    sluice_token_transfer_row *row = row_vec_push(&ctx->ix->token_transfers);
    row->transaction_id = ctx->transaction_id;
    row->operation_id = fee_phase ? 0 : ctx->operation_id;
    row->event_index = fee_phase ? ctx->fee_transfer_index++ : ctx->transfer_index++;
    row->kind = kind;
    if (from)
        memcpy(row->from, from->text, SLUICE_STRKEY_SIZE);
    if (to)
        memcpy(row->to, to->text, SLUICE_STRKEY_SIZE);
    row->asset = asset;
    if (contract)
        memcpy(row->asset_contract, contract, strlen(contract) + 1);
    row->amount.hi = (int64_t)(amount >> 64);
    row->amount.lo = (uint64_t)amount;
    if (asset && ctx->phase == IX_PHASE_OPERATION)
        ix_relabel_balance(ctx, kind, from, to, asset, contract);
    return row;
}

bool ix_is_issuer(const ix_name *who, const ix_asset_ref *asset)
{
    return who && asset->has_issuer && who->version == STRKEY_ACCOUNT &&
           memcmp(who->id, asset->issuer, 32) == 0;
}

sluice_token_transfer_row *ix_classic_transfer(ix_ctx *ctx, sluice_transfer_kind kind,
                                               const ix_name *from, const ix_name *to,
                                               const sx_Asset *asset, int64_t amount)
{
    ix_asset_ref ref;
    if (!ix_asset_ref_of(ctx->ix, asset, &ref))
        return NULL;
    if (kind == SLUICE_TRANSFER) {
        bool from_issuer = ix_is_issuer(from, &ref), to_issuer = ix_is_issuer(to, &ref);
        if (from_issuer && !to_issuer) {
            kind = SLUICE_TRANSFER_MINT;
            from = NULL;
        } else if (to_issuer && !from_issuer) {
            kind = SLUICE_TRANSFER_BURN;
            to = NULL;
        }
    }
    sluice_token_transfer_row *row =
        ix_push_transfer(ctx, kind, from, to, ref.name, ref.contract, amount);
    if (kind == SLUICE_TRANSFER && to && to->version == STRKEY_ACCOUNT && ctx->memo &&
        ctx->memo->type == SX_MEMO_ID) {
        row->has_to_muxed_id = true;
        row->to_muxed_id = ctx->memo->id;
    }
    return row;
}
