/* log.h — the core's logger: leveled lines to stderr as logfmt or JSON.
 * Thread-safe; used by the core directly and by plugins through the host
 * table.  Messages are single lines; the logger adds time and level. */
#ifndef SLUICE_LOG_H
#define SLUICE_LOG_H

#include <stdarg.h>
#include <sluice/plugin.h>

typedef enum log_format { LOG_FORMAT_LOGFMT, LOG_FORMAT_JSON } log_format;

void log_configure(sluice_log_level max_level, log_format format);
/* component: "core" or the plugin instance's section name. */
void log_write(const char *component, sluice_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void log_writev(const char *component, sluice_log_level level, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Parse "error|warn|info|debug" / "logfmt|json"; return -1 if unknown. */
int log_level_parse(const char *text);
int log_format_parse(const char *text);

#endif
