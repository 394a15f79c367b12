/* core_settings.h — the [sluice] section: the core's config map and the
 * struct it fills, so every core default is written once, in the map. */
#ifndef SLUICE_CORE_SETTINGS_H
#define SLUICE_CORE_SETTINGS_H

#include <stdint.h>
#include <sluice/config.h>

/* One field per key of core_config_keys; strings belong to the
 * config_values they were loaded from (sluice_setup.core_values). */
typedef struct sluice_core_settings {
    const char *network_passphrase;
    const char *plugin_dir;
    const char *log_level;
    const char *log_format;
    const char *log_file;
    int64_t start_ledger;          /* 0: not set */
    const char *store_xdr;
    int64_t stop_ledger;
    int64_t catchup_threshold;
    int64_t catchup_chunk;
    const char *metrics_listen;
    int64_t pipeline_depth;
    int64_t workers;
    int64_t batch_size;
    int64_t flush_every;
    int64_t retry_attempts;
    int diagnostic_events;
    int64_t history_retention_ledgers; /* 0: keep all history */
    int64_t max_lag_ledgers;       /* 0: not checked */
    int64_t max_lag_seconds;       /* milliseconds; 0: not checked */
    int64_t stall_warning;         /* milliseconds; 0: never */
    int auto_migrate;
    int64_t startup_timeout_ms;
} sluice_core_settings;

/* [sluice]: the core's keys, each bound to its sluice_core_settings field. */
extern const sluice_config_key core_config_keys[];

struct ini_file;
struct config_values;
struct diag_list;
/* Read [sluice] of file (named path in messages) into values and settings:
 * validated, defaults and environment overrides applied, unknown keys and
 * SLUICE_SLUICE_* variables reported to diags.  0, or -1 when the map and
 * the struct disagree (also reported). */
int core_settings_read(const struct ini_file *file, const char *path, struct config_values *values,
                       sluice_core_settings *settings, struct diag_list *diags);

#endif
