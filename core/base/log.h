/* log.h — the core's logger: leveled lines to stderr (or log_file) as
 * logfmt or JSON; SIGHUP makes it reopen log_file (log rotation).
 * Thread-safe; used by the core directly and by plugins through the host
 * table.  Messages are single lines; the logger adds time and level. */
#ifndef SLUICE_LOG_H
#define SLUICE_LOG_H

#include <stdarg.h>
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

/* Parse "error|warn|info|debug" / "logfmt|json"; return -1 if unknown. */
int log_level_parse(const char *text);
int log_format_parse(const char *text);

#endif
