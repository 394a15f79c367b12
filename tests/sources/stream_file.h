/* stream_file.h — test helper: read a stellar-core metadata stream file
 * (repeated [uint32 BE 0x80000000|len][len bytes of LedgerCloseMeta], as
 * --metadata-output-stream writes it) into memory, one record per frame. */
#ifndef TESTS_SOURCES_STREAM_FILE_H
#define TESTS_SOURCES_STREAM_FILE_H

#include <stddef.h>
#include <stdint.h>

typedef struct stream_frames {
    uint8_t *bytes;        /* the whole file */
    size_t size;
    size_t count;
    const uint8_t **data;  /* count pointers into bytes */
    size_t *len;           /* count lengths */
} stream_frames;

/* 0, or -1 after printing why to stderr. */
int stream_frames_read(const char *path, stream_frames *out);
void stream_frames_free(stream_frames *frames);

void put_be32(uint8_t *p, uint32_t v);

#endif
