/* log.h — the core's logger: leveled lines to stderr (or log_file) as
 * logfmt or JSON; SIGHUP makes it reopen log_file (log rotation).
 * Thread-safe; used by the core directly and by plugins through the host
 * table.  Messages are single lines; the logger adds time and level. */
#ifndef SLUICE_LOG_H
#define SLUICE_LOG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sluice/plugin.h>

typedef enum log_format { LOG_FORMAT_LOGFMT, LOG_FORMAT_JSON } log_format;

void log_configure(sluice_log_level max_level, log_format format);
/* Append log lines to the file at path (created 0640 if missing) instead
 * of stderr.  Returns 0, or -1 with why filled (the file is not opened). */
int log_open_file(const char *path, char *why, size_t why_size);
/* Async-signal-safe: reopen the log file before the next line (SIGHUP,
 * after logrotate moved it).  No effect while logging to stderr. */
void log_request_reopen(void);
/* component: "core" or the plugin instance's section name. */
void log_write(const char *component, sluice_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void log_writev(const char *component, sluice_log_level level, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* A structured field of a log line: written as key=value in logfmt and as
 * a member of the object in JSON (numbers bare, text quoted), after msg.
 * key is a static identifier of the caller; text is copied when written. */
typedef enum log_field_type { LOG_FIELD_UINT, LOG_FIELD_REAL, LOG_FIELD_TEXT } log_field_type;
typedef struct log_field {
    const char *key;
    log_field_type type;
    union {
        uint64_t uint;
        double real;
        const char *text;
    } value;
} log_field;
#define LOG_UINT(k, v) ((log_field){.key = (k), .type = LOG_FIELD_UINT, .value.uint = (v)})
#define LOG_REAL(k, v) ((log_field){.key = (k), .type = LOG_FIELD_REAL, .value.real = (v)})
#define LOG_TEXT(k, v) ((log_field){.key = (k), .type = LOG_FIELD_TEXT, .value.text = (v)})
/* The fields array and its length, for log_fields: LOG_FIELDS(LOG_UINT(...), ...). */
#define LOG_FIELDS(...) \
    (const log_field[]){__VA_ARGS__}, sizeof((const log_field[]){__VA_ARGS__}) / sizeof(log_field)

/* log_write with structured fields (count of them) after the message. */
void log_fields(const char *component, sluice_log_level level, const log_field *fields,
                size_t count, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A self-updating status line at the bottom of a terminal (the progress
 * meter): log lines written to stderr meanwhile clear it first and draw it
 * again after themselves, so they never run into it.  NULL ends it (with
 * a newline when one is shown).  It is drawn on stderr, also when log
 * lines go to log_file. */
void log_status_line(const char *text);

/* Parse "error|warn|info|debug" / "logfmt|json"; return -1 if unknown. */
int log_level_parse(const char *text);
int log_format_parse(const char *text);

#endif
