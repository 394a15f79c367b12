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
    text_buffer *body;        /* where the body goes, NULL for HEAD */
    size_t max_bytes;
    int too_large;
    long retry_after_ms;        /* the last answer's Retry-After, 0 when none */
    char location[4096];        /* the last answer's checked redirect target */
    char error[CURL_ERROR_SIZE];
} http_session;

static size_t on_body(char *data, size_t size, size_t count, void *context)
{
    http_session *session = context;
    size_t n = size * count;
    if (!session->body)
        return n;
    if (text_buffer_reserve(session->body, n, session->max_bytes) != 0) {
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
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L); /* followed by http_get, checked */
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, s->connect_timeout_s);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, s->min_speed > 0 ? s->min_speed : 1L);
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

typedef enum attempt_outcome { ATTEMPT_DONE, ATTEMPT_RETRY, ATTEMPT_REDIRECT } attempt_outcome;

#define MAX_REDIRECTS 5

/* Scheme, host and port of url (curl's parser; each freed with
 * curl_free); 0, or -1 when url does not parse. */
static int url_origin(const char *url, char **scheme, char **host, char **port)
{
    *scheme = *host = *port = NULL;
    CURLU *parsed = curl_url();
    int ok = parsed && curl_url_set(parsed, CURLUPART_URL, url, 0) == CURLUE_OK &&
             curl_url_get(parsed, CURLUPART_SCHEME, scheme, 0) == CURLUE_OK &&
             curl_url_get(parsed, CURLUPART_HOST, host, 0) == CURLUE_OK &&
             curl_url_get(parsed, CURLUPART_PORT, port, CURLU_DEFAULT_PORT) == CURLUE_OK;
    curl_url_cleanup(parsed);
    return ok ? 0 : -1;
}

/* May a request for from be redirected to to?  0, or -1 with why. */
static int redirect_allowed(const store_settings *s, const char *from, const char *to, char *why,
                            size_t why_size)
{
    char *from_scheme, *from_host, *from_port, *to_scheme, *to_host, *to_port;
    int from_ok = url_origin(from, &from_scheme, &from_host, &from_port);
    int to_ok = url_origin(to, &to_scheme, &to_host, &to_port);
    int allowed = -1;
    if (from_ok != 0 || to_ok != 0)
        snprintf(why, why_size, "%s: redirected to an address that does not parse: %s", from, to);
    else if (strcmp(to_scheme, "https") != 0 && strcmp(to_scheme, "http") != 0)
        snprintf(why, why_size, "%s: redirect to %s refused: not http or https", from, to);
    else if (strcmp(from_scheme, "https") == 0 && strcmp(to_scheme, "https") != 0)
        snprintf(why, why_size, "%s: redirect from https to http (%s) refused", from, to);
    else if (!s->redirect_any_host &&
             (strcmp(from_host, to_host) != 0 || strcmp(from_port, to_port) != 0))
        snprintf(why, why_size, "%s: redirect to another host (%s) refused; set "
                 "follow_redirects = any-host to follow it", from, to);
    else
        allowed = 0;
    curl_free(from_scheme), curl_free(from_host), curl_free(from_port);
    curl_free(to_scheme), curl_free(to_host), curl_free(to_port);
    return allowed;
}

/* One request; classifies the answer into *result (final), RETRY, or
 * REDIRECT with the checked target in session->location. */
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
    char *location = NULL;
    if (status >= 300 && status < 400 &&
        curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location) {
        if (strlen(location) >= sizeof session->location) {
            snprintf(why, why_size, "%s: redirected to an address over %zu bytes", url,
                     sizeof session->location - 1);
            return ATTEMPT_DONE;
        }
        if (redirect_allowed(&session->store->settings, url, location, why, why_size) != 0)
            return ATTEMPT_DONE;
        memcpy(session->location, location, strlen(location) + 1);
        return ATTEMPT_REDIRECT;
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
                             size_t max_bytes, text_buffer *out, char *why, size_t why_size)
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
    int redirects = 0;
    for (int tries = 0;;) {
        attempt_outcome outcome = attempt(session, url, &result, why, why_size);
        if (outcome == ATTEMPT_REDIRECT) {
            if (++redirects > MAX_REDIRECTS) {
                snprintf(why, why_size, "%s/%s: more than %d redirects", store->root, key,
                         MAX_REDIRECTS);
                result = STORE_ERROR;
                break;
            }
            memcpy(url, session->location, strlen(session->location) + 1);
            continue; /* a redirect is no failed attempt */
        }
        if (outcome == ATTEMPT_DONE)
            break;
        if (tries++ >= s->retries) {
            size_t used = strlen(why);
            if (tries > 1)
                snprintf(why + used, why_size - used, " (gave up after %d attempts)", tries);
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
