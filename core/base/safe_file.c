/* safe_file.c — create and open files without following a link someone
 * planted in a shared directory (see safe_file.h).  Also compiled into
 * libsluice-filestore, whose sluice_fs_create_new / sluice_fs_open_own are
 * these functions. */
#include "config.h"

#include "base/safe_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int safe_file_create_new(const char *path, unsigned mode, char *why, size_t why_size)
{
    struct stat st;
    /* a leftover of a crashed write, or a planted link: the entry itself
     * goes (unlink never follows a link), never what it points to */
    if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode) && unlink(path) != 0 && errno != ENOENT) {
        snprintf(why, why_size, "cannot remove the old %s: %s", path, strerror(errno));
        return -1;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
    if (fd < 0)
        snprintf(why, why_size, "cannot create %s: %s%s", path, strerror(errno),
                 errno == EEXIST ? " (something was put there meanwhile: refused)" : "");
    return fd;
}

int safe_file_open_own(const char *path, int flags, unsigned mode, char *why, size_t why_size)
{
    int fd = open(path, flags | O_CREAT | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
    if (fd < 0) {
        snprintf(why, why_size, "cannot open %s: %s%s", path, strerror(errno),
                 errno == ELOOP ? " (a symbolic link: refused)" : "");
        return -1;
    }
    struct stat st;
    const char *refused = fstat(fd, &st) != 0     ? strerror(errno)
                          : !S_ISREG(st.st_mode)  ? "not a regular file"
                          : st.st_uid != geteuid() ? "owned by another user"
                                                   : NULL;
    if (refused) {
        snprintf(why, why_size, "cannot use %s: %s (refused)", path, refused);
        close(fd);
        return -1;
    }
    return fd;
}
