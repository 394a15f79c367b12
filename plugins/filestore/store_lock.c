/* store_lock.c — libsluice-filestore: open-file-description locks on a
 * file sink's lock file (see <sluice/filestore.h>). */
#include "config.h" /* _GNU_SOURCE: F_OFD_SETLK */

#include <sluice/filestore.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int sluice_fs_lock_open(const char *path, char *why, size_t why_size)
{
    return sluice_fs_open_own(path, O_RDWR, 0644, why, why_size);
}

static int set_lock(int fd, sluice_fs_lock_kind kind, short type)
{
    struct flock lock;
    memset(&lock, 0, sizeof lock);
    lock.l_type = type;
    lock.l_whence = SEEK_SET;
    lock.l_start = (off_t)kind;
    lock.l_len = 1;
    return fcntl(fd, F_OFD_SETLK, &lock);
}

int sluice_fs_lock_try(int fd, sluice_fs_lock_kind kind, char *why, size_t why_size)
{
    if (set_lock(fd, kind, F_WRLCK) == 0)
        return 0;
    if (errno == EAGAIN || errno == EACCES)
        return 1;
    snprintf(why, why_size, "cannot lock: %s", strerror(errno));
    return -1;
}

int sluice_fs_lock_wait(int fd, sluice_fs_lock_kind kind, int (*cancelled)(const void *context),
                   const void *context, char *why, size_t why_size)
{
    const struct timespec pause = {0, 20 * 1000 * 1000};
    for (;;) {
        int tried = sluice_fs_lock_try(fd, kind, why, why_size);
        if (tried != 1)
            return tried;
        if (cancelled(context))
            return 1;
        nanosleep(&pause, NULL);
    }
}

void sluice_fs_lock_release(int fd, sluice_fs_lock_kind kind)
{
    set_lock(fd, kind, F_UNLCK);
}

int sluice_fs_lock_is_current(int fd, const char *path)
{
    struct stat open_file, named_file;
    return fstat(fd, &open_file) == 0 && stat(path, &named_file) == 0 &&
           open_file.st_dev == named_file.st_dev && open_file.st_ino == named_file.st_ino;
}
