/* source_errors.h — the errors both sources (archive, captive core) report
 * the same way: an invalid prepare range, the detail of a broken hash
 * chain, and a stopped range, whose failure every later next() repeats
 * until a range is prepared again. */
#ifndef PLUGINS_SOURCE_ERRORS_H
#define PLUGINS_SOURCE_ERRORS_H

#include <stddef.h>
#include <stdint.h>

#include <sluice/plugin.h>

typedef struct range_stop {
    sluice_status status;       /* SLUICE_OK: the range runs */
    char message[2048];         /* why it stopped */
} range_stop;

/* Stops the range: range_stop_repeat reports message and returns status
 * from now on (the caller reports the first time itself). */
void range_stop_set(range_stop *stop, sluice_status status, const char *message);
/* SLUICE_OK while the range runs; else reports its message again, with the
 * hint to prepare a range, and returns the status it stopped with. */
sluice_status range_stop_repeat(const range_stop *stop, const sluice_host *host);
/* A new range runs. */
void range_stop_clear(range_stop *stop);

/* SLUICE_OK for a range prepare() accepts (from >= 2; to 0 for an
 * unbounded range, else >= from); else reports "invalid ledger range" and
 * returns SLUICE_ERROR. */
sluice_status source_check_range(const sluice_host *host, uint32_t from, uint32_t to);

/* "previous-ledger hash <got>, hash of ledger <sequence> <want>" (hex) into
 * out: a ledger's previous-ledger hash got, where ledger sequence's hash
 * is want. */
void source_chain_detail(char *out, size_t size, const uint8_t got[32], uint32_t sequence,
                         const uint8_t want[32]);

#endif
