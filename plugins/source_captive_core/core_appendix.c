/* core_appendix.c — a statement-level TOML scanner for the user's appendix
 * (see core_appendix.h).  It does not interpret values; it only finds where
 * statements and tables begin and end, honouring strings (basic, literal,
 * multi-line), comments, arrays and inline tables. */
#include "config.h"

#include "core_appendix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct scanner {
    const char *text;
    size_t pos, len;
    int line;
    char *why;
    size_t why_size;
} scanner;

static int fail_at(scanner *s, int line, const char *what)
{
    snprintf(s->why, s->why_size, "line %d: %s", line, what);
    return -1;
}

static char peek(const scanner *s, size_t ahead)
{
    return s->pos + ahead < s->len ? s->text[s->pos + ahead] : '\0';
}

static void skip_comment(scanner *s)
{
    while (s->pos < s->len && s->text[s->pos] != '\n')
        s->pos++;
}

/* Blank lines, indentation and comments between statements. */
static void skip_gaps(scanner *s)
{
    while (s->pos < s->len) {
        char c = s->text[s->pos];
        if (c == '#')
            skip_comment(s);
        else if (c == ' ' || c == '\t' || c == '\r')
            s->pos++;
        else if (c == '\n')
            s->pos++, s->line++;
        else
            break;
    }
}

/* The string opening at pos: "...", '...', """...""" or '''...'''. */
static int skip_string(scanner *s)
{
    char quote = peek(s, 0);
    int multi = peek(s, 1) == quote && peek(s, 2) == quote;
    int opened = s->line;
    s->pos += multi ? 3 : 1;
    while (s->pos < s->len) {
        char c = s->text[s->pos];
        if (c == '\\' && quote == '"') {
            if (peek(s, 1) == '\n')
                s->line++;
            s->pos += 2;
            continue;
        }
        if (c == '\n') {
            if (!multi)
                return fail_at(s, s->line, "newline inside a one-line string");
            s->line++;
        }
        if (c == quote && (!multi || (peek(s, 1) == quote && peek(s, 2) == quote))) {
            s->pos += multi ? 3 : 1;
            while (multi && peek(s, 0) == quote)   /* """a"""" ends in a quote */
                s->pos++;
            return 0;
        }
        s->pos++;
    }
    return fail_at(s, opened, "string not closed before the end of the file");
}

/* A value, to the end of its (last) line: arrays and inline tables may
 * span lines. */
static int skip_value(scanner *s)
{
    int depth = 0, opened = s->line;
    while (s->pos < s->len && (s->text[s->pos] == ' ' || s->text[s->pos] == '\t'))
        s->pos++;
    if (s->pos == s->len || s->text[s->pos] == '\n' || s->text[s->pos] == '#')
        return fail_at(s, s->line, "a key without a value");
    while (s->pos < s->len) {
        char c = s->text[s->pos];
        if (c == '"' || c == '\'') {
            if (skip_string(s) != 0)
                return -1;
            continue;
        }
        if (c == '#') {
            skip_comment(s);
            continue;
        }
        if (c == '\n' && depth == 0)
            return 0;
        if (c == '\n')
            s->line++;
        else if (c == '[' || c == '{')
            depth++;
        else if ((c == ']' || c == '}') && depth-- == 0)
            return fail_at(s, s->line, "']' or '}' without its opening bracket");
        s->pos++;
    }
    return depth ? fail_at(s, opened, "array or inline table not closed before the end of "
                           "the file") : 0;
}

/* A table header at pos: [NAME] or [[NAME]], alone on its line. */
static int read_header(scanner *s, core_appendix *out)
{
    int array = peek(s, 1) == '[';
    size_t name = s->pos + (array ? 2 : 1), end = name;
    while (end < s->len && s->text[end] != ']' && s->text[end] != '\n')
        end++;
    if (end == s->len || s->text[end] != ']' || (array && (end + 1 >= s->len ||
                                                           s->text[end + 1] != ']')))
        return fail_at(s, s->line, "table header without its closing bracket");
    while (name < end && (s->text[name] == ' ' || s->text[name] == '\t'))
        name++;
    size_t name_end = end;
    while (name_end > name && (s->text[name_end - 1] == ' ' || s->text[name_end - 1] == '\t'))
        name_end--;
    size_t n = name_end - name;
    const char *p = s->text + name;
    if (n == 0)
        return fail_at(s, s->line, "table header without a name");
    if ((!array && n >= 10 && strncmp(p, "QUORUM_SET", 10) == 0 && (n == 10 || p[10] == '.')) ||
        (array && n == 10 && strncmp(p, "VALIDATORS", 10) == 0))
        out->has_quorum_set = 1;
    s->pos = end + (array ? 2 : 1);
    while (s->pos < s->len && (s->text[s->pos] == ' ' || s->text[s->pos] == '\t' ||
                               s->text[s->pos] == '\r'))
        s->pos++;
    if (s->pos < s->len && s->text[s->pos] == '#')
        skip_comment(s);
    if (s->pos < s->len && s->text[s->pos] != '\n')
        return fail_at(s, s->line, "text after a table header");
    return 0;
}

static int is_key_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.';
}

/* KEY = value; recorded when at the top level. */
static int read_statement(scanner *s, core_appendix *out, int top_level)
{
    size_t start = s->pos;
    while (s->pos < s->len && is_key_char(s->text[s->pos]))
        s->pos++;
    size_t key_len = s->pos - start;
    if (key_len == 0)
        return fail_at(s, s->line, "expected a bare key (letters, digits, '_', '-', '.'), a "
                       "table header or a comment");
    if (key_len >= APPENDIX_KEY_MAX)
        return fail_at(s, s->line, "key longer than 63 characters");
    while (s->pos < s->len && (s->text[s->pos] == ' ' || s->text[s->pos] == '\t'))
        s->pos++;
    if (peek(s, 0) != '=')
        return fail_at(s, s->line, "expected '=' after the key");
    s->pos++;
    size_t value = s->pos;
    if (skip_value(s) != 0)
        return -1;
    if (!top_level)
        return 0;
    appendix_statement *grown = realloc(out->top, (out->top_count + 1) * sizeof *grown);
    if (!grown)
        return fail_at(s, s->line, "out of memory");
    out->top = grown;
    appendix_statement *statement = &out->top[out->top_count++];
    memcpy(statement->key, s->text + start, key_len);
    statement->key[key_len] = '\0';
    statement->start = start;
    statement->end = s->pos;
    statement->value = value;
    return 0;
}

int core_appendix_parse(const char *text, core_appendix *out, char *why, size_t why_size)
{
    memset(out, 0, sizeof *out);
    out->text = text;
    scanner s = {text, 0, strlen(text), 1, why, why_size};
    out->tables = s.len;
    for (;;) {
        skip_gaps(&s);
        if (s.pos == s.len)
            return 0;
        int failed;
        if (s.text[s.pos] == '[') {
            if (out->tables == s.len)
                out->tables = s.pos;
            failed = read_header(&s, out);
        } else {
            failed = read_statement(&s, out, out->tables == s.len);
        }
        if (failed) {
            core_appendix_free(out);
            return -1;
        }
    }
}

void core_appendix_free(core_appendix *appendix)
{
    free(appendix->top);
    appendix->top = NULL;
    appendix->top_count = 0;
}

const appendix_statement *core_appendix_find(const core_appendix *appendix, const char *key)
{
    for (size_t i = 0; appendix && i < appendix->top_count; i++)
        if (strcmp(appendix->top[i].key, key) == 0)
            return &appendix->top[i];
    return NULL;
}
