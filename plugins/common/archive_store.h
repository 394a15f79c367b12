/* archive_store.h — where the lake's objects come from: a local directory
 * (path = /dir) or an HTTP(S) base URL (url = https://..., libcurl).
 *
 * A store is shared, read-only configuration; each thread that fetches
 * opens its own session (for HTTP: one curl handle, so connections are
 * kept alive and reused).  Every fetch is bounded by max_bytes, and a
 * missing object is a result of its own, not an error, so that callers can
 * poll for files that do not exist yet. */
#ifndef PLUGINS_ARCHIVE_STORE_H
#define PLUGINS_ARCHIVE_STORE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <sluice/plugin.h>
#include "text_buffer.h"

typedef enum store_result {
    STORE_FOUND = 0,
    STORE_MISSING = 1,
    STORE_ERROR = -1,      /* why filled, names the object */
} store_result;

/* The strings are the caller's and must outlive the store (path and url
 * are copied). */
typedef struct store_settings {
    const char *path;          /* exactly one of path and url */
    const char *url;
    long connect_timeout_s;    /* HTTP: connection set-up */
    long stall_timeout_s;      /* HTTP: abort a transfer slower than min_speed this long */
    long min_speed;            /* HTTP: bytes per second a transfer must keep up (>= 1) */
    long total_timeout_s;      /* HTTP: abort a transfer taking longer (0: no limit) */
    int redirect_any_host;     /* HTTP: follow redirects to other hosts (never https->http) */
    int retries;               /* HTTP: attempts after the first on transient errors */
    long max_backoff_ms;       /* HTTP: cap of the doubling wait between attempts */
    const char *ca_file;       /* HTTP: CA certificates (PEM) to trust, NULL: environment */
    const atomic_int *stop;    /* non-zero: give up waits and transfers early */
} store_settings;

typedef struct archive_store archive_store;
typedef struct store_session store_session;

/* 0, or -1 with why filled (e.g. url given but built without libcurl). */
/* The process-wide set-up of the backends (libcurl's global state), as a
 * plugin's descriptor init, and its undoing, as fini (sluice/plugin.h). */
sluice_status archive_store_plugin_init(char *why, size_t why_size);
void archive_store_plugin_fini(void);

int archive_store_open(archive_store **out, const store_settings *settings, char *why,
                       size_t why_size);
void archive_store_close(archive_store *store);

/* "path /dir" or "url https://..." for messages. */
const char *archive_store_location(const archive_store *store);

store_session *store_session_open(archive_store *store, char *why, size_t why_size);
void store_session_close(store_session *session);
/* The location of the session's store, for messages. */
const char *store_session_location(const store_session *session);

/* Fetch the object at key (relative, '/'-separated) into out (replacing
 * its contents). */
store_result store_get(store_session *session, const char *key, size_t max_bytes,
                       text_buffer *out, char *why, size_t why_size);
/* Whether the object exists, without fetching it. */
store_result store_exists(store_session *session, const char *key, char *why, size_t why_size);

#endif
