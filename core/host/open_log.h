/* open_log.h — what a plugin logs while an instance opens, logged once
 * per process: backfill and catchup open one instance per worker, and
 * each would repeat the same lines (a lake's layout, a lock taken).  A
 * line an instance of the same section already logged while opening is
 * written at debug level instead.  Thread-safe. */
#ifndef SLUICE_OPEN_LOG_H
#define SLUICE_OPEN_LOG_H

#include <stdarg.h>
#include <sluice/plugin.h>

/* Log a line of component's instance that is opening (see above). */
void open_log_writev(const char *component, sluice_log_level level, const char *fmt,
                     va_list ap) __attribute__((format(printf, 3, 0)));

#endif
