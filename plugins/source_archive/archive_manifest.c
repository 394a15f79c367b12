/* archive_manifest.c — the lake manifest's members (see archive_manifest.h). */
#include "config.h"

#include "archive_manifest.h"
#include "json_fields.h"

#include <string.h>

int archive_manifest_parse(const char *text, size_t len, archive_manifest *out, char *why,
                           size_t why_size)
{
    memset(out, 0, sizeof *out);
    const json_field fields[] = {
        {"networkPassphrase", out->network_passphrase, MANIFEST_TEXT_MAX, NULL, 0},
        {"version", out->version, MANIFEST_TEXT_MAX, NULL, 0},
        {"compression", out->compression, MANIFEST_TEXT_MAX, NULL, 0},
        {"ledgersPerBatch", NULL, 0, &out->ledgers_per_batch, 1},
        {"batchesPerPartition", NULL, 0, &out->batches_per_partition, 1},
    };
    return json_read_fields(text, len, fields, sizeof fields / sizeof *fields, why, why_size);
}
