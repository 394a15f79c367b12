/* transfers_trades.c — token movements of trades: PLACEHOLDER until the
 * tt-trades branch fills it. */
#include "indexer/emit.h"
#include "indexer/ix_internal.h"

void ix_trade_transfers(ix_ctx *ctx, const sx_Operation *op, const sx_OperationResult *result,
                        const ix_name *source)
{
    (void)ctx, (void)op, (void)result, (void)source;
}

void ix_revocation_transfers(ix_ctx *ctx, const sx_Operation *op,
                             const sx_LedgerEntryChanges *changes)
{
    (void)ctx, (void)op, (void)changes;
}
