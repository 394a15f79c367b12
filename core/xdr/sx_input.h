/* sx_input.h — turning input bytes into XDR values' bytes: gzip/zstd
 * unpacking by magic number, base64 lines, and the record-marked stream
 * framing of stellar-core's --metadata-output-stream
 * ([uint32 BE 0x80000000 | len][len bytes] ...).
 *
 * Errors are returned as -1 with a reason in a caller-provided buffer;
 * nothing here prints.
 */
#ifndef SX_INPUT_H
#define SX_INPUT_H

#include "sx_runtime.h"

/* If data is gzip or zstd, appends the unpacked bytes to `out` and sets
 * *unpacked = 1; otherwise leaves `out` alone and sets *unpacked = 0.
 * -1 on corrupt input, on a format this build lacks, or when the output
 * would pass `max_out` bytes. */
int sx_input_unpack(const uint8_t *data, size_t len, size_t max_out, sx_buf *out,
                    int *unpacked, char *why, size_t why_size);

/* Decodes standard base64 (whitespace ignored, '=' padding) and appends
 * the bytes to `out`; -1 on a character outside the alphabet. */
int sx_base64_decode(const char *text, size_t len, sx_buf *out, char *why, size_t why_size);

/* Appends standard base64 of data to out (no newline). */
int sx_base64_encode(const uint8_t *data, size_t len, sx_buf *out);

/* Record-marked stream iteration.  *pos is the offset of the next record;
 * returns 1 and sets frame/frame_len for a record, 0 at the clean end,
 * -1 (with why) on a truncated record or one without the last-fragment bit. */
int sx_frame_next(const uint8_t *data, size_t len, size_t *pos, const uint8_t **frame,
                  size_t *frame_len, char *why, size_t why_size);

#endif
