/* strkey.h — Stellar strkeys (SEP-23): version byte + payload + CRC16-XModem,
 * base32 without padding: the indexer's rows and the XDR JSON emitter
 * (core/xdr/sx_json_rt.c) both write them with strkey_encode. */
#ifndef SLUICE_STRKEY_H
#define SLUICE_STRKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Version bytes (first character in parentheses). */
enum {
    STRKEY_ACCOUNT = 6 << 3,           /* G: ed25519 public key */
    STRKEY_MUXED = 12 << 3,            /* M: key || id (big-endian) */
    STRKEY_CONTRACT = 2 << 3,          /* C: contract id */
    STRKEY_LIQUIDITY_POOL = 11 << 3,   /* L: pool id */
    STRKEY_CLAIMABLE_BALANCE = 1 << 3  /* B: type byte || hash */
};

/* Longest payload (a signed payload: key, length and up to 64 bytes) and
 * the text it needs; STRKEY_TEXT_SIZE holds every key of at most 40 bytes
 * (accounts, muxed accounts, contracts, pools, claimable balances). */
#define STRKEY_MAX_PAYLOAD 100
#define STRKEY_MAX_TEXT 166
#define STRKEY_TEXT_SIZE 70

/* Writes the strkey of `payload` (n <= STRKEY_MAX_PAYLOAD bytes) to out,
 * NUL-terminated; returns its length, or 0 when n or out_size is too small. */
size_t strkey_encode(uint8_t version, const uint8_t *payload, size_t n, char *out, size_t out_size);

/* Decodes a 56-character strkey of a 32-byte key (G, C, L) of `version`
 * into out; false when the text is not one (length, alphabet, version or
 * checksum). */
bool strkey_decode_key(const char *text, size_t len, uint8_t version, uint8_t out[32]);

/* Tests: true forces the portable base32 code, false returns to CPU
 * detection (AVX-512 VBMI where the CPU has it). */
void strkey_force_portable(bool portable);

#endif
