/* state_rows.c — what the state-change derivers (state_changes.c,
 * contract_state.c) share: a row with asset and details, details_json
 * formatted into the arena, untrusted bytes as a JSON string body or as
 * base64. */
#include <stdarg.h>
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

const char *ix_details(ix_ctx *ctx, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    return ix_strdup(ctx->ix, text);
}

void ix_json_escape(const uint8_t *data, size_t n, char *out, size_t out_size)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 7 < out_size; i++) {
        uint8_t c = data[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, out_size - o, "\\u%04x", c);
    }
    out[o] = '\0';
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
