/* transfers.c — token_transfers rows (CAP-67 unified events): PLACEHOLDER
 * until the tt-core branch fills it (ix_classic_transfer). */
#include "indexer/emit.h"
#include "indexer/ix_internal.h"

void ix_classic_transfer(ix_ctx *ctx, sluice_transfer_kind kind, const ix_name *from,
                         const ix_name *to, const sx_Asset *asset, int64_t amount)
{
    (void)ctx, (void)kind, (void)from, (void)to, (void)asset, (void)amount;
}
