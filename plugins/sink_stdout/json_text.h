/* json_text.h — the JSON value forms of the stdout sink's NDJSON
 * (doc/sink-stdout.md, "Value forms"), appended to a text_buffer. */
#ifndef SINK_STDOUT_JSON_TEXT_H
#define SINK_STDOUT_JSON_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include <sluice/rows.h>

#include "text_buffer.h"

void json_cstring(text_buffer *out, const char *text);
/* A C string, or null when text is NULL or empty. */
void json_cstring_or_null(text_buffer *out, const char *text);
/* "0a1b...": lowercase hex ("" when len is 0). */
void json_hex(text_buffer *out, const uint8_t *bytes, size_t len);
/* "base64", or null when len is 0. */
void json_base64_or_null(text_buffer *out, const uint8_t *bytes, size_t len);
/* "-123": a 64-bit or 128-bit integer as a decimal string (exact in any
 * JSON reader, unlike numbers above 2^53). */
void json_int64_string(text_buffer *out, int64_t value);
void json_uint64_string(text_buffer *out, uint64_t value);
void json_int128_string(text_buffer *out, sluice_int128 value);
void json_bool(text_buffer *out, int value);

#endif
