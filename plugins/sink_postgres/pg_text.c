/* pg_text.c — COPY text and array-literal encoding into a growable buffer
 * (see pg_text.h). */
#include "config.h"

#include "pg_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int reserve(pg_text *text, size_t extra)
{
    if (text->failed)
        return 0;
    if (text->len + extra + 1 <= text->capacity)
        return 1;
    size_t capacity = text->capacity ? text->capacity : 4096;
    while (capacity < text->len + extra + 1) {
        if (capacity > SIZE_MAX / 2) {
            text->failed = 1;
            return 0;
        }
        capacity *= 2;
    }
    char *data = realloc(text->data, capacity);
    if (!data) {
        text->failed = 1;
        return 0;
    }
    text->data = data;
    text->capacity = capacity;
    return 1;
}

void pg_text_append(pg_text *text, const char *bytes, size_t len)
{
    if (!reserve(text, len))
        return;
    memcpy(text->data + text->len, bytes, len);
    text->len += len;
}

void pg_text_char(pg_text *text, char c)
{
    if (!reserve(text, 1))
        return;
    text->data[text->len++] = c;
}

void pg_text_clear(pg_text *text)
{
    text->len = 0;
    text->failed = 0;
}

void pg_text_free(pg_text *text)
{
    free(text->data);
    memset(text, 0, sizeof *text);
}

int pg_text_ok(pg_text *text)
{
    if (!reserve(text, 0))
        return 0;
    text->data[text->len] = '\0';
    return 1;
}

void pg_copy_null(pg_text *text)
{
    pg_text_append(text, "\\N", 2);
}

void pg_copy_string(pg_text *text, const char *value)
{
    const char *run = value; /* start of the bytes not yet appended */
    for (const char *p = value;; p++) {
        char c = *p;
        if (c != '\\' && c != '\n' && c != '\r' && c != '\t' && c != '\0')
            continue;
        pg_text_append(text, run, (size_t)(p - run));
        if (c == '\0')
            return;
        const char escaped[2] = {'\\', c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : '\\'};
        pg_text_append(text, escaped, 2);
        run = p + 1;
    }
}

void pg_copy_bytea(pg_text *text, const uint8_t *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    if (len > (SIZE_MAX - 3) / 2 || !reserve(text, 3 + 2 * len))
        return;
    char *out = text->data + text->len;
    *out++ = '\\';
    *out++ = '\\';
    *out++ = 'x';
    for (size_t i = 0; i < len; i++) {
        *out++ = digits[data[i] >> 4];
        *out++ = digits[data[i] & 15];
    }
    text->len += 3 + 2 * len;
}

/* Decimal digits of value, written backward ending at end; returns the
 * first digit.  Faster than snprintf, which dominates encoding otherwise. */
static char *decimal_backward(uint64_t value, char *end)
{
    do {
        *--end = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    return end;
}

void pg_copy_int(pg_text *text, int64_t value)
{
    char digits[24], *end = digits + sizeof digits;
    uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    char *first = decimal_backward(magnitude, end);
    if (value < 0)
        *--first = '-';
    pg_text_append(text, first, (size_t)(end - first));
}

void pg_copy_uint(pg_text *text, uint64_t value)
{
    char digits[24], *end = digits + sizeof digits;
    char *first = decimal_backward(value, end);
    pg_text_append(text, first, (size_t)(end - first));
}

void pg_copy_bool(pg_text *text, int value)
{
    pg_text_char(text, value ? 't' : 'f');
}

void pg_int128_decimal(sluice_int128 value, char out[41])
{
    int negative = value.hi < 0;
    uint64_t hi = (uint64_t)value.hi, lo = value.lo;
    if (negative) { /* two's complement magnitude */
        hi = ~hi;
        lo = ~lo + 1;
        if (lo == 0)
            hi++;
    }
    /* four 32-bit limbs, most significant first, divided by 10 repeatedly */
    uint32_t limbs[4] = {(uint32_t)(hi >> 32), (uint32_t)hi, (uint32_t)(lo >> 32), (uint32_t)lo};
    char reversed[40];
    size_t n = 0;
    do {
        uint64_t remainder = 0;
        for (int i = 0; i < 4; i++) {
            uint64_t current = remainder << 32 | limbs[i];
            limbs[i] = (uint32_t)(current / 10);
            remainder = current % 10;
        }
        reversed[n++] = (char)('0' + remainder);
    } while (limbs[0] | limbs[1] | limbs[2] | limbs[3]);
    size_t k = 0;
    if (negative)
        out[k++] = '-';
    while (n)
        out[k++] = reversed[--n];
    out[k] = '\0';
}

void pg_copy_int128(pg_text *text, sluice_int128 value)
{
    char decimal[41];
    pg_int128_decimal(value, decimal);
    pg_text_append(text, decimal, strlen(decimal));
}

int pg_close_time_valid(int64_t unix_seconds)
{
    return unix_seconds >= 0 && unix_seconds <= INT64_C(253402300799); /* 9999-12-31 */
}

void pg_copy_timestamp(pg_text *text, int64_t unix_seconds)
{
    time_t seconds = (time_t)unix_seconds;
    struct tm tm;
    char formatted[40];
    if (!gmtime_r(&seconds, &tm) || !strftime(formatted, sizeof formatted, "%Y-%m-%d %H:%M:%S+00", &tm)) {
        text->failed = 1; /* callers validate first: unreachable for valid input */
        return;
    }
    pg_text_append(text, formatted, strlen(formatted));
}

void pg_array_string(pg_text *text, const char *value)
{
    pg_text_char(text, '"');
    for (const char *p = value; *p; p++) {
        if (*p == '"' || *p == '\\')
            pg_text_char(text, '\\');
        pg_text_char(text, *p);
    }
    pg_text_char(text, '"');
}
