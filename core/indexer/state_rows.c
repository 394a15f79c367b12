/* state_rows.c — what the state-change derivers (state_changes.c,
 * signer_state.c, contract_state.c) share: a row with asset and details,
 * details_json built member by member (no printf: these rows are many),
 * untrusted bytes as a JSON string or as base64. */
#include <stdio.h>
#include <string.h>

#include "indexer/emit.h"
#include "indexer/ix_internal.h"
#include "xdr/sx_input.h"

void ix_state_change(ix_ctx *ctx, sluice_state_category category, sluice_state_reason reason,
                     const ix_name *account, const char *asset, const char *details_json)
{
    sluice_state_change_row *row = ix_push_state_change(ctx, category, reason, account);
    row->asset = asset;
    row->details_json = details_json;
}

/* Appends n bytes, dropping what does not fit (sizes are bounded by the
 * callers: strkeys, 64-byte names, 88-byte base64 values). */
static void put(ix_json *j, const char *text, size_t n)
{
    if (n > sizeof(j->text) - 2 - j->len)
        n = sizeof(j->text) - 2 - j->len;
    memcpy(j->text + j->len, text, n);
    j->len += n;
}

void ix_json_start(ix_json *j)
{
    j->len = 0;
}

static void member_key(ix_json *j, const char *key)
{
    put(j, j->len ? ",\"" : "{\"", 2);
    put(j, key, strlen(key));
    put(j, "\":", 2);
}

void ix_json_raw(ix_json *j, const char *key, const char *value)
{
    member_key(j, key);
    put(j, value, strlen(value));
}

void ix_json_text(ix_json *j, const char *key, const char *text)
{
    member_key(j, key);
    put(j, "\"", 1);
    put(j, text, strlen(text));
    put(j, "\"", 1);
}

void ix_json_bytes(ix_json *j, const char *key, const uint8_t *data, size_t n)
{
    member_key(j, key);
    put(j, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = data[i];
        char escaped[7];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            put(j, (const char *)&c, 1);
        } else {
            snprintf(escaped, sizeof(escaped), "\\u%04x", c);
            put(j, escaped, 6);
        }
    }
    put(j, "\"", 1);
}

void ix_json_int(ix_json *j, const char *key, int64_t value, bool quoted)
{
    char digits[24];
    size_t at = sizeof(digits);
    uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    do {
        digits[--at] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (value < 0)
        digits[--at] = '-';
    member_key(j, key);
    if (quoted)
        put(j, "\"", 1);
    put(j, digits + at, sizeof(digits) - at);
    if (quoted)
        put(j, "\"", 1);
}

void ix_json_bool(ix_json *j, const char *key, bool value)
{
    ix_json_raw(j, key, value ? "true" : "false");
}

const char *ix_json_done(ix_ctx *ctx, ix_json *j)
{
    if (!j->len)
        put(j, "{", 1);
    j->text[j->len++] = '}';
    j->text[j->len] = '\0';
    return ix_strdup(ctx->ix, j->text);
}

void ix_base64(indexer *ix, const uint8_t *data, size_t n, char *out, size_t out_size)
{
    out[0] = '\0';
    ix->scratch.len = 0;
    if (sx_base64_encode(data, n, &ix->scratch) || ix->scratch.len >= out_size)
        return;
    memcpy(out, ix->scratch.data, ix->scratch.len);
    out[ix->scratch.len] = '\0';
}
