/* archive_manifest.c — the lake manifest's members (see archive_manifest.h). */
#include "config.h"

#include "archive_manifest.h"
#include "json_members.h"

#include <stdint.h>
#include <string.h>

int archive_manifest_parse(const char *text, size_t len, archive_manifest *out, char *why,
                           size_t why_size)
{
    memset(out, 0, sizeof *out);
    json_t *root = json_object_parse(text, len, why, why_size);
    if (!root)
        return -1;
    int failed =
        json_member_text(root, "networkPassphrase", out->network_passphrase,
                         MANIFEST_TEXT_MAX, why, why_size) < 0 ||
        json_member_text(root, "version", out->version, MANIFEST_TEXT_MAX, why, why_size) < 0 ||
        json_member_text(root, "compression", out->compression, MANIFEST_TEXT_MAX, why,
                         why_size) < 0 ||
        json_member_int(root, "ledgersPerBatch", 1, INT64_MAX, &out->ledgers_per_batch, why,
                        why_size) < 0 ||
        json_member_int(root, "batchesPerPartition", 1, INT64_MAX,
                        &out->batches_per_partition, why, why_size) < 0;
    json_decref(root);
    return failed ? -1 : 0;
}
