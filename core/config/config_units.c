/* config_units.c — sizes and durations in config values (see config_units.h). */
#include "config.h"

#include "config/config_units.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct unit {
    const char *suffix;
    int64_t factor;
} unit;

/* Largest first: formatting takes the first that divides exactly. */
static const unit size_units[] = {
    {"T", INT64_C(1) << 40}, {"G", INT64_C(1) << 30}, {"M", INT64_C(1) << 20},
    {"k", INT64_C(1) << 10}, {NULL, 0},
};
static const unit duration_units[] = {
    {"h", 3600000}, {"m", 60000}, {"s", 1000}, {"ms", 1}, {NULL, 0},
};

/* A run of decimal digits (no sign, no space) at text, within int64;
 * *end is set after it.  -1 when there are no digits or it overflows. */
static int parse_digits(const char *text, int64_t *number, const char **end)
{
    int64_t value = 0;
    const char *p = text;
    for (; *p >= '0' && *p <= '9'; p++) {
        int digit = *p - '0';
        if (value > (INT64_MAX - digit) / 10)
            return -1;
        value = value * 10 + digit;
    }
    if (p == text)
        return -1;
    *number = value;
    *end = p;
    return 0;
}

/* number * the factor of suffix (looked up in units; "" is plain_factor). */
static int scale(int64_t number, const char *suffix, const unit *units, int64_t plain_factor,
                 int ignore_case, int64_t *out)
{
    int64_t factor = 0;
    if (!*suffix)
        factor = plain_factor;
    for (const unit *u = units; !factor && u->suffix; u++)
        if (ignore_case ? strcasecmp(suffix, u->suffix) == 0 : strcmp(suffix, u->suffix) == 0)
            factor = u->factor;
    if (!factor || number > INT64_MAX / factor)
        return -1;
    *out = number * factor;
    return 0;
}

int config_parse_size(const char *text, int64_t *bytes)
{
    int64_t number;
    const char *suffix;
    if (parse_digits(text, &number, &suffix) != 0)
        return -1;
    return scale(number, suffix, size_units, 1, 1, bytes);
}

int config_parse_duration(const char *text, int plain_seconds, int64_t *ms)
{
    int64_t number;
    const char *suffix;
    if (parse_digits(text, &number, &suffix) != 0)
        return -1;
    return scale(number, suffix, duration_units, plain_seconds ? 1000 : 1, 0, ms);
}

static void format_in_units(int64_t value, const unit *units, const char *plain, char *out,
                            size_t size)
{
    for (const unit *u = units; value && u->suffix; u++)
        if (value % u->factor == 0) {
            snprintf(out, size, "%" PRId64 "%s", value / u->factor, u->suffix);
            return;
        }
    snprintf(out, size, "%" PRId64 "%s", value, value ? plain : "");
}

void config_format_size(int64_t bytes, char *out, size_t size)
{
    format_in_units(bytes, size_units, "", out, size);
}

void config_format_duration(int64_t ms, char *out, size_t size)
{
    format_in_units(ms, duration_units, "ms", out, size);
}
