/* text_buffer.h — the plugins' growable byte buffer: the text the sinks
 * write (NDJSON rows, the stdout sink's state file, PostgreSQL COPY data)
 * and the bytes the sources fetch (lake files, history-archive state).
 *
 * Appends leave room for a NUL after the contents, which text_buffer_ok
 * writes (it is not counted in len), and out of memory is sticky: appends
 * after a failed one do nothing and text_buffer_failed() (or _ok()) says
 * so, so a writer checks once at the end instead of after every append.  text_buffer_reserve is the bounded, non-sticky
 * way to make room for a reader that fills data directly.
 *
 * Ownership: the buffer owns data; free with text_buffer_free.  A
 * zero-initialised buffer is empty and ready. */
#ifndef PLUGINS_TEXT_BUFFER_H
#define PLUGINS_TEXT_BUFFER_H

#include <stddef.h>

typedef struct text_buffer {
    char *data;
    size_t len, capacity;
    int failed;                 /* an append failed: contents incomplete */
} text_buffer;

/* Room for `more` bytes past len, with len + more at most `limit`: 0, or
 * -1 (buffer unchanged, not marked failed) when that exceeds limit or
 * memory runs out.  The capacity doubles from 4096 bytes, at most to limit. */
int text_buffer_reserve(text_buffer *buffer, size_t more, size_t limit);

void text_buffer_append(text_buffer *buffer, const void *bytes, size_t len);
void text_buffer_char(text_buffer *buffer, char c);
void text_buffer_puts(text_buffer *buffer, const char *text);
void text_buffer_printf(text_buffer *buffer, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends n bytes for the caller to fill and returns them (NULL after a
 * failure). */
char *text_buffer_extend(text_buffer *buffer, size_t n);
int text_buffer_failed(const text_buffer *buffer);
/* 0 after a failure; else 1, with data a NUL-terminated string (also when
 * nothing was appended). */
int text_buffer_ok(text_buffer *buffer);
/* Forget the contents (and a past failure), keep the memory. */
void text_buffer_clear(text_buffer *buffer);
void text_buffer_free(text_buffer *buffer);

#endif
