/* gap_list.c — gaps of a store as an array (see gap_list.h). */
#include "config.h"

#include "engine/gap_list.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
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

int gap_list_read(session *s, uint32_t from, uint32_t to, gap_list *out, error_report *err)
{
    memset(out, 0, sizeof *out);
    sluice_status status = s->sink_ops->gaps(s->sink.handle, from, to, append_gap, out);
    if (status == SLUICE_OK)
        return EXIT_OK;
    instance_take_error(&s->sink, status, err, "sink: gaps in %u..%u", from, to);
    return exit_code_for_status(status);
}

void gap_list_free(gap_list *list)
{
    free(list->gaps);
    memset(list, 0, sizeof *list);
}
