/* frame_info.h — read a LedgerCloseMeta's header and validate the frame,
 * without decoding the rest; also serves host->frame_info,
 * host->frame_info_prefix and host->xdr_value_length. */
#ifndef SLUICE_FRAME_INFO_H
#define SLUICE_FRAME_INFO_H

#include <stddef.h>
#include <stdint.h>
#include <sluice/plugin.h>

/* The frame at the start of data[0..len) (more may follow): validated, its
 * header read and its encoded length stored in *frame_len, in one walk.
 * 0, or -1 with why filled. */
int frame_info_prefix(const uint8_t *data, size_t len, size_t *frame_len,
                      sluice_frame_info *info, char *why, size_t why_size);

/* 0, or -1 with why filled.  The whole of data must be one frame. */
int frame_info_read(const uint8_t *data, size_t len, sluice_frame_info *info, char *why,
                    size_t why_size);

/* 0 with *value_len set, or -1 with why filled (also for unknown types). */
int frame_value_length(const char *type, const uint8_t *data, size_t len, size_t *value_len,
                       char *why, size_t why_size);

#endif
