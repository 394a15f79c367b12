/* source_compare.h — `sluice verify --source`: re-derive each ledger of a
 * range from the source (the pipeline and indexer of ingestion) and ask
 * the sink to compare it with what it stores (sluice_sink_ops.
 * compare_ledger), ledger by ledger, stopping at the first difference. */
#ifndef SLUICE_SOURCE_COMPARE_H
#define SLUICE_SOURCE_COMPARE_H

#include <stdint.h>

#include "engine/session.h"
#include "base/report.h"

/* Compare from..to through s (opened with its source).  A difference is
 * ENGINE_DATA with err saying "verify: FAULT: ledger N differs from the
 * source: ..."; a sink without compare_ledger is ENGINE_CONFIG.
 * *compared counts the ledgers found equal. */
engine_status store_compare_source(session *s, uint32_t from, uint32_t to, uint64_t *compared,
                                   error_report *err);

#endif
