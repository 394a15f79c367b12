/* strkey.c — SEP-23 strkey encoding (see strkey.h). */
#include "strkey.h"

#include <string.h>

uint16_t strkey_crc16(const uint8_t *data, size_t n)
{
    uint16_t crc = 0;
    for (size_t i = 0; i < n; i++) {
        crc ^= (uint16_t)(data[i] << 8);
        for (int bit = 0; bit < 8; bit++)
            crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    }
    return crc;
}

size_t strkey_encode(uint8_t version, const uint8_t *payload, size_t n, char *out, size_t out_size)
{
    static const char base32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    uint8_t raw[1 + STRKEY_MAX_PAYLOAD + 2];
    if (n > STRKEY_MAX_PAYLOAD)
        return 0;
    size_t total = n + 3;
    size_t text_len = (total * 8 + 4) / 5;
    if (out_size < text_len + 1)
        return 0;
    raw[0] = version;
    memcpy(raw + 1, payload, n);
    uint16_t crc = strkey_crc16(raw, n + 1);
    raw[n + 1] = (uint8_t)(crc & 0xff);
    raw[n + 2] = (uint8_t)(crc >> 8);
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < total; i++) {
        acc = (acc << 8) | raw[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out[o++] = base32[(acc >> bits) & 31];
        }
    }
    if (bits > 0)
        out[o++] = base32[(acc << (5 - bits)) & 31];
    out[o] = '\0';
    return o;
}
