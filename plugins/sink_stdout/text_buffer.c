/* text_buffer.c — growable byte buffer with sticky failure (see
 * text_buffer.h). */
#include "config.h"

#include "text_buffer.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for `more` bytes plus a NUL; 0, or -1 (and failed set). */
static int reserve(text_buffer *buffer, size_t more)
{
    if (buffer->failed)
        return -1;
    if (more >= SIZE_MAX / 2 - buffer->len) {
        buffer->failed = 1;
        return -1;
    }
    size_t needed = buffer->len + more + 1;
    if (needed <= buffer->capacity)
        return 0;
    size_t capacity = buffer->capacity ? buffer->capacity : 4096;
    while (capacity < needed)
        capacity *= 2;
    char *data = realloc(buffer->data, capacity);
    if (!data) {
        buffer->failed = 1;
        return -1;
    }
    buffer->data = data;
    buffer->capacity = capacity;
    return 0;
}

void text_buffer_append(text_buffer *buffer, const void *bytes, size_t len)
{
    if (reserve(buffer, len) != 0)
        return;
    memcpy(buffer->data + buffer->len, bytes, len);
    buffer->len += len;
    buffer->data[buffer->len] = '\0';
}

void text_buffer_puts(text_buffer *buffer, const char *text)
{
    text_buffer_append(buffer, text, strlen(text));
}

void text_buffer_printf(text_buffer *buffer, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int needed = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (needed < 0) {
        buffer->failed = 1;
        return;
    }
    if (reserve(buffer, (size_t)needed) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(buffer->data + buffer->len, (size_t)needed + 1, fmt, ap);
    va_end(ap);
    buffer->len += (size_t)needed;
}

int text_buffer_failed(const text_buffer *buffer)
{
    return buffer->failed;
}

void text_buffer_clear(text_buffer *buffer)
{
    buffer->len = 0;
    buffer->failed = 0;
    if (buffer->data)
        buffer->data[0] = '\0';
}

void text_buffer_free(text_buffer *buffer)
{
    free(buffer->data);
    memset(buffer, 0, sizeof *buffer);
}
