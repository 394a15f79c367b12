/* safe_file.h — files sluice creates or replaces, in directories others
 * may write (state files, their temporaries, lock files, outputs, logs,
 * the captive-core config): never through a symbolic link, never a file
 * someone else put there. */
#ifndef SLUICE_SAFE_FILE_H
#define SLUICE_SAFE_FILE_H

#include <stddef.h>

/* Create path as a new, empty regular file for writing: an entry already
 * there (a leftover temporary, or a planted link) is removed, never
 * followed; O_EXCL | O_NOFOLLOW.  An fd, or -1 with why. */
int safe_file_create_new(const char *path, unsigned mode, char *why, size_t why_size);

/* Open path with flags, creating it with mode when missing; a symbolic
 * link, anything but a regular file and a file of another user are
 * refused.  An fd, or -1 with why. */
int safe_file_open_own(const char *path, int flags, unsigned mode, char *why, size_t why_size);

#endif
