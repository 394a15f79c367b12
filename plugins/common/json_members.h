/* json_members.h — reading the JSON documents the sources fetch (a lake's
 * ".config.json", a history archive's state files) with jansson: the text
 * must be one JSON object (duplicate keys refused); its members are read
 * with their JSON type and range checked, unknown ones ignored.  Errors say
 * which key and why; the caller adds the file. */
#ifndef PLUGINS_JSON_MEMBERS_H
#define PLUGINS_JSON_MEMBERS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* The object text[0..len) holds (the caller json_decref()s it), or NULL
 * with why ("line 3, column 7: ..."). */
json_t *json_object_parse(const char *text, size_t len, char *why, size_t why_size);

/* A string member copied into out[0..out_size) (NUL-terminated): 1, 0 when
 * absent (out set to ""), -1 with why (not a string, longer than
 * out_size - 1 bytes, or holding a NUL). */
int json_member_text(const json_t *object, const char *key, char *out, size_t out_size,
                     char *why, size_t why_size);

/* An integer member within [min, max]: 1, 0 when absent (*out untouched),
 * -1 with why (not an integer, or out of range). */
int json_member_int(const json_t *object, const char *key, int64_t min, int64_t max,
                    int64_t *out, char *why, size_t why_size);

#endif
