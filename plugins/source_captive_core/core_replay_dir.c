/* core_replay_dir.c — per-instance replay directories (see
 * core_replay_dir.h). */
#include "config.h"

#include "core_replay_dir.h"

#include <errno.h>
#include <ftw.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static atomic_uint serial;

int replay_dir_create(const char *storage, char *out, size_t out_size, char *why,
                      size_t why_size)
{
    unsigned n = atomic_fetch_add(&serial, 1);
    if ((size_t)snprintf(out, out_size, "%s/replay-%ld-%u", storage, (long)getpid(), n) >=
        out_size) {
        snprintf(why, why_size, "storage_path is too long");
        out[0] = '\0';
        return -1;
    }
    if (mkdir(out, 0700) != 0) {
        snprintf(why, why_size, "%s: %s", out, strerror(errno));
        out[0] = '\0';
        return -1;
    }
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

void replay_dir_remove(const char *dir)
{
    if (dir[0])
        nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
