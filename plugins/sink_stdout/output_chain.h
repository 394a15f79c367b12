/* output_chain.h — read back the hash chain (G8) from a file output: the
 * sequence, hash and previous_hash of every ledger object in the committed
 * prefix, for `sluice verify`.  The file is untrusted input: every ledger
 * line must have the exact shape row_format writes, or the read fails
 * naming the byte offset.
 *
 * Ownership: *links is malloc'd, sorted by sequence; the caller frees it. */
#ifndef SINK_STDOUT_OUTPUT_CHAIN_H
#define SINK_STDOUT_OUTPUT_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include <sluice/plugin.h>

/* Links of the ledgers in from..to found in the first committed_len bytes
 * of path.  0, or -1 with why. */
int output_chain_read(const char *path, uint64_t committed_len, uint32_t from, uint32_t to,
                      sluice_chain_link **links, size_t *count, char *why, size_t why_size);

#endif
