/* ledger_builder.c — frame → sluice_ledger through the indexer (see
 * ledger_builder.h). */
#include "config.h"

#include "engine/ledger_builder.h"
#include "base/xalloc.h"

#include <stdlib.h>

struct ledger_builder {
    indexer *ix;
};

ledger_builder *ledger_builder_new(const indexer_options *options)
{
    ledger_builder *builder = xcalloc(1, sizeof *builder);
    builder->ix = indexer_new(options);
    return builder;
}

void ledger_builder_free(ledger_builder *builder)
{
    if (!builder)
        return;
    indexer_free(builder->ix);
    free(builder);
}

int ledger_builder_build(ledger_builder *builder, const uint8_t *frame, size_t len,
                         uint32_t expected_sequence, sluice_ledger *out, error_report *err)
{
    error_report cause;
    if (indexer_index_frame(builder->ix, frame, len, out, &cause) != 0) {
        report_set(err, cause.detail[0] ? cause.detail : NULL,
                   "Nothing of this ledger was committed; the cursor did not move.",
                   "ledger %u: %s", expected_sequence, cause.message);
        return -1;
    }
    if (out->ledger.sequence != expected_sequence) {
        report_set(err, NULL, "Nothing of this ledger was committed; the cursor did not move.",
                   "ledger %u: the frame's header says ledger %u", expected_sequence,
                   out->ledger.sequence);
        return -1;
    }
    return 0;
}
