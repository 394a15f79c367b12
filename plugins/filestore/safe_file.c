/* safe_file.c — the filestore's names for core/base/safe_file.c (the one
 * implementation, compiled into this library too). */
#include "config.h"

#include "base/safe_file.h"
#include <sluice/filestore.h>

int sluice_fs_create_new(const char *path, unsigned mode, char *why, size_t why_size)
{
    return safe_file_create_new(path, mode, why, why_size);
}

int sluice_fs_open_own(const char *path, int flags, unsigned mode, char *why, size_t why_size)
{
    return safe_file_open_own(path, flags, mode, why, why_size);
}
