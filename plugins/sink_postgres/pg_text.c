/* pg_text.c — decimal writers and array literals (see pg_text.h). */
#include "config.h"

#include "pg_text.h"

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

void pg_text_int(text_buffer *text, int64_t value)
{
    char digits[24], *end = digits + sizeof digits;
    uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    char *first = decimal_backward(magnitude, end);
    if (value < 0)
        *--first = '-';
    text_buffer_append(text, first, (size_t)(end - first));
}

void pg_text_uint(text_buffer *text, uint64_t value)
{
    char digits[24], *end = digits + sizeof digits;
    char *first = decimal_backward(value, end);
    text_buffer_append(text, first, (size_t)(end - first));
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

void pg_text_int128(text_buffer *text, sluice_int128 value)
{
    uint32_t limbs[4];
    int negative = pg_int128_limbs(value, limbs);
    pg_text_limbs(text, limbs, negative);
}

void pg_text_limbs(text_buffer *text, uint32_t limbs[4], int negative)
{
    char digits[41], *p = digits + sizeof digits;
    do
        *--p = (char)('0' + pg_limbs_divide(limbs, 10));
    while (!pg_limbs_zero(limbs));
    if (negative)
        *--p = '-';
    text_buffer_append(text, p, (size_t)(digits + sizeof digits - p));
}

void pg_array_string(text_buffer *text, const char *value)
{
    text_buffer_char(text, '"');
    for (const char *p = value; *p; p++) {
        if (*p == '"' || *p == '\\')
            text_buffer_char(text, '\\');
        text_buffer_char(text, *p);
    }
    text_buffer_char(text, '"');
}
