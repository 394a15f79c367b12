/* stream_file.c — test helper: framed stellar-core stream files (see
 * stream_file.h). */
#include "config.h"

#include "stream_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int stream_frames_read(const char *path, stream_frames *out)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    out->bytes = malloc(size > 0 ? (size_t)size : 1);
    out->size = (size_t)size;
    if (!out->bytes || fread(out->bytes, 1, out->size, f) != out->size) {
        fprintf(stderr, "%s: cannot read\n", path);
        fclose(f);
        stream_frames_free(out);
        return -1;
    }
    fclose(f);
    size_t capacity = 0;
    for (size_t at = 0; at < out->size;) {
        uint32_t header = at + 4 <= out->size ? get_be32(out->bytes + at) : 0;
        size_t len = header & 0x7FFFFFFFu;
        if (!(header & 0x80000000u) || out->size - at - 4 < len) {
            fprintf(stderr, "%s: bad record at byte %zu\n", path, at);
            stream_frames_free(out);
            return -1;
        }
        if (out->count == capacity) {
            capacity = capacity ? capacity * 2 : 16;
            out->data = realloc(out->data, capacity * sizeof *out->data);
            out->len = realloc(out->len, capacity * sizeof *out->len);
            if (!out->data || !out->len) {
                stream_frames_free(out);
                return -1;
            }
        }
        out->data[out->count] = out->bytes + at + 4;
        out->len[out->count++] = len;
        at += 4 + len;
    }
    return 0;
}

void stream_frames_free(stream_frames *frames)
{
    free(frames->bytes);
    free(frames->data);
    free(frames->len);
    memset(frames, 0, sizeof *frames);
}
