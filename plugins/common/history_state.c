/* history_state.c — History Archive State files and checkpoint file names
 * (see history_state.h). */
#include "config.h"

#include "history_state.h"
#include "json_members.h"

#include <stdio.h>
#include <string.h>

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The bucket hash at member key of level (64 hex digits). */
static int read_hash(const json_t *level, const char *list, size_t index, const char *key,
                     uint8_t out[32], char *why, size_t why_size)
{
    const json_t *value = json_object_get(level, key);
    const char *text = json_is_string(value) ? json_string_value(value) : NULL;
    if (!text || json_string_length(value) != 64) {
        snprintf(why, why_size, "\"%s\"[%zu].\"%s\" must be a string of 64 hex digits", list,
                 index, key);
        return -1;
    }
    for (size_t i = 0; i < 32; i++) {
        int high = hex_digit(text[2 * i]), low = hex_digit(text[2 * i + 1]);
        if (high < 0 || low < 0) {
            snprintf(why, why_size, "\"%s\"[%zu].\"%s\" holds a character that is not a hex "
                     "digit", list, index, key);
            return -1;
        }
        out[i] = (uint8_t)(high << 4 | low);
    }
    return 0;
}

/* A bucket list: an array of exactly HISTORY_LEVELS {curr, snap, next}. */
static int read_levels(const json_t *root, const char *list, history_level *levels,
                       char *why, size_t why_size)
{
    const json_t *array = json_object_get(root, list);
    if (!json_is_array(array) || json_array_size(array) != HISTORY_LEVELS) {
        snprintf(why, why_size, "\"%s\" must be an array of %d levels", list, HISTORY_LEVELS);
        return -1;
    }
    for (size_t i = 0; i < HISTORY_LEVELS; i++) {
        const json_t *level = json_array_get(array, i);
        if (!json_is_object(level)) {
            snprintf(why, why_size, "\"%s\"[%zu] must be an object", list, i);
            return -1;
        }
        if (read_hash(level, list, i, "curr", levels[i].curr, why, why_size) != 0 ||
            read_hash(level, list, i, "snap", levels[i].snap, why, why_size) != 0)
            return -1;
    }
    return 0;
}

int history_state_parse(const char *text, size_t len, history_state *out, char *why,
                        size_t why_size)
{
    memset(out, 0, sizeof *out);
    json_t *root = json_object_parse(text, len, why, why_size);
    if (!root)
        return -1;
    int64_t version = 0, current = 0;
    int result = -1;
    if (json_member_int(root, "version", 1, 2, &version, why, why_size) < 0 ||
        json_member_int(root, "currentLedger", 0, UINT32_MAX, &current, why, why_size) < 0 ||
        json_member_text(root, "server", out->server, sizeof out->server, why, why_size) < 0 ||
        json_member_text(root, "networkPassphrase", out->network_passphrase,
                         sizeof out->network_passphrase, why, why_size) < 0)
        goto done;
    if (!version || !json_object_get(root, "currentLedger")) {
        snprintf(why, why_size, "\"%s\" is missing", version ? "currentLedger" : "version");
        goto done;
    }
    out->version = (int)version;
    out->current_ledger = (uint32_t)current;
    if (read_levels(root, "currentBuckets", out->live, why, why_size) != 0)
        goto done;
    out->has_hot = json_object_get(root, "hotArchiveBuckets") != NULL;
    if (out->has_hot && read_levels(root, "hotArchiveBuckets", out->hot, why, why_size) != 0)
        goto done;
    result = 0;
done:
    json_decref(root);
    return result;
}

int history_fetch(store_session *session, const char *key, size_t max_bytes, text_buffer *out,
                  char *why, size_t why_size)
{
    char detail[1024];
    store_result found = store_get(session, key, max_bytes, out, detail, sizeof detail);
    if (found == STORE_FOUND)
        return 0;
    if (found == STORE_MISSING)
        snprintf(why, why_size, "%s: %s not found", store_session_location(session), key);
    else
        snprintf(why, why_size, "%s: %s: %s", store_session_location(session), key, detail);
    return -1;
}

int history_state_fetch(store_session *session, uint32_t checkpoint, history_state *out,
                        char *why, size_t why_size)
{
    char key[HISTORY_KEY_MAX], detail[512];
    if (checkpoint)
        history_checkpoint_key(key, "history", checkpoint);
    else
        snprintf(key, sizeof key, "%s", HISTORY_ROOT_STATE);
    text_buffer text = {0};
    int result = history_fetch(session, key, HISTORY_STATE_MAX_BYTES, &text, why, why_size);
    if (result == 0 && history_state_parse(text.data, text.len, out, detail, sizeof detail)) {
        snprintf(why, why_size, "%s: %s: invalid history archive state: %s",
                 store_session_location(session), key, detail);
        result = -1;
    } else if (result == 0 && checkpoint && out->current_ledger != checkpoint) {
        snprintf(why, why_size, "%s: %s: currentLedger is %u, not the checkpoint %u",
                 store_session_location(session), key, out->current_ledger, checkpoint);
        result = -1;
    }
    text_buffer_free(&text);
    return result;
}

int history_is_checkpoint(uint32_t sequence)
{
    return (sequence + 1u) % HISTORY_CHECKPOINT_FREQUENCY == 0;
}

uint32_t history_checkpoint_of(uint32_t sequence)
{
    uint64_t next = ((uint64_t)sequence / HISTORY_CHECKPOINT_FREQUENCY + 1) *
                    HISTORY_CHECKPOINT_FREQUENCY - 1;
    return next > UINT32_MAX ? 0 : (uint32_t)next;
}

void history_checkpoint_key(char *out, const char *kind, uint32_t checkpoint)
{
    snprintf(out, HISTORY_KEY_MAX, "%s/%02x/%02x/%02x/%s-%08x.%s", kind,
             (unsigned)(checkpoint >> 24), (unsigned)(checkpoint >> 16 & 0xff),
             (unsigned)(checkpoint >> 8 & 0xff), kind, (unsigned)checkpoint,
             strcmp(kind, "history") ? "xdr.gz" : "json");
}

void history_hex(char out[65], const uint8_t hash[32])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < 32; i++) {
        out[2 * i] = digits[hash[i] >> 4];
        out[2 * i + 1] = digits[hash[i] & 15];
    }
    out[64] = '\0';
}

void history_bucket_key(char *out, const uint8_t hash[32])
{
    char hex[65];
    history_hex(hex, hash);
    snprintf(out, HISTORY_KEY_MAX, "bucket/%.2s/%.2s/%.2s/bucket-%s.xdr.gz", hex, hex + 2,
             hex + 4, hex);
}

int history_hash_is_zero(const uint8_t hash[32])
{
    static const uint8_t zero[32];
    return memcmp(hash, zero, 32) == 0;
}
