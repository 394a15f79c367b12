/* ledger_builder.h — turn one raw LedgerCloseMeta frame into the
 * sluice_ledger a sink receives.  Today it validates the frame and fills
 * the ledgers row from the header (host frame_info); the indexer will fill
 * the transaction, operation, participant, state-change and balance rows
 * through this same interface.  One builder per pipeline slot: the ledger
 * it returns stays valid until that builder's next build. */
#ifndef SLUICE_LEDGER_BUILDER_H
#define SLUICE_LEDGER_BUILDER_H

#include <sluice/rows.h>

#include "report.h"

typedef struct ledger_builder ledger_builder;

ledger_builder *ledger_builder_new(void);
void ledger_builder_free(ledger_builder *builder);

/* 0, or -1 with err naming the ledger (expected_sequence), the field path
 * and byte offset of what is wrong. */
int ledger_builder_build(ledger_builder *builder, const uint8_t *frame, size_t len,
                         uint32_t expected_sequence, sluice_ledger *out, error_report *err);

#endif
