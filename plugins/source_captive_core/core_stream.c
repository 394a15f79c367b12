/* core_stream.c — framed LedgerCloseMeta records from a pipe (see
 * core_stream.h). */
#include "config.h"

#include "core_stream.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RECORD_MARK 0x80000000u

/* Read exactly n bytes.  Returns n, fewer at EOF, or -1 (why filled) on
 * an error, -2 when cancelled. */
static ssize_t read_exactly(int fd, uint8_t *out, size_t n, const sluice_host *host, char *why,
                            size_t why_size)
{
    size_t done = 0;
    while (done < n) {
        struct pollfd pfd = {fd, POLLIN, 0};
        int ready = poll(&pfd, 1, 100);
        if (ready < 0 && errno != EINTR) {
            snprintf(why, why_size, "poll on the metadata pipe: %s", strerror(errno));
            return -1;
        }
        if (ready <= 0) {
            if (host->cancelled(host))
                return -2;
            continue;
        }
        ssize_t got = read(fd, out + done, n - done);
        if (got < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (got < 0) {
            snprintf(why, why_size, "read from the metadata pipe: %s", strerror(errno));
            return -1;
        }
        if (got == 0)
            break;
        done += (size_t)got;
    }
    return (ssize_t)done;
}

stream_result core_stream_read(core_stream *stream, int fd, const sluice_host *host, char *why,
                               size_t why_size)
{
    uint8_t header[4];
    ssize_t got = read_exactly(fd, header, 4, host, why, why_size);
    if (got == -2)
        return STREAM_CANCELLED;
    if (got < 0)
        return STREAM_BROKEN;
    if (got == 0)
        return STREAM_END;
    if (got < 4) {
        snprintf(why, why_size, "the stream ends inside a record header (%zd of 4 bytes, at "
                 "stream byte %llu)", got, (unsigned long long)stream->offset);
        return STREAM_BROKEN;
    }
    uint32_t word = (uint32_t)header[0] << 24 | (uint32_t)header[1] << 16 |
                    (uint32_t)header[2] << 8 | header[3];
    size_t len = word & ~RECORD_MARK;
    if (!(word & RECORD_MARK)) {
        snprintf(why, why_size, "record header 0x%08X at stream byte %llu lacks the "
                 "0x80000000 record mark", word, (unsigned long long)stream->offset);
        return STREAM_BROKEN;
    }
    if (len > stream->max_record) {
        snprintf(why, why_size, "record of %zu bytes at stream byte %llu is over the limit of "
                 "%zu (max_frame_bytes)", len, (unsigned long long)stream->offset,
                 stream->max_record);
        return STREAM_BROKEN;
    }
    if (len > stream->cap) {
        uint8_t *grown = realloc(stream->data, len);
        if (!grown) {
            snprintf(why, why_size, "out of memory for a record of %zu bytes", len);
            return STREAM_BROKEN;
        }
        stream->data = grown;
        stream->cap = len;
    }
    got = read_exactly(fd, stream->data, len, host, why, why_size);
    if (got == -2)
        return STREAM_CANCELLED;
    if (got < 0)
        return STREAM_BROKEN;
    if ((size_t)got < len) {
        snprintf(why, why_size, "the stream ends inside a record (%zd of %zu bytes, record at "
                 "stream byte %llu)", got, len, (unsigned long long)stream->offset);
        return STREAM_BROKEN;
    }
    stream->len = len;
    stream->offset += 4 + len;
    return STREAM_RECORD;
}

void core_stream_free(core_stream *stream)
{
    free(stream->data);
    stream->data = NULL;
    stream->len = stream->cap = 0;
}
