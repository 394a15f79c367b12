/* pg_text.h — a growable byte buffer, decimal writers and PostgreSQL
 * array literals.
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

void pg_text_append(pg_text *text, const void *bytes, size_t len);
void pg_text_char(pg_text *text, char c);
void pg_text_clear(pg_text *text);   /* keeps the allocation */
void pg_text_free(pg_text *text);
/* NUL-terminate (without counting it in len); 0 after an allocation failure. */
int pg_text_ok(pg_text *text);
/* Reserve n bytes at the end and return them (NULL after a failure). */
char *pg_text_extend(pg_text *text, size_t n);

/* Decimal text. */
void pg_text_int(pg_text *text, int64_t value);
void pg_text_uint(pg_text *text, uint64_t value);
void pg_text_int128(pg_text *text, sluice_int128 value);

/* |value| as four 32-bit limbs, most significant first; returns 1 when
 * value is negative. */
int pg_int128_limbs(sluice_int128 value, uint32_t limbs[4]);
/* Divide the limbs in place by divisor (2..65536); returns the remainder. */
uint32_t pg_limbs_divide(uint32_t limbs[4], uint32_t divisor);
int pg_limbs_zero(const uint32_t limbs[4]);
/* The limbs (consumed) in decimal, with '-' when negative. */
void pg_text_limbs(pg_text *text, uint32_t limbs[4], int negative);

/* Array literal element: "value" with " and \ escaped. */
void pg_array_string(pg_text *text, const char *value);

#endif
