/* gap_list.c — gaps of a store as an array (see gap_list.h). */
#include "config.h"

#include "engine/gap_list.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

static int append_gap(void *context, const sluice_gap *gap)
{
    gap_list *list = context;
    xgrow((void **)&list->gaps, &list->capacity, list->count + 1, sizeof *list->gaps);
    /* member by member: the sink's struct may be shorter than ours */
    list->gaps[list->count++] = (sluice_gap){sizeof(sluice_gap), gap->from, gap->to};
    return 0;
}

engine_status gap_list_read(session *s, uint32_t from, uint32_t to, gap_list *out,
                            error_report *err)
{
    memset(out, 0, sizeof *out);
    sluice_status status = s->sink_ops->gaps(s->sink.handle, from, to, append_gap, out);
    if (status == SLUICE_OK)
        return ENGINE_OK;
    return engine_plugin_failure(&s->sink, status, err, "sink: gaps in %u..%u", from, to);
}

void gap_list_free(gap_list *list)
{
    free(list->gaps);
    memset(list, 0, sizeof *list);
}
