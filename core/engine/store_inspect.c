/* store_inspect.c — a store's cursors, gaps and status (see store_inspect.h). */
#include "config.h"

#include "engine/store_inspect.h"

#include <string.h>

engine_status store_lowest_ledger(session *s, uint32_t latest, uint32_t *lowest,
                                  error_report *err)
{
    gap_list gaps = {0};
    engine_status result = gap_list_read(s, 2, latest, &gaps, err);
    *lowest = 2;
    if (result == ENGINE_OK && gaps.count && gaps.gaps[0].from == 2)
        *lowest = gaps.gaps[0].to < latest ? gaps.gaps[0].to + 1 : latest;
    gap_list_free(&gaps);
    return result;
}

engine_status store_hole_ending_at(session *s, uint32_t floor, uint32_t to, uint32_t *hole_from,
                                   error_report *err)
{
    gap_list gaps = {0};
    *hole_from = 0;
    engine_status result = gap_list_read(s, to, to, &gaps, err);
    int missing = result == ENGINE_OK && gaps.count;
    gap_list_free(&gaps);
    if (!missing)
        return result;
    result = gap_list_read(s, floor < to ? floor : to, to, &gaps, err);
    if (result == ENGINE_OK && gaps.count)
        *hole_from = gaps.gaps[gaps.count - 1].from;
    gap_list_free(&gaps);
    return result;
}

engine_status store_read_cursors(session *s, store_cursors *cursors, error_report *err)
{
    engine_status result = session_cursor(s, SLUICE_CURSOR_OLDEST, &cursors->oldest,
                                          &cursors->has_oldest, err);
    if (result == ENGINE_OK)
        result = session_cursor(s, SLUICE_CURSOR_LATEST, &cursors->latest,
                                &cursors->has_latest, err);
    cursors->first = 0;
    cursors->floor = 0;
    if (result != ENGINE_OK || !cursors->has_latest)
        return result;
    uint64_t retention = (uint64_t)s->setup->core.history_retention_ledgers;
    if (retention && cursors->latest > retention)
        cursors->floor = (uint32_t)(cursors->latest - retention + 1);
    if (cursors->has_oldest)
        cursors->first = cursors->oldest < cursors->latest ? cursors->oldest : cursors->latest;
    else
        result = store_lowest_ledger(s, cursors->latest, &cursors->first, err);
    return result;
}

int store_resolve_range(const store_cursors *cursors, ledger_range *range)
{
    if (!range->given) {
        if (!cursors->has_latest)
            return 0;
        range->from = cursors->first;
        range->to = cursors->latest;
    }
    if (range->from < cursors->floor)
        range->from = cursors->floor;
    return range->from <= range->to;
}

/* The gaps of range, resolved against cursors; gaps starts empty. */
static engine_status gaps_within(session *s, const store_cursors *cursors, ledger_range *range,
                                 gap_list *gaps, error_report *err)
{
    if (!store_resolve_range(cursors, range))
        return ENGINE_OK;
    return gap_list_read(s, range->from, range->to, gaps, err);
}

engine_status store_read_gaps(session *s, ledger_range *range, gap_list *gaps, error_report *err)
{
    store_cursors cursors;
    memset(gaps, 0, sizeof *gaps);
    engine_status result = store_read_cursors(s, &cursors, err);
    if (result == ENGINE_OK)
        result = gaps_within(s, &cursors, range, gaps, err);
    return result;
}

engine_status store_read_status(session *s, store_status *status, error_report *err)
{
    memset(status, 0, sizeof *status);
    ledger_range range = {0};
    gap_list gaps = {0};
    engine_status result = store_read_cursors(s, &status->cursors, err);
    if (result == ENGINE_OK)
        result = gaps_within(s, &status->cursors, &range, &gaps, err);
    if (result != ENGINE_OK)
        return result;
    status->gaps = gaps.count;
    for (size_t i = 0; i < gaps.count; i++)
        status->missing += gaps.gaps[i].to - gaps.gaps[i].from + 1;
    gap_list_free(&gaps);
    status->has_tip = session_source_tip(s, &status->tip, &status->tip_error) == ENGINE_OK;
    status->has_lag = status->has_tip && status->cursors.has_latest &&
                      status->tip >= status->cursors.latest;
    if (status->has_lag)
        status->lag = status->tip - status->cursors.latest;
    return ENGINE_OK;
}
