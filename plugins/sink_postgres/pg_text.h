/* pg_text.h — a growable byte buffer and the encoders that write values in
 * PostgreSQL's COPY text format and array-literal format.
 *
 * Allocation failure does not abort: the buffer remembers it (failed = 1),
 * later appends do nothing, and the caller checks pg_text_ok() before
 * sending.  The buffer owns data; pg_text_free releases it. */
#ifndef SLUICE_PG_TEXT_H
#define SLUICE_PG_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include <sluice/rows.h>

typedef struct pg_text {
    char *data;
    size_t len, capacity;
    int failed;
} pg_text;

void pg_text_append(pg_text *text, const char *bytes, size_t len);
void pg_text_char(pg_text *text, char c);
void pg_text_clear(pg_text *text);   /* keeps the allocation */
void pg_text_free(pg_text *text);
/* NUL-terminate (without counting it in len); 0 after an allocation failure. */
int pg_text_ok(pg_text *text);

/* COPY text fields.  Each appends one field; callers add '\t' and '\n'. */
void pg_copy_null(pg_text *text);
void pg_copy_string(pg_text *text, const char *value);          /* escaped */
void pg_copy_bytea(pg_text *text, const uint8_t *data, size_t len); /* \\x + hex */
void pg_copy_int(pg_text *text, int64_t value);
void pg_copy_uint(pg_text *text, uint64_t value);
void pg_copy_bool(pg_text *text, int value);
void pg_copy_int128(pg_text *text, sluice_int128 value);
/* Unix seconds as "YYYY-MM-DD HH:MM:SS+00"; value must be within years
 * 1970..9999 (pg_close_time_valid). */
void pg_copy_timestamp(pg_text *text, int64_t unix_seconds);
int pg_close_time_valid(int64_t unix_seconds);

/* A sluice_int128 in decimal; out needs 41 bytes. */
void pg_int128_decimal(sluice_int128 value, char out[41]);

/* Array literal element: "value" with " and \ escaped. */
void pg_array_string(pg_text *text, const char *value);

#endif
