/* gap_list.h — collect a sink's gaps (sluice_sink_ops.gaps) into an
 * array, for the commands that report or fill them. */
#ifndef SLUICE_GAP_LIST_H
#define SLUICE_GAP_LIST_H

#include <stddef.h>
#include <sluice/plugin.h>

#include "engine/session.h"
#include "base/report.h"

typedef struct gap_list {
    sluice_gap *gaps;
    size_t count, capacity;
} gap_list;

/* Every gap of from..to in the store. */
engine_status gap_list_read(session *s, uint32_t from, uint32_t to, gap_list *out,
                            error_report *err);
void gap_list_free(gap_list *list);

#endif
