/* live.h — `sluice run`'s engine: take the store's writer lock; when the
 * source's tip is more than catchup_threshold ledgers ahead, catch up in
 * parallel chunks (G4, engine/catchup.c); then ingest live from latest + 1,
 * one ledger per sink transaction with its cursor advance (G1), through
 * the fetch/build/write pipeline, until stop_ledger, the source's end or a
 * stop request.  A transient failure (engine/retry.h) or a writer lock lost
 * on the way redoes the whole attempt from taking the lock. */
#ifndef SLUICE_LIVE_H
#define SLUICE_LIVE_H

#include "engine/engine_status.h"
#include "base/report.h"
#include "host/setup.h"

/* Run live ingestion on setup's source and sink.  A stop request ends it
 * with ENGINE_OK (commits are atomic: nothing half-written stays); err
 * says why on failure. */
engine_status live_run(const sluice_setup *setup, error_report *err);

#endif
