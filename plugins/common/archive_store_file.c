/* archive_store_file.c — lake objects from a local directory. */
#include "config.h"

#include "archive_store_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static store_result file_get(const archive_store *store, void *state, const char *key,
                             size_t max_bytes, text_buffer *out, char *why, size_t why_size)
{
    (void)state;
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", store->root, key) >= sizeof path) {
        snprintf(why, why_size, "%s/%s: path too long", store->root, key);
        return STORE_ERROR;
    }
    /* O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer;
     * fstat below refuses anything but a regular file before any read. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return STORE_MISSING;
        snprintf(why, why_size, "%s: %s", path, strerror(errno));
        return STORE_ERROR;
    }
    struct stat st;
    store_result result = STORE_ERROR;
    if (fstat(fd, &st) != 0) {
        snprintf(why, why_size, "%s: %s", path, strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        snprintf(why, why_size, "%s: not a regular file (a FIFO, device or directory is "
                 "never read)", path);
    } else if (!out) {
        result = STORE_FOUND;
    } else if ((uint64_t)st.st_size > max_bytes ||
               text_buffer_reserve(out, (size_t)st.st_size, max_bytes) != 0) {
        snprintf(why, why_size, "%s: %lld bytes, more than the limit of %zu", path,
                 (long long)st.st_size, max_bytes);
    } else {
        result = STORE_FOUND;
        while (out->len < (size_t)st.st_size) {
            ssize_t n = read(fd, out->data + out->len, (size_t)st.st_size - out->len);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                snprintf(why, why_size, "%s: %s", path,
                         n < 0 ? strerror(errno) : "file shrank while being read");
                result = STORE_ERROR;
                break;
            }
            out->len += (size_t)n;
        }
    }
    close(fd);
    return result;
}

const store_backend store_file_backend = {
    .session_open = NULL,
    .session_close = NULL,
    .get = file_get,
};
