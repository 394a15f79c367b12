/* archive_store_backend.h — what each kind of store (file, HTTP)
 * implements behind archive_store.h.  Internal to the archive_store*.c files. */
#ifndef PLUGINS_ARCHIVE_STORE_BACKEND_H
#define PLUGINS_ARCHIVE_STORE_BACKEND_H

#include "archive_store.h"

typedef struct store_backend {
    /* Per-session state (may be NULL); 0 or -1 with why. */
    int (*session_open)(const archive_store *store, void **state, char *why, size_t why_size);
    void (*session_close)(void *state);
    /* out NULL: existence check only. */
    store_result (*get)(const archive_store *store, void *state, const char *key,
                        size_t max_bytes, text_buffer *out, char *why, size_t why_size);
} store_backend;

struct archive_store {
    const store_backend *backend;
    store_settings settings;
    char *root;              /* path or URL, without trailing '/' */
    char *location;          /* for messages */
};

extern const store_backend store_file_backend;
/* NULL when built without libcurl. */
extern const store_backend *const store_http_backend;

#endif
