/* instance.c — the host table implementation and instance lifecycle
 * (see instance.h and <sluice/plugin.h>). */
#include "config.h"

#include "host/instance.h"
#include "base/cancel.h"
#include "host/frame_info.h"
#include "base/log.h"
#include "host/code_names.h"
#include "host/open_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static plugin_instance *instance_of(const sluice_host *host)
{
    return host->core_private;
}

static void host_log(const sluice_host *host, sluice_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (atomic_load(&instance_of(host)->opening))
        open_log_writev(host->instance_name, level, fmt, ap);
    else
        log_writev(host->instance_name, level, fmt, ap);
    va_end(ap);
}

static void host_error(const sluice_host *host, const char *message, const char *detail,
                       const char *hint)
{
    plugin_instance *instance = instance_of(host);
    report_set(&instance->error, detail, hint, "%s", message ? message : "(no message)");
    instance->has_error = 1;
}

static void host_errorf(const sluice_host *host, const char *message, const char *hint,
                        const char *detail_fmt, ...)
{
    char detail[1024];
    va_list ap;
    va_start(ap, detail_fmt);
    vsnprintf(detail, sizeof detail, detail_fmt, ap);
    va_end(ap);
    host_error(host, message, detail, hint);
}

static const char *host_config_string(const sluice_host *host, const char *key)
{
    return config_values_string(&instance_of(host)->section->values, key);
}

static int64_t host_config_int(const sluice_host *host, const char *key, int64_t fallback)
{
    return config_values_int(&instance_of(host)->section->values, key, fallback);
}

static int host_config_bool(const sluice_host *host, const char *key, int fallback)
{
    return config_values_bool(&instance_of(host)->section->values, key, fallback);
}

static sluice_status host_config_load(const sluice_host *host, void *settings, size_t size)
{
    char why[512];
    if (config_values_load(&instance_of(host)->section->values, settings, size, why,
                           sizeof why) == 0)
        return SLUICE_OK;
    host_error(host, "the plugin's config map does not match its settings struct", why,
               "Bind each key with offsetof() into the struct passed to config_load.");
    return SLUICE_ERROR;
}

static int host_cancelled(const sluice_host *host)
{
    return cancel_requested() || atomic_load(&instance_of(host)->stop);
}

void instance_request_stop(plugin_instance *instance)
{
    atomic_store(&instance->stop, 1);
}

static sluice_status host_frame_walk(const sluice_host *host, const uint8_t *data, size_t len,
                                     unsigned flags, size_t *frame_len, sluice_frame_info *info,
                                     char *why, size_t why_size)
{
    (void)host;
    return frame_walk(data, len, flags, frame_len, info, why, why_size) == 0 ? SLUICE_OK
                                                                             : SLUICE_ERROR_DATA;
}

static const char *status_name(sluice_status status)
{
    switch (status) {
    case SLUICE_OK: return "ok";
    case SLUICE_END: return "end of range";
    case SLUICE_ERROR: return "error";
    case SLUICE_ERROR_RETRY: return "transient error";
    case SLUICE_ERROR_LOCKED: return "lock held elsewhere";
    case SLUICE_ERROR_DATA: return "invalid data";
    case SLUICE_ERROR_CANCELLED: return "cancelled";
    }
    return "unknown status";
}

void instance_take_errorv(plugin_instance *instance, sluice_status status, error_report *err,
                          const char *context_fmt, va_list ap)
{
    char context[512];
    vsnprintf(context, sizeof context, context_fmt, ap);
    const char *plugin_name = instance->section->plugin.descriptor->name;
    if (instance->has_error)
        report_set(err, instance->error.detail, instance->error.hint, "%s: %s", context,
                   instance->error.message);
    else
        report_set(err, NULL, NULL, "%s: plugin %s returned %s without a message", context,
                   plugin_name, status_name(status));
    instance->has_error = 0;
}

void instance_take_error(plugin_instance *instance, sluice_status status, error_report *err,
                         const char *context_fmt, ...)
{
    va_list ap;
    va_start(ap, context_fmt);
    instance_take_errorv(instance, status, err, context_fmt, ap);
    va_end(ap);
}

static const char *host_code_name(const sluice_host *host, sluice_name_set set, int32_t context,
                                  int32_t code)
{
    (void)host;
    return code_name(set, context, code);
}

static const sluice_code_name *host_code_names(const sluice_host *host, sluice_name_set set,
                                               size_t *count, size_t *element_size)
{
    (void)host;
    *element_size = sizeof(sluice_code_name);
    return code_names(set, count);
}

void instance_prepare(plugin_instance *instance, const plugin_section *section,
                      const char *network_passphrase, uint32_t open_flags)
{
    memset(instance, 0, sizeof *instance);
    instance->section = section;
    sluice_host *host = &instance->host;
    host->struct_size = sizeof *host;
    host->abi_major = SLUICE_ABI_MAJOR;
    host->abi_minor = SLUICE_ABI_MINOR;
    host->instance_name = section->section;
    host->network_passphrase = network_passphrase;
    host->log = host_log;
    host->error = host_error;
    host->config_string = host_config_string;
    host->config_int = host_config_int;
    host->config_bool = host_config_bool;
    host->cancelled = host_cancelled;
    host->frame_walk = host_frame_walk;
    host->core_private = instance;
    host->errorf = host_errorf;
    host->config_load = host_config_load;
    host->code_name = host_code_name;
    host->code_names = host_code_names;
    host->open_flags = open_flags;
}

sluice_status instance_open_with(plugin_instance *instance, const plugin_section *section,
                                 const char *network_passphrase, uint32_t open_flags,
                                 error_report *err)
{
    instance_prepare(instance, section, network_passphrase, open_flags);
    sluice_host *host = &instance->host;
    const sluice_plugin_descriptor *d = section->plugin.descriptor;
    atomic_store(&instance->opening, 1);
    sluice_status status = d->kind == SLUICE_PLUGIN_SOURCE ? d->source->open(host, &instance->handle)
                                                           : d->sink->open(host, &instance->handle);
    atomic_store(&instance->opening, 0);
    if (status != SLUICE_OK) {
        instance_take_error(instance, status, err, "%s plugin %s (%s) failed to open",
                            section->section, d->name, section->plugin.path);
        instance->handle = NULL;
    }
    return status;
}

sluice_status instance_open(plugin_instance *instance, const plugin_section *section,
                            const char *network_passphrase, error_report *err)
{
    return instance_open_with(instance, section, network_passphrase, 0, err);
}

void instance_close(plugin_instance *instance)
{
    if (!instance->section || !instance->handle)
        return;
    const sluice_plugin_descriptor *d = instance->section->plugin.descriptor;
    if (d->kind == SLUICE_PLUGIN_SOURCE)
        d->source->close(instance->handle);
    else
        d->sink->close(instance->handle);
    instance->handle = NULL;
}
