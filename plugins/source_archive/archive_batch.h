/* archive_batch.h — one lake object turned into checked ledger frames:
 * zstd-decompress it (bounded), read the XDR LedgerCloseMetaBatch
 * {startSequence, endSequence, ledgerCloseMetas<>}, split the metas and
 * read their headers with host->frame_walk (one walk each), and
 * check the batch against the file's name: start and end as named, the
 * metas' sequences contiguous from start, no trailing bytes.  Ledgers 0
 * and 1 do not exist: the file named from 0 holds ledgers from 2, and its
 * batch may say it starts at 0 or at 2. */
#ifndef SOURCE_ARCHIVE_BATCH_H
#define SOURCE_ARCHIVE_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <zstd.h>

#include <sluice/plugin.h>

#include "archive_store.h"

typedef struct archive_batch {
    text_buffer xdr;          /* the decompressed object */
    size_t count;               /* ledgers in it */
    size_t *offsets;            /* count entries: where each frame starts in xdr */
    size_t *lengths;            /* count entries */
    sluice_frame_info *infos;   /* count entries */
} archive_batch;

/* Decode compressed into out (whose buffers are reused).  0, or -1 with
 * why filled (without the file's name: the caller adds it). */
int archive_batch_decode(const sluice_host *host, ZSTD_DCtx *dctx, const text_buffer *compressed,
                         uint32_t named_start, uint32_t named_end, size_t max_bytes,
                         archive_batch *out, char *why, size_t why_size);
void archive_batch_free(archive_batch *batch);

#endif
