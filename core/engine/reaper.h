/* reaper.h — history_retention_ledgers: keep the newest N ledgers of
 * history.  The live run, which holds the writer lock (G2), reaps at its
 * start and every REAP_EVERY ledgers: in short transactions of its own,
 * the sink removes the oldest history (sluice_sink_ops.drop_history: whole
 * partitions, or bounded batches of ledgers) and the same transaction
 * moves the oldest cursor with the guarded cursor_advance (G7), so
 * oldest..latest stays exactly what is stored and two reapers can never
 * both move it.  The floor is latest - N + 1; gaps and verify ignore the
 * ledgers below it (store_inspect.h). */
#ifndef SLUICE_REAPER_H
#define SLUICE_REAPER_H

#include <stdint.h>

#include "engine/session.h"
#include "base/report.h"

/* Ledgers committed between two reaps of a live run. */
#define REAP_EVERY 64u

/* ENGINE_CONFIG when retention is configured but the sink cannot remove
 * history; else ENGINE_OK. */
engine_status reaper_check(const session *s, error_report *err);

/* Remove what lies below the floor of latest through s (holding the lock,
 * no transaction open); ENGINE_OK at once when retention is off.  A stop
 * request ends it between transactions. */
engine_status reaper_reap(session *s, uint32_t latest, error_report *err);

#endif
