/* log.c — leveled, structured log lines on stderr (see log.h). */
#include "config.h"

#include "log.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static sluice_log_level log_max_level = SLUICE_LOG_INFO;
static log_format log_output_format = LOG_FORMAT_LOGFMT;
static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;

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

void log_writev(const char *component, sluice_log_level level, const char *fmt, va_list ap)
{
    if (level > log_max_level)
        return;
    char message[2048];
    vsnprintf(message, sizeof message, fmt, ap);

    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct tm utc;
    gmtime_r(&now.tv_sec, &utc);
    char stamp[40];
    size_t n = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    snprintf(stamp + n, sizeof stamp - n, ".%03ldZ", now.tv_nsec / 1000000);

    const char *level_name = log_level_names[level];
    pthread_mutex_lock(&log_mutex);
    if (log_output_format == LOG_FORMAT_JSON) {
        fprintf(stderr, "{\"time\":\"%s\",\"level\":\"%s\",\"component\":", stamp, level_name);
        write_quoted(stderr, component);
        fputs(",\"msg\":", stderr);
        write_quoted(stderr, message);
        fputs("}\n", stderr);
    } else {
        fprintf(stderr, "time=%s level=%s component=%s msg=", stamp, level_name, component);
        write_quoted(stderr, message);
        fputc('\n', stderr);
    }
    fflush(stderr);
    pthread_mutex_unlock(&log_mutex);
}

void log_write(const char *component, sluice_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_writev(component, level, fmt, ap);
    va_end(ap);
}
