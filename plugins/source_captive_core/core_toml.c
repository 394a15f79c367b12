/* core_toml.c — render and write the stellar-core config (see core_toml.h). */
#include "config.h"

#include "core_toml.h"
#include "base/safe_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A NUL-terminated growing text; on allocation failure `failed` is set
 * and later appends do nothing. */
typedef struct text_buffer {
    char *data;
    size_t len, cap;
    int failed;
} text_buffer;

static void append_bytes(text_buffer *t, const char *bytes, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 1024;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *grown = realloc(t->data, cap);
        if (!grown) {
            t->failed = 1;
            return;
        }
        t->data = grown;
        t->cap = cap;
    }
    memcpy(t->data + t->len, bytes, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void vappendf(text_buffer *t, const char *fmt, va_list ap)
{
    char *line = NULL;
    int n = vasprintf(&line, fmt, ap);
    if (n < 0)
        t->failed = 1;
    else
        append_bytes(t, line, (size_t)n);
    free(line);
}

static void appendf(text_buffer *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void appendf(text_buffer *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vappendf(t, fmt, ap);
    va_end(ap);
}

/* value as a TOML basic string, quotes included. */
static void append_toml_string(text_buffer *t, const char *value)
{
    append_bytes(t, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        char escaped[8];
        switch (*p) {
        case '"': append_bytes(t, "\\\"", 2); break;
        case '\\': append_bytes(t, "\\\\", 2); break;
        case '\n': append_bytes(t, "\\n", 2); break;
        case '\r': append_bytes(t, "\\r", 2); break;
        case '\t': append_bytes(t, "\\t", 2); break;
        default:
            if (*p < 0x20 || *p == 0x7F) {
                snprintf(escaped, sizeof escaped, "\\u%04X", *p);
                append_bytes(t, escaped, strlen(escaped));
            } else {
                append_bytes(t, (const char *)p, 1);
            }
        }
    }
    append_bytes(t, "\"", 1);
}

static void append_key_string(text_buffer *t, const char *key, const char *value)
{
    appendf(t, "%s=", key);
    append_toml_string(t, value);
    append_bytes(t, "\n", 1);
}

int core_toml_check_url(const char *url, char *why, size_t why_size)
{
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
        snprintf(why, why_size, "history archive URL \"%s\" must start with http:// or https://",
                 url);
        return -1;
    }
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7F || *p == '\'' || *p == '"' || *p == '\\' || *p == '`') {
            snprintf(why, why_size, "history archive URL \"%s\" contains a character that is "
                     "not allowed (byte 0x%02X at %zu): no spaces, quotes, backslashes or "
                     "control characters", url, *p, (size_t)(p - (const unsigned char *)url));
            return -1;
        }
    }
    return 0;
}

/* The shell command stellar-core runs to fetch a file of the archive. */
static void append_history_get(text_buffer *t, const char *url)
{
    size_t n = strlen(url);
    while (n > 0 && url[n - 1] == '/')
        n--;
    static const char format[] = "curl -sf '%.*s/{0}' -o {1}";
    char *command = malloc(n + sizeof format);
    if (!command) {
        t->failed = 1;
        return;
    }
    snprintf(command, n + sizeof format, format, (int)n, url);
    append_key_string(t, "get", command);
    free(command);
}

/* Keys the generated config always sets itself (offline: also the
 * replay settings); the appendix's statements of them are left out. */
static int forced(const char *key, int offline)
{
    static const char *const replay[] = {"RUN_STANDALONE", "UNSAFE_QUORUM", "FAILURE_SAFETY",
                                         "HTTP_PORT"};
    if (strcmp(key, "NETWORK_PASSPHRASE") == 0)
        return 1;
    for (size_t i = 0; offline && i < sizeof replay / sizeof *replay; i++)
        if (strcmp(key, replay[i]) == 0)
            return 1;
    return 0;
}

/* KEY=value (printf-style), unless the appendix sets KEY and may. */
static void append_default(text_buffer *t, const core_toml_settings *s, const char *key,
                           const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void append_default(text_buffer *t, const core_toml_settings *s, const char *key,
                           const char *fmt, ...)
{
    if (!forced(key, s->offline) && core_appendix_find(s->appendix, key))
        return;
    appendf(t, "%s=", key);
    va_list ap;
    va_start(ap, fmt);
    vappendf(t, fmt, ap);
    va_end(ap);
    append_bytes(t, "\n", 1);
}

static const char *boolean(int value)
{
    return value ? "true" : "false";
}

int core_toml_check_appendix(const core_appendix *appendix, const char *passphrase, char *why,
                             size_t why_size)
{
    const appendix_statement *set = core_appendix_find(appendix, "NETWORK_PASSPHRASE");
    if (!set)
        return 0;
    text_buffer expected = {0};
    append_toml_string(&expected, passphrase);
    const char *value = appendix->text + set->value;
    while (*value == ' ' || *value == '\t')
        value++;
    size_t n = expected.failed ? 0 : expected.len;
    int same = n && (size_t)(appendix->text + set->end - value) >= n &&
               strncmp(value, expected.data, n) == 0;
    for (const char *rest = value + n; same && rest < appendix->text + set->end; rest++)
        if (*rest == '#')
            break;
        else if (*rest != ' ' && *rest != '\t' && *rest != '\r')
            same = 0;
    if (!same)
        snprintf(why, why_size, "NETWORK_PASSPHRASE=%.*s differs from the configured network "
                 "passphrase %s", (int)(set->end - set->value), appendix->text + set->value,
                 expected.failed ? "(out of memory)" : expected.data);
    free(expected.data);
    return same ? 0 : -1;
}

char *core_toml_render(const core_toml_settings *s, char *why, size_t why_size)
{
    text_buffer t = {0};
    for (size_t i = 0; i < s->history_count; i++)
        if (core_toml_check_url(s->history_urls[i], why, why_size) != 0)
            return NULL;
    appendf(&t, "# generated by sluice (source captive_core), do not edit: it is rewritten "
            "at every start\n");
    append_key_string(&t, "NETWORK_PASSPHRASE", s->network_passphrase);
    append_default(&t, s, "DATABASE", "\"sqlite3://stellar.db\"");
    append_default(&t, s, "LOG_FILE_PATH", "\"\"");
    append_default(&t, s, "HTTP_PORT", "%d", s->offline ? 0 : s->http_port);
    if (!s->offline)
        append_default(&t, s, "PEER_PORT", "%d", s->peer_port);
    append_default(&t, s, "FAILURE_SAFETY", "%d", s->offline ? 0 : -1);
    if (s->offline) {
        append_default(&t, s, "RUN_STANDALONE", "true");
        append_default(&t, s, "UNSAFE_QUORUM", "true");
    }
    append_default(&t, s, "EMIT_LEDGER_CLOSE_META_EXT_V1", "%s", boolean(s->emit_meta_ext_v1));
    append_default(&t, s, "EMIT_SOROBAN_TRANSACTION_META_EXT_V1", "%s",
                   boolean(s->emit_soroban_meta_ext_v1));
    append_default(&t, s, "ENABLE_SOROBAN_DIAGNOSTIC_EVENTS", "%s",
                   boolean(s->soroban_diagnostic_events));
    append_default(&t, s, "EMIT_CLASSIC_EVENTS", "%s", boolean(s->classic_events));
    append_default(&t, s, "BACKFILL_STELLAR_ASSET_EVENTS", "%s",
                   boolean(s->backfill_asset_events));
    const core_appendix *appendix = s->appendix;
    if (appendix && appendix->top_count) {
        appendf(&t, "# ---- captive_core_toml: top-level keys ----\n");
        for (size_t i = 0; i < appendix->top_count; i++) {
            const appendix_statement *statement = &appendix->top[i];
            if (forced(statement->key, s->offline))
                continue;
            append_bytes(&t, appendix->text + statement->start, statement->end - statement->start);
            append_bytes(&t, "\n", 1);
        }
    }
    /* tables follow the top-level keys */
    for (size_t i = 0; i < s->history_count; i++) {
        appendf(&t, "\n[HISTORY.h%zu]\n", i);
        append_history_get(&t, s->history_urls[i]);
    }
    if (appendix && appendix->text[appendix->tables]) {
        appendf(&t, "\n# ---- captive_core_toml: tables ----\n");
        append_bytes(&t, appendix->text + appendix->tables, strlen(appendix->text + appendix->tables));
        append_bytes(&t, "\n", 1);
    }
    if (s->offline && !(appendix && appendix->has_quorum_set)) {
        appendf(&t, "\n[QUORUM_SET]\nTHRESHOLD_PERCENT=100\n");
        appendf(&t, "VALIDATORS=[\"GCZBOIAY4HLKAJVNJORXZOZRAY2BJDBZHKPBHZCRAIUR5IHC2UHBGCQR\"]\n");
    }
    if (t.failed) {
        free(t.data);
        snprintf(why, why_size, "out of memory rendering the config");
        return NULL;
    }
    return t.data;
}

int core_toml_write_file(const char *path, const char *text, char *why, size_t why_size)
{
    char temporary[4200];
    if ((size_t)snprintf(temporary, sizeof temporary, "%s.tmp", path) >= sizeof temporary) {
        snprintf(why, why_size, "%s: path too long", path);
        return -1;
    }
    int fd = safe_file_create_new(temporary, 0600, why, why_size);
    if (fd < 0)
        return -1;
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    int ok = done == len && fsync(fd) == 0;
    int saved = errno;
    close(fd);
    if (!ok || rename(temporary, path) != 0) {
        snprintf(why, why_size, "%s: %s", ok ? path : temporary, strerror(ok ? errno : saved));
        unlink(temporary);
        return -1;
    }
    return 0;
}
