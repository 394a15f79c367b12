/* log.c — leveled, structured log lines on stderr or in log_file, which
 * is reopened on request (SIGHUP) for log rotation (see log.h). */
#include "config.h"

#include "base/log.h"
#include "base/safe_file.h"
#include "base/secret.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static sluice_log_level log_max_level = SLUICE_LOG_INFO;
static log_format log_output_format = LOG_FORMAT_LOGFMT;
static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_stream;        /* NULL: stderr */
static char *log_path;          /* the file log_stream was opened from */
static atomic_int log_reopen_requested;

static const char *const log_level_names[] = {"error", "warn", "info", "debug"};
static const char *const log_format_names[] = {"logfmt", "json"};

static int word_index(const char *text, const char *const *words, int count)
{
    for (int i = 0; i < count; i++)
        if (text && strcmp(text, words[i]) == 0)
            return i;
    return -1;
}

int log_level_parse(const char *text) { return word_index(text, log_level_names, 4); }
int log_format_parse(const char *text) { return word_index(text, log_format_names, 2); }

void log_configure(sluice_log_level max_level, log_format format)
{
    log_max_level = max_level;
    log_output_format = format;
}

/* Open path for appending, close-on-exec; never through a symbolic link,
 * never another user's file; NULL with why filled. */
static FILE *open_append(const char *path, char *why, size_t why_size)
{
    char reason[512];
    int fd = safe_file_open_own(path, O_WRONLY | O_APPEND, 0640, reason, sizeof reason);
    FILE *stream = fd >= 0 ? fdopen(fd, "a") : NULL;
    if (!stream) {
        snprintf(why, why_size, "log file: %s", fd < 0 ? reason : strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    return stream;
}

int log_open_file(const char *path, char *why, size_t why_size)
{
    FILE *stream = open_append(path, why, why_size);
    if (!stream)
        return -1;
    char *copy = xstrdup(path);
    pthread_mutex_lock(&log_mutex);
    if (log_stream)
        fclose(log_stream);
    free(log_path);
    log_stream = stream;
    log_path = copy;
    pthread_mutex_unlock(&log_mutex);
    return 0;
}

void log_request_reopen(void) { atomic_store(&log_reopen_requested, 1); }

/* With log_mutex held: honour a pending reopen request.  When the file
 * cannot be opened, keep writing to the old one and say why there. */
static void reopen_if_requested(void)
{
    if (!atomic_exchange(&log_reopen_requested, 0) || !log_stream)
        return;
    char why[512];
    FILE *stream = open_append(log_path, why, sizeof why);
    if (!stream) {
        fprintf(log_stream, "sluice: log reopen failed, still writing the old file: %s\n", why);
        return;
    }
    fclose(log_stream);
    log_stream = stream;
}

/* Write text quoted for the current format (both use JSON-style escapes). */
static void write_quoted(FILE *out, const char *text)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void write_field(FILE *out, const log_field *field, int json)
{
    fprintf(out, json ? ",\"%s\":" : " %s=", field->key);
    if (field->type == LOG_FIELD_UINT)
        fprintf(out, "%llu", (unsigned long long)field->value.uint);
    else if (field->type == LOG_FIELD_REAL)
        fprintf(out, "%.3f", field->value.real);
    else
        write_quoted(out, field->value.text ? field->value.text : "");
}

/* With log_mutex held: the status line is on the terminal when
 * status_shown; a log line to stderr clears it first. */
static char *status_text;
static int status_shown;

static void status_draw(FILE *out)
{
    fprintf(out, "\r%s\033[K", status_text);
    status_shown = 1;
}

static void write_line(const char *component, sluice_log_level level, const log_field *fields,
                       size_t count, const char *fmt, va_list ap)
{
    if (level > log_max_level)
        return;
    char message[2048];
    vsnprintf(message, sizeof message, fmt, ap);
    secret_scrub(message, sizeof message);

    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct tm utc;
    gmtime_r(&now.tv_sec, &utc);
    char stamp[40];
    size_t n = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    snprintf(stamp + n, sizeof stamp - n, ".%03ldZ", now.tv_nsec / 1000000);

    const char *level_name = log_level_names[level];
    int json = log_output_format == LOG_FORMAT_JSON;
    pthread_mutex_lock(&log_mutex);
    reopen_if_requested();
    FILE *out = log_stream ? log_stream : stderr;
    int redraw = out == stderr && status_shown;
    if (redraw)
        fputs("\r\033[K", out);
    if (json) {
        fprintf(out, "{\"time\":\"%s\",\"level\":\"%s\",\"component\":", stamp, level_name);
        write_quoted(out, component);
        fputs(",\"msg\":", out);
    } else {
        fprintf(out, "time=%s level=%s component=%s msg=", stamp, level_name, component);
    }
    write_quoted(out, message);
    for (size_t i = 0; i < count; i++)
        write_field(out, &fields[i], json);
    fputs(json ? "}\n" : "\n", out);
    if (redraw)
        status_draw(out);
    fflush(out);
    pthread_mutex_unlock(&log_mutex);
}

void log_writev(const char *component, sluice_log_level level, const char *fmt, va_list ap)
{
    write_line(component, level, NULL, 0, fmt, ap);
}

void log_write(const char *component, sluice_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    write_line(component, level, NULL, 0, fmt, ap);
    va_end(ap);
}

void log_fields(const char *component, sluice_log_level level, const log_field *fields,
                size_t count, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    write_line(component, level, fields, count, fmt, ap);
    va_end(ap);
}

void log_status_line(const char *text)
{
    pthread_mutex_lock(&log_mutex);
    free(status_text);
    status_text = text ? xstrdup(text) : NULL;
    if (status_text)
        status_draw(stderr);
    else if (status_shown)
        fputc('\n', stderr);
    status_shown = status_text != NULL;
    fflush(stderr);
    pthread_mutex_unlock(&log_mutex);
}
