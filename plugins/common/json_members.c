/* json_members.c — typed members of a JSON object, with jansson (see
 * json_members.h). */
#include "config.h"

#include "json_members.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The text the caller reads is bounded by its fetch limit; nesting is
 * bounded by jansson (JSON_PARSER_MAX_DEPTH). */
json_t *json_object_parse(const char *text, size_t len, char *why, size_t why_size)
{
    json_error_t error;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &error);
    if (!root) {
        snprintf(why, why_size, "line %d, column %d: %s", error.line, error.column, error.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        snprintf(why, why_size, "not a JSON object");
        json_decref(root);
        return NULL;
    }
    return root;
}

static const char *type_name(const json_t *value)
{
    switch (json_typeof(value)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number with a fraction";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "?";
}

int json_member_text(const json_t *object, const char *key, char *out, size_t out_size,
                     char *why, size_t why_size)
{
    out[0] = '\0';
    const json_t *value = json_object_get(object, key);
    if (!value)
        return 0;
    if (!json_is_string(value)) {
        snprintf(why, why_size, "\"%s\" must be a string, not %s", key, type_name(value));
        return -1;
    }
    size_t len = json_string_length(value);
    if (len >= out_size || memchr(json_string_value(value), '\0', len)) {
        snprintf(why, why_size, "\"%s\" is longer than %zu bytes or holds a NUL", key,
                 out_size - 1);
        return -1;
    }
    memcpy(out, json_string_value(value), len + 1);
    return 1;
}

int json_member_int(const json_t *object, const char *key, int64_t min, int64_t max,
                    int64_t *out, char *why, size_t why_size)
{
    const json_t *value = json_object_get(object, key);
    if (!value)
        return 0;
    char range[64];
    if (max == INT64_MAX)
        snprintf(range, sizeof range, "of at least %" PRId64, min);
    else
        snprintf(range, sizeof range, "from %" PRId64 " to %" PRId64, min, max);
    if (!json_is_integer(value)) {
        snprintf(why, why_size, "\"%s\" must be an integer %s, not %s", key, range,
                 type_name(value));
        return -1;
    }
    json_int_t n = json_integer_value(value);
    if (n < min || n > max) {
        snprintf(why, why_size, "\"%s\" must be an integer %s, not %" PRId64, key, range,
                 (int64_t)n);
        return -1;
    }
    *out = (int64_t)n;
    return 1;
}
