/* pg_fields.h — one COPY row, field by field, in PostgreSQL's text or
 * binary COPY format.  The row encoders in pg_copy.c call these without
 * knowing the format; each function matches one column type of the
 * schema (int8/int4/int2, bool, bytea, text, timestamptz, numeric, jsonb).
 * A binary COPY stream is wrapped with pg_binary_header/_trailer. */
#ifndef SLUICE_PG_FIELDS_H
#define SLUICE_PG_FIELDS_H

#include <stdint.h>

#include "pg_text.h"

typedef enum pg_copy_format {
    PG_COPY_TEXT,
    PG_COPY_BINARY
} pg_copy_format;

typedef struct pg_row {
    text_buffer *out;
    pg_copy_format format;
    int fields;                 /* written so far */
} pg_row;

void pg_row_begin(pg_row *row, text_buffer *out, pg_copy_format format, int16_t columns);
void pg_row_end(pg_row *row);

void pg_field_null(pg_row *row);
void pg_field_int8(pg_row *row, int64_t value);
void pg_field_int4(pg_row *row, int32_t value);
void pg_field_int2(pg_row *row, int16_t value);
void pg_field_bool(pg_row *row, int value);
void pg_field_bytea(pg_row *row, const uint8_t *data, size_t len);
void pg_field_text(pg_row *row, const char *value);
void pg_field_jsonb(pg_row *row, const char *json);
/* Unix seconds; valid for pg_close_time_valid values. */
void pg_field_timestamptz(pg_row *row, int64_t unix_seconds);
void pg_field_numeric(pg_row *row, sluice_int128 value);
void pg_field_numeric_uint(pg_row *row, uint64_t value);

/* Years 1970..9999: what the timestamp encoders accept. */
int pg_close_time_valid(int64_t unix_seconds);

/* The 19-byte header and 2-byte trailer of a binary COPY stream. */
void pg_binary_header(text_buffer *out);
void pg_binary_trailer(text_buffer *out);

#endif
