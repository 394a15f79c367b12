/* indexer.h — turns one LedgerCloseMeta frame into the row model of
 * sluice/rows.h (doc/data-model.md): ledger, transactions, operations,
 * participants, state changes and this ledger's net balance changes.
 *
 * Ownership: the indexer owns a per-ledger arena, row arrays and table of
 * names; everything *out points to (rows, strings, decoded XDR) lives there
 * or in `frame`, and stays valid until the next indexer_index_frame call or
 * indexer_free.  The caller keeps `frame` alive for that long too.  Not
 * thread-safe: one indexer per thread.
 */
#ifndef SLUICE_INDEXER_H
#define SLUICE_INDEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/report.h"
#include "sluice/rows.h"

/* Which raw XDR the transaction rows keep (config key store_xdr). */
typedef enum indexer_store_xdr {
    INDEXER_STORE_XDR_NONE = 0,     /* "none" (default) */
    INDEXER_STORE_XDR_ENVELOPE,     /* "envelope" */
    INDEXER_STORE_XDR_ALL,          /* "all": envelope, result and meta */
} indexer_store_xdr;

typedef struct indexer_options {
    const char *network_passphrase; /* pairs envelopes with results by hash */
    indexer_store_xdr store_xdr;
    bool derive_transfers;          /* token_transfers derived from operations, results
                                     * and entry changes even where the meta carries
                                     * CAP-67 events (tests compare the two) */
} indexer_options;

typedef struct indexer indexer;

/* Parses "none" / "envelope" / "all"; -1 on anything else. */
int indexer_parse_store_xdr(const char *text, indexer_store_xdr *out);

/* A new indexer (copies the options); aborts on out-of-memory like xmalloc. */
indexer *indexer_new(const indexer_options *options);
void indexer_free(indexer *ix);

/* An empty ledger: zeroed, with its struct size and the element size of
 * every row array set (what a sink expects of any sluice_ledger). */
void ledger_init_empty(sluice_ledger *ledger);

/* Decodes `frame` (one XDR LedgerCloseMeta) and fills *out.  On failure
 * returns -1 with err naming the ledger, the transaction or entry, and why;
 * *out is then left empty (nothing partial is handed on). */
int indexer_index_frame(indexer *ix, const uint8_t *frame, size_t len, sluice_ledger *out,
                        error_report *err);

/* Strkey of the native asset's Stellar Asset Contract on this network: the
 * `asset` of native balances held by contracts. */
const char *indexer_native_asset_contract(const indexer *ix);

#endif
