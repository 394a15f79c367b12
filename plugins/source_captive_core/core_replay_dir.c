/* core_replay_dir.c — per-instance replay directories (see
 * core_replay_dir.h). */
#include "config.h"

#include "core_replay_dir.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
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

int replay_dir_remove_stale(const char *storage)
{
    DIR *dir = opendir(storage);
    if (!dir)
        return 0;
    int removed = 0;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        long pid;
        unsigned n;
        char tail;
        if (sscanf(entry->d_name, "replay-%ld-%u%c", &pid, &n, &tail) != 2 || pid <= 0 ||
            pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char path[4200];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", storage, entry->d_name) < sizeof path) {
            replay_dir_remove(path);
            removed++;
        }
    }
    closedir(dir);
    return removed;
}
