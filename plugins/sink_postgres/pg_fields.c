/* pg_fields.c — COPY fields in text and binary format (see pg_fields.h).
 * Text: tab-separated, backslash escapes, \N for NULL, bytea as \\x hex.
 * Binary: int16 field count per row, then per field an int32 length (-1
 * for NULL) and the type's send format, all big-endian. */
#include "config.h"

#include "pg_fields.h"

#include <string.h>
#include <time.h>

#define POSTGRES_EPOCH_UNIX 946684800 /* 2000-01-01 00:00:00 UTC */

static void put_be(text_buffer *out, uint64_t value, int bytes)
{
    char *at = text_buffer_extend(out, (size_t)bytes);
    if (!at)
        return;
    for (int i = bytes - 1; i >= 0; i--, value >>= 8)
        at[i] = (char)(value & 0xff);
}

/* Text: the tab before every field but the first.  Binary: the length. */
static void field_start(pg_row *row, int32_t binary_length)
{
    if (row->format == PG_COPY_TEXT) {
        if (row->fields)
            text_buffer_char(row->out, '\t');
    } else {
        put_be(row->out, (uint32_t)binary_length, 4);
    }
    row->fields++;
}

void pg_row_begin(pg_row *row, text_buffer *out, pg_copy_format format, int16_t columns)
{
    row->out = out;
    row->format = format;
    row->fields = 0;
    if (format == PG_COPY_BINARY)
        put_be(out, (uint16_t)columns, 2);
}

void pg_row_end(pg_row *row)
{
    if (row->format == PG_COPY_TEXT)
        text_buffer_char(row->out, '\n');
}

void pg_field_null(pg_row *row)
{
    field_start(row, -1);
    if (row->format == PG_COPY_TEXT)
        text_buffer_append(row->out, "\\N", 2);
}

static void field_integer(pg_row *row, int64_t value, int bytes)
{
    field_start(row, bytes);
    if (row->format == PG_COPY_TEXT)
        pg_text_int(row->out, value);
    else
        put_be(row->out, (uint64_t)value, bytes);
}

void pg_field_int8(pg_row *row, int64_t value)
{
    field_integer(row, value, 8);
}

void pg_field_int4(pg_row *row, int32_t value)
{
    field_integer(row, value, 4);
}

void pg_field_int2(pg_row *row, int16_t value)
{
    field_integer(row, value, 2);
}

void pg_field_bool(pg_row *row, int value)
{
    field_start(row, 1);
    if (row->format == PG_COPY_TEXT)
        text_buffer_char(row->out, value ? 't' : 'f');
    else
        text_buffer_char(row->out, value ? 1 : 0);
}

void pg_field_bytea(pg_row *row, const uint8_t *data, size_t len)
{
    if (len > INT32_MAX) {
        row->out->failed = 1; /* larger than a field can be */
        return;
    }
    field_start(row, (int32_t)len);
    if (row->format == PG_COPY_BINARY) {
        text_buffer_append(row->out, data, len);
        return;
    }
    static const char digits[] = "0123456789abcdef";
    char *out = text_buffer_extend(row->out, 3 + 2 * len);
    if (!out)
        return;
    *out++ = '\\';
    *out++ = '\\';
    *out++ = 'x';
    for (size_t i = 0; i < len; i++) {
        *out++ = digits[data[i] >> 4];
        *out++ = digits[data[i] & 15];
    }
}

/* Text format escaping: runs of plain bytes are appended whole. */
static void escaped_text(text_buffer *out, const char *value)
{
    const char *run = value;
    for (const char *p = value;; p++) {
        char c = *p;
        if (c != '\\' && c != '\n' && c != '\r' && c != '\t' && c != '\0')
            continue;
        text_buffer_append(out, run, (size_t)(p - run));
        if (c == '\0')
            return;
        const char escaped[2] = {'\\', c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : '\\'};
        text_buffer_append(out, escaped, 2);
        run = p + 1;
    }
}

/* text and jsonb: jsonb's binary form is a version byte (1) and the text. */
static void field_string(pg_row *row, const char *value, int jsonb)
{
    size_t len = strlen(value);
    if (len > INT32_MAX - 1) {
        row->out->failed = 1;
        return;
    }
    field_start(row, (int32_t)len + (jsonb ? 1 : 0));
    if (row->format == PG_COPY_TEXT) {
        escaped_text(row->out, value);
        return;
    }
    if (jsonb)
        text_buffer_char(row->out, 1);
    text_buffer_append(row->out, value, len);
}

void pg_field_text(pg_row *row, const char *value)
{
    field_string(row, value, 0);
}

void pg_field_jsonb(pg_row *row, const char *json)
{
    field_string(row, json, 1);
}

int pg_close_time_valid(int64_t unix_seconds)
{
    return unix_seconds >= 0 && unix_seconds <= INT64_C(253402300799); /* 9999-12-31 */
}

void pg_field_timestamptz(pg_row *row, int64_t unix_seconds)
{
    if (row->format == PG_COPY_BINARY) {
        field_start(row, 8);
        put_be(row->out, (uint64_t)((unix_seconds - POSTGRES_EPOCH_UNIX) * 1000000), 8);
        return;
    }
    time_t seconds = (time_t)unix_seconds;
    struct tm tm;
    char formatted[40];
    field_start(row, 0);
    if (!gmtime_r(&seconds, &tm) ||
        !strftime(formatted, sizeof formatted, "%Y-%m-%d %H:%M:%S+00", &tm)) {
        row->out->failed = 1; /* callers validate first: unreachable for valid input */
        return;
    }
    text_buffer_append(row->out, formatted, strlen(formatted));
}

/* numeric from limbs: text as decimal, binary as base-10000 digits
 * (ndigits, weight, sign, dscale = 0, digits most significant first). */
static void field_numeric_limbs(pg_row *row, uint32_t limbs[4], int negative)
{
    if (row->format == PG_COPY_TEXT) {
        field_start(row, 0);
        pg_text_limbs(row->out, limbs, negative);
        return;
    }
    uint16_t groups[10]; /* 2^128 < 10000^10 */
    int count = 0;
    while (!pg_limbs_zero(limbs))
        groups[count++] = (uint16_t)pg_limbs_divide(limbs, 10000);
    int weight = count - 1, first = 0;
    while (first < count && groups[first] == 0) /* trailing zero groups are implied */
        first++;
    int ndigits = count - first;
    field_start(row, 8 + 2 * ndigits);
    put_be(row->out, (uint16_t)ndigits, 2);
    put_be(row->out, (uint16_t)(ndigits ? weight : 0), 2);
    put_be(row->out, negative && ndigits ? 0x4000 : 0x0000, 2);
    put_be(row->out, 0, 2);
    for (int i = count - 1; i >= first; i--)
        put_be(row->out, groups[i], 2);
}

void pg_field_numeric(pg_row *row, sluice_int128 value)
{
    uint32_t limbs[4];
    int negative = pg_int128_limbs(value, limbs);
    field_numeric_limbs(row, limbs, negative);
}

void pg_field_numeric_uint(pg_row *row, uint64_t value)
{
    uint32_t limbs[4] = {0, 0, (uint32_t)(value >> 32), (uint32_t)value};
    field_numeric_limbs(row, limbs, 0);
}

void pg_binary_header(text_buffer *out)
{
    static const char signature[] = "PGCOPY\n\377\r\n"; /* + its NUL: 11 bytes */
    text_buffer_append(out, signature, 11);
    put_be(out, 0, 4); /* flags */
    put_be(out, 0, 4); /* header extension length */
}

void pg_binary_trailer(text_buffer *out)
{
    put_be(out, 0xffff, 2);
}
