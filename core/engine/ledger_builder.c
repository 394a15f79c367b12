/* ledger_builder.c — frame → sluice_ledger (see ledger_builder.h). */
#include "config.h"

#include "engine/ledger_builder.h"
#include "frame_info.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

struct ledger_builder {
    sluice_frame_info info;
};

ledger_builder *ledger_builder_new(void)
{
    return xcalloc(1, sizeof(ledger_builder));
}

void ledger_builder_free(ledger_builder *builder)
{
    free(builder);
}

int ledger_builder_build(ledger_builder *builder, const uint8_t *frame, size_t len,
                         uint32_t expected_sequence, sluice_ledger *out, error_report *err)
{
    char why[512];
    if (frame_info_read(frame, len, &builder->info, why, sizeof why) != 0) {
        report_set(err, why, "Nothing of this ledger was committed; the cursor did not move.",
                   "ledger %u: invalid LedgerCloseMeta frame", expected_sequence);
        return -1;
    }
    if (builder->info.sequence != expected_sequence) {
        report_set(err, NULL, "Nothing of this ledger was committed; the cursor did not move.",
                   "ledger %u: the frame's header says ledger %u", expected_sequence,
                   builder->info.sequence);
        return -1;
    }
    memset(out, 0, sizeof *out);
    sluice_ledger_row *row = &out->ledger;
    row->sequence = builder->info.sequence;
    memcpy(row->hash, builder->info.hash, 32);
    memcpy(row->previous_hash, builder->info.previous_hash, 32);
    row->close_time = (int64_t)builder->info.close_time;
    row->protocol_version = builder->info.protocol_version;
    out->frame.data = frame;
    out->frame.len = len;
    return 0;
}
