/* catchup.h — catch a live store up to the source's tip in parallel (G4),
 * in consecutive atomic chunks of catchup_chunk ledgers.  In each chunk the
 * workers write the append-only rows batch by batch without moving any
 * cursor, while each ledger's balance changes are folded into one merge
 * (highest operation id wins; order of completion does not matter); then
 * one transaction on the live (locked) session applies the merged
 * balances and advances latest to the chunk's end.  A failed batch leaves
 * latest where it was; the next start redoes the chunk, and the rewrite
 * is idempotent (G6). */
#ifndef SLUICE_CATCHUP_H
#define SLUICE_CATCHUP_H

#include <stdint.h>

#include "engine/session.h"
#include "engine/writer.h"
#include "base/report.h"

typedef struct catchup_summary {
    uint32_t chunks;
    uint64_t ledgers;
} catchup_summary;

/* Catch up start..tip.  position holds the live session's latest cursor,
 * updated after each chunk; err says why on failure.  When *oldest_claim
 * is not 0, the first chunk's final transaction also sets oldest =
 * LEAST(oldest, *oldest_claim) and *oldest_claim becomes 0 (G5). */
engine_status catchup_run(session *live, uint32_t start, uint32_t tip, chain_position *position,
                          uint32_t *oldest_claim, catchup_summary *summary, error_report *err);

#endif
