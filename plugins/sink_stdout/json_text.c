/* json_text.c — JSON value forms of the stdout sink (see json_text.h). */
#include "config.h"

#include "json_text.h"

#include <inttypes.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at p (1..4), or 0. */
static size_t utf8_sequence_length(const uint8_t *p, size_t available)
{
    uint8_t b = p[0];
    size_t len;
    uint8_t second_min = 0x80, second_max = 0xBF;
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        len = 2;
    else if (b >= 0xE0 && b <= 0xEF) {
        len = 3;
        if (b == 0xE0)
            second_min = 0xA0;
        if (b == 0xED)
            second_max = 0x9F; /* no UTF-16 surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4;
        if (b == 0xF0)
            second_min = 0x90;
        if (b == 0xF4)
            second_max = 0x8F; /* at most U+10FFFF */
    } else
        return 0;
    if (available < len || p[1] < second_min || p[1] > second_max)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return len;
}

/* "text": quotes, backslash and control characters escaped; bytes that
 * are not well-formed UTF-8 become U+FFFD. */
static void json_string(text_buffer *out, const uint8_t *bytes, size_t len)
{
    text_buffer_append(out, "\"", 1);
    size_t i = 0;
    while (i < len) {
        uint8_t b = bytes[i];
        size_t sequence = utf8_sequence_length(bytes + i, len - i);
        if (sequence == 0) {
            text_buffer_puts(out, "\\ufffd");
            i++;
        } else if (b == '"' || b == '\\') {
            text_buffer_append(out, "\\", 1);
            text_buffer_append(out, &b, 1);
            i++;
        } else if (b < 0x20 || b == 0x7F) {
            text_buffer_printf(out, "\\u%04x", b);
            i++;
        } else {
            text_buffer_append(out, bytes + i, sequence);
            i += sequence;
        }
    }
    text_buffer_append(out, "\"", 1);
}

void json_cstring(text_buffer *out, const char *text)
{
    json_string(out, (const uint8_t *)text, strlen(text));
}

void json_cstring_or_null(text_buffer *out, const char *text)
{
    if (text && *text)
        json_cstring(out, text);
    else
        text_buffer_puts(out, "null");
}

void json_hex(text_buffer *out, const uint8_t *bytes, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    text_buffer_append(out, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        char pair[2] = {digits[bytes[i] >> 4], digits[bytes[i] & 15]};
        text_buffer_append(out, pair, 2);
    }
    text_buffer_append(out, "\"", 1);
}

void json_base64_or_null(text_buffer *out, const uint8_t *bytes, size_t len)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (len == 0) {
        text_buffer_puts(out, "null");
        return;
    }
    text_buffer_append(out, "\"", 1);
    for (size_t i = 0; i < len; i += 3) {
        uint32_t group = (uint32_t)bytes[i] << 16;
        if (i + 1 < len)
            group |= (uint32_t)bytes[i + 1] << 8;
        if (i + 2 < len)
            group |= bytes[i + 2];
        char quad[4] = {alphabet[(group >> 18) & 63], alphabet[(group >> 12) & 63],
                        i + 1 < len ? alphabet[(group >> 6) & 63] : '=',
                        i + 2 < len ? alphabet[group & 63] : '='};
        text_buffer_append(out, quad, 4);
    }
    text_buffer_append(out, "\"", 1);
}

void json_int64_string(text_buffer *out, int64_t value)
{
    text_buffer_printf(out, "\"%" PRId64 "\"", value);
}

void json_uint64_string(text_buffer *out, uint64_t value)
{
    text_buffer_printf(out, "\"%" PRIu64 "\"", value);
}

void json_int128_string(text_buffer *out, sluice_int128 value)
{
    int negative = value.hi < 0;
    uint64_t hi = (uint64_t)value.hi, lo = value.lo;
    if (negative) { /* two's complement negation of the 128-bit magnitude */
        hi = ~hi;
        lo = ~lo + 1;
        if (lo == 0)
            hi++;
    }
    /* 128-bit magnitude as four 32-bit limbs, most significant first */
    uint32_t limbs[4] = {(uint32_t)(hi >> 32), (uint32_t)hi, (uint32_t)(lo >> 32), (uint32_t)lo};
    char digits[40];
    size_t count = 0;
    do {
        uint64_t remainder = 0;
        for (size_t i = 0; i < 4; i++) {
            uint64_t current = (remainder << 32) | limbs[i];
            limbs[i] = (uint32_t)(current / 10);
            remainder = current % 10;
        }
        digits[count++] = (char)('0' + remainder);
    } while (limbs[0] | limbs[1] | limbs[2] | limbs[3]);
    text_buffer_append(out, "\"", 1);
    if (negative)
        text_buffer_append(out, "-", 1);
    while (count)
        text_buffer_append(out, &digits[--count], 1);
    text_buffer_append(out, "\"", 1);
}

void json_bool(text_buffer *out, int value)
{
    text_buffer_puts(out, value ? "true" : "false");
}
