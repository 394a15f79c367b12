/* batch_runner.h — run a list of ledger ranges ("batches") on N worker
 * threads, each with its own source and sink instances, through the one
 * writer loop; the first failure stops handing out batches.  Backfill and
 * catchup are both this, with different write policies. */
#ifndef SLUICE_BATCH_RUNNER_H
#define SLUICE_BATCH_RUNNER_H

#include <stddef.h>
#include <stdint.h>

#include "engine/writer.h"
#include "base/report.h"
#include "config/setup.h"

typedef struct batch {
    uint32_t from, to;
    uint32_t oldest_claim;   /* see write_request */
} batch;

typedef struct batch_list {
    batch *batches;
    size_t count, capacity;
} batch_list;

/* Append from..to cut into batches of at most batch_size ledgers.  The
 * first batch claims first_claim as its oldest ledger (the stored ledgers
 * just below it count), the others their own first ledger. */
void batch_list_split(batch_list *list, uint32_t from, uint32_t to, uint32_t batch_size,
                      uint32_t first_claim);
void batch_list_free(batch_list *list);

/* Hooks around each batch, called on the worker's thread: batch_started
 * before writing, batch_done after a batch committed everything.  The
 * writer's ledger observer (policy->observe) receives worker_context. */
typedef struct batch_hooks {
    void *(*worker_start)(void *shared);           /* per-worker context */
    void (*batch_done)(void *shared, void *worker_context, const batch *b);
    void (*worker_end)(void *shared, void *worker_context);
    void *shared;
} batch_hooks;

typedef struct batch_outcome {
    uint64_t ledgers;       /* committed by all batches */
    size_t batches_done;
} batch_outcome;

/* Runs every batch; a batch that fails transiently (ENGINE_RETRY, see
 * engine/retry.h) is written again from its start.  Returns the first
 * failure, err says why. */
engine_status batch_runner_run(const sluice_setup *setup, sluice_write_mode mode,
                               const batch_list *list, const write_policy *policy, size_t workers,
                               const batch_hooks *hooks, batch_outcome *outcome,
                               error_report *err);

#endif
