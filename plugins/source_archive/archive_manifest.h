/* archive_manifest.h — the lake's ".config.json" manifest (SEP-54):
 * networkPassphrase, version, compression, ledgersPerBatch,
 * batchesPerPartition, read with json_members.h (jansson; unknown keys
 * ignored, the known ones of the right JSON type; the numbers positive). */
#ifndef SOURCE_ARCHIVE_MANIFEST_H
#define SOURCE_ARCHIVE_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#define MANIFEST_TEXT_MAX 256

typedef struct archive_manifest {
    char network_passphrase[MANIFEST_TEXT_MAX]; /* "" when absent */
    char version[MANIFEST_TEXT_MAX];
    char compression[MANIFEST_TEXT_MAX];
    int64_t ledgers_per_batch;      /* 0 when absent */
    int64_t batches_per_partition;  /* 0 when absent */
} archive_manifest;

/* Parse text[0..len).  0, or -1 with why ("line 1, column 17: ..." or
 * "\"ledgersPerBatch\" must be an integer, not a string"). */
int archive_manifest_parse(const char *text, size_t len, archive_manifest *out, char *why,
                           size_t why_size);

#endif
