/* history_stream.c — inflate and unframe ".xdr.gz" records (see
 * history_stream.h). */
#include "config.h"

#include "history_stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INFLATE_CHUNK (256u * 1024)

int history_stream_open(history_stream *stream, const uint8_t *data, size_t len, char *why,
                        size_t why_size)
{
    memset(stream, 0, sizeof *stream);
    if (len > UINT_MAX) {
        snprintf(why, why_size, "%zu compressed bytes, more than zlib takes at once", len);
        return -1;
    }
    stream->z.next_in = (Bytef *)(uintptr_t)data;
    stream->z.avail_in = (uInt)len;
    if (inflateInit2(&stream->z, 16 + MAX_WBITS) != Z_OK) { /* gzip only */
        snprintf(why, why_size, "zlib: %s", stream->z.msg ? stream->z.msg : "out of memory");
        return -1;
    }
    stream->z_open = 1;
    sha256_init(&stream->sha);
    return 0;
}

/* Inflate one more chunk after the bytes held: 1 when bytes came, 0 at
 * the end of the input, -1 with why. */
static int inflate_more(history_stream *stream, char *why, size_t why_size)
{
    if (stream->z_done)
        return 0;
    if (stream->start > 0) { /* keep the held bytes at the start */
        memmove(stream->window, stream->window + stream->start, stream->end - stream->start);
        stream->end -= stream->start;
        stream->start = 0;
    }
    if (stream->capacity - stream->end < INFLATE_CHUNK) {
        size_t capacity = stream->end + INFLATE_CHUNK;
        uint8_t *grown = realloc(stream->window, capacity);
        if (!grown) {
            snprintf(why, why_size, "out of memory");
            return -1;
        }
        stream->window = grown;
        stream->capacity = capacity;
    }
    for (;;) {
        uint8_t *out = stream->window + stream->end;
        stream->z.next_out = out;
        stream->z.avail_out = (uInt)(stream->capacity - stream->end);
        int rc = inflate(&stream->z, Z_NO_FLUSH);
        size_t produced = (size_t)(stream->z.next_out - out);
        sha256_update(&stream->sha, out, produced);
        stream->uncompressed += produced;
        stream->end += produced;
        if (rc == Z_STREAM_END) {
            if (stream->z.avail_in == 0) /* else another gzip member follows */
                stream->z_done = 1;
            else if (inflateReset(&stream->z) != Z_OK) {
                snprintf(why, why_size, "zlib: cannot start the next gzip member");
                return -1;
            }
        } else if (rc != Z_OK && !(rc == Z_BUF_ERROR && produced)) {
            snprintf(why, why_size, "corrupt gzip data after %llu uncompressed bytes: %s",
                     (unsigned long long)stream->uncompressed,
                     stream->z.msg ? stream->z.msg : rc == Z_BUF_ERROR ? "truncated" : "error");
            return -1;
        }
        if (produced)
            return 1;
        if (stream->z_done)
            return 0;
        if (stream->z.avail_in == 0) {
            snprintf(why, why_size, "gzip data truncated after %llu uncompressed bytes",
                     (unsigned long long)stream->uncompressed);
            return -1;
        }
    }
}

/* Hold at least need bytes from start: 1, 0 when the input ended first, -1. */
static int hold(history_stream *stream, size_t need, char *why, size_t why_size)
{
    while (stream->end - stream->start < need) {
        int more = inflate_more(stream, why, why_size);
        if (more <= 0)
            return more;
    }
    return 1;
}

int history_stream_next(history_stream *stream, const uint8_t **record, size_t *record_len,
                        char *why, size_t why_size)
{
    int held = hold(stream, 4, why, why_size);
    if (held < 0)
        return -1;
    if (!held) {
        if (stream->end > stream->start) {
            snprintf(why, why_size, "%zu bytes after record %llu, too few for a record mark",
                     stream->end - stream->start, (unsigned long long)stream->records);
            return -1;
        }
        return 0;
    }
    const uint8_t *mark = stream->window + stream->start;
    uint32_t word = (uint32_t)mark[0] << 24 | (uint32_t)mark[1] << 16 |
                    (uint32_t)mark[2] << 8 | mark[3];
    size_t len = word & 0x7fffffffu;
    if (!(word & 0x80000000u) || len > HISTORY_RECORD_MAX) {
        snprintf(why, why_size, "record %llu at uncompressed byte %llu: %s",
                 (unsigned long long)stream->records,
                 (unsigned long long)(stream->uncompressed - (stream->end - stream->start)),
                 !(word & 0x80000000u) ? "record mark without the last-fragment bit"
                                       : "longer than the limit of 64 MiB");
        return -1;
    }
    held = hold(stream, 4 + len, why, why_size);
    if (held <= 0) {
        if (!held)
            snprintf(why, why_size, "record %llu truncated: %zu of %zu bytes",
                     (unsigned long long)stream->records, stream->end - stream->start - 4, len);
        return -1;
    }
    *record = stream->window + stream->start + 4;
    *record_len = len;
    stream->start += 4 + len;
    stream->records++;
    return 1;
}

void history_stream_digest(history_stream *stream, uint8_t digest[32])
{
    sha256_final(&stream->sha, digest);
}

void history_stream_close(history_stream *stream)
{
    if (stream->z_open)
        inflateEnd(&stream->z);
    free(stream->window);
    memset(stream, 0, sizeof *stream);
}
