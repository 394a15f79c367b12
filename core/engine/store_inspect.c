/* store_inspect.c — a store's cursors, gaps and status (see store_inspect.h). */
#include "config.h"

#include "engine/store_inspect.h"

#include <string.h>

engine_status store_read_cursors(session *s, store_cursors *cursors, error_report *err)
{
    engine_status result = session_cursor(s, SLUICE_CURSOR_OLDEST, &cursors->oldest,
                                          &cursors->has_oldest, err);
    if (result == ENGINE_OK)
        result = session_cursor(s, SLUICE_CURSOR_LATEST, &cursors->latest,
                                &cursors->has_latest, err);
    return result;
}

int store_resolve_range(const store_cursors *cursors, ledger_range *range)
{
    if (range->given)
        return 1;
    if (!cursors->has_latest)
        return 0;
    range->from = cursors->has_oldest && cursors->oldest < cursors->latest ? cursors->oldest
                                                                           : cursors->latest;
    range->to = cursors->latest;
    return 1;
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
