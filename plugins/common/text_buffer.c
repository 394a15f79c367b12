/* text_buffer.c — the plugins' growable byte buffer (see text_buffer.h). */
#include "config.h"

#include "text_buffer.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends are bounded well below SIZE_MAX so the doubling cannot overflow. */
#define APPEND_LIMIT (SIZE_MAX / 4)

int text_buffer_reserve(text_buffer *buffer, size_t more, size_t limit)
{
    if (more > limit || buffer->len > limit - more)
        return -1;
    size_t needed = buffer->len + more;
    if (needed <= buffer->capacity)
        return 0;
    size_t capacity = buffer->capacity ? buffer->capacity : 4096;
    while (capacity < needed)
        capacity = capacity > SIZE_MAX / 2 ? needed : capacity * 2;
    if (capacity > limit)
        capacity = limit;
    char *data = realloc(buffer->data, capacity);
    if (!data)
        return -1;
    buffer->data = data;
    buffer->capacity = capacity;
    return 0;
}

/* Room for `more` bytes plus the NUL text_buffer_ok writes; 0, or -1 (and
 * failed set). */
static int reserve_sticky(text_buffer *buffer, size_t more)
{
    if (buffer->failed)
        return -1;
    if (more >= APPEND_LIMIT || text_buffer_reserve(buffer, more + 1, APPEND_LIMIT) != 0) {
        buffer->failed = 1;
        return -1;
    }
    return 0;
}

char *text_buffer_extend(text_buffer *buffer, size_t n)
{
    if (reserve_sticky(buffer, n) != 0)
        return NULL;
    char *at = buffer->data + buffer->len;
    buffer->len += n;
    return at;
}

void text_buffer_append(text_buffer *buffer, const void *bytes, size_t len)
{
    char *at = text_buffer_extend(buffer, len);
    if (at)
        memcpy(at, bytes, len);
}

void text_buffer_char(text_buffer *buffer, char c)
{
    char *at = text_buffer_extend(buffer, 1);
    if (at)
        *at = c;
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
    if (reserve_sticky(buffer, (size_t)needed) != 0)
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

int text_buffer_ok(text_buffer *buffer)
{
    if (reserve_sticky(buffer, 0) != 0)
        return 0;
    buffer->data[buffer->len] = '\0';
    return 1;
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
