/* json_fields.h — a small strict JSON reader for the flat objects the
 * sources read (a lake's ".config.json", a history archive's
 * ".well-known/stellar-history.json"): the text must be one JSON object;
 * the listed members are read with their JSON type checked, the others
 * skipped (their values still validated); nesting is bounded.  Shared by
 * the archive and captive-core plugins. */
#ifndef PLUGINS_JSON_FIELDS_H
#define PLUGINS_JSON_FIELDS_H

#include <stddef.h>
#include <stdint.h>

typedef struct json_field {
    const char *name;
    char *text;               /* a string member: its value, NUL-terminated */
    size_t text_size;
    int64_t *number;          /* else an integer member (no fraction) */
    int64_t min;              /* ... of at least min */
} json_field;

/* Parse text[0..len), storing the listed members found (the others keep
 * what the caller put there).  0, or -1 with why ("byte 17: expected ':'"). */
int json_read_fields(const char *text, size_t len, const json_field *fields, size_t count,
                     char *why, size_t why_size);

#endif
