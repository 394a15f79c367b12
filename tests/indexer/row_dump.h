/* row_dump.h — every row of an indexed ledger as text, one row per line,
 * every field (pointed-to bytes included): the determinism test compares
 * two dumps, and failures show the differing line. */
#ifndef ROW_DUMP_H
#define ROW_DUMP_H

#include <stdio.h>

#include "sluice/rows.h"

/* Writes the dump of `ledger` to `out`. */
void row_dump(const sluice_ledger *ledger, FILE *out);

#endif
