/* json_fields.c — strict reader of flat JSON objects (see json_fields.h).
 * Recursive descent over a bounded buffer; nesting is limited so hostile
 * input cannot exhaust the stack. */
#include "config.h"

#include "json_fields.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 16

typedef struct json_reader {
    const char *text;
    size_t len, at;
    char *why;
    size_t why_size;
} json_reader;

static int fail(json_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(json_reader *r, const char *fmt, ...)
{
    int used = snprintf(r->why, r->why_size, "byte %zu: ", r->at);
    va_list ap;
    va_start(ap, fmt);
    if (used >= 0 && (size_t)used < r->why_size)
        vsnprintf(r->why + used, r->why_size - (size_t)used, fmt, ap);
    va_end(ap);
    return -1;
}

static void skip_space(json_reader *r)
{
    while (r->at < r->len && strchr(" \t\r\n", r->text[r->at]) && r->text[r->at])
        r->at++;
}

static int peek(json_reader *r)
{
    skip_space(r);
    return r->at < r->len ? (unsigned char)r->text[r->at] : -1;
}

static int expect(json_reader *r, char c)
{
    if (peek(r) != c)
        return fail(r, "expected '%c'", c);
    r->at++;
    return 0;
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Append one code point as UTF-8; out may be NULL (value skipped). */
static int put_code_point(json_reader *r, unsigned cp, char *out, size_t size, size_t *used)
{
    char bytes[4];
    size_t n;
    if (cp < 0x80) { bytes[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { bytes[0] = (char)(0xC0 | cp >> 6); bytes[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else { bytes[0] = (char)(0xE0 | cp >> 12); bytes[1] = (char)(0x80 | (cp >> 6 & 0x3F));
           bytes[2] = (char)(0x80 | (cp & 0x3F)); n = 3; }
    if (!out)
        return 0;
    if (*used + n >= size)
        return fail(r, "string longer than %zu bytes", size - 1);
    memcpy(out + *used, bytes, n);
    *used += n;
    out[*used] = '\0';
    return 0;
}

/* A JSON string into out (NUL-terminated), or skipped when out is NULL.
 * \u escapes outside the Basic Multilingual Plane are refused. */
static int read_string(json_reader *r, char *out, size_t size)
{
    size_t used = 0;
    if (out)
        out[0] = '\0';
    if (expect(r, '"') != 0)
        return -1;
    while (r->at < r->len) {
        unsigned char c = (unsigned char)r->text[r->at++];
        if (c == '"')
            return 0;
        if (c < 0x20)
            return fail(r, "control character in a string");
        if (c != '\\') {
            if (out) {
                if (used + 1 >= size)
                    return fail(r, "string longer than %zu bytes", size - 1);
                out[used++] = (char)c;
                out[used] = '\0';
            }
            continue;
        }
        if (r->at >= r->len)
            break;
        char e = r->text[r->at++];
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *hit = e ? strchr(from, e) : NULL;
        unsigned cp;
        if (hit) {
            cp = (unsigned char)to[hit - from];
        } else if (e == 'u') {
            if (r->len - r->at < 4)
                break;
            cp = 0;
            for (int i = 0; i < 4; i++) {
                int h = hex_value(r->text[r->at++]);
                if (h < 0)
                    return fail(r, "bad \\u escape");
                cp = cp << 4 | (unsigned)h;
            }
            if (cp >= 0xD800 && cp <= 0xDFFF)
                return fail(r, "surrogate \\u escapes are not supported");
            if (cp == 0)
                return fail(r, "\\u0000 in a string");
        } else {
            return fail(r, "bad escape '\\%c'", e);
        }
        if (put_code_point(r, cp, out, size, &used) != 0)
            return -1;
    }
    return fail(r, "unterminated string");
}

/* An integer (JSON number without fraction or exponent). */
static int read_integer(json_reader *r, int64_t *value)
{
    skip_space(r);
    size_t start = r->at;
    int negative = r->at < r->len && r->text[r->at] == '-';
    if (negative)
        r->at++;
    int64_t v = 0;
    size_t digits = 0;
    while (r->at < r->len && r->text[r->at] >= '0' && r->text[r->at] <= '9') {
        if (v > (INT64_MAX - 9) / 10)
            return fail(r, "number too large");
        v = v * 10 + (r->text[r->at++] - '0');
        digits++;
    }
    if (!digits || (digits > 1 && r->text[start + (size_t)negative] == '0'))
        return fail(r, "expected an integer");
    if (r->at < r->len && strchr(".eE", r->text[r->at]) && r->text[r->at])
        return fail(r, "expected an integer, not a fraction");
    *value = negative ? -v : v;
    return 0;
}

static int skip_digits(json_reader *r)
{
    size_t start = r->at;
    while (r->at < r->len && r->text[r->at] >= '0' && r->text[r->at] <= '9')
        r->at++;
    return r->at > start ? 0 : fail(r, "expected a digit");
}

/* Any JSON number: -?int(.frac)?([eE][+-]?exp)? */
static int skip_number(json_reader *r)
{
    if (r->text[r->at] == '-')
        r->at++;
    if (skip_digits(r) != 0)
        return -1;
    if (r->at < r->len && r->text[r->at] == '.') {
        r->at++;
        if (skip_digits(r) != 0)
            return -1;
    }
    if (r->at < r->len && (r->text[r->at] == 'e' || r->text[r->at] == 'E')) {
        r->at++;
        if (r->at < r->len && (r->text[r->at] == '+' || r->text[r->at] == '-'))
            r->at++;
        return skip_digits(r);
    }
    return 0;
}

static int skip_value(json_reader *r, int depth);

/* The members of an object or the items of an array, after its opening. */
static int skip_container(json_reader *r, char close, int depth)
{
    if (peek(r) == close) {
        r->at++;
        return 0;
    }
    for (;;) {
        if (close == '}' && (read_string(r, NULL, 0) != 0 || expect(r, ':') != 0))
            return -1;
        if (skip_value(r, depth + 1) != 0)
            return -1;
        int c = peek(r);
        r->at++;
        if (c == close)
            return 0;
        if (c != ',') {
            r->at--;
            return fail(r, "expected ',' or '%c'", close);
        }
    }
}

static int skip_literal(json_reader *r, const char *word)
{
    size_t n = strlen(word);
    if (r->len - r->at < n || memcmp(r->text + r->at, word, n) != 0)
        return fail(r, "expected a JSON value");
    r->at += n;
    return 0;
}

static int skip_value(json_reader *r, int depth)
{
    if (depth > MAX_DEPTH)
        return fail(r, "nested deeper than %d levels", MAX_DEPTH);
    int c = peek(r);
    switch (c) {
    case '"': return read_string(r, NULL, 0);
    case '{': r->at++; return skip_container(r, '}', depth);
    case '[': r->at++; return skip_container(r, ']', depth);
    case 't': return skip_literal(r, "true");
    case 'f': return skip_literal(r, "false");
    case 'n': return skip_literal(r, "null");
    default:
        if (c == '-' || (c >= '0' && c <= '9'))
            return skip_number(r);
        return fail(r, "expected a JSON value");
    }
}

/* One member of the object: listed ones are read, others skipped. */
static int read_member(json_reader *r, const json_field *fields, size_t count)
{
    char key[64];
    if (read_string(r, key, sizeof key) != 0 || expect(r, ':') != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        const json_field *field = &fields[i];
        if (strcmp(key, field->name) != 0)
            continue;
        if (field->text) {
            if (peek(r) != '"')
                return fail(r, "\"%s\" must be a string", key);
            return read_string(r, field->text, field->text_size);
        }
        if (read_integer(r, field->number) != 0 || *field->number < field->min)
            return fail(r, "\"%s\" must be an integer of at least %lld", key,
                        (long long)field->min);
        return 0;
    }
    return skip_value(r, 1);
}

int json_read_fields(const char *text, size_t len, const json_field *fields, size_t count,
                     char *why, size_t why_size)
{
    json_reader r = {text, len, 0, why, why_size};
    if (expect(&r, '{') != 0)
        return -1;
    if (peek(&r) == '}') {
        r.at++;
    } else {
        for (;;) {
            if (read_member(&r, fields, count) != 0)
                return -1;
            int c = peek(&r);
            if (c == '}') {
                r.at++;
                break;
            }
            if (c != ',')
                return fail(&r, "expected ',' or '}'");
            r.at++;
        }
    }
    if (peek(&r) != -1)
        return fail(&r, "trailing text after the object");
    return 0;
}
