/* source_compare.c — stored rows against the source's (see source_compare.h). */
#include "config.h"

#include "engine/source_compare.h"
#include "engine/pipeline.h"

#include <string.h>

engine_status store_compare_source(session *s, uint32_t from, uint32_t to, uint64_t *compared,
                                   error_report *err)
{
    *compared = 0;
    if (!s->sink_ops->compare_ledger) {
        report_set(err, NULL, "Verify without --source checks what the sink can check.",
                   "sink plugin %s cannot compare its stored rows with the source's",
                   s->setup->sink.plugin.descriptor->name);
        return ENGINE_CONFIG;
    }
    pipeline *p;
    engine_status result = pipeline_start(&s->source, &s->indexing, from, to,
                                          (size_t)s->setup->core.pipeline_depth,
                                          (uint64_t)s->setup->core.stall_warning, &p, err);
    if (result != ENGINE_OK)
        return result;
    for (;;) {
        pipeline_item *item;
        engine_status failure = ENGINE_OK;
        pipeline_result got = pipeline_next(p, &item, err, &failure);
        if (got == PIPELINE_END)
            break;
        if (got != PIPELINE_ITEM) {
            result = got == PIPELINE_CANCELLED ? ENGINE_INTERRUPTED : failure;
            break;
        }
        char difference[1024];
        sluice_status status = s->sink_ops->compare_ledger(s->sink.handle, &item->ledger,
                                                           difference, sizeof difference);
        uint32_t sequence = item->sequence;
        pipeline_release(p, item);
        if (status != SLUICE_OK) {
            result = engine_plugin_failure(&s->sink, status, err, "sink: compare ledger %u",
                                           sequence);
            break;
        }
        difference[sizeof difference - 1] = 0; /* the sink's text: bounded whatever it did */
        if (difference[0]) {
            report_set(err, NULL, "`sluice reingest` rewrites the ledger from the source.",
                       "verify: FAULT: ledger %u differs from the source: %s", sequence,
                       difference);
            result = ENGINE_DATA;
            break;
        }
        (*compared)++;
    }
    pipeline_finish(p);
    return result;
}
