/* writer.h — the one loop that moves ledgers from a pipeline into a sink,
 * shared by live ingestion, catchup batches and backfill batches.  What
 * differs between them is the write policy: how many ledgers share a
 * transaction and which cursor the transaction moves. */
#ifndef SLUICE_WRITER_H
#define SLUICE_WRITER_H

#include <stdint.h>

#include "engine/progress.h"
#include "engine/session.h"
#include "base/report.h"

typedef enum cursor_move {
    CURSOR_NONE,          /* catchup batches: the final catchup transaction moves latest */
    CURSOR_ADVANCE_LATEST,/* live: latest N-1 → N with each transaction (G1) */
    CURSOR_OLDEST_AT_END  /* backfill: the range's last transaction sets
                             oldest = LEAST(oldest, oldest_claim) (G3) */
} cursor_move;

/* What to write. */
typedef struct write_request {
    uint32_t from, to;       /* to == 0: until the source ends or a stop */
    uint32_t oldest_claim;   /* CURSOR_OLDEST_AT_END: lowest ledger of the stored run
                                this range completes (from, or lower when the
                                ledgers just below are already stored);
                                CURSOR_ADVANCE_LATEST: when not 0, the first
                                transaction also sets oldest = LEAST(oldest,
                                oldest_claim), so a store written live knows
                                where its history starts (G5) */
    void *observer_context;  /* passed to policy->observe */
} write_request;

/* Sees every ledger written (catchup collects balance changes with it);
 * 0, or -1 with err filled, which fails the transaction. */
typedef int (*ledger_observer)(void *context, const sluice_ledger *ledger, error_report *err);

typedef struct write_policy {
    uint32_t ledgers_per_transaction; /* 1 for live */
    cursor_move cursor;
    int apply_balances;    /* write each ledger's balance changes (live) */
    size_t pipeline_depth; /* slots between source and sink */
    ledger_observer observe; /* NULL: none */
    progress_meter *meter;   /* the job's shared meter */
    /* Called between transactions, after each commit, with the latest
     * cursor (live: the retention reaper); not ENGINE_OK ends the range
     * with that result.  NULL: none. */
    engine_status (*after_commit)(session *s, void *context, uint32_t latest, error_report *err);
    void *after_commit_context;
} write_policy;

/* Where the written history ends; the writer keeps it current. */
typedef struct chain_position {
    int has_latest;          /* the latest cursor exists (live) */
    uint32_t latest;
    int has_hash;            /* hash of the last ledger written is known */
    uint8_t hash[32];
} chain_position;

typedef struct write_progress {
    uint32_t committed_through; /* last ledger committed, 0 before any */
    uint64_t ledgers;           /* ledgers committed */
    uint64_t rows;              /* rows of those ledgers (sluice_rows_ingested_total) */
} write_progress;

/* Ingest request->from..to through s.  position holds the cursor (for CURSOR_ADVANCE_LATEST) and the
 * hash of the ledger before `from` when known, and is kept current: every
 * ledger's previous hash must equal the hash before it (G8), else nothing
 * of that ledger is committed and the result is ENGINE_DATA.  err says why
 * on failure; a failed transaction is rolled back.  A stop request ends
 * after the transaction in flight with ENGINE_INTERRUPTED. */
engine_status write_range(session *s, const write_request *request, const write_policy *policy,
                          chain_position *position, write_progress *progress, error_report *err);

#endif
