/* core_settings.c — the [sluice] section's config map (see core_settings.h). */
#include "config.h"

#include "config/core_settings.h"
#include "config/config_values.h"
#include "config/ini_file.h"

#include <stddef.h>

#define CORE_FIELD(member) offsetof(sluice_core_settings, member)

#define PUBNET_PASSPHRASE "Public Global Stellar Network ; September 2015"

const sluice_config_key core_config_keys[] = {
    {"network_passphrase", SLUICE_CONFIG_STRING, PUBNET_PASSPHRASE, NULL, 0, 0, 0,
     "passphrase of the Stellar network ingested; sources and sinks check it",
     CORE_FIELD(network_passphrase)},
    {"plugin_dir", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, 0,
     "directories searched in order, separated by ':', for plugins named without a path; "
     "the built-in " PLUGIN_DIR " is searched last (unset: only it); a listed directory "
     "that is missing or unsafe is an error",
     CORE_FIELD(plugin_dir)},
    {"log_level", SLUICE_CONFIG_ENUM, "info", "error|warn|info|debug", 0, 0, 0,
     "most detailed level of log line written",
     CORE_FIELD(log_level)},
    {"log_format", SLUICE_CONFIG_ENUM, "logfmt", "logfmt|json", 0, 0, 0,
     "format of log lines on stderr",
     CORE_FIELD(log_format)},
    {"log_file", SLUICE_CONFIG_STRING, "", NULL, 0, 0, 0,
     "append log lines to this file instead of stderr; SIGHUP reopens it (empty: stderr)",
     CORE_FIELD(log_file)},
    {"start_ledger", SLUICE_CONFIG_INT, NULL, NULL, 2, 4294967295LL, 0,
     "first ledger of a live run on an empty store",
     CORE_FIELD(start_ledger)},
    {"store_xdr", SLUICE_CONFIG_ENUM, "none", "none|envelope|all", 0, 0, 0,
     "raw XDR kept with each transaction row: none, the envelope, or envelope+result+meta",
     CORE_FIELD(store_xdr)},
    {"stop_ledger", SLUICE_CONFIG_INT, "0", NULL, 0, 4294967295LL, 0,
     "a live run stops cleanly after committing this ledger (0: never)",
     CORE_FIELD(stop_ledger)},
    {"catchup_threshold", SLUICE_CONFIG_INT, "100", NULL, 0, 4294967295LL, 0,
     "catch up in parallel when the source's tip is more than this many ledgers ahead",
     CORE_FIELD(catchup_threshold)},
    {"catchup_chunk", SLUICE_CONFIG_INT, "10000", NULL, 1, 100000000, 0,
     "ledgers per atomic catchup chunk: a crash loses at most one chunk of work",
     CORE_FIELD(catchup_chunk)},
    {"metrics_listen", SLUICE_CONFIG_STRING, "", NULL, 0, 0, 0,
     "serve Prometheus metrics on [ADDRESS:]PORT (address defaults to 127.0.0.1; empty: off)",
     CORE_FIELD(metrics_listen)},
    {"pipeline_depth", SLUICE_CONFIG_INT, "8", NULL, 2, 1024, 0,
     "ledgers in flight between source, indexer and sink, per worker (bounds memory)",
     CORE_FIELD(pipeline_depth)},
    {"workers", SLUICE_CONFIG_INT, "2", NULL, 1, 64, 0,
     "parallel batches in backfill and catchup, each with its own source and sink",
     CORE_FIELD(workers)},
    {"batch_size", SLUICE_CONFIG_INT, "1000", NULL, 1, 10000000, 0,
     "ledgers per backfill batch",
     CORE_FIELD(batch_size)},
    {"flush_every", SLUICE_CONFIG_INT, "100", NULL, 1, 1000000, 0,
     "ledgers per sink transaction in backfill and catchup batches",
     CORE_FIELD(flush_every)},
    {"retry_attempts", SLUICE_CONFIG_INT, "10", NULL, 1, 1000, 0,
     "attempts at a live run or a batch whose source or sink fails transiently, with a "
     "backoff of 0.5 s doubling to 10 s between them",
     CORE_FIELD(retry_attempts)},
    {"diagnostic_events", SLUICE_CONFIG_BOOL, "false", NULL, 0, 0, 0,
     "contract_events rows for Soroban diagnostic events too (event_type 2, filed under "
     "operation_id 0; the source must carry them, e.g. captive core's "
     "enable_soroban_diagnostic_events); off: contract and system events only",
     CORE_FIELD(diagnostic_events)},
    {"history_retention_ledgers", SLUICE_CONFIG_INT, "0", NULL, 0, 4294967295LL, 0,
     "keep only the newest N ledgers of history (latest - N + 1 .. latest): `run` removes "
     "older ones at its start and every 64 ledgers (whole partitions of a partitioned store) "
     "and moves the oldest cursor; gaps and verify ignore ledgers below that floor (0: keep "
     "everything)",
     CORE_FIELD(history_retention_ledgers)},
    {"max_lag_ledgers", SLUICE_CONFIG_INT, "12", NULL, 0, 4294967295LL, 0,
     "/readyz answers 503 when the store is more than this many ledgers behind the source's "
     "tip (12: about a minute of the network; 0: not checked)",
     CORE_FIELD(max_lag_ledgers)},
    {"max_lag_seconds", SLUICE_CONFIG_DURATION, "2m", NULL, 0, 31536000000LL,
     SLUICE_CONFIG_PLAIN_SECONDS,
     "/readyz answers 503 when the newest ingested ledger closed longer ago than this "
     "(a few ledger closes and a commit; 0: not checked)",
     CORE_FIELD(max_lag_seconds)},
    {"stall_warning", SLUICE_CONFIG_DURATION, "1m", NULL, 0, 31536000000LL,
     SLUICE_CONFIG_PLAIN_SECONDS,
     "a source that delivers nothing for longer than this is logged as stalled (warn) and "
     "counted in sluice_source_stalled (0: never)",
     CORE_FIELD(stall_warning)},
    {"auto_migrate", SLUICE_CONFIG_BOOL, "true", NULL, 0, 0, 0,
     "run and backfill apply the sink's pending schema migrations at start (false: they "
     "refuse to start until `sluice migrate` applied them); status, gaps and verify never "
     "migrate",
     CORE_FIELD(auto_migrate)},
    {"startup_timeout", SLUICE_CONFIG_DURATION, "5m", NULL, 0, 86400000, 0,
     "run and backfill retry a source or sink that cannot connect at start, with backoff, "
     "for this long before exiting 8 (unavailable), which the service restarts on (0: no retry)",
     CORE_FIELD(startup_timeout_ms)},
    SLUICE_CONFIG_END,
};

int core_settings_read(const ini_file *file, const char *path, config_values *values,
                       sluice_core_settings *settings, diag_list *diags)
{
    const sluice_config_key *const maps[] = {core_config_keys, NULL};
    config_values_resolve(values, file, "sluice", maps, diags);
    char why[512];
    if (config_values_load(values, settings, sizeof *settings, why, sizeof why) != 0) {
        diag_add(diags, "%s: [sluice]: %s", path, why);
        return -1;
    }
    config_report_unknown_environment(path, "sluice", maps, diags);
    return 0;
}
