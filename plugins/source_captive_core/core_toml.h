/* core_toml.h — the stellar-core configuration the plugin generates.
 *
 * Every value is written as a TOML basic string or a number we produce,
 * with quotes, backslashes and control characters escaped, so no
 * passphrase, path or URL can add keys or sections.  History archive URLs
 * also end up in a shell command that stellar-core runs ("curl -sf
 * '<url>/{0}' -o {1}"): they must be http(s) URLs without quotes,
 * whitespace or control characters, and are single-quoted there.  The
 * user's appendix (core_appendix.h) is placed, not escaped: it is the
 * operator's own stellar-core TOML, checked to close all it opens. */
#ifndef CAPTIVE_CORE_TOML_H
#define CAPTIVE_CORE_TOML_H

#include <stddef.h>

#include "core_appendix.h"

typedef struct core_toml_settings {
    const char *network_passphrase;
    const char *const *history_urls;
    size_t history_count;
    int http_port, peer_port;
    int offline;                    /* standalone replay (bounded catchup) */
    const core_appendix *appendix;  /* the user's TOML (captive_core_toml), or NULL */
    int emit_meta_ext_v1;           /* EMIT_LEDGER_CLOSE_META_EXT_V1 */
    int emit_soroban_meta_ext_v1;   /* EMIT_SOROBAN_TRANSACTION_META_EXT_V1 */
    int soroban_diagnostic_events;  /* ENABLE_SOROBAN_DIAGNOSTIC_EVENTS */
    int classic_events;             /* EMIT_CLASSIC_EVENTS */
    int backfill_asset_events;      /* BACKFILL_STELLAR_ASSET_EVENTS */
} core_toml_settings;

/* Check one history archive URL; 0, or -1 with why. */
int core_toml_check_url(const char *url, char *why, size_t why_size);

/* The appendix may set NETWORK_PASSPHRASE only as the generated config
 * writes it; 0, or -1 with why. */
int core_toml_check_appendix(const core_appendix *appendix, const char *passphrase, char *why,
                             size_t why_size);

/* The config text (malloc'd, NUL-terminated), or NULL with why.  The
 * appendix's top-level keys replace the generated defaults, except
 * NETWORK_PASSPHRASE and, offline, the replay settings (RUN_STANDALONE,
 * UNSAFE_QUORUM, FAILURE_SAFETY, HTTP_PORT), whose appendix statements are
 * left out; its tables follow the generated [HISTORY] tables.  Offline,
 * the one-validator [QUORUM_SET] is added when the appendix configures
 * no quorum set. */
char *core_toml_render(const core_toml_settings *settings, char *why, size_t why_size);

/* Write text to path atomically (temporary file, fsync, rename); 0 or -1. */
int core_toml_write_file(const char *path, const char *text, char *why, size_t why_size);

#endif
