/* core_toml.h — the stellar-core configuration the plugin generates.
 *
 * Every value is written as a TOML basic string or a number we produce,
 * with quotes, backslashes and control characters escaped, so no
 * passphrase, path or URL can add keys or sections.  History archive URLs
 * also end up in a shell command that stellar-core runs ("curl -sf
 * '<url>/{0}' -o {1}"): they must be http(s) URLs without quotes,
 * whitespace or control characters, and are single-quoted there. */
#ifndef CAPTIVE_CORE_TOML_H
#define CAPTIVE_CORE_TOML_H

#include <stddef.h>

typedef struct core_toml_settings {
    const char *network_passphrase;
    const char *const *history_urls;
    size_t history_count;
    int http_port, peer_port;
    int offline;                    /* standalone replay (bounded catchup) */
    const char *appendix;           /* the user's TOML text (online only), or NULL */
    int emit_meta_ext_v1;           /* EMIT_LEDGER_CLOSE_META_EXT_V1 */
    int emit_soroban_meta_ext_v1;   /* EMIT_SOROBAN_TRANSACTION_META_EXT_V1 */
    int soroban_diagnostic_events;  /* ENABLE_SOROBAN_DIAGNOSTIC_EVENTS */
    int classic_events;             /* EMIT_CLASSIC_EVENTS */
    int backfill_asset_events;      /* BACKFILL_STELLAR_ASSET_EVENTS */
} core_toml_settings;

/* Check one history archive URL; 0, or -1 with why. */
int core_toml_check_url(const char *url, char *why, size_t why_size);

/* The config text (malloc'd, NUL-terminated), or NULL with why. */
char *core_toml_render(const core_toml_settings *settings, char *why, size_t why_size);

/* Write text to path atomically (temporary file, fsync, rename); 0 or -1. */
int core_toml_write_file(const char *path, const char *text, char *why, size_t why_size);

#endif
