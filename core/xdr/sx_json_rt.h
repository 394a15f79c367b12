/* sx_json_rt.h — JSON writing primitives used by the generated emitter
 * (sx_json.c) and the hand-written renderers of types that
 * stellar-xdr-json prints specially (sx_json_special.c).
 *
 * Every function appends to an sx_buf and returns 0, or -1 on OOM (the
 * buffer's `fail` says why).  The string rules follow stellar-xdr-json:
 * opaque as lowercase hex; XDR strings and asset codes byte-escaped
 * (printable ASCII as is, \0 \t \n \r \\, everything else \xNN).
 */
#ifndef SX_JSON_RT_H
#define SX_JSON_RT_H

#include "sx_runtime.h"

/* A string literal, without its terminating NUL. */
#define SX_JSON_LIT(b, s) sx_buf_put((b), (s), sizeof(s) - 1)

int sx_json_i32(sx_buf *b, int32_t v);
int sx_json_u32(sx_buf *b, uint32_t v);
/* 64-bit integers are quoted decimal strings. */
int sx_json_i64(sx_buf *b, int64_t v);
int sx_json_u64(sx_buf *b, uint64_t v);
/* Plain JSON numbers (used only for a bare top-level int64/uint64). */
int sx_json_i64_number(sx_buf *b, int64_t v);
int sx_json_u64_number(sx_buf *b, uint64_t v);
int sx_json_bool(sx_buf *b, bool v);
/* "hex" of n bytes */
int sx_json_hex(sx_buf *b, const uint8_t *data, size_t n);
/* "escaped" bytes (XDR string<> contents) */
int sx_json_escaped(sx_buf *b, const uint8_t *data, size_t n);
/* Asset code: trailing NULs dropped, but at least min_len bytes kept. */
int sx_json_asset_code(sx_buf *b, const uint8_t *code, size_t n, size_t min_len);
/* "strkey": version byte, payload, CRC16-XModem, base32 without padding. */
int sx_json_strkey(sx_buf *b, uint8_t version, const uint8_t *payload, size_t n);
/* Two's-complement big integer of `limbs` 64-bit limbs, most significant
 * first, as a quoted decimal string. */
int sx_json_bigint(sx_buf *b, const uint64_t *limbs, size_t count, bool is_signed);

/* Strkey version bytes (SEP-23). */
enum {
    SX_STRKEY_ACCOUNT = 6 << 3,          /* G */
    SX_STRKEY_MUXED = 12 << 3,           /* M */
    SX_STRKEY_PRE_AUTH_TX = 19 << 3,     /* T */
    SX_STRKEY_HASH_X = 23 << 3,          /* X */
    SX_STRKEY_SIGNED_PAYLOAD = 15 << 3,  /* P */
    SX_STRKEY_CONTRACT = 2 << 3,         /* C */
    SX_STRKEY_LIQUIDITY_POOL = 11 << 3,  /* L */
    SX_STRKEY_CLAIMABLE_BALANCE = 1 << 3 /* B */
};

#endif
