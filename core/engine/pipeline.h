/* pipeline.h — fetch, build and write overlap: a fetcher thread pulls
 * frames from a source instance, a builder thread turns them into
 * sluice_ledger values, and the caller (the writer) takes them in order.
 * A ring of `depth` slots bounds memory (one frame and one built ledger
 * per slot) and gives backpressure: when the writer is slow, the stages
 * wait for free slots.
 *
 * Ownership: the pipeline copies each frame (the source's buffer is valid
 * only until its next call); an item returned by pipeline_next stays
 * valid until pipeline_release. */
#ifndef SLUICE_PIPELINE_H
#define SLUICE_PIPELINE_H

#include <sluice/rows.h>

#include "engine/engine_status.h"
#include "indexer/indexer.h"
#include "host/instance.h"
#include "base/report.h"

typedef struct pipeline pipeline;

typedef struct pipeline_item {
    uint32_t sequence;
    uint64_t fetched_us;     /* when the source handed the frame over (metric clock) */
    sluice_ledger ledger;
} pipeline_item;

/* Prepare source for from..to (to == 0: unbounded) and start the stages
 * (*started).  When prepare fails, *started is NULL and err says why.
 * The source is watched (engine/source_watch.h): its tip on an unbounded
 * range, and stalls longer than stall_warning_ms (0: not watched). */
engine_status pipeline_start(plugin_instance *source, const indexer_options *indexing,
                             uint32_t from, uint32_t to, size_t depth, uint64_t stall_warning_ms,
                             pipeline **started, error_report *err);

typedef enum pipeline_result {
    PIPELINE_ITEM = 1,      /* *item is the next ledger */
    PIPELINE_END = 0,       /* the bounded range is complete */
    PIPELINE_FAILED = -1,   /* err says why, *failure how */
    PIPELINE_CANCELLED = -2 /* a stop was requested */
} pipeline_result;

pipeline_result pipeline_next(pipeline *p, pipeline_item **item, error_report *err,
                              engine_status *failure);
void pipeline_release(pipeline *p, pipeline_item *item);

/* Stop the stages (asks the source to stop), join them, free everything. */
void pipeline_finish(pipeline *p);

#endif
