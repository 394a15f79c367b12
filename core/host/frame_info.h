/* frame_info.h — walk a LedgerCloseMeta: validate the frame and read its
 * header without decoding the rest; serves host->frame_walk. */
#ifndef SLUICE_FRAME_INFO_H
#define SLUICE_FRAME_INFO_H

#include <stddef.h>
#include <stdint.h>
#include <sluice/plugin.h>

/* The frame at the start of data[0..len), validated in one walk: its
 * header read into *info (NULL: not wanted; the members within the
 * info->struct_size the caller set, no further) and its encoded length
 * stored in *frame_len (NULL: not wanted).
 * Without SLUICE_WALK_PREFIX in flags the frame must be all of data.
 * 0, or -1 with why filled. */
int frame_walk(const uint8_t *data, size_t len, unsigned flags, size_t *frame_len,
               sluice_frame_info *info, char *why, size_t why_size);

#endif
