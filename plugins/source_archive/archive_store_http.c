/* archive_store_http.c — lake objects over HTTP(S) with libcurl.
 *
 * One curl easy handle per session, reused for every request so the
 * connection is kept alive (HTTP/1.1) or multiplexed (HTTP/2 over TLS
 * where the server offers it).  Proxies come from the usual environment
 * variables (curl's own handling of http_proxy, https_proxy, no_proxy);
 * CURL_CA_BUNDLE / SSL_CERT_FILE / SSL_CERT_DIR set the CA store as they
 * do for the curl tool, and the `ca_file` key overrides them.  Transient
 * failures (connection errors, timeouts, 408, 429, 5xx) are retried with a
 * doubling wait capped at max_backoff_ms; a Retry-After the server sends
 * lengthens the wait, within the same cap.  404 means the object does not
 * exist (yet); other answers are permanent errors. */
#include "config.h"

#include "archive_store_backend.h"

#include <stdio.h>

#ifdef HAVE_LIBCURL
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

sluice_status archive_store_plugin_init(char *why, size_t why_size)
{
    CURLcode result = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (result != CURLE_OK) {
        snprintf(why, why_size, "libcurl initialisation failed: %s", curl_easy_strerror(result));
        return SLUICE_ERROR;
    }
    return SLUICE_OK;
}

void archive_store_plugin_fini(void)
{
    curl_global_cleanup();
}

typedef struct http_session {
    CURL *curl;
    const archive_store *store;
    archive_bytes *body;        /* where the body goes, NULL for HEAD */
    size_t max_bytes;
    int too_large;
    long retry_after_ms;        /* the last answer's Retry-After, 0 when none */
    char error[CURL_ERROR_SIZE];
} http_session;

static size_t on_body(char *data, size_t size, size_t count, void *context)
{
    http_session *session = context;
    size_t n = size * count;
    if (!session->body)
        return n;
    if (bytes_reserve(session->body, n, session->max_bytes) != 0) {
        session->too_large = 1;
        return 0;   /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    memcpy(session->body->data + session->body->len, data, n);
    session->body->len += n;
    return n;
}

static int on_progress(void *context, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)dltotal; (void)dlnow; (void)ultotal; (void)ulnow;
    const http_session *session = context;
    const atomic_int *stop = session->store->settings.stop;
    return stop && atomic_load(stop) ? 1 : 0;
}

/* The CA store: the ca_file key, else the environment as the curl tool
 * reads it, else libcurl's default (the system store). */
static void set_ca(CURL *curl, const char *ca_file)
{
    if (ca_file && *ca_file) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file);
        return;
    }
    const char *bundle = getenv("CURL_CA_BUNDLE");
    if (!bundle || !*bundle)
        bundle = getenv("SSL_CERT_FILE");
    if (bundle && *bundle)
        curl_easy_setopt(curl, CURLOPT_CAINFO, bundle);
    const char *dir = getenv("SSL_CERT_DIR");
    if (dir && *dir)
        curl_easy_setopt(curl, CURLOPT_CAPATH, dir);
}

static int http_session_open(const archive_store *store, void **state, char *why,
                             size_t why_size)
{
    http_session *session = calloc(1, sizeof *session);
    CURL *curl = session ? curl_easy_init() : NULL;
    if (!curl) {
        free(session);
        snprintf(why, why_size, "cannot create a libcurl handle");
        return -1;
    }
    session->curl = curl;
    session->store = store;
    const store_settings *s = &store->settings;
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, s->connect_timeout_s);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, s->stall_timeout_s);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, s->total_timeout_s);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "sluice-source-archive/" PACKAGE_VERSION);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, session);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, session);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, session->error);
    set_ca(curl, s->ca_file);
    *state = session;
    return 0;
}

static void http_session_close(void *state)
{
    http_session *session = state;
    if (!session)
        return;
    curl_easy_cleanup(session->curl);
    free(session);
}

typedef enum attempt_outcome { ATTEMPT_DONE, ATTEMPT_RETRY } attempt_outcome;

/* One request; classifies the answer into *result (final) or RETRY. */
static attempt_outcome attempt(http_session *session, const char *url, store_result *result,
                               char *why, size_t why_size)
{
    CURL *curl = session->curl;
    if (session->body)
        session->body->len = 0;
    session->too_large = 0;
    session->retry_after_ms = 0;
    session->error[0] = '\0';
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_NOBODY, session->body ? 0L : 1L);
    if (session->body)
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    CURLcode code = curl_easy_perform(curl);
    *result = STORE_ERROR;
    if (code == CURLE_WRITE_ERROR && session->too_large) {
        snprintf(why, why_size, "%s: larger than the limit of %zu bytes", url, session->max_bytes);
        return ATTEMPT_DONE;
    }
    if (code == CURLE_ABORTED_BY_CALLBACK) {
        snprintf(why, why_size, "%s: cancelled", url);
        return ATTEMPT_DONE;
    }
    if (code != CURLE_OK) {
        snprintf(why, why_size, "%s: %s", url, session->error[0] ? session->error
                                                                 : curl_easy_strerror(code));
        switch (code) {
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_TOO_MANY_REDIRECTS:
            return ATTEMPT_DONE;
        default:
            return ATTEMPT_RETRY;
        }
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 200 && status < 300) {
        *result = STORE_FOUND;
        return ATTEMPT_DONE;
    }
    if (status == 404) {
        *result = STORE_MISSING;
        return ATTEMPT_DONE;
    }
    snprintf(why, why_size, "%s: HTTP status %ld", url, status);
    if (status != 408 && status != 429 && status < 500)
        return ATTEMPT_DONE;
    curl_off_t retry_after = 0;
    if (curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK &&
        retry_after > 0)
        session->retry_after_ms = retry_after > 86400 ? 86400000L : (long)retry_after * 1000L;
    return ATTEMPT_RETRY;
}

/* Sleep ms in slices, returning early (non-zero) when asked to stop. */
static int wait_or_stop(const atomic_int *stop, long ms)
{
    for (long waited = 0; waited < ms; waited += 50) {
        if (stop && atomic_load(stop))
            return 1;
        struct timespec slice = {0, 50L * 1000000L};
        nanosleep(&slice, NULL);
    }
    return stop && atomic_load(stop);
}

static store_result http_get(const archive_store *store, void *state, const char *key,
                             size_t max_bytes, archive_bytes *out, char *why, size_t why_size)
{
    http_session *session = state;
    char url[4096];
    if ((size_t)snprintf(url, sizeof url, "%s/%s", store->root, key) >= sizeof url) {
        snprintf(why, why_size, "%s/%s: URL too long", store->root, key);
        return STORE_ERROR;
    }
    session->body = out;
    session->max_bytes = max_bytes;
    const store_settings *s = &store->settings;
    long backoff_ms = 100;
    store_result result = STORE_ERROR;
    for (int tries = 0;; tries++) {
        if (attempt(session, url, &result, why, why_size) == ATTEMPT_DONE)
            break;
        if (tries >= s->retries) {
            size_t used = strlen(why);
            if (tries > 0)
                snprintf(why + used, why_size - used, " (gave up after %d attempts)", tries + 1);
            break;
        }
        long wait_ms = session->retry_after_ms > backoff_ms ? session->retry_after_ms : backoff_ms;
        if (wait_or_stop(s->stop, wait_ms > s->max_backoff_ms ? s->max_backoff_ms : wait_ms)) {
            snprintf(why, why_size, "%s: cancelled", url);
            break;
        }
        backoff_ms = backoff_ms * 2 > s->max_backoff_ms ? s->max_backoff_ms : backoff_ms * 2;
    }
    session->body = NULL;
    return result;
}

static const store_backend http_backend = {
    .session_open = http_session_open,
    .session_close = http_session_close,
    .get = http_get,
};
const store_backend *const store_http_backend = &http_backend;

#else /* !HAVE_LIBCURL */

const store_backend *const store_http_backend = NULL;

/* No libcurl: nothing to set up (archive_store_open refuses URLs). */
sluice_status archive_store_plugin_init(char *why, size_t why_size)
{
    (void)why;
    (void)why_size;
    return SLUICE_OK;
}

void archive_store_plugin_fini(void) {}

#endif
