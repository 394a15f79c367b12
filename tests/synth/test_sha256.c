/* test_sha256.c — the core's SHA-256 (core/stellar/sha256) against the FIPS 180-4 / NIST CAVP vectors
 * (one-block, two-block, empty, one million 'a'), and incremental updates
 * split at every offset give the one-shot digest. */
#include <stdio.h>
#include <string.h>

#include "stellar/sha256.h"
#include "testlib.h"

static void hex(const uint8_t d[32], char out[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check_vector(const char *message, size_t len, const char *expected)
{
    uint8_t d[32];
    char got[65];
    sha256(message, len, d);
    hex(d, got);
    CHECK_MSG(strcmp(got, expected) == 0, "SHA-256 of %zu bytes: %s, expected %s", len, got, expected);
}

int main(void)
{
    check_vector("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check_vector("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    check_vector(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *four = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                       "klmnopqrlmnopqrsmnopqrstnopqrstu";
    check_vector(four, strlen(four), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");

    /* one million 'a', fed in uneven pieces */
    static char million[1000000];
    memset(million, 'a', sizeof million);
    sha256_ctx ctx;
    sha256_init(&ctx);
    for (size_t at = 0, step = 1; at < sizeof million; at += step, step = step * 3 % 1000 + 1)
        sha256_update(&ctx, million + at, at + step > sizeof million ? sizeof million - at : step);
    uint8_t d[32];
    char got[65];
    sha256_final(&ctx, d);
    hex(d, got);
    CHECK_MSG(strcmp(got, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0,
              "one million 'a': %s", got);

    /* every split point of a 3-block message agrees with the one-shot digest */
    uint8_t whole[32];
    sha256(four, strlen(four), whole);
    for (size_t cut = 0; cut <= strlen(four); cut++) {
        sha256_init(&ctx);
        sha256_update(&ctx, four, cut);
        sha256_update(&ctx, four + cut, strlen(four) - cut);
        sha256_final(&ctx, d);
        CHECK_MSG(memcmp(d, whole, 32) == 0, "split at %zu", cut);
    }
    return test_finish();
}
