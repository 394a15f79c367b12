/* engine_status.c — plugin statuses as engine statuses (see engine_status.h). */
#include "config.h"

#include "engine/engine_status.h"
#include "host/instance.h"
#include "base/metrics.h"

#include <stdarg.h>

engine_status engine_status_from_plugin(sluice_status status)
{
    switch (status) {
    case SLUICE_OK:
    case SLUICE_END:
        return ENGINE_OK;
    case SLUICE_ERROR_RETRY:
        return ENGINE_RETRY;
    case SLUICE_ERROR_LOCKED:
        return ENGINE_LOCKED;
    case SLUICE_ERROR_DATA:
        return ENGINE_DATA;
    case SLUICE_ERROR_CANCELLED:
        return ENGINE_INTERRUPTED;
    case SLUICE_ERROR:
        break;
    }
    return ENGINE_FAILED;
}

engine_status engine_status_of_open(sluice_status status)
{
    return status == SLUICE_ERROR_RETRY ? ENGINE_UNAVAILABLE : ENGINE_PLUGIN;
}

engine_status engine_plugin_failure(plugin_instance *instance, sluice_status status,
                                    error_report *err, const char *context_fmt, ...)
{
    va_list ap;
    va_start(ap, context_fmt);
    instance_take_errorv(instance, status, err, context_fmt, ap);
    va_end(ap);
    engine_status result = engine_status_from_plugin(status);
    /* the store did not answer: /readyz says so until it does again */
    if (instance->section->plugin.descriptor->kind == SLUICE_PLUGIN_SINK &&
        (result == ENGINE_RETRY || result == ENGINE_FAILED))
        metric_set(METRIC_STORE_UP, 0);
    return result;
}
