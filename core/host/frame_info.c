/* frame_info.c — header of a LedgerCloseMeta by position (see frame_info.h).
 *
 * Every version puts a LedgerHeaderHistoryEntry right after its union
 * discriminant (V0) or after its LedgerCloseMetaExt (V1, V2).  The entry
 * starts with the fixed-size hash, ledgerVersion, previousLedgerHash and
 * scpValue.{txSetHash, closeTime}; ledgerSeq follows the variable-size
 * StellarValue and two more hashes.  The generated skip walkers validate
 * the frame and measure the variable parts. */
#include "config.h"

#include "host/frame_info.h"
#include "xdr/gen/sx_codec.h"

#include <stdio.h>
#include <string.h>

static uint32_t load_u32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int fail_with(const sx_error *err, char *why, size_t why_size)
{
    sx_error_format(err, why, why_size);
    return -1;
}

/* The header of a validated frame of frame_len bytes. */
static int read_header(const uint8_t *data, size_t frame_len, sluice_frame_info *info,
                       char *why, size_t why_size)
{
    sx_error err;
    size_t ext_len, value_len;
    memset(&err, 0, sizeof err);
    size_t at = 4;
    if (load_u32(data) != 0) {
        if (sx_skip_LedgerCloseMetaExt(data + at, frame_len - at, &ext_len, &err) != 0)
            return fail_with(&err, why, why_size);
        at += ext_len;
    }
    const uint8_t *entry = data + at;
    memcpy(info->hash, entry, 32);
    info->protocol_version = load_u32(entry + 32);
    memcpy(info->previous_hash, entry + 36, 32);
    const uint8_t *scp_value = entry + 68;
    info->close_time = (uint64_t)load_u32(scp_value + 32) << 32 | load_u32(scp_value + 36);
    if (sx_skip_StellarValue(scp_value, frame_len - (size_t)(scp_value - data), &value_len,
                             &err) != 0)
        return fail_with(&err, why, why_size);
    info->sequence = load_u32(scp_value + value_len + 64);
    return 0;
}

int frame_walk(const uint8_t *data, size_t len, unsigned flags, size_t *frame_len,
               sluice_frame_info *info, char *why, size_t why_size)
{
    sx_error err;
    size_t walked;
    memset(&err, 0, sizeof err);
    if (sx_skip_LedgerCloseMeta(data, len, &walked, &err) != 0)
        return fail_with(&err, why, why_size);
    if (!(flags & SLUICE_WALK_PREFIX) && walked != len) {
        snprintf(why, why_size, "LedgerCloseMeta: %zu trailing bytes after the frame at byte %zu",
                 len - walked, walked);
        return -1;
    }
    /* validated above: every read of the header is in bounds */
    if (info) {
        sluice_frame_info full;
        if (read_header(data, walked, &full, why, why_size) != 0)
            return -1;
        /* the caller's struct may be older and shorter than ours */
        size_t declared = info->struct_size < sizeof full ? info->struct_size : sizeof full;
        if (declared > sizeof full.struct_size)
            memcpy((char *)info + sizeof full.struct_size,
                   (const char *)&full + sizeof full.struct_size,
                   declared - sizeof full.struct_size);
    }
    if (frame_len)
        *frame_len = walked;
    return 0;
}
