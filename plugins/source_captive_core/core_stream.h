/* core_stream.h — read stellar-core's metadata stream: records of a 4-byte
 * big-endian header whose high bit 0x80000000 must be set, length = low
 * 31 bits, then that many bytes (one LedgerCloseMeta).  A header without
 * the bit, a length over the maximum, or EOF inside a record is an error;
 * EOF between records is the end of the stream.  Waits poll the pipe in
 * 100 ms slices and give up when host->cancelled(). */
#ifndef CAPTIVE_CORE_STREAM_H
#define CAPTIVE_CORE_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include <sluice/plugin.h>

typedef enum stream_result {
    STREAM_RECORD,      /* a whole record is in the buffer */
    STREAM_END,         /* EOF at a record boundary */
    STREAM_BROKEN,      /* why says what is wrong with the stream */
    STREAM_CANCELLED,
} stream_result;

typedef struct core_stream {
    uint8_t *data;      /* the last record; owned, reused */
    size_t len, cap;
    size_t max_record;
    uint64_t offset;    /* bytes read from the stream so far */
} core_stream;

stream_result core_stream_read(core_stream *stream, int fd, const sluice_host *host, char *why,
                               size_t why_size);
void core_stream_free(core_stream *stream);

#endif
