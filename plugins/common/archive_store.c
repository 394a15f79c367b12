/* archive_store.c — store dispatch (see archive_store.h). */
#include "config.h"

#include "archive_store_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store_session {
    archive_store *store;
    void *state;
};

static char *copy_without_trailing_slashes(const char *text)
{
    size_t n = strlen(text);
    while (n > 1 && text[n - 1] == '/')
        n--;
    char *copy = malloc(n + 1);
    if (copy) {
        memcpy(copy, text, n);
        copy[n] = '\0';
    }
    return copy;
}

int archive_store_open(archive_store **out, const store_settings *settings, char *why,
                       size_t why_size)
{
    *out = NULL;
    const store_backend *backend = settings->url ? store_http_backend : &store_file_backend;
    if (!backend) {
        snprintf(why, why_size, "url is set but this build of sluice has no libcurl, so HTTP "
                 "archives cannot be read");
        return -1;
    }
    archive_store *store = calloc(1, sizeof *store);
    const char *root = settings->url ? settings->url : settings->path;
    if (store) {
        store->backend = backend;
        store->settings = *settings;
        store->root = copy_without_trailing_slashes(root);
        size_t n = strlen(root) + 8;
        store->location = malloc(n);
        if (store->location)
            snprintf(store->location, n, "%s %s", settings->url ? "url" : "path", root);
    }
    if (!store || !store->root || !store->location) {
        archive_store_close(store);
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    store->settings.path = store->settings.url = NULL; /* the caller's strings */
    *out = store;
    return 0;
}

void archive_store_close(archive_store *store)
{
    if (!store)
        return;
    free(store->root);
    free(store->location);
    free(store);
}

const char *archive_store_location(const archive_store *store)
{
    return store->location;
}

store_session *store_session_open(archive_store *store, char *why, size_t why_size)
{
    store_session *session = calloc(1, sizeof *session);
    if (!session) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    session->store = store;
    if (store->backend->session_open &&
        store->backend->session_open(store, &session->state, why, why_size) != 0) {
        free(session);
        return NULL;
    }
    return session;
}

void store_session_close(store_session *session)
{
    if (!session)
        return;
    if (session->store->backend->session_close)
        session->store->backend->session_close(session->state);
    free(session);
}

const char *store_session_location(const store_session *session)
{
    return session->store->location;
}

store_result store_get(store_session *session, const char *key, size_t max_bytes,
                       text_buffer *out, char *why, size_t why_size)
{
    out->len = 0;
    return session->store->backend->get(session->store, session->state, key, max_bytes, out,
                                        why, why_size);
}

store_result store_exists(store_session *session, const char *key, char *why, size_t why_size)
{
    return session->store->backend->get(session->store, session->state, key, 0, NULL, why,
                                        why_size);
}
