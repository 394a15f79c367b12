/* verify.h — `sluice verify`'s check of a store: the cursors are
 * consistent, the range has no gaps, and (when the sink can report it) the
 * stored hash chain is unbroken (G8) and every stored ledger's rows agree
 * with its ledger row (counts of transactions and operations, each
 * transaction's source among its participants). */
#ifndef SLUICE_VERIFY_H
#define SLUICE_VERIFY_H

#include <stdint.h>

#include "engine/store_inspect.h"

typedef struct verify_outcome {
    int empty;              /* the store is empty and no range was given: nothing checked */
    int chain_checked;      /* the sink reported the hash chain */
    uint64_t links;         /* ledgers whose link was checked */
    int rows_checked;       /* the sink checked the rows against the ledger rows */
} verify_outcome;

/* Check range (resolved against the cursors when not given).  A fault is
 * ENGINE_DATA with err saying "verify: FAULT: ..."; other failures are the
 * sink's. */
engine_status store_verify(session *s, ledger_range *range, verify_outcome *outcome,
                           error_report *err);

#endif
