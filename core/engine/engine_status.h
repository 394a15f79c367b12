/* engine_status.h — how a piece of engine work ended.  The engine (and
 * the setup it runs on) returns these; only the command line turns them
 * into process exit codes (cli/command.c), so the engine never speaks in
 * exit codes.  A plugin's sluice_status becomes one of these in one
 * place: engine_plugin_failure(). */
#ifndef SLUICE_ENGINE_STATUS_H
#define SLUICE_ENGINE_STATUS_H

#include <sluice/plugin.h>

#include "base/report.h"

struct plugin_instance; /* host/instance.h */

typedef enum engine_status {
    ENGINE_OK = 0,
    ENGINE_FAILED,      /* a runtime failure not covered below (I/O, database) */
    ENGINE_CONFIG,      /* the configuration is missing or invalid, or asks for
                           what the configured plugins cannot do */
    ENGINE_PLUGIN,      /* a plugin cannot be loaded, is refused, or failed to open */
    ENGINE_DATA,        /* invalid input data: corrupt frame, broken chain, verify fault */
    ENGINE_LOCKED,      /* the store's writer lock is held by another writer, or was lost */
    ENGINE_RETRY,       /* a transient failure (SLUICE_ERROR_RETRY): the live loop and
                           the batches redo their work (engine/retry.h) and end with
                           ENGINE_FAILED once it outlasts retry_attempts */
    ENGINE_INTERRUPTED, /* a stop was requested before the work was finished */
    ENGINE_UNAVAILABLE  /* a plugin could not reach its service at open (SLUICE_ERROR_RETRY),
                           through the start-up retries where there were any */
} engine_status;

/* The engine status a plugin's status means (SLUICE_OK and SLUICE_END:
 * ENGINE_OK). */
engine_status engine_status_from_plugin(sluice_status status);

/* What a failed open means: ENGINE_UNAVAILABLE for SLUICE_ERROR_RETRY (the
 * service is out of reach for now), ENGINE_PLUGIN otherwise. */
engine_status engine_status_of_open(sluice_status status);

/* A plugin callback of instance failed with status: take the plugin's
 * error into err (prefixed with the context, as instance_take_error) and
 * return what the status means to the engine.  Every failed callback goes
 * through here, whichever plugin and callback it was. */
engine_status engine_plugin_failure(struct plugin_instance *instance, sluice_status status,
                                    error_report *err, const char *context_fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
