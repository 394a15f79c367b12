/* archive_prefetch.h — fetch and decode the files of a range ahead of the
 * consumer with a pool of worker threads, and hand them over strictly in
 * order.
 *
 * A window of `buffer` slots covers the next `buffer` files from the one
 * the consumer needs; each worker takes the lowest waiting file of the
 * window, fetches and decodes it with its own store session and zstd
 * context, and parks the result in its slot.  Memory is bounded by
 * buffer + workers decoded files.  A missing file is reported as such so
 * the consumer can wait for it (unbounded ranges) or fail (bounded). */
#ifndef SOURCE_ARCHIVE_PREFETCH_H
#define SOURCE_ARCHIVE_PREFETCH_H

#include "archive_batch.h"
#include "archive_lake.h"

typedef struct archive_prefetch archive_prefetch;

typedef enum prefetch_state {
    PREFETCH_IDLE,       /* past the end of the range */
    PREFETCH_WAITING,    /* not started */
    PREFETCH_WORKING,    /* a worker has it */
    PREFETCH_READY,      /* decoded: batch holds it */
    PREFETCH_MISSING,    /* the file does not exist (yet) */
    PREFETCH_FAILED,     /* invalid data: why says what and names the file */
    PREFETCH_UNREACHABLE,/* fetching failed (I/O, HTTP, retries spent): why says so */
} prefetch_state;

/* What the consumer gets for the file at the head of the window. */
typedef struct prefetch_result {
    prefetch_state state;      /* READY, MISSING, FAILED or UNREACHABLE */
    const archive_batch *batch;/* READY: valid until prefetch_advance */
    const char *key;           /* the file's key */
    const char *why;           /* FAILED, UNREACHABLE */
} prefetch_result;

/* Start `workers` threads with a window of `buffer` files.  NULL after
 * host->error(). */
archive_prefetch *archive_prefetch_start(archive_lake *lake, int workers, int buffer);
/* Stop and join the workers, free everything.  NULL-safe. */
void archive_prefetch_stop(archive_prefetch *prefetch);

/* Begin a new range of files: first_file .. last_file (file starts). */
void prefetch_restart(archive_prefetch *prefetch, uint32_t first_file, uint32_t last_file);

/* Wait up to wait_ms for the head file to be settled; 0 with *result
 * filled, or 1 on timeout (the caller checks cancellation and waits
 * again). */
int prefetch_head(archive_prefetch *prefetch, int wait_ms, prefetch_result *result);

/* Fetch the head file again (after MISSING, when polling for it). */
void prefetch_retry_head(archive_prefetch *prefetch);

/* The consumer is done with the head file: move the window on by one. */
void prefetch_advance(archive_prefetch *prefetch);

#endif
