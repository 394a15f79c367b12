/* test_sha256_many.c — sha256_many, every implementation the CPU has,
 * against the portable code: batches of 0..50 random messages (prefix of
 * 0..130 bytes, data of 0..5000, many of them ending next to a block
 * boundary, where the padding takes one block or two), each message in
 * its own allocation so reading past its end is caught under ASan; and
 * FIPS 180-4's example vectors split at every point into prefix + data. */
#include <stdint.h>

#include "stellar/sha256.h"
#include "testlib.h"

static const sha256_impl impls[] = {SHA256_PORTABLE, SHA256_SHANI, SHA256_SHANI_MULTI,
                                    SHA256_AVX512, SHA256_AUTO};
static const char *const impl_names[] = {"auto", "portable", "SHA-NI", "SHA-NI interleaved",
                                         "AVX-512"};

static uint8_t *random_bytes(size_t n)
{
    uint8_t *p = malloc(n ? n : 1);
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)rand();
    return p;
}

/* A data length for a prefix: random, or (often) making the message end
 * 0, 1, 55, 56, 57 or 63 bytes into a block. */
static size_t random_len(size_t prefix_len)
{
    static const size_t ends[] = {0, 1, 55, 56, 57, 63};
    if (rand() % 2 == 0)
        return (size_t)rand() % 5001;
    size_t total = 64 * ((size_t)rand() % 78) + ends[rand() % 6];
    return total >= prefix_len ? total - prefix_len : (size_t)rand() % 5001;
}

/* Every implementation on jobs[0..n), compared with the portable digests. */
static void check_batch(sha256_job *jobs, size_t n, const char *what)
{
    uint8_t(*expected)[32] = malloc((n ? n : 1) * 32);
    sha256_force(SHA256_PORTABLE);
    sha256_many(jobs, n);
    for (size_t i = 0; i < n; i++)
        memcpy(expected[i], jobs[i].digest, 32);
    for (size_t k = 1; k < sizeof(impls) / sizeof(impls[0]); k++) {
        if (!sha256_force(impls[k]))
            continue;
        for (size_t i = 0; i < n; i++)
            memset(jobs[i].digest, 0xA5, 32);
        sha256_many(jobs, n);
        for (size_t i = 0; i < n; i++)
            CHECK_MSG(memcmp(jobs[i].digest, expected[i], 32) == 0,
                      "%s: %s, message %zu of %zu (prefix %zu, data %zu) differs",
                      impl_names[impls[k]], what, i, n, jobs[i].prefix_len, jobs[i].len);
    }
    sha256_force(SHA256_AUTO);
    free(expected);
}

static void random_batches(void)
{
    size_t messages = 0;
    while (messages < 4000) {
        size_t n = (size_t)rand() % 51;
        sha256_job *jobs = calloc(n ? n : 1, sizeof(*jobs));
        for (size_t i = 0; i < n; i++) {
            jobs[i].prefix_len = (size_t)rand() % 131;
            jobs[i].prefix = random_bytes(jobs[i].prefix_len);
            jobs[i].len = random_len(jobs[i].prefix_len);
            jobs[i].data = random_bytes(jobs[i].len);
        }
        check_batch(jobs, n, "random batch");
        for (size_t i = 0; i < n; i++) {
            free((void *)jobs[i].prefix);
            free((void *)jobs[i].data);
        }
        free(jobs);
        messages += n;
    }
}

static void hex(const uint8_t digest[32], char text[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(text + 2 * i, 3, "%02x", digest[i]);
}

/* Each vector split at every point into prefix + data, all in one batch. */
static void vectors(void)
{
    static const struct {
        const char *input, *digest;
    } vecs[] = {
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    for (size_t v = 0; v < sizeof(vecs) / sizeof(vecs[0]); v++) {
        size_t len = strlen(vecs[v].input), n = len + 1;
        sha256_job jobs[113]; /* the longest vector has 112 bytes */
        for (size_t p = 0; p < n; p++)
            jobs[p] = (sha256_job){.prefix = (const uint8_t *)vecs[v].input, .prefix_len = p,
                                   .data = (const uint8_t *)vecs[v].input + p, .len = len - p};
        for (size_t k = 0; k < sizeof(impls) / sizeof(impls[0]); k++) {
            if (!sha256_force(impls[k]))
                continue;
            sha256_many(jobs, n);
            for (size_t p = 0; p < n; p++) {
                char text[65];
                hex(jobs[p].digest, text);
                CHECK_MSG(strcmp(text, vecs[v].digest) == 0, "%s: vector %zu split at %zu: %s",
                          impl_names[impls[k]], v, p, text);
            }
        }
    }
    sha256_force(SHA256_AUTO);
}

int main(void)
{
    srand(20261125);
    for (size_t k = 0; k < sizeof(impls) / sizeof(impls[0]); k++)
        fprintf(stderr, "%s: %s\n", impl_names[impls[k]],
                sha256_force(impls[k]) ? "tested" : "not on this CPU");
    sha256_force(SHA256_AUTO);
    vectors();
    random_batches();
    return test_finish();
}
