/* pg_text.h — decimal writers and PostgreSQL array literals, appended to
 * the plugins' text_buffer (plugins/common: allocation failure is sticky,
 * the caller checks text_buffer_ok() before sending). */
#ifndef SLUICE_PG_TEXT_H
#define SLUICE_PG_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include <sluice/rows.h>

#include "text_buffer.h"

/* Decimal text. */
void pg_text_int(text_buffer *text, int64_t value);
void pg_text_uint(text_buffer *text, uint64_t value);
void pg_text_int128(text_buffer *text, sluice_int128 value);

/* |value| as four 32-bit limbs, most significant first; returns 1 when
 * value is negative. */
int pg_int128_limbs(sluice_int128 value, uint32_t limbs[4]);
/* Divide the limbs in place by divisor (2..65536); returns the remainder. */
uint32_t pg_limbs_divide(uint32_t limbs[4], uint32_t divisor);
int pg_limbs_zero(const uint32_t limbs[4]);
/* The limbs (consumed) in decimal, with '-' when negative. */
void pg_text_limbs(text_buffer *text, uint32_t limbs[4], int negative);

/* Array literal element: "value" with " and \ escaped. */
void pg_array_string(text_buffer *text, const char *value);

#endif
