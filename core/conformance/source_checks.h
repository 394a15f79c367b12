/* source_checks.h — the source guarantees checked through the source API
 * against any source: a bounded range is delivered exactly, in order, and
 * ends with SLUICE_END (and a second prepare on the same instance works);
 * every frame is one valid LedgerCloseMeta whose header names the
 * sequence the frame claims; consecutive frames form a hash chain (G8);
 * a source waiting for ledgers of an unbounded range returns
 * SLUICE_ERROR_CANCELLED soon after host->cancelled() becomes true. */
#ifndef SLUICE_SOURCE_CHECKS_H
#define SLUICE_SOURCE_CHECKS_H

#include <stdint.h>

#include "conformance/check_result.h"
#include "host/setup.h"

typedef struct source_target {
    const plugin_section *section;   /* the loaded source and its config */
    const char *network_passphrase;
    /* The ledgers to read; from == 0: the ten newest the source reports
     * (latest_available). */
    uint32_t from, to;
} source_target;

/* Run every check, reporting each to tally.  Returns the failures. */
unsigned source_checks_run(const source_target *target, check_tally *tally);

#endif
