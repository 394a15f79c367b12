/* archive_batch.c — decompress, split and check one lake object (see
 * archive_batch.h). */
#include "config.h"

#include "archive_batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first ledger that exists. */
#define FIRST_LEDGER 2u

static uint32_t load_u32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The decompressed size the frames of in declare, or
 * ZSTD_CONTENTSIZE_UNKNOWN when one does not say or the data is damaged
 * (decompression then finds out). */
static unsigned long long declared_size(const text_buffer *in)
{
    unsigned long long total = 0;
    for (size_t at = 0; at < in->len;) {
        unsigned long long content = ZSTD_getFrameContentSize(in->data + at, in->len - at);
        size_t frame = ZSTD_findFrameCompressedSize(in->data + at, in->len - at);
        if (content == ZSTD_CONTENTSIZE_UNKNOWN || content == ZSTD_CONTENTSIZE_ERROR ||
            ZSTD_isError(frame) || content > ZSTD_CONTENTSIZE_ERROR - 1 - total)
            return ZSTD_CONTENTSIZE_UNKNOWN;
        total += content;
        at += frame;
    }
    return total;
}

/* Decompress every zstd frame of in into out, at most max_bytes.  When the
 * frames declare their sizes (Galexie's and sluice-synth's do), out is
 * sized once and zstd decodes each frame straight into it (its single-pass
 * mode: no copy out of its window buffer); otherwise out grows as it fills. */
static int decompress(ZSTD_DCtx *dctx, const text_buffer *in, size_t max_bytes,
                      text_buffer *out, char *why, size_t why_size)
{
    out->len = 0;
    if (in->len == 0) {
        snprintf(why, why_size, "empty file");
        return -1;
    }
    unsigned long long declared = declared_size(in);
    if (declared != ZSTD_CONTENTSIZE_UNKNOWN && (declared > max_bytes || text_buffer_reserve(out, (size_t)declared, max_bytes) != 0)) {
        snprintf(why, why_size, "declares %llu decompressed bytes, more than the limit of %zu "
                 "bytes", declared, max_bytes);
        return -1;
    }
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
    ZSTD_inBuffer input = {in->data, in->len, 0};
    size_t pending = 1;   /* ZSTD_decompressStream's "more to do" hint */
    while (input.pos < input.size || pending != 0) {
        if (out->len == out->capacity && text_buffer_reserve(out, ZSTD_DStreamOutSize(), max_bytes) != 0 &&
            text_buffer_reserve(out, 1, max_bytes) != 0) {
            snprintf(why, why_size, "decompresses to more than the limit of %zu bytes",
                     max_bytes);
            return -1;
        }
        ZSTD_outBuffer output = {out->data + out->len, out->capacity - out->len, 0};
        size_t before = input.pos;
        pending = ZSTD_decompressStream(dctx, &output, &input);
        if (ZSTD_isError(pending)) {
            snprintf(why, why_size, "corrupt zstd data at compressed byte %zu: %s", input.pos,
                     ZSTD_getErrorName(pending));
            return -1;
        }
        out->len += output.pos;
        if (input.pos == input.size && pending != 0 && output.pos == 0 && before == input.pos) {
            snprintf(why, why_size, "truncated zstd frame: the compressed data ends after %zu "
                     "bytes inside a frame", input.size);
            return -1;
        }
    }
    return 0;
}

static int grow_index(archive_batch *batch, size_t count)
{
    size_t *offsets = realloc(batch->offsets, count * sizeof *offsets);
    if (offsets)
        batch->offsets = offsets;
    size_t *lengths = realloc(batch->lengths, count * sizeof *lengths);
    if (lengths)
        batch->lengths = lengths;
    sluice_frame_info *infos = realloc(batch->infos, count * sizeof *infos);
    if (infos)
        batch->infos = infos;
    return offsets && lengths && infos ? 0 : -1;
}

/* Split and check the decompressed batch. */
static int split(const sluice_host *host, archive_batch *batch, uint32_t named_start,
                 uint32_t named_end, char *why, size_t why_size)
{
    const uint8_t *data = (const uint8_t *)batch->xdr.data;
    size_t len = batch->xdr.len;
    if (len < 12) {
        snprintf(why, why_size, "LedgerCloseMetaBatch of %zu bytes is shorter than its header",
                 len);
        return -1;
    }
    uint32_t start = load_u32(data), end = load_u32(data + 4), count = load_u32(data + 8);
    uint32_t first = named_start < FIRST_LEDGER ? FIRST_LEDGER : named_start;
    if ((start != named_start && start != first) || end != named_end) {
        snprintf(why, why_size, "batch holds ledgers %u..%u but the file name says %u..%u",
                 start, end, named_start, named_end);
        return -1;
    }
    if (end < first || count != end - first + 1) {
        snprintf(why, why_size, "batch %u..%u has %u ledgers, expected %u", start, end, count,
                 end < first ? 0 : end - first + 1);
        return -1;
    }
    if (grow_index(batch, count) != 0) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    size_t at = 12;
    for (uint32_t i = 0; i < count; i++) {
        char detail[512];
        size_t value_len;
        batch->infos[i].struct_size = sizeof batch->infos[i];
        if (host->frame_walk(host, data + at, len - at, SLUICE_WALK_PREFIX, &value_len,
                             &batch->infos[i], detail, sizeof detail) != SLUICE_OK) {
            snprintf(why, why_size, "ledger %u of the batch (byte %zu): %s", first + i, at,
                     detail);
            return -1;
        }
        if (batch->infos[i].sequence != first + i) {
            snprintf(why, why_size, "batch %u..%u: entry %u is ledger %u, expected %u", start,
                     end, i, batch->infos[i].sequence, first + i);
            return -1;
        }
        batch->offsets[i] = at;
        batch->lengths[i] = value_len;
        at += value_len;
    }
    if (at != len) {
        snprintf(why, why_size, "%zu trailing bytes after the batch's %u ledgers", len - at,
                 count);
        return -1;
    }
    batch->count = count;
    return 0;
}

int archive_batch_decode(const sluice_host *host, ZSTD_DCtx *dctx, const text_buffer *compressed,
                         uint32_t named_start, uint32_t named_end, size_t max_bytes,
                         archive_batch *out, char *why, size_t why_size)
{
    out->count = 0;
    if (decompress(dctx, compressed, max_bytes, &out->xdr, why, why_size) != 0 ||
        split(host, out, named_start, named_end, why, why_size) != 0) {
        out->count = 0;
        return -1;
    }
    return 0;
}

void archive_batch_free(archive_batch *batch)
{
    text_buffer_free(&batch->xdr);
    free(batch->offsets);
    free(batch->lengths);
    free(batch->infos);
    memset(batch, 0, sizeof *batch);
}
