/* sha256.c — SHA-256 (see sha256.h): a portable compression function, and
 * on x86 CPUs with the SHA extensions (SHA-NI) the same rounds through
 * the sha256rnds2/msg1/msg2 instructions; which implementations the CPU
 * has (and the OS saves the state of) is checked once at run time. */
#include "stellar/sha256_internal.h"

#include <stdbool.h>
#include <string.h>

#ifdef SHA256_X86
#include <cpuid.h>
#endif

const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

static void compress_portable(uint32_t state[8], const uint8_t block[64])
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 |
               (uint32_t)block[4 * i + 2] << 8 | block[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + sha256_k[i] + w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

#ifdef SHA256_X86
__attribute__((target("sha,sse4.1,ssse3")))
static void compress_shani(uint32_t state[8], const uint8_t *data, size_t blocks)
{
    __m128i tmp = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i efgh = _mm_loadu_si128((const __m128i *)&state[4]), s[2];
    tmp = _mm_shuffle_epi32(tmp, 0xB1);                 /* CDAB */
    efgh = _mm_shuffle_epi32(efgh, 0x1B);               /* EFGH */
    s[0] = _mm_alignr_epi8(tmp, efgh, 8);               /* ABEF */
    s[1] = _mm_blend_epi16(efgh, tmp, 0xF0);            /* CDGH */
    for (; blocks > 0; blocks--, data += 64)
        sha256_shani_blocks(s, &data, 1);
    tmp = _mm_shuffle_epi32(s[0], 0x1B);                /* FEBA */
    s[1] = _mm_shuffle_epi32(s[1], 0xB1);               /* DCHG */
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(tmp, s[1], 0xF0)); /* DCBA */
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(s[1], tmp, 8));    /* HGFE */
}

static bool cpu_has_sha(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) || !(c & bit_SSSE3))
        return false;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));
}

/* AVX-512 F and BW, with the OS saving the opmask and zmm registers. */
static bool cpu_has_avx512(void)
{
    unsigned a, b, c, d, xcr0_lo, xcr0_hi;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE))
        return false;
    __asm__("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
    if ((xcr0_lo & 0xE6) != 0xE6)
        return false;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 16)) && (b & (1u << 30));
}
#endif

/* Bit 1 << impl for each implementation the CPU has; 0 until checked. */
static unsigned available;
/* The forced implementation, or SHA256_AUTO. */
static int forced;

static unsigned implementations(void)
{
    unsigned have = __atomic_load_n(&available, __ATOMIC_RELAXED);
    if (have == 0) {
        have = 1u << SHA256_PORTABLE;
#ifdef SHA256_X86
        if (cpu_has_sha())
            have |= 1u << SHA256_SHANI | 1u << SHA256_SHANI_MULTI;
        if (cpu_has_avx512())
            have |= 1u << SHA256_AVX512;
#endif
        __atomic_store_n(&available, have, __ATOMIC_RELAXED);
    }
    return have;
}

bool sha256_force(sha256_impl impl)
{
    if (impl != SHA256_AUTO && !(implementations() & 1u << impl))
        return false;
    __atomic_store_n(&forced, (int)impl, __ATOMIC_RELAXED);
    return true;
}

sha256_impl sha256_choice(size_t n)
{
    sha256_impl f = (sha256_impl)__atomic_load_n(&forced, __ATOMIC_RELAXED);
    if (f != SHA256_AUTO)
        return f;
    /* Measured on Zen 4, 200..1200-byte messages (make bench-sha256):
     * interleaved SHA-NI 3.1 GB/s, AVX-512 2.6, SHA-NI alone 1.6. */
    unsigned have = implementations();
    if (n >= 2 && (have & 1u << SHA256_SHANI_MULTI))
        return SHA256_SHANI_MULTI;
    if (n >= 2 && (have & 1u << SHA256_AVX512))
        return SHA256_AVX512;
    return have & 1u << SHA256_SHANI ? SHA256_SHANI : SHA256_PORTABLE;
}

/* Single messages use SHA-NI whenever the CPU has it, unless the portable
 * code is forced. */
static bool single_shani(void)
{
    return __atomic_load_n(&forced, __ATOMIC_RELAXED) != SHA256_PORTABLE &&
           (implementations() & 1u << SHA256_SHANI);
}

static void compress(uint32_t state[8], const uint8_t *data, size_t blocks)
{
#ifdef SHA256_X86
    if (single_shani()) {
        compress_shani(state, data, blocks);
        return;
    }
#endif
    for (; blocks > 0; blocks--, data += 64)
        compress_portable(state, data);
}

bool sha256_accelerated(void)
{
    return single_shani();
}

void sha256_init(sha256_ctx *ctx)
{
    static const uint32_t init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(ctx->state, init, sizeof(init));
    ctx->length = 0;
    ctx->used = 0;
}

void sha256_update(sha256_ctx *ctx, const void *data, size_t n)
{
    const uint8_t *p = data;
    ctx->length += n;
    if (ctx->used) {
        size_t take = 64 - ctx->used < n ? 64 - ctx->used : n;
        memcpy(ctx->block + ctx->used, p, take);
        ctx->used += take;
        p += take;
        n -= take;
        if (ctx->used < 64)
            return;
        compress(ctx->state, ctx->block, 1);
        ctx->used = 0;
    }
    compress(ctx->state, p, n / 64);
    p += n / 64 * 64;
    n %= 64;
    memcpy(ctx->block, p, n);
    ctx->used = n;
}

void sha256_final(sha256_ctx *ctx, uint8_t digest[32])
{
    uint64_t bits = ctx->length * 8;
    uint8_t pad[72] = {0x80};
    size_t pad_len = (ctx->used < 56 ? 56 : 120) - ctx->used;
    for (int i = 0; i < 8; i++)
        pad[pad_len + i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_update(ctx, pad, pad_len + 8);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t)(ctx->state[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(ctx->state[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(ctx->state[i] >> 8);
        digest[4 * i + 3] = (uint8_t)ctx->state[i];
    }
}

void sha256(const void *data, size_t n, uint8_t digest[32])
{
    sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, data, n);
    sha256_final(&ctx, digest);
}
