/* secret.c — mask passwords in messages (see secret.h). */
#include "config.h"

#include "base/secret.h"
#include "base/xalloc.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SECRET_MIN_KNOWN 3 /* shorter known values are masked by pattern only */

static pthread_mutex_t secret_mutex = PTHREAD_MUTEX_INITIALIZER;
static char **known;
static size_t known_count, known_capacity;

/* A span [from, to) of the text to mask. */
typedef struct mask_span {
    size_t from, to;
} mask_span;

typedef struct span_list {
    mask_span *spans;
    size_t count, capacity;
} span_list;

static void span_add(span_list *list, size_t from, size_t to)
{
    if (to <= from)
        return;
    xgrow((void **)&list->spans, &list->capacity, list->count + 1, sizeof *list->spans);
    list->spans[list->count++] = (mask_span){from, to};
}

/* Characters that end a connection string quoted inside a message. */
static int ends_token(char c)
{
    return c == '\0' || isspace((unsigned char)c) || c == '"' || c == '\'' || c == '>' ||
           c == '`';
}

/* scheme://user:PASSWORD@host...: the password spans from the first ':'
 * after "://" to the last '@' of the token (a malformed host part, such
 * as "[::1/db", cannot hide it). */
static void find_uri_passwords(const char *text, span_list *out)
{
    for (const char *p = strstr(text, "://"); p; p = strstr(p + 3, "://")) {
        const char *start = p + 3, *end = start;
        while (!ends_token(*end))
            end++;
        const char *at = NULL;
        for (const char *q = start; q < end; q++)
            if (*q == '@')
                at = q;
        if (!at)
            continue;
        const char *colon = memchr(start, ':', (size_t)(at - start));
        if (colon)
            span_add(out, (size_t)(colon + 1 - text), (size_t)(at - text));
    }
}

/* The value after a password keyword: password = 'quoted \' value' or
 * password=bare (to whitespace, '&' or a quote).  Sets *value_from/_to. */
static int password_value(const char *text, const char *keyword_end, size_t *value_from,
                          size_t *value_to)
{
    const char *p = keyword_end;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '=')
        return 0;
    p++;
    while (*p == ' ' || *p == '\t')
        p++;
    const char *start = p;
    if (*p == '\'') {
        for (p++; *p && *p != '\''; p++)
            if (*p == '\\' && p[1])
                p++;
        if (*p == '\'')
            p++;
    } else {
        while (!ends_token(*p) && *p != '&')
            p++;
    }
    *value_from = (size_t)(start - text);
    *value_to = (size_t)(p - text);
    return 1;
}

/* password=..., in key=value strings and URI query strings alike. */
static void find_keyword_passwords(const char *text, span_list *out)
{
    static const char keyword[] = "password";
    for (const char *p = text; (p = strcasestr(p, keyword)) != NULL; p++) {
        size_t from, to;
        if (password_value(text, p + sizeof keyword - 1, &from, &to))
            span_add(out, from, to);
    }
}

static void find_known(const char *text, span_list *out)
{
    for (size_t i = 0; i < known_count; i++) {
        size_t len = strlen(known[i]);
        for (const char *p = strstr(text, known[i]); p; p = strstr(p + 1, known[i]))
            span_add(out, (size_t)(p - text), (size_t)(p - text) + len);
    }
}

static int span_compare(const void *a, const void *b)
{
    const mask_span *x = a, *y = b;
    return x->from < y->from ? -1 : x->from > y->from;
}

void secret_scrub(char *text, size_t size)
{
    if (!text || size == 0)
        return;
    span_list spans = {0};
    find_uri_passwords(text, &spans);
    find_keyword_passwords(text, &spans);
    pthread_mutex_lock(&secret_mutex);
    find_known(text, &spans);
    pthread_mutex_unlock(&secret_mutex);
    if (spans.count == 0)
        return;
    qsort(spans.spans, spans.count, sizeof *spans.spans, span_compare);
    size_t len = strlen(text);
    char *out = xmalloc(len + spans.count * sizeof SECRET_MASK + 1);
    size_t written = 0, at = 0;
    for (size_t i = 0; i < spans.count; i++) {
        mask_span s = spans.spans[i];
        if (s.to <= at)
            continue; /* inside a span already masked */
        if (s.from >= at) {
            memcpy(out + written, text + at, s.from - at);
            written += s.from - at;
            memcpy(out + written, SECRET_MASK, sizeof SECRET_MASK - 1);
            written += sizeof SECRET_MASK - 1;
        } /* else it overlaps the span just masked, which it extends */
        at = s.to;
    }
    memcpy(out + written, text + at, len - at);
    written += len - at;
    if (written > size - 1)
        written = size - 1;
    memcpy(text, out, written);
    text[written] = '\0';
    free(out);
    free(spans.spans);
}

static void remember(const char *value, size_t len)
{
    if (len < SECRET_MIN_KNOWN)
        return;
    for (size_t i = 0; i < known_count; i++)
        if (strlen(known[i]) == len && memcmp(known[i], value, len) == 0)
            return;
    xgrow((void **)&known, &known_capacity, known_count + 1, sizeof *known);
    char *copy = xmalloc(len + 1);
    memcpy(copy, value, len);
    copy[len] = '\0';
    known[known_count++] = copy;
}

static int hex_digit(char c)
{
    return isdigit((unsigned char)c) ? c - '0'
           : isxdigit((unsigned char)c) ? tolower((unsigned char)c) - 'a' + 10 : -1;
}

/* Remember text[from, to) and, when it holds %XX escapes, its decoded form
 * (libpq decodes URI parts before quoting some of them). */
static void remember_with_decoded(const char *text, size_t from, size_t to)
{
    remember(text + from, to - from);
    char *decoded = xmalloc(to - from + 1);
    size_t n = 0;
    for (size_t i = from; i < to; i++) {
        int hi, lo;
        if (text[i] == '%' && i + 2 < to && (hi = hex_digit(text[i + 1])) >= 0 &&
            (lo = hex_digit(text[i + 2])) >= 0) {
            decoded[n++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            decoded[n++] = text[i];
        }
    }
    remember(decoded, n);
    free(decoded);
}

void secret_register(const char *value)
{
    if (!value)
        return;
    span_list spans = {0};
    find_uri_passwords(value, &spans);
    find_keyword_passwords(value, &spans);
    pthread_mutex_lock(&secret_mutex);
    remember(value, strlen(value));
    for (size_t i = 0; i < spans.count; i++) {
        size_t from = spans.spans[i].from, to = spans.spans[i].to;
        if (to - from >= 2 && value[from] == '\'' && value[to - 1] == '\'')
            remember(value + from + 1, to - from - 2); /* the quoted text alone */
        remember_with_decoded(value, from, to);
    }
    pthread_mutex_unlock(&secret_mutex);
    free(spans.spans);
}

void secret_forget_all(void)
{
    pthread_mutex_lock(&secret_mutex);
    for (size_t i = 0; i < known_count; i++)
        free(known[i]);
    free(known);
    known = NULL;
    known_count = known_capacity = 0;
    pthread_mutex_unlock(&secret_mutex);
}
