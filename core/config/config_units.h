/* config_units.h — the value syntax of SIZE and DURATION config keys:
 * parsing "256M" / "30s" (and plain numbers) into bytes / milliseconds,
 * and writing a number of bytes or milliseconds back in the shortest
 * exact form, for "allowed: 1k..64G" messages and the man page.
 * See <sluice/config.h> for the syntax. */
#ifndef SLUICE_CONFIG_UNITS_H
#define SLUICE_CONFIG_UNITS_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of "512k", "256M", "1G", "2T" (either case; binary multiples) or a
 * plain number.  0, or -1 when text is not such a size or overflows. */
int config_parse_size(const char *text, int64_t *bytes);

/* Milliseconds of "250ms", "30s", "5m", "2h", or of a plain number, which
 * is seconds when plain_seconds is set and milliseconds otherwise.  0, or
 * -1 when text is not such a duration or overflows. */
int config_parse_duration(const char *text, int plain_seconds, int64_t *ms);

/* bytes as "1G", "1536k" or "1000" (the largest exact unit). */
void config_format_size(int64_t bytes, char *out, size_t size);
/* ms as "2h", "90s", "250ms" or "0" (the largest exact unit). */
void config_format_duration(int64_t ms, char *out, size_t size);

#endif
