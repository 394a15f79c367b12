/* history_header.h — a checkpoint's ledger header from the archive's
 * "ledger/xx/yy/zz/ledger-XXXXXXXX.xdr.gz" (gzip of framed
 * LedgerHeaderHistoryEntry records, the checkpoint's 64 ledgers at most):
 * the record of the checkpoint itself, its hash checked against the
 * SHA-256 of its header, and the bucket list hash the header commits to
 * recomputed from a History Archive State as stellar-core does:
 *   level hash  = SHA-256(curr hash || snap hash)
 *   list hash   = SHA-256(level 0 hash || ... || level 10 hash)
 *   committed   = the live list's hash before protocol 23
 *                 (BucketManager::snapshotLedger), from protocol 23
 *                 SHA-256(live list hash || hot archive list hash)
 * An archive is not trusted by itself: a header read here is trusted
 * only when its hash is checked against a trusted one (a ledger closed
 * by the network, e.g. the next ledger's previousLedgerHash). */
#ifndef PLUGINS_HISTORY_HEADER_H
#define PLUGINS_HISTORY_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "archive_store.h"
#include "history_state.h"

/* The protocol from which the header commits to both lists (CAP-62). */
#define HISTORY_FIRST_PROTOCOL_HOT_ARCHIVE 23u

typedef struct history_header {
    uint32_t ledger_seq;
    uint32_t protocol_version;        /* ledgerVersion */
    uint8_t hash[32];                 /* SHA-256 of the header's XDR */
    uint8_t previous_hash[32];
    uint8_t bucket_list_hash[32];
} history_header;

/* Find the header of ledger checkpoint in the records of the gzip file
 * data[0..len): 0, or -1 with why (corrupt file, no such ledger, a hash
 * that is not its header's).  The caller adds the file's name. */
int history_header_parse(const uint8_t *data, size_t len, uint32_t checkpoint,
                         history_header *out, char *why, size_t why_size);

/* Fetch and parse the checkpoint's header file (at most max_bytes): 0, or
 * -1 with why naming the file. */
int history_header_fetch(store_session *session, uint32_t checkpoint, size_t max_bytes,
                         history_header *out, char *why, size_t why_size);

/* The hash of one bucket list's levels. */
void history_list_hash(const history_level levels[HISTORY_LEVELS], uint8_t out[32]);
/* The hash a header of protocol_version commits to for state. */
void history_committed_hash(const history_state *state, uint32_t protocol_version,
                            uint8_t out[32]);

#endif
