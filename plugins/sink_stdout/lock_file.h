/* lock_file.h — the stdout sink's locks, taken on a lock file beside the
 * state file (STATE.lock; the state file itself is replaced by rename, so
 * a lock on it would not outlive a commit).
 *
 * Two locks, two bytes of one file, as open-file-description locks
 * (F_OFD_SETLK): they belong to one open of the file, so two instances in
 * one process exclude each other like two processes do, and the kernel
 * drops them when the holder dies (SIGKILL included).
 *   - the writer lock (G2): held by live/catchup from lock() until close;
 *   - the transaction lock: held by every writer from begin() to commit or
 *     rollback, so writers that take no writer lock (backfill) still
 *     append to the output one transaction at a time.
 * The lock file is never removed (removing it would let two holders lock
 * two different files). */
#ifndef SINK_STDOUT_LOCK_FILE_H
#define SINK_STDOUT_LOCK_FILE_H

#include <stddef.h>

typedef enum lock_kind {
    LOCK_WRITER = 0,
    LOCK_TRANSACTION = 1,
} lock_kind;

/* Open (creating) the lock file.  fd, or -1 with why. */
int lock_file_open(const char *path, char *why, size_t why_size);

/* Try once: 0 taken, 1 held by another open of the file, -1 error (why). */
int lock_file_try(int fd, lock_kind kind, char *why, size_t why_size);

/* Wait for the lock, checking cancelled(context) every 20 ms: 0 taken,
 * 1 cancelled, -1 error (why). */
int lock_file_wait(int fd, lock_kind kind, int (*cancelled)(const void *context),
                   const void *context, char *why, size_t why_size);

void lock_file_release(int fd, lock_kind kind);

/* Non-zero while path still names the file fd has open (the lock is lost
 * when someone removed or replaced the lock file). */
int lock_file_is_current(int fd, const char *path);

#endif
