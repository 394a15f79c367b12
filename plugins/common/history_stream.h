/* history_stream.h — the records of a history archive's ".xdr.gz" file
 * (buckets, ledger headers): the gzip data is inflated with zlib a chunk
 * at a time and cut into XDR records framed as stellar-core writes them
 * (a 4-byte big-endian length with the high "last fragment" bit set, then
 * that many bytes), while the SHA-256 of the uncompressed bytes (the name
 * a bucket claims) is computed on the way.  Memory: the window holds one
 * record and one inflate chunk, whatever the file's size.
 *
 * Ownership: the compressed bytes are the caller's and must outlive the
 * stream; a record returned points into the stream's window, valid until
 * the next call. */
#ifndef PLUGINS_HISTORY_STREAM_H
#define PLUGINS_HISTORY_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#include "stellar/sha256.h"

#define HISTORY_RECORD_MAX (64u * 1024 * 1024)  /* one record, refused beyond */

typedef struct history_stream {
    z_stream z;
    int z_open;
    int z_done;              /* the last gzip member ended with the input */
    uint8_t *window;         /* uncompressed bytes not yet handed out */
    size_t start, end, capacity;
    sha256_ctx sha;
    uint64_t uncompressed;   /* bytes inflated so far */
    uint64_t records;
} history_stream;

/* Start reading gzip data[0..len).  0, or -1 with why. */
int history_stream_open(history_stream *stream, const uint8_t *data, size_t len, char *why,
                        size_t why_size);
/* The next record: 1 with *record and *record_len, 0 at the clean end (the
 * digest is then ready), -1 with why (corrupt gzip, a truncated record, a
 * record without the last-fragment bit or longer than HISTORY_RECORD_MAX). */
int history_stream_next(history_stream *stream, const uint8_t **record, size_t *record_len,
                        char *why, size_t why_size);
/* The SHA-256 of all uncompressed bytes, after history_stream_next gave 0. */
void history_stream_digest(history_stream *stream, uint8_t digest[32]);
void history_stream_close(history_stream *stream);

#endif
