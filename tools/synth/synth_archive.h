/* synth_archive.h — sluice-synth --archive: a Stellar history archive of
 * the generated world beside the lake, as doc/history-archives.md reads it.
 *
 * Levels: the ledgers are cut into checkpoint windows (64 ledgers ending at
 * a checkpoint, window n ends at ledger 64n - 1).  Each window's changes
 * are one bucket (synth_journal.h).  A block of 2^k windows ending at a
 * multiple of 2^k is the merge of its two halves, made when its last
 * window closes.  At window n the list holds, for each bit k of n that is
 * set, the block of 2^k windows ending at roundDown(n, 2^k): block k is
 * level k/2's curr when k is even, its snap when odd (so a level's buckets
 * grow four times per level, as stellar-core's), and level 10's snap is
 * the genesis bucket: the world before the first ledger (in world order,
 * not sorted: it is never merged, and so it streams).  Newer blocks shadow
 * the older ones key by key.
 *
 * The header of each checkpoint ledger commits to that list (bucketListHash
 * as history_header.c computes it), in the lake as in the archive: the
 * archive's ledger-XXXXXXXX.xdr.gz holds the very LedgerHeaderHistoryEntry
 * records of the lake, so the hash chain runs through both.  Other ledgers
 * keep the stand-in bucketListHash sluice-synth always wrote.  Only the
 * live list is written; from protocol 23 the state has eleven empty hot
 * archive levels (nothing is evicted). */
#ifndef SYNTH_ARCHIVE_H
#define SYNTH_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "synth_bucket.h"
#include "synth_journal.h"

#define SYNTH_CHECKPOINT_FREQUENCY 64u
#define SYNTH_LEVELS 11
#define SYNTH_BLOCKS 21           /* block sizes 2^0 .. 2^20 windows */

typedef struct synth_archive {
    const char *dir;              /* the three strings are the caller's and outlive it */
    const char *dump_dir;         /* NULL: no state dumps */
    const char *passphrase;
    uint32_t protocol;
    synth_journal journal;
    uint8_t genesis[32];
    uint8_t blocks[SYNTH_BLOCKS][32]; /* the latest block of each size */
    synth_records headers;        /* the window's ledger headers */
    int headers_open;
    uint64_t buckets_written, checkpoints;
} synth_archive;

/* Starts an archive in dir for the world ctx holds (before the first
 * ledger): writes the genesis bucket.  0, or -1 with why. */
int synth_archive_open(synth_archive *archive, synth_ctx *ctx, const char *dir, const char *dump_dir,
                       const char *passphrase, uint32_t protocol, char *why, size_t why_size);
/* Whether ledger seq is a checkpoint. */
int synth_is_checkpoint(uint32_t seq);
/* At checkpoint seq, after its transactions: writes the window's bucket and
 * the merged blocks, the state file (and the state dump), and gives the
 * bucket list hash the header commits to. */
int synth_archive_checkpoint(synth_archive *archive, synth_ctx *ctx, uint8_t bucket_list_hash[32],
                             char *why, size_t why_size);
/* Every ledger's header (a LedgerHeaderHistoryEntry's XDR); at a checkpoint
 * this finishes its header file and the root state. */
int synth_archive_header(synth_archive *archive, uint32_t seq, const uint8_t *entry, size_t len,
                         char *why, size_t why_size);
/* Drops the headers of an unfinished window; frees. */
void synth_archive_close(synth_archive *archive);

#endif
