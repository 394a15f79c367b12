/* synth_output.h — where generated frames go:
 *
 *   stream  stellar-core's --metadata-output-stream framing: each frame as
 *           [uint32 big-endian 0x80000000 | length][length bytes], to a file
 *           or an inherited file descriptor, optionally paced;
 *   lake    the public data-lake layout (Galexie / SEP-54): zstd-compressed
 *           LedgerCloseMetaBatch files named by ledger range, grouped into
 *           partition folders, with a root .config.json manifest.
 *
 * Every function returns 0, or -1 with a message naming the file and the
 * reason in why. */
#ifndef SYNTH_OUTPUT_H
#define SYNTH_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "xdr/sx_runtime.h"

typedef struct synth_stream {
    int fd;
    int owns_fd;
    const char *name;         /* for messages */
    double interval;          /* seconds between frames; 0 = unpaced */
    double next_due;          /* monotonic time the next frame is due */
} synth_stream;

/* path "-" is standard output; fd >= 0 writes to that descriptor instead. */
int synth_stream_open(synth_stream *s, const char *path, int fd, double interval, char *why, size_t why_size);
int synth_stream_write(synth_stream *s, const uint8_t *frame, size_t len, char *why, size_t why_size);
int synth_stream_close(synth_stream *s, char *why, size_t why_size);

typedef struct synth_lake {
    char *root;
    uint32_t ledgers_per_file;
    uint32_t files_per_partition;
    int zstd_level;
    sx_buf batch;             /* the LedgerCloseMetaBatch being filled */
    sx_buf packed;            /* its zstd compression */
    void *cctx;               /* ZSTD_CCtx reused for every file (owned) */
    uint32_t batch_start;     /* first ledger in `batch`; 0 = empty */
    uint32_t batch_end;
    uint32_t batch_count;
    uint32_t files_written;
} synth_lake;

/* Creates the root folder (if needed) and writes .config.json. */
int synth_lake_open(synth_lake *lake, const char *root, const char *passphrase,
                    uint32_t ledgers_per_file, uint32_t files_per_partition, int zstd_level,
                    char *why, size_t why_size);
/* Adds ledger `seq`'s frame; writes the file when its range is complete. */
int synth_lake_add(synth_lake *lake, uint32_t seq, const uint8_t *frame, size_t len, char *why, size_t why_size);
/* Writes the last (possibly partial) file and frees the lake. */
int synth_lake_close(synth_lake *lake, char *why, size_t why_size);

#endif
