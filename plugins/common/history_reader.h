/* history_reader.h — the ledger state at a history-archive checkpoint, as
 * a stream of the live entries of its bucket list.
 *
 * Opening reads the checkpoint's History Archive State and ledger header
 * and refuses them unless the bucket list hash recomputed from the state's
 * bucket names (history_header.h) is the header's.  Then each non-empty
 * bucket of the live list is fetched in turn, newest first (level 0 curr,
 * level 0 snap, level 1 curr, ... level 10 snap), inflated and unframed as
 * it is read (history_stream.h) and its uncompressed content checked
 * against the SHA-256 its name claims when its end is reached.  The merge:
 *   - the first LIVEENTRY or INITENTRY of a key met is its state, handed
 *     out; the same key in any older bucket is shadowed;
 *   - a DEADENTRY removes its key from every older bucket;
 *   - a METAENTRY may only be a bucket's first record and names the
 *     bucket's protocol (CAP-20): at least 11 (METAENTRY and INITENTRY
 *     exist from protocol 11; an INITENTRY in a bucket without one is
 *     refused), at most the header's; from protocol 23 a live bucket's
 *     metadata may say its list, which must be the live one.
 * With settings.hot_archive the hot archive list (persistent entries
 * evicted from the live list, protocol 23 on) is read instead, its
 * HotArchiveBucketEntry records merged alike: ARCHIVED is an entry, LIVE
 * (restored to the live list) removes its key from older buckets, and a
 * METAENTRY must say the hot archive list, of protocol 23 or later.
 *
 * Memory: the keys met (history_keys.h: 16 bytes each, in a table within
 * settings.key_budget) and one compressed bucket as fetched (at most
 * settings.max_file_bytes); the uncompressed content is never held whole.
 * The oldest bucket adds no keys (nothing older can be shadowed).  A state
 * whose keys do not fit the budget fails with an error saying so: no spill.
 *
 * Trust: an entry handed out is not yet proven until history_reader_next
 * returns 0 (a bucket's content hash is known only at its end), so a
 * consumer keeps what it writes invisible until then.  The header itself
 * is only as trusted as its hash (history_reader_header()->hash) is
 * checked against a ledger the network closed.
 *
 * Not thread-safe: one reader, one thread, one store session. */
#ifndef PLUGINS_HISTORY_READER_H
#define PLUGINS_HISTORY_READER_H

#include <stddef.h>
#include <stdint.h>

#include "archive_store.h"
#include "history_header.h"
#include "history_state.h"
#include "xdr/gen/sx_types.h"

#define HISTORY_DEFAULT_KEY_BUDGET ((size_t)1 << 30)          /* 1 GiB */
#define HISTORY_DEFAULT_MAX_FILE_BYTES ((size_t)4 << 30)      /* 4 GiB compressed */

typedef struct history_progress {
    uint32_t checkpoint;
    const char *bucket;          /* the bucket's object name */
    unsigned level;
    int snap;                    /* 0: the level's curr bucket, 1: its snap */
    unsigned buckets_done;       /* of the list's non-empty buckets */
    unsigned buckets_total;
    uint64_t records_read;       /* all buckets so far */
    uint64_t entries_out;        /* live entries handed out so far */
    uint64_t keys_held;
    size_t key_bytes;            /* the key set's table */
} history_progress;

typedef struct history_reader_settings {
    size_t key_budget;           /* 0: HISTORY_DEFAULT_KEY_BUDGET */
    size_t max_file_bytes;       /* 0: HISTORY_DEFAULT_MAX_FILE_BYTES */
    int hot_archive;             /* read the hot archive list, not the live one */
    /* Called when a bucket starts and ends and every 2^20 records (may be
     * NULL); the strings live until it returns. */
    void (*progress)(void *context, const history_progress *progress);
    void *context;
} history_reader_settings;

/* One entry (a live one, or with hot_archive an archived one).  xdr and
 * entry point into the reader, valid until the next call. */
typedef struct history_entry {
    const uint8_t *xdr;          /* the LedgerEntry's XDR */
    size_t len;
    const sx_LedgerEntry *entry; /* decoded */
    unsigned level;              /* where it came from */
    int snap;
    int init;                    /* a live list's INITENTRY (else LIVEENTRY, ARCHIVED) */
} history_entry;

typedef struct history_reader history_reader;

/* Open the state at checkpoint (0: the archive's latest, from the root
 * state) over session (the caller's; it must outlive the reader).  0, or -1
 * with why naming the file at fault (a missing state or header, a header
 * whose bucket list hash is not the state's, an invalid file). */
int history_reader_open(history_reader **out, store_session *session, uint32_t checkpoint,
                        const history_reader_settings *settings, char *why, size_t why_size);
const history_state *history_reader_state(const history_reader *reader);
const history_header *history_reader_header(const history_reader *reader);

/* The next entry: 1 with *entry, 0 when every bucket was read and
 * checked, -1 with why naming the bucket (missing, not matching its name,
 * corrupt, an invalid record) or the budget.  After -1 the reader only
 * fails again. */
int history_reader_next(history_reader *reader, history_entry *entry, char *why,
                        size_t why_size);
void history_reader_close(history_reader *reader);

#endif
