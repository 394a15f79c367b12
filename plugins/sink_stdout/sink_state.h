/* sink_state.h — what the stdout sink has committed: the byte length of
 * the output's committed prefix, the two cursors (G7) and the set of
 * stored ledgers (G5, G6); and the state file that keeps it, replaced
 * atomically (temp file, fsync, rename, fsync of the directory).
 *
 * The file is untrusted input: sink_state_load checks every line and names
 * the file, line and reason of the first fault.
 *
 * Format (text, one item per line, documented in doc/sink-stdout.md):
 *     sluice-stdout-state 1
 *     output_offset BYTES
 *     cursor latest_ingest_ledger N      (absent: unset)
 *     cursor oldest_ingest_ledger N      (absent: unset)
 *     stored FIRST-LAST                  (ascending, disjoint, non-adjacent)
 *     end
 *
 * Ownership: a sink_state owns its ranges; free with sink_state_free. */
#ifndef SINK_STDOUT_SINK_STATE_H
#define SINK_STDOUT_SINK_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "ledger_ranges.h"

#define SINK_STATE_CURSORS 2

typedef struct sink_cursor {
    int present;
    uint32_t value;
} sink_cursor;

typedef struct sink_state {
    uint64_t output_offset;     /* committed bytes of a file output */
    sink_cursor cursors[SINK_STATE_CURSORS]; /* latest, oldest */
    ledger_ranges stored;
} sink_state;

/* The cursor called name, or NULL for a name this sink does not keep. */
sink_cursor *sink_state_cursor(sink_state *state, const char *name);

void sink_state_free(sink_state *state);

/* Make dst a copy of src.  0, or -1 out of memory. */
int sink_state_copy(sink_state *dst, const sink_state *src);

/* Read path into *state (replacing its contents).  *exists = 0 and an
 * empty state when the file does not exist.  0, or -1 with why filled. */
int sink_state_load(const char *path, sink_state *state, int *exists, char *why,
                    size_t why_size);

/* Replace path atomically and durably with state.  0, or -1 with why. */
int sink_state_save(const char *path, const sink_state *state, char *why, size_t why_size);

#endif
