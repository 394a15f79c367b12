/* pg_text.c — growable buffer, decimal writers, array literals (see
 * pg_text.h). */
#include "config.h"

#include "pg_text.h"

#include <stdlib.h>
#include <string.h>

static int reserve(pg_text *text, size_t extra)
{
    if (text->failed)
        return 0;
    if (extra > SIZE_MAX / 4 - text->len) { /* keeps the doubling below from overflowing */
        text->failed = 1;
        return 0;
    }
    size_t needed = text->len + extra + 1;
    if (needed <= text->capacity)
        return 1;
    size_t capacity = text->capacity ? text->capacity : 4096;
    while (capacity < needed)
        capacity *= 2;
    char *data = realloc(text->data, capacity);
    if (!data) {
        text->failed = 1;
        return 0;
    }
    text->data = data;
    text->capacity = capacity;
    return 1;
}

char *pg_text_extend(pg_text *text, size_t n)
{
    if (!reserve(text, n))
        return NULL;
    char *at = text->data + text->len;
    text->len += n;
    return at;
}

void pg_text_append(pg_text *text, const void *bytes, size_t len)
{
    char *at = pg_text_extend(text, len);
    if (at)
        memcpy(at, bytes, len);
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

void pg_text_int(pg_text *text, int64_t value)
{
    char digits[24], *end = digits + sizeof digits;
    uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    char *first = decimal_backward(magnitude, end);
    if (value < 0)
        *--first = '-';
    pg_text_append(text, first, (size_t)(end - first));
}

void pg_text_uint(pg_text *text, uint64_t value)
{
    char digits[24], *end = digits + sizeof digits;
    char *first = decimal_backward(value, end);
    pg_text_append(text, first, (size_t)(end - first));
}

int pg_int128_limbs(sluice_int128 value, uint32_t limbs[4])
{
    int negative = value.hi < 0;
    uint64_t hi = (uint64_t)value.hi, lo = value.lo;
    if (negative) { /* two's complement magnitude */
        hi = ~hi;
        lo = ~lo + 1;
        if (lo == 0)
            hi++;
    }
    limbs[0] = (uint32_t)(hi >> 32);
    limbs[1] = (uint32_t)hi;
    limbs[2] = (uint32_t)(lo >> 32);
    limbs[3] = (uint32_t)lo;
    return negative;
}

uint32_t pg_limbs_divide(uint32_t limbs[4], uint32_t divisor)
{
    uint64_t remainder = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t current = remainder << 32 | limbs[i];
        limbs[i] = (uint32_t)(current / divisor);
        remainder = current % divisor;
    }
    return (uint32_t)remainder;
}

int pg_limbs_zero(const uint32_t limbs[4])
{
    return !(limbs[0] | limbs[1] | limbs[2] | limbs[3]);
}

void pg_text_int128(pg_text *text, sluice_int128 value)
{
    uint32_t limbs[4];
    int negative = pg_int128_limbs(value, limbs);
    pg_text_limbs(text, limbs, negative);
}

void pg_text_limbs(pg_text *text, uint32_t limbs[4], int negative)
{
    char digits[41], *p = digits + sizeof digits;
    do
        *--p = (char)('0' + pg_limbs_divide(limbs, 10));
    while (!pg_limbs_zero(limbs));
    if (negative)
        *--p = '-';
    pg_text_append(text, p, (size_t)(digits + sizeof digits - p));
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
