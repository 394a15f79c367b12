/* sluice/filestore.h — libsluice-filestore: what a sink keeping its store
 * in files needs to keep the guarantees of <sluice/plugin.h>, shared by
 * the stdout sink, the SQLite sink and the skeleton (link with
 * `pkg-config --libs sluice`):
 *
 *   - a set of stored ledger sequences, as sorted disjoint ranges (G5 gaps,
 *     G6 skips), compact however many ledgers are stored;
 *   - a state file holding that set, the two cursors (G7) and the
 *     committed length of an output file, replaced atomically and durably
 *     (temporary file, fsync, rename, fsync of the directory), and read
 *     back as untrusted input (every fault named with file, line, reason);
 *   - the writer lock (G2) and a transaction lock, two bytes of one lock
 *     file locked as open-file-description locks: two instances in one
 *     process exclude each other as two processes do, and the kernel
 *     drops a dead holder's locks (SIGKILL included).  The lock file is
 *     never removed; a holder whose lock file was removed or replaced has
 *     lost the lock (sluice_fs_lock_is_current).
 *
 * State file format (text, one item per line):
 *     sluice-stdout-state 1
 *     output_offset BYTES
 *     cursor latest_ingest_ledger N      (absent: unset)
 *     cursor oldest_ingest_ledger N      (absent: unset)
 *     stored FIRST-LAST                  (ascending, disjoint, non-adjacent)
 *     end
 *
 * Ownership: a sluice_fs_ranges owns its array and a sluice_fs_state its
 * ranges; free them with their _free function (safe on a zeroed value).
 * Functions that allocate return -1 on exhaustion and leave their target
 * as it was.  Error texts go to the caller's why buffer.  Nothing here
 * keeps global state: every function is safe from any thread on distinct
 * values. */
#ifndef SLUICE_FILESTORE_H
#define SLUICE_FILESTORE_H

#include <stddef.h>
#include <stdint.h>

#include <sluice/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the set of stored ledgers --------------------------------------------- */

typedef struct sluice_fs_range {
    uint32_t first, last;       /* inclusive, first <= last */
} sluice_fs_range;

typedef struct sluice_fs_ranges {
    sluice_fs_range *items;     /* ascending; items[i].last + 1 < items[i+1].first */
    size_t count, capacity;
} sluice_fs_ranges;

void sluice_fs_ranges_free(sluice_fs_ranges *set);

/* Non-zero when sequence is in the set. */
int sluice_fs_ranges_contains(const sluice_fs_ranges *set, uint32_t sequence);

/* Add one sequence, merging with neighbours.  0, or -1 out of memory. */
int sluice_fs_ranges_add(sluice_fs_ranges *set, uint32_t sequence);

/* Replace dst's contents with a copy of src.  0, or -1 out of memory. */
int sluice_fs_ranges_copy(sluice_fs_ranges *dst, const sluice_fs_ranges *src);

/* Call missing(context, gap) for each run of sequences in from..to that is
 * not in the set, ascending (a sink's gaps callback can be passed as is);
 * stops early when it returns non-zero. */
void sluice_fs_ranges_holes(const sluice_fs_ranges *set, uint32_t from, uint32_t to,
                            sluice_gap_callback missing, void *context);

/* ---- the state file ---------------------------------------------------------- */

#define SLUICE_FS_CURSORS 2

typedef struct sluice_fs_cursor {
    int present;
    uint32_t value;
} sluice_fs_cursor;

typedef struct sluice_fs_state {
    uint64_t output_offset;     /* committed bytes of an output file (0 without one) */
    sluice_fs_cursor cursors[SLUICE_FS_CURSORS]; /* latest, oldest */
    sluice_fs_ranges stored;
} sluice_fs_state;

/* The cursor called name (SLUICE_CURSOR_LATEST or SLUICE_CURSOR_OLDEST),
 * or NULL for any other name. */
sluice_fs_cursor *sluice_fs_state_cursor(sluice_fs_state *state, const char *name);

void sluice_fs_state_free(sluice_fs_state *state);

/* Make dst a copy of src.  0, or -1 out of memory. */
int sluice_fs_state_copy(sluice_fs_state *dst, const sluice_fs_state *src);

/* Read path into *state (replacing its contents).  *exists = 0 and an
 * empty state when the file does not exist.  0, or -1 with why filled. */
int sluice_fs_state_load(const char *path, sluice_fs_state *state, int *exists, char *why,
                         size_t why_size);

/* Replace path atomically and durably with state.  0, or -1 with why. */
int sluice_fs_state_save(const char *path, const sluice_fs_state *state, char *why,
                         size_t why_size);

/* ---- files in directories others may write -------------------------------------- */

/* Create path as a new, empty regular file for writing: an entry already
 * there (a leftover temporary, or a symbolic link planted in a shared
 * directory) is removed, never followed, and the file is created with
 * O_EXCL | O_NOFOLLOW.  An fd the caller closes, or -1 with why. */
int sluice_fs_create_new(const char *path, unsigned mode, char *why, size_t why_size);

/* Open path with flags (O_RDWR, O_WRONLY | O_APPEND, ...), creating it with
 * mode when missing; a symbolic link, anything but a regular file and a
 * file owned by another user are refused.  An fd, or -1 with why. */
int sluice_fs_open_own(const char *path, int flags, unsigned mode, char *why, size_t why_size);

/* ---- the locks ----------------------------------------------------------------- */

typedef enum sluice_fs_lock_kind {
    SLUICE_FS_LOCK_WRITER = 0,       /* G2: from lock() until close */
    SLUICE_FS_LOCK_TRANSACTION = 1,  /* from begin() to commit or rollback */
} sluice_fs_lock_kind;

/* Open (creating) the lock file.  An fd the caller closes (closing drops
 * its locks), or -1 with why. */
int sluice_fs_lock_open(const char *path, char *why, size_t why_size);

/* Try once: 0 taken, 1 held by another open of the file, -1 error (why). */
int sluice_fs_lock_try(int fd, sluice_fs_lock_kind kind, char *why, size_t why_size);

/* Wait for the lock, checking cancelled(context) every 20 ms: 0 taken,
 * 1 cancelled, -1 error (why). */
int sluice_fs_lock_wait(int fd, sluice_fs_lock_kind kind, int (*cancelled)(const void *context),
                        const void *context, char *why, size_t why_size);

void sluice_fs_lock_release(int fd, sluice_fs_lock_kind kind);

/* Non-zero while path still names the file fd has open (the lock is lost
 * when someone removed or replaced the lock file). */
int sluice_fs_lock_is_current(int fd, const char *path);

#ifdef __cplusplus
}
#endif
#endif
