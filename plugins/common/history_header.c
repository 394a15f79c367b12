/* history_header.c — a checkpoint's ledger header and the bucket list
 * hash it commits to (see history_header.h). */
#include "config.h"

#include "history_header.h"
#include "history_stream.h"
#include "stellar/sha256.h"
#include "xdr/gen/sx_codec.h"

#include <stdio.h>
#include <string.h>

/* Check one record, and take it when it is the checkpoint's: 1 taken,
 * 0 another ledger's, -1 with why. */
static int take_record(const uint8_t *record, size_t len, uint32_t checkpoint, sx_arena *arena,
                       sx_buf *encoded, history_header *out, char *why, size_t why_size)
{
    sx_LedgerHeaderHistoryEntry entry;
    sx_error error;
    sx_arena_reset(arena);
    if (sx_decode_LedgerHeaderHistoryEntry(record, len, arena, &entry, &error) != 0) {
        char line[1024];
        snprintf(why, why_size, "not a LedgerHeaderHistoryEntry: %s",
                 sx_error_format(&error, line, sizeof line));
        return -1;
    }
    if (entry.header.ledgerSeq != checkpoint)
        return 0;
    encoded->len = 0;
    if (sx_encode_LedgerHeader(&entry.header, encoded) != 0) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    uint8_t digest[32];
    sha256(encoded->data, encoded->len, digest);
    if (memcmp(digest, entry.hash, 32) != 0) {
        char claimed[65], actual[65];
        history_hex(claimed, entry.hash);
        history_hex(actual, digest);
        snprintf(why, why_size, "ledger %u: the entry's hash %s is not its header's (%s)",
                 checkpoint, claimed, actual);
        return -1;
    }
    out->ledger_seq = entry.header.ledgerSeq;
    out->protocol_version = entry.header.ledgerVersion;
    memcpy(out->hash, digest, 32);
    memcpy(out->previous_hash, entry.header.previousLedgerHash, 32);
    memcpy(out->bucket_list_hash, entry.header.bucketListHash, 32);
    return 1;
}

int history_header_parse(const uint8_t *data, size_t len, uint32_t checkpoint,
                         history_header *out, char *why, size_t why_size)
{
    history_stream stream;
    if (history_stream_open(&stream, data, len, why, why_size) != 0)
        return -1;
    sx_arena *arena = sx_arena_new(1 << 16);
    sx_buf encoded;
    sx_buf_init(&encoded);
    int found = arena ? 0 : -1;
    if (!arena)
        snprintf(why, why_size, "out of memory");
    while (found == 0) {
        const uint8_t *record;
        size_t record_len;
        int more = history_stream_next(&stream, &record, &record_len, why, why_size);
        if (more <= 0) {
            if (more == 0)
                snprintf(why, why_size, "no header of ledger %u among its %llu records",
                         checkpoint, (unsigned long long)stream.records);
            found = -1;
        } else {
            found = take_record(record, record_len, checkpoint, arena, &encoded, out, why,
                                why_size);
        }
    }
    sx_buf_free(&encoded);
    sx_arena_free(arena);
    history_stream_close(&stream);
    return found == 1 ? 0 : -1;
}

int history_header_fetch(store_session *session, uint32_t checkpoint, size_t max_bytes,
                         history_header *out, char *why, size_t why_size)
{
    char key[HISTORY_KEY_MAX], detail[1024];
    history_checkpoint_key(key, "ledger", checkpoint);
    text_buffer data = {0};
    int result = history_fetch(session, key, max_bytes, &data, why, why_size);
    if (result == 0 && history_header_parse((const uint8_t *)data.data, data.len, checkpoint,
                                            out, detail, sizeof detail) != 0) {
        snprintf(why, why_size, "%s: %s: %s", store_session_location(session), key, detail);
        result = -1;
    }
    text_buffer_free(&data);
    return result;
}

void history_list_hash(const history_level levels[HISTORY_LEVELS], uint8_t out[32])
{
    sha256_ctx list;
    sha256_init(&list);
    for (size_t i = 0; i < HISTORY_LEVELS; i++) {
        sha256_ctx level;
        uint8_t level_hash[32];
        sha256_init(&level);
        sha256_update(&level, levels[i].curr, 32);
        sha256_update(&level, levels[i].snap, 32);
        sha256_final(&level, level_hash);
        sha256_update(&list, level_hash, 32);
    }
    sha256_final(&list, out);
}

void history_committed_hash(const history_state *state, uint32_t protocol_version,
                            uint8_t out[32])
{
    uint8_t both[64];
    history_list_hash(state->live, both);
    if (protocol_version < HISTORY_FIRST_PROTOCOL_HOT_ARCHIVE) {
        memcpy(out, both, 32);
        return;
    }
    history_list_hash(state->hot, both + 32); /* all empty when the state has none */
    sha256(both, sizeof both, out);
}
