/* ledger_builder.h — turn one raw LedgerCloseMeta frame into the
 * sluice_ledger a sink receives: the indexer's rows, checked to be the
 * ledger the pipeline expects.  One builder per pipeline slot: the ledger
 * it returns stays valid until that builder's next build. */
#ifndef SLUICE_LEDGER_BUILDER_H
#define SLUICE_LEDGER_BUILDER_H

#include <sluice/rows.h>

#include "indexer/indexer.h"
#include "base/report.h"

typedef struct ledger_builder ledger_builder;

ledger_builder *ledger_builder_new(const indexer_options *options);
void ledger_builder_free(ledger_builder *builder);

/* 0, or -1 with err naming the ledger (expected_sequence) and what is
 * wrong with it. */
int ledger_builder_build(ledger_builder *builder, const uint8_t *frame, size_t len,
                         uint32_t expected_sequence, sluice_ledger *out, error_report *err);

#endif
