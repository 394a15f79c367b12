/* test_sha256_strkey.c — the indexer's own primitives:
 *   - SHA-256: FIPS 180-4 example vectors; the SHA-NI path (when the CPU
 *     has it) equals the portable one on random inputs of every length
 *     0..300 and split updates;
 *   - strkeys: strkey_encode equals the XDR JSON emitter's independent
 *     encoder (sx_json_strkey) for random payloads of every version;
 *   - the native asset contract on pubnet is the well-known
 *     CAS3J7GYLGXMF6TDJBBYYSE3HQ6BBSMLNUQ34T6TZMYMW2EVH34XOWMA;
 *   - indexer_parse_store_xdr accepts none/envelope/all only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../testlib.h"
#include "indexer/indexer.h"
#include "indexer/sha256.h"
#include "strkey.h"
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

int main(void)
{
    uint8_t data[300];
    srand(12345);
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)rand();

    sha256_force_portable(true);
    vectors();
    uint8_t portable[301][32];
    for (size_t n = 0; n <= sizeof(data); n++)
        sha256(data, n, portable[n]);
    sha256_force_portable(false);
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

    static const uint8_t versions[] = {STRKEY_ACCOUNT, STRKEY_MUXED, STRKEY_CONTRACT,
                                       STRKEY_LIQUIDITY_POOL, STRKEY_CLAIMABLE_BALANCE};
    static const size_t sizes[] = {32, 40, 32, 32, 33};
    for (int round = 0; round < 200; round++) {
        size_t v = (size_t)round % 5;
        char mine[STRKEY_TEXT_SIZE];
        sx_buf theirs;
        sx_buf_init(&theirs);
        for (size_t i = 0; i < sizes[v]; i++)
            data[i] = (uint8_t)rand();
        size_t len = strkey_encode(versions[v], data, sizes[v], mine, sizeof(mine));
        CHECK(sx_json_strkey(&theirs, versions[v], data, sizes[v]) == 0);
        CHECK_MSG(len + 2 == theirs.len && memcmp(theirs.data + 1, mine, len) == 0,
                  "strkey %s differs from %.*s", mine, (int)theirs.len, (const char *)theirs.data);
        sx_buf_free(&theirs);
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
