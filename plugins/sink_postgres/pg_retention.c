/* pg_retention.c — drop_history, the retention reaper's sink side: inside
 * the transaction of the writer holding the lock (G2), a partitioned store
 * drops the partitions of the oldest range once it lies wholly below the
 * floor (pg_partitions.c), another deletes at most DELETE_BATCH_LEDGERS
 * ledgers' rows under the per-ledger locks of G6 (pg_copy.c), so one reap
 * transaction stays short however far behind the floor the store is. */
#include "config.h"

#include "pg_sink.h"

#include <inttypes.h>

#define DELETE_BATCH_LEDGERS 1000u

sluice_status pg_drop_history(void *instance, uint32_t from, uint32_t before,
                              uint32_t *removed_to)
{
    pg_sink *sink = instance;
    sluice_status status = pg_require_transaction(sink, "drop_history");
    if (status != SLUICE_OK)
        return status;
    *removed_to = from;
    if (from >= before)
        return SLUICE_OK;
    if (sink->partition_ledgers > 0)
        return pg_partition_drop_below(sink, from, before, removed_to);
    uint32_t last = before - from > DELETE_BATCH_LEDGERS ? from + DELETE_BATCH_LEDGERS - 1
                                                         : before - 1;
    status = pg_delete_ledgers(sink, from, last);
    if (status == SLUICE_OK)
        *removed_to = last + 1;
    return status;
}
