/* text_buffer.h — a growable byte buffer for the text the stdout sink
 * writes (NDJSON rows, the state file).  Out of memory is sticky: appends
 * after a failed one do nothing and text_buffer_failed() says so, so a
 * writer checks once at the end instead of after every append.
 *
 * Ownership: the buffer owns data; free with text_buffer_free. */
#ifndef SINK_STDOUT_TEXT_BUFFER_H
#define SINK_STDOUT_TEXT_BUFFER_H

#include <stddef.h>

typedef struct text_buffer {
    char *data;
    size_t len, capacity;
    int failed;                 /* an allocation failed: contents incomplete */
} text_buffer;

void text_buffer_append(text_buffer *buffer, const void *bytes, size_t len);
void text_buffer_puts(text_buffer *buffer, const char *text);
void text_buffer_printf(text_buffer *buffer, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int text_buffer_failed(const text_buffer *buffer);
/* Forget the contents (and a past failure), keep the memory. */
void text_buffer_clear(text_buffer *buffer);
void text_buffer_free(text_buffer *buffer);

#endif
