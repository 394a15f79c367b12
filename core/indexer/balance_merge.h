/* balance_merge.h — folds balance changes (sluice_balance_change) into one
 * net change set per (account, asset) key: the catchup merge across
 * batches (doc/design.md G4).  The indexer's per-ledger netting
 * (net_balances.c) folds by the same rule, in application order.
 *
 * Per key the fold keeps the earliest change (did the key exist before the
 * range?) and the latest one (does it exist after, with which value?):
 *   existed before and after  -> UPDATE with the latest value
 *   not before, after         -> ADD
 *   before, not after         -> REMOVE
 *   neither (add ... remove)  -> dropped
 * "Earliest"/"latest" are by operation_id, so batches may be folded in any
 * order: a change with a lower id never overrides a higher one (a removed
 * key is never resurrected by an older change).  Equal ids: the change
 * folded later wins.
 *
 * Ownership: the merge copies every string it keeps; results point into
 * the merge and stay valid until it is changed or freed.  Aborts on
 * out-of-memory like xmalloc. */
#ifndef SLUICE_BALANCE_MERGE_H
#define SLUICE_BALANCE_MERGE_H

#include <stddef.h>

#include "base/report.h"
#include "sluice/rows.h"

typedef struct balance_merge balance_merge;

balance_merge *balance_merge_new(void);
void balance_merge_free(balance_merge *m);
/* Forgets every key (keeps memory). */
void balance_merge_clear(balance_merge *m);

/* Folds `n` changes by operation id.  -1 (err says which change and why,
 * nothing folded) on an invalid kind, a NULL asset or an empty account. */
int balance_merge_add(balance_merge *m, const sluice_balance_change *changes, size_t n,
                      error_report *err);
/* Folds the state of `from` (e.g. one finished batch) into `into`. */
void balance_merge_absorb(balance_merge *into, const balance_merge *from);

/* The net change set, sorted by (operation_id, account, asset). */
size_t balance_merge_result(balance_merge *m, const sluice_balance_change **out);

/* qsort order of net change sets: (operation_id, account, asset). */
int balance_change_compare(const void *a, const void *b);

#endif
