/* retry.h — the one rule for transient failures, shared by the live loop
 * (engine/live.c) and the batch workers (engine/batch_runner.c): a unit
 * of work (a live attempt, a backfill or catchup batch) that ended with a
 * transient failure — any callback of the source or the sink returned
 * SLUICE_ERROR_RETRY — is redone after a backoff, at most retry_attempts
 * times in all ([sluice] retry_attempts). */
#ifndef SLUICE_RETRY_H
#define SLUICE_RETRY_H

#include "engine/engine_status.h"
#include "base/report.h"
#include "host/setup.h"

/* Attempts allowed per unit of work. */
unsigned retry_attempt_limit(const sluice_setup *setup);

/* Attempt `attempt` (1, 2, ...) of the unit of work named by `what` ended
 * with *result (not ENGINE_OK), err saying why; transient says whether
 * redoing it may help (ENGINE_RETRY, and for the live loop a lost lock).
 * Returns 1 when it is to be redone — transient, attempts remain and no
 * stop was requested — after counting the retry (sluice_retries_total),
 * logging it and sleeping the backoff (0.5 s doubling, capped at 10 s; a
 * stop request cuts it short).  Returns 0 otherwise; a transient failure
 * that used up its attempts is logged, and ENGINE_RETRY becomes
 * ENGINE_FAILED so that an enclosing unit of work is not redone for it
 * again. */
int retry_after_failure(engine_status *result, int transient, unsigned attempt, unsigned limit,
                        const char *what, const error_report *err);

/* The backoff after attempt `attempt` (1, 2, ...): 0.5 s doubling, capped
 * at 10 s. */
unsigned retry_backoff_ms(unsigned attempt);
/* Sleep delay_ms, cut short by a stop request. */
void retry_sleep(unsigned delay_ms);

#endif
