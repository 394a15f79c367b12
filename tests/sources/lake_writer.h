/* lake_writer.h — test helper: write a SEP-54 data lake (zstd-compressed
 * XDR LedgerCloseMetaBatch files under Galexie's names, optional
 * .config.json) from ledger frames, so the archive source can be tested
 * on many-ledger, multi-ledger-per-file, partitioned lakes. */
#ifndef TESTS_SOURCES_LAKE_WRITER_H
#define TESTS_SOURCES_LAKE_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "source_archive/archive_layout.h"

typedef struct lake_spec {
    const char *dir;
    archive_layout layout;
    const char *extension;     /* ".xdr.zst" or ".xdr.zstd" */
} lake_spec;

/* Write dir/.config.json. 0 or -1. */
int lake_write_manifest(const lake_spec *spec, const char *passphrase);

/* Write the file named for named_start holding a batch that claims
 * named_start..named_end and carries frames[0..n).  0 or -1. */
int lake_write_file(const lake_spec *spec, uint32_t named_start, uint32_t named_end,
                    const uint8_t *const *frames, const size_t *lens, size_t n);

/* Group frames (consecutive ledgers from first_sequence) into files by the
 * layout and write every complete file; a trailing partial file is not
 * written.  Returns the number of ledgers written, or -1. */
long lake_write_frames(const lake_spec *spec, uint32_t first_sequence,
                       const uint8_t *const *frames, const size_t *lens, size_t n);

/* Path of the file holding ledger seq, into out. */
void lake_file_path(const lake_spec *spec, uint32_t seq, char *out, size_t size);

#endif
