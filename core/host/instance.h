/* instance.h — one running plugin instance: the host table handed to it,
 * its validated config, the error it last reported, and its handle. */
#ifndef SLUICE_INSTANCE_H
#define SLUICE_INSTANCE_H

#include <stdarg.h>
#include <stdatomic.h>
#include <sluice/plugin.h>

#include "base/report.h"
#include "host/setup.h"

typedef struct plugin_instance {
    sluice_host host;            /* host.core_private points back here */
    const plugin_section *section;
    error_report error;          /* set through host->error */
    int has_error;
    void *handle;                /* the plugin's instance pointer */
    atomic_int stop;             /* this instance alone is asked to stop */
    atomic_int opening;          /* in open(): its log lines go through host/open_log.h
                                    (read by any thread the plugin logs from) */
} plugin_instance;

/* Open an instance of the section's plugin with host->open_flags 0.  On
 * failure fills err from what the plugin reported and returns the
 * plugin's status. */
sluice_status instance_open(plugin_instance *instance, const plugin_section *section,
                            const char *network_passphrase, error_report *err);
/* The same with host->open_flags = open_flags (SLUICE_OPEN_*). */
sluice_status instance_open_with(plugin_instance *instance, const plugin_section *section,
                                 const char *network_passphrase, uint32_t open_flags,
                                 error_report *err);

/* Fill instance's host table for section without opening anything (what
 * open and the descriptor's validate receive). */
void instance_prepare(plugin_instance *instance, const plugin_section *section,
                      const char *network_passphrase, uint32_t open_flags);
void instance_close(plugin_instance *instance);

/* Make host->cancelled() true for this instance (the process-wide stop
 * request makes it true for all). */
void instance_request_stop(plugin_instance *instance);

/* Copy the plugin's last error into err, prefixed with context (e.g.
 * "sink: commit of ledger 12"); a plugin that reported nothing gets a
 * generic message naming the status. */
void instance_take_error(plugin_instance *instance, sluice_status status, error_report *err,
                         const char *context_fmt, ...) __attribute__((format(printf, 4, 5)));
void instance_take_errorv(plugin_instance *instance, sluice_status status, error_report *err,
                          const char *context_fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

#endif
