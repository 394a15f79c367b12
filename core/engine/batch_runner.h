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
#include "host/setup.h"

typedef struct batch {
    uint32_t from, to;
    uint32_t oldest_claim;   /* see write_request */
} batch;

/* The ranges to write and how to cut them, planned lazily: a batch is
 * made only when a worker takes it, so memory is bounded by the number of
 * spans (the store's gaps), never by the number of batches (a range of
 * 4 billion ledgers in batches of 1 is a plan of one span). */
typedef struct batch_span {
    uint32_t from, to;
    uint32_t first_claim;    /* the oldest claim of the span's first batch */
} batch_span;

typedef struct batch_plan {
    batch_span *spans;
    size_t count, capacity;
    uint32_t batch_size;     /* ledgers per batch, at least 1 */
    uint64_t batches;        /* how many batches the spans make */
    uint64_t ledgers;        /* how many ledgers they hold */
} batch_plan;

/* An empty plan cutting its spans into batches of at most batch_size. */
void batch_plan_init(batch_plan *plan, uint32_t batch_size);
/* Add from..to.  Its first batch claims first_claim as its oldest ledger
 * (the stored ledgers just below it count), the others their own first
 * ledger. */
void batch_plan_add(batch_plan *plan, uint32_t from, uint32_t to, uint32_t first_claim);
void batch_plan_free(batch_plan *plan);

/* The batch size that gives each of workers a share of ledgers (as
 * Horizon's reingest sizes its jobs by its worker count), at most limit. */
uint32_t batch_size_for(uint64_t ledgers, size_t workers, uint32_t limit);

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
                               const batch_plan *plan, const write_policy *policy, size_t workers,
                               const batch_hooks *hooks, batch_outcome *outcome,
                               error_report *err);

/* Run plan as a job over history (backfill, reingest) on `workers`
 * threads: transactions of flush_every ledgers, each batch's last moving
 * oldest with update-min (G3), no balances, progress shown as `job`. */
engine_status batch_runner_run_history(const sluice_setup *setup, sluice_write_mode mode,
                                       const char *job, const batch_plan *plan,
                                       const batch_hooks *hooks, batch_outcome *outcome,
                                       error_report *err);

#endif
