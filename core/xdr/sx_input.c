/* sx_input.c — compressed input, base64 and record framing (sx_input.h). */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "sx_input.h"

#include <stdio.h>

#ifdef HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#define SX_FRAME_LAST_FRAGMENT 0x80000000u

static int fail_why(char *why, size_t why_size, const char *msg)
{
    snprintf(why, why_size, "%s", msg);
    return -1;
}

typedef enum sx_compression { SX_PLAIN, SX_GZIP, SX_ZSTD } sx_compression;

/* Which compression `data` starts with (by magic number). */
static sx_compression sx_input_compression(const uint8_t *data, size_t len)
{
    if (len >= 2 && data[0] == 0x1f && data[1] == 0x8b)
        return SX_GZIP;
    if (len >= 4 && data[0] == 0x28 && data[1] == 0xb5 && data[2] == 0x2f && data[3] == 0xfd)
        return SX_ZSTD;
    return SX_PLAIN;
}

#ifdef HAVE_ZLIB
static int gunzip(const uint8_t *data, size_t len, size_t max_out, sx_buf *out, char *why,
                  size_t why_size)
{
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
        return fail_why(why, why_size, "gzip: cannot initialise zlib");
    zs.next_in = (Bytef *)(uintptr_t)data;
    zs.avail_in = (uInt)len;
    int rc = Z_OK;
    size_t start = out->len;
    while (rc != Z_STREAM_END) {
        if (out->len - start >= max_out) {
            inflateEnd(&zs);
            snprintf(why, why_size, "gzip: expands past the limit of %zu bytes", max_out);
            return -1;
        }
        if (sx_buf_reserve(out, 65536)) {
            inflateEnd(&zs);
            return fail_why(why, why_size, "gzip: out of memory");
        }
        zs.next_out = out->data + out->len;
        zs.avail_out = 65536;
        rc = inflate(&zs, Z_NO_FLUSH);
        out->len += 65536 - zs.avail_out;
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            return fail_why(why, why_size, "gzip: corrupt or truncated data");
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            return fail_why(why, why_size, "gzip: truncated data");
        }
    }
    inflateEnd(&zs);
    return 0;
}
#endif

#ifdef HAVE_ZSTD
static int unzstd(const uint8_t *data, size_t len, size_t max_out, sx_buf *out, char *why,
                  size_t why_size)
{
    ZSTD_DStream *ds = ZSTD_createDStream();
    if (!ds)
        return fail_why(why, why_size, "zstd: out of memory");
    ZSTD_inBuffer in = {data, len, 0};
    size_t start = out->len;
    size_t rc = 1;
    while (rc != 0) {
        if (out->len - start >= max_out) {
            ZSTD_freeDStream(ds);
            snprintf(why, why_size, "zstd: expands past the limit of %zu bytes", max_out);
            return -1;
        }
        if (sx_buf_reserve(out, 65536)) {
            ZSTD_freeDStream(ds);
            return fail_why(why, why_size, "zstd: out of memory");
        }
        ZSTD_outBuffer ob = {out->data + out->len, 65536, 0};
        rc = ZSTD_decompressStream(ds, &ob, &in);
        out->len += ob.pos;
        if (ZSTD_isError(rc) || (rc != 0 && in.pos == in.size && ob.pos < ob.size)) {
            ZSTD_freeDStream(ds);
            return fail_why(why, why_size, "zstd: corrupt or truncated data");
        }
    }
    ZSTD_freeDStream(ds);
    return 0;
}
#endif

int sx_input_unpack(const uint8_t *data, size_t len, size_t max_out, sx_buf *out,
                    int *unpacked, char *why, size_t why_size)
{
    *unpacked = 0;
    switch (sx_input_compression(data, len)) {
    case SX_GZIP:
#ifdef HAVE_ZLIB
        *unpacked = 1;
        return gunzip(data, len, max_out, out, why, why_size);
#else
        return fail_why(why, why_size, "gzip input, but this build has no zlib");
#endif
    case SX_ZSTD:
#ifdef HAVE_ZSTD
        *unpacked = 1;
        return unzstd(data, len, max_out, out, why, why_size);
#else
        return fail_why(why, why_size, "zstd input, but this build has no zstd");
#endif
    case SX_PLAIN:
        break;
    }
    return 0;
}

static int base64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

int sx_base64_decode(const char *text, size_t len, sx_buf *out, char *why, size_t why_size)
{
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '=')
            break;
        int v = base64_value(c);
        if (v < 0)
            return fail_why(why, why_size, "base64: invalid character");
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            uint8_t byte = (uint8_t)(acc >> bits);
            if (sx_buf_put(out, &byte, 1))
                return fail_why(why, why_size, "out of memory");
        }
    }
    return 0;
}

int sx_base64_encode(const uint8_t *data, size_t len, sx_buf *out)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (sx_buf_reserve(out, (len + 2) / 3 * 4))
        return -1;
    char *o = (char *)out->data + out->len;
    size_t i = 0;
    for (; i + 2 < len; i += 3) {
        uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
        *o++ = alphabet[v >> 18];
        *o++ = alphabet[(v >> 12) & 63];
        *o++ = alphabet[(v >> 6) & 63];
        *o++ = alphabet[v & 63];
    }
    if (i < len) {
        uint32_t v = (uint32_t)data[i] << 16 | (i + 1 < len ? (uint32_t)data[i + 1] << 8 : 0);
        *o++ = alphabet[v >> 18];
        *o++ = alphabet[(v >> 12) & 63];
        *o++ = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
        *o++ = '=';
    }
    out->len = (size_t)((uint8_t *)o - out->data);
    return 0;
}

int sx_frame_next(const uint8_t *data, size_t len, size_t *pos, const uint8_t **frame,
                  size_t *frame_len, char *why, size_t why_size)
{
    if (*pos == len)
        return 0;
    if (len - *pos < 4)
        return fail_why(why, why_size, "framed stream: truncated record mark");
    uint32_t mark = sx_load_be32(data + *pos);
    if (!(mark & SX_FRAME_LAST_FRAGMENT))
        return fail_why(why, why_size, "framed stream: record without the last-fragment bit");
    size_t n = mark & ~SX_FRAME_LAST_FRAGMENT;
    if (len - *pos - 4 < n)
        return fail_why(why, why_size, "framed stream: truncated record");
    *frame = data + *pos + 4;
    *frame_len = n;
    *pos += 4 + n;
    return 1;
}
