/* core_replay_dir.h — a private working directory for one instance's
 * offline replays (bounded catchups) under storage_path, as stellar-go
 * gives each catchup its own "captive-core-<random>" directory: parallel
 * catchup and backfill workers each run their own stellar-core, and two
 * of them in one directory would share (and clobber) stellar.db and the
 * buckets.  Following the network (unbounded) keeps using storage_path
 * itself, so its state is reused across runs. */
#ifndef CAPTIVE_CORE_REPLAY_DIR_H
#define CAPTIVE_CORE_REPLAY_DIR_H

#include <stddef.h>

/* Make <storage>/replay-<pid>-<serial> (unique in this process); its path
 * into out.  0, or -1 with why. */
int replay_dir_create(const char *storage, char *out, size_t out_size, char *why,
                      size_t why_size);

/* Remove the directory and everything in it (not following symlinks).
 * Empty path: nothing to do. */
void replay_dir_remove(const char *dir);

/* Remove the replay directories in storage left by processes that no
 * longer exist (killed before their close); how many were removed. */
int replay_dir_remove_stale(const char *storage);

#endif
