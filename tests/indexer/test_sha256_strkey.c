/* test_sha256_strkey.c — the indexer's own primitives:
 *   - SHA-256: FIPS 180-4 example vectors; the SHA-NI path (when the CPU
 *     has it) equals the portable one on random inputs of every length
 *     0..300 and split updates;
 *   - strkeys: SEP-23's account and muxed-account examples, and the same
 *     key as contract, pool, claimable balance and signed payloads (texts
 *     made with Python's base64.b32encode and binascii.crc_hqx), written
 *     by strkey_encode and, quoted, by the JSON emitter (sx_json_strkey),
 *     with base32 by CPU detection (AVX-512 VBMI) and by the portable code,
 *     which agree on random payloads of every length;
 *   - the native asset contract on pubnet is the well-known
 *     CAS3J7GYLGXMF6TDJBBYYSE3HQ6BBSMLNUQ34T6TZMYMW2EVH34XOWMA;
 *   - indexer_parse_store_xdr accepts none/envelope/all only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../testlib.h"
#include "indexer/indexer.h"
#include "stellar/sha256.h"
#include "stellar/strkey.h"
#include "xdr/sx_json_rt.h"

static void hex(const uint8_t *d, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

static void check_vector(const char *input, size_t repeat, const char *expected)
{
    sha256_ctx ctx;
    uint8_t digest[32];
    char text[65];
    sha256_init(&ctx);
    for (size_t i = 0; i < repeat; i++)
        sha256_update(&ctx, input, strlen(input));
    sha256_final(&ctx, digest);
    hex(digest, 32, text);
    CHECK_MSG(strcmp(text, expected) == 0, "sha256(%.20s x%zu) = %s", input, repeat, text);
}

static void vectors(void)
{
    check_vector("", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check_vector("abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    check_vector("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    check_vector("a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* One strkey: version byte and payload = SEP-23's example key + suffix. */
typedef struct strkey_vector {
    uint8_t version;
    uint8_t prefix;          /* claimable balance: the type byte before the key */
    const uint8_t *suffix;   /* after the key (muxed id, signed payload) */
    size_t prefix_len, suffix_len;
    const char *text;
} strkey_vector;

static void strkey_vectors(void)
{
    static const uint8_t key[32] = {
        0x3f, 0x0c, 0x34, 0xbf, 0x93, 0xad, 0x0d, 0x99, 0x71, 0xd0, 0x4c, 0xcc, 0x90, 0xf7, 0x05, 0x51,
        0x1c, 0x83, 0x8a, 0xad, 0x97, 0x34, 0xa4, 0xa2, 0xfb, 0x0d, 0x7a, 0x03, 0xfc, 0x7f, 0xe8, 0x9a};
    static const uint8_t id_zero[8] = {0}, id_high[8] = {0x80};
    static uint8_t signed29[4 + 32], signed64[4 + 64]; /* length, payload 1, 2, ... (padded) */
    signed29[3] = 29;
    signed64[3] = 64;
    for (int i = 0; i < 64; i++) {
        if (i < 29)
            signed29[4 + i] = (uint8_t)(i + 1);
        signed64[4 + i] = (uint8_t)(i + 1);
    }
    const strkey_vector vectors[] = {
        {STRKEY_ACCOUNT, 0, NULL, 0, 0, "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ"},
        {STRKEY_MUXED, 0, id_zero, 0, 8,
         "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUQ"},
        {STRKEY_MUXED, 0, id_high, 0, 8,
         "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVAAAAAAAAAAAAAJLK"},
        {STRKEY_CONTRACT, 0, NULL, 0, 0, "CA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUWDA"},
        {STRKEY_LIQUIDITY_POOL, 0, NULL, 0, 0,
         "LA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUPJN"},
        {STRKEY_CLAIMABLE_BALANCE, 0, NULL, 1, 0,
         "BAAD6DBUX6J22DMZOHIEZTEQ64CVCHEDRKWZONFEUL5Q26QD7R76RGR4TU"},
        {SX_STRKEY_SIGNED_PAYLOAD, 0, signed29, 0, sizeof signed29,
         "PA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAOQCAQDAQCQMBYIBEFAWDANBYHRAE"
         "ISCMKBKFQXDAMRUGY4DUAAAAFGBU"},
        {SX_STRKEY_SIGNED_PAYLOAD, 0, signed64, 0, sizeof signed64,
         "PA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAABAACAQDAQCQMBYIBEFAWDANBYHRAE"
         "ISCMKBKFQXDAMRUGY4DUPB6IBBEIRSIJJGE4UCSKRLFQWS4LZQGEZDGNBVGY3TQOJ2HM6D2PR7IAQLU"},
    };
    for (size_t v = 0; v < sizeof vectors / sizeof vectors[0]; v++) {
        const strkey_vector *vec = &vectors[v];
        uint8_t payload[STRKEY_MAX_PAYLOAD];
        size_t n = 0;
        if (vec->prefix_len)
            payload[n++] = vec->prefix;
        memcpy(payload + n, key, 32);
        n += 32;
        if (vec->suffix_len)
            memcpy(payload + n, vec->suffix, vec->suffix_len);
        n += vec->suffix_len;
        char text[STRKEY_MAX_TEXT];
        size_t len = strkey_encode(vec->version, payload, n, text, sizeof text);
        CHECK_MSG(len == strlen(vec->text) && strcmp(text, vec->text) == 0, "strkey %s, expected %s",
                  text, vec->text);
        sx_buf quoted;
        sx_buf_init(&quoted);
        CHECK(sx_json_strkey(&quoted, vec->version, payload, n) == 0);
        CHECK_MSG(quoted.len == len + 2 && quoted.data[0] == '"' &&
                      memcmp(quoted.data + 1, vec->text, len) == 0 && quoted.data[len + 1] == '"',
                  "JSON strkey %.*s", (int)quoted.len, (const char *)quoted.data);
        sx_buf_free(&quoted);
    }
}

int main(void)
{
    uint8_t data[300];
    srand(12345);
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)rand();

    sha256_force(SHA256_PORTABLE);
    vectors();
    uint8_t portable[301][32];
    for (size_t n = 0; n <= sizeof(data); n++)
        sha256(data, n, portable[n]);
    sha256_force(SHA256_AUTO);
    fprintf(stderr, "SHA-NI in use: %s\n", sha256_accelerated() ? "yes" : "no");
    vectors();
    for (size_t n = 0; n <= sizeof(data); n++) {
        uint8_t digest[32];
        sha256_ctx ctx;
        sha256_init(&ctx);
        sha256_update(&ctx, data, n / 3);
        sha256_update(&ctx, data + n / 3, n - n / 3);
        sha256_final(&ctx, digest);
        CHECK_MSG(memcmp(digest, portable[n], 32) == 0, "length %zu differs between paths", n);
    }

    /* every path of strkey_encode: the vectors and random payloads of every
     * length, base32 by CPU detection (AVX-512 VBMI where present) and by
     * the portable code, which must agree */
    strkey_vectors();
    strkey_force_portable(true);
    strkey_vectors();
    for (size_t n = 0; n <= STRKEY_MAX_PAYLOAD; n++) {
        for (int round = 0; round < 20; round++) {
            uint8_t payload[STRKEY_MAX_PAYLOAD];
            char by_portable[STRKEY_MAX_TEXT], by_detection[STRKEY_MAX_TEXT];
            for (size_t i = 0; i < n; i++)
                payload[i] = (uint8_t)rand();
            uint8_t version = (uint8_t)rand();
            strkey_force_portable(true);
            size_t a = strkey_encode(version, payload, n, by_portable, sizeof by_portable);
            strkey_force_portable(false);
            size_t b = strkey_encode(version, payload, n, by_detection, sizeof by_detection);
            CHECK_MSG(a == b && a == ((n + 3) * 8 + 4) / 5 && strcmp(by_portable, by_detection) == 0,
                      "payload of %zu bytes: portable %s, detected %s", n, by_portable, by_detection);
        }
    }
    char small[10];
    CHECK(strkey_encode(STRKEY_ACCOUNT, data, 32, small, sizeof(small)) == 0);
    CHECK(strkey_encode(STRKEY_ACCOUNT, data, STRKEY_MAX_PAYLOAD + 1, small, sizeof(small)) == 0);

    indexer_options o = {.network_passphrase = "Public Global Stellar Network ; September 2015"};
    indexer *ix = indexer_new(&o);
    CHECK_MSG(strcmp(indexer_native_asset_contract(ix),
                     "CAS3J7GYLGXMF6TDJBBYYSE3HQ6BBSMLNUQ34T6TZMYMW2EVH34XOWMA") == 0,
              "native contract %s", indexer_native_asset_contract(ix));
    indexer_free(ix);

    indexer_store_xdr mode;
    CHECK(indexer_parse_store_xdr("none", &mode) == 0 && mode == INDEXER_STORE_XDR_NONE);
    CHECK(indexer_parse_store_xdr("envelope", &mode) == 0 && mode == INDEXER_STORE_XDR_ENVELOPE);
    CHECK(indexer_parse_store_xdr("all", &mode) == 0 && mode == INDEXER_STORE_XDR_ALL);
    CHECK(indexer_parse_store_xdr("ALL", &mode) == -1 && indexer_parse_store_xdr("", &mode) == -1);
    return test_finish();
}
