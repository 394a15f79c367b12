/* archive_layout.h — where a ledger lives in a SEP-54 ledger-meta data lake
 * (the layout Galexie writes): which file holds it, and that file's key.
 *
 * With partSize = ledgers_per_file * files_per_partition, a ledger's file
 * starts at seq / ledgers_per_file * ledgers_per_file and its key is
 * "<partition>/<file>": partition "%08X--%u-%u" of (0xFFFFFFFF - partStart,
 * partStart, partEnd), omitted when files_per_partition is 1; file
 * "%08X--%u-%u<ext>" of (0xFFFFFFFF - fileStart, fileStart, fileEnd), or
 * "%08X--%u<ext>" when a file holds one ledger.  Current Galexie writes the
 * extension ".xdr.zst", older stores ".xdr.zstd". */
#ifndef SOURCE_ARCHIVE_LAYOUT_H
#define SOURCE_ARCHIVE_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct archive_layout {
    uint32_t ledgers_per_file;     /* >= 1 */
    uint32_t files_per_partition;  /* >= 1 */
} archive_layout;

/* The two extensions a lake object may have, newest first. */
#define ARCHIVE_EXTENSION_COUNT 2
extern const char *const archive_extensions[ARCHIVE_EXTENSION_COUNT];

/* First and last ledger of the file holding seq (the last is clamped to
 * UINT32_MAX). */
uint32_t archive_file_start(const archive_layout *layout, uint32_t seq);
uint32_t archive_file_end(const archive_layout *layout, uint32_t file_start);

/* Write the key of the file starting at file_start with the given
 * extension into out; returns 0, or -1 when out is too small. */
int archive_object_key(const archive_layout *layout, uint32_t file_start, const char *extension,
                       char *out, size_t out_size);

#endif
