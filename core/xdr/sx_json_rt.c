/* sx_json_rt.c — JSON writing primitives (see sx_json_rt.h). */
#include "sx_json_rt.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "stellar/strkey.h"

static int put_formatted_u64(sx_buf *b, uint64_t v, bool negative, bool quoted)
{
    char tmp[24];
    char *p = tmp + sizeof(tmp);
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (negative)
        *--p = '-';
    size_t n = (size_t)(tmp + sizeof(tmp) - p);
    if (sx_buf_reserve(b, n + 2))
        return -1;
    if (quoted)
        b->data[b->len++] = '"';
    memcpy(b->data + b->len, p, n);
    b->len += n;
    if (quoted)
        b->data[b->len++] = '"';
    return 0;
}

static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

int sx_json_i32(sx_buf *b, int32_t v)
{
    return put_formatted_u64(b, magnitude(v), v < 0, false);
}

int sx_json_u32(sx_buf *b, uint32_t v)
{
    return put_formatted_u64(b, v, false, false);
}

int sx_json_i64(sx_buf *b, int64_t v)
{
    return put_formatted_u64(b, magnitude(v), v < 0, true);
}

int sx_json_u64(sx_buf *b, uint64_t v)
{
    return put_formatted_u64(b, v, false, true);
}

int sx_json_i64_number(sx_buf *b, int64_t v)
{
    return put_formatted_u64(b, magnitude(v), v < 0, false);
}

int sx_json_u64_number(sx_buf *b, uint64_t v)
{
    return put_formatted_u64(b, v, false, false);
}

int sx_json_bool(sx_buf *b, bool v)
{
    return v ? SX_JSON_LIT(b, "true") : SX_JSON_LIT(b, "false");
}

static const char hex_digits[] = "0123456789abcdef";

int sx_json_hex(sx_buf *b, const uint8_t *data, size_t n)
{
    if (sx_buf_reserve(b, 2 * n + 2))
        return -1;
    uint8_t *o = b->data + b->len;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        *o++ = (uint8_t)hex_digits[data[i] >> 4];
        *o++ = (uint8_t)hex_digits[data[i] & 15];
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    return 0;
}

/* The escape of one byte, as it appears inside the JSON string (so the
 * backslash of the escape ladder is itself JSON-escaped). */
static size_t escape_byte(uint8_t c, char out[8])
{
    switch (c) {
    case 0:
        memcpy(out, "\\\\0", 3);
        return 3;
    case '\t':
        memcpy(out, "\\\\t", 3);
        return 3;
    case '\n':
        memcpy(out, "\\\\n", 3);
        return 3;
    case '\r':
        memcpy(out, "\\\\r", 3);
        return 3;
    case '\\':
        memcpy(out, "\\\\\\\\", 4);
        return 4;
    case '"':
        memcpy(out, "\\\"", 2);
        return 2;
    default:
        break;
    }
    if (c >= 0x20 && c < 0x7f) {
        out[0] = (char)c;
        return 1;
    }
    out[0] = '\\';
    out[1] = '\\';
    out[2] = 'x';
    out[3] = hex_digits[c >> 4];
    out[4] = hex_digits[c & 15];
    return 5;
}

int sx_json_escaped(sx_buf *b, const uint8_t *data, size_t n)
{
    if (sx_buf_reserve(b, 5 * n + 2))
        return -1;
    char *o = (char *)b->data + b->len;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        char tmp[8];
        size_t k = escape_byte(data[i], tmp);
        memcpy(o, tmp, k);
        o += k;
    }
    *o++ = '"';
    b->len = (size_t)((uint8_t *)o - b->data);
    return 0;
}

int sx_json_asset_code(sx_buf *b, const uint8_t *code, size_t n, size_t min_len)
{
    size_t len = n;
    while (len > min_len && code[len - 1] == 0)
        len--;
    return sx_json_escaped(b, code, len);
}

int sx_json_strkey(sx_buf *b, uint8_t version, const uint8_t *payload, size_t n)
{
    char text[STRKEY_MAX_TEXT];
    size_t len = strkey_encode(version, payload, n, text, sizeof text);
    if (len == 0)
        return sx_buf_fail(b, "strkey payload too long");
    if (sx_buf_reserve(b, len + 2))
        return -1;
    b->data[b->len++] = '"';
    memcpy(b->data + b->len, text, len);
    b->len += len;
    b->data[b->len++] = '"';
    return 0;
}

int sx_json_bigint(sx_buf *b, const uint64_t *limbs, size_t count, bool is_signed)
{
    uint32_t words[8] = {0}; /* up to 256 bits, most significant first */
    size_t nwords = 2 * count;
    if (count > 4)
        return sx_buf_fail(b, "integer too wide");
    for (size_t i = 0; i < count; i++) {
        words[2 * i] = (uint32_t)(limbs[i] >> 32);
        words[2 * i + 1] = (uint32_t)limbs[i];
    }
    bool negative = is_signed && (words[0] & 0x80000000u);
    if (negative) { /* two's complement negate */
        uint64_t carry = 1;
        for (size_t i = nwords; i-- > 0;) {
            uint64_t v = (uint64_t)(uint32_t)~words[i] + carry;
            words[i] = (uint32_t)v;
            carry = v >> 32;
        }
    }
    char digits[80];
    size_t nd = 0, first = 0;
    bool zero;
    do { /* divide by 1e9 repeatedly, emitting 9 digits at a time */
        uint64_t rem = 0;
        zero = true;
        while (first + 1 < nwords && words[first] == 0)
            first++; /* leading zero words divide to zero: skip them */
        for (size_t i = first; i < nwords; i++) {
            uint64_t cur = (rem << 32) | words[i];
            words[i] = (uint32_t)(cur / 1000000000u);
            rem = cur % 1000000000u;
            zero = zero && words[i] == 0;
        }
        for (int k = 0; k < 9 && (!zero || rem); k++) {
            digits[nd++] = (char)('0' + rem % 10);
            rem /= 10;
        }
    } while (!zero);
    if (nd == 0)
        digits[nd++] = '0';
    if (sx_buf_reserve(b, nd + 3))
        return -1;
    b->data[b->len++] = '"';
    if (negative)
        b->data[b->len++] = '-';
    while (nd)
        b->data[b->len++] = (uint8_t)digits[--nd];
    b->data[b->len++] = '"';
    return 0;
}
