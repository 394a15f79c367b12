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

int frame_info_prefix(const uint8_t *data, size_t len, size_t *frame_len,
                      sluice_frame_info *info, char *why, size_t why_size)
{
    sx_error err;
    size_t ext_len, value_len;
    memset(&err, 0, sizeof err);
    if (sx_skip_LedgerCloseMeta(data, len, frame_len, &err) != 0)
        return fail_with(&err, why, why_size);
    /* validated above: every read below is in bounds */
    len = *frame_len;
    size_t at = 4;
    if (load_u32(data) != 0) {
        if (sx_skip_LedgerCloseMetaExt(data + at, len - at, &ext_len, &err) != 0)
            return fail_with(&err, why, why_size);
        at += ext_len;
    }
    const uint8_t *entry = data + at;
    memcpy(info->hash, entry, 32);
    info->protocol_version = load_u32(entry + 32);
    memcpy(info->previous_hash, entry + 36, 32);
    const uint8_t *scp_value = entry + 68;
    info->close_time = (uint64_t)load_u32(scp_value + 32) << 32 | load_u32(scp_value + 36);
    if (sx_skip_StellarValue(scp_value, len - (size_t)(scp_value - data), &value_len, &err) != 0)
        return fail_with(&err, why, why_size);
    info->sequence = load_u32(scp_value + value_len + 64);
    return 0;
}

int frame_info_read(const uint8_t *data, size_t len, sluice_frame_info *info, char *why,
                    size_t why_size)
{
    size_t consumed;
    if (frame_info_prefix(data, len, &consumed, info, why, why_size) != 0)
        return -1;
    if (consumed != len) {
        snprintf(why, why_size, "LedgerCloseMeta: %zu trailing bytes after the frame at byte %zu",
                 len - consumed, consumed);
        return -1;
    }
    return 0;
}

int frame_value_length(const char *type, const uint8_t *data, size_t len, size_t *value_len,
                       char *why, size_t why_size)
{
    const sx_type_info *info = sx_registry_find(type);
    if (!info) {
        snprintf(why, why_size, "unknown XDR type '%s'", type);
        return -1;
    }
    sx_error err;
    memset(&err, 0, sizeof err);
    if (info->skip(data, len, value_len, &err) != 0)
        return fail_with(&err, why, why_size);
    return 0;
}
