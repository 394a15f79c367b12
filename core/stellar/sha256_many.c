/* sha256_many.c — sha256_many (see sha256.h): messages hashed in lanes,
 * several in flight, each lane taking the next message when its own ends.
 * Either the SHA-NI rounds of SHANI_LANES messages interleaved (one
 * message's rounds are a chain of dependent instructions; the others
 * fill its gaps), or 16 messages in the 32-bit lanes of AVX-512
 * registers.  Blocks lying wholly in a message's data are read in place;
 * the others (those with prefix or padding bytes) are assembled in the
 * lane's buffer, so nothing is read past a message's end.  Without
 * either (or off x86), messages are hashed one by one. */
#include "stellar/sha256_internal.h"

#include <string.h>

#ifdef SHA256_X86
#define MAX_LANES 16
/* Interleaved messages for SHA-NI: on Zen 4, 2 give 2.6 GB/s, 3 give
 * 3.1, 4 give 3.0 (make bench-sha256). */
#define SHANI_LANES 3

/* A compression function for one block of each of `lanes` messages;
 * word j of lane l's state is state[l * lane_stride + word[j]]. */
typedef struct kernel {
    int lanes;
    size_t lane_stride;
    uint8_t word[8];
    void (*compress)(uint32_t *state, const uint8_t *const *block);
} kernel;

typedef struct lanes {
    _Alignas(64) uint32_t state[8 * MAX_LANES];
    const uint8_t *block[MAX_LANES];
    sha256_job *job[MAX_LANES]; /* NULL: idle */
    size_t next[MAX_LANES];     /* block of the job to compress next */
    size_t blocks[MAX_LANES];   /* the job's blocks, padding included */
    uint8_t buf[MAX_LANES][64];
} lanes;

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* Block i of the padded prefix || data (`blocks` in all): in place when
 * it lies wholly in data, else assembled in buf. */
static const uint8_t *block_at(const sha256_job *job, size_t i, size_t blocks, uint8_t buf[64])
{
    size_t at = 64 * i, end = job->prefix_len + job->len;
    if (at >= job->prefix_len && at + 64 <= end)
        return job->data + (at - job->prefix_len);
    memset(buf, 0, 64);
    if (at < job->prefix_len)
        memcpy(buf, job->prefix + at, min_size(64, job->prefix_len - at));
    size_t lo = at > job->prefix_len ? at : job->prefix_len, hi = min_size(at + 64, end);
    if (lo < hi)
        memcpy(buf + (lo - at), job->data + (lo - job->prefix_len), hi - lo);
    if (end >= at && end < at + 64)
        buf[end - at] = 0x80;
    if (i == blocks - 1) {
        uint64_t bits = (uint64_t)end * 8;
        for (int b = 0; b < 8; b++)
            buf[56 + b] = (uint8_t)(bits >> (56 - 8 * b));
    }
    return buf;
}

static void run(const kernel *k, sha256_job *jobs, size_t n)
{
    static const uint8_t idle_block[64];
    lanes ln; /* the blocks and buffers are set as lanes fill: not zeroed */
    memset(ln.job, 0, sizeof(ln.job));
    memset(ln.state, 0, sizeof(ln.state)); /* idle lanes compute on it */
    sha256_ctx init;
    sha256_init(&init);
    size_t taken = 0;
    int busy = 0;
    for (;;) {
        for (int l = 0; l < k->lanes; l++) {
            uint32_t *state = &ln.state[(size_t)l * k->lane_stride];
            if (!ln.job[l] && taken < n) {
                ln.job[l] = &jobs[taken++];
                ln.next[l] = 0;
                ln.blocks[l] = (ln.job[l]->prefix_len + ln.job[l]->len + 9 + 63) / 64;
                for (int j = 0; j < 8; j++)
                    state[k->word[j]] = init.state[j];
                busy++;
            }
            ln.block[l] = ln.job[l] ? block_at(ln.job[l], ln.next[l], ln.blocks[l], ln.buf[l])
                                    : idle_block;
        }
        if (busy == 0)
            return;
        k->compress(ln.state, ln.block);
        for (int l = 0; l < k->lanes; l++) {
            if (!ln.job[l] || ++ln.next[l] < ln.blocks[l])
                continue;
            const uint32_t *state = &ln.state[(size_t)l * k->lane_stride];
            for (int j = 0; j < 8; j++)
                for (int b = 0; b < 4; b++)
                    ln.job[l]->digest[4 * j + b] = (uint8_t)(state[k->word[j]] >> (24 - 8 * b));
            ln.job[l] = NULL;
            busy--;
        }
    }
}

__attribute__((target("sha,sse4.1,ssse3")))
static void compress_shani_lanes(uint32_t *state, const uint8_t *const *block)
{
    __m128i s[2 * SHANI_LANES];
    for (int i = 0; i < 2 * SHANI_LANES; i++)
        s[i] = _mm_load_si128((const __m128i *)state + i);
    sha256_shani_blocks(s, block, SHANI_LANES);
    for (int i = 0; i < 2 * SHANI_LANES; i++)
        _mm_store_si128((__m128i *)state + i, s[i]);
}

/* Each lane's ABEF, CDGH words as sha256_shani_blocks keeps them. */
static const kernel shani_kernel = {SHANI_LANES, 8, {3, 2, 7, 6, 1, 0, 5, 4}, compress_shani_lanes};

#define ROR(x, n) _mm512_ror_epi32(x, n)
#define XOR3(x, y, z) _mm512_ternarylogic_epi32(x, y, z, 0x96)
#define ADD(x, y) _mm512_add_epi32(x, y)

/* w[t] = word t of the 16 blocks, lane l from block[l]: each block loaded
 * as a row, byte-swapped, and the 16x16 matrix transposed (32-bit, then
 * 64-bit interleaves within 128-bit lanes, then two 128-bit shuffles). */
__attribute__((target("avx512f,avx512bw")))
static void load_words(__m512i w[16], const uint8_t *const *block)
{
    const __m512i byteswap = _mm512_broadcast_i32x4(
        _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL));
    __m512i a[16], b[16];
    for (int i = 0; i < 16; i++)
        w[i] = _mm512_shuffle_epi8(_mm512_loadu_si512(block[i]), byteswap);
    for (int i = 0; i < 16; i += 2) {
        a[i] = _mm512_unpacklo_epi32(w[i], w[i + 1]);
        a[i + 1] = _mm512_unpackhi_epi32(w[i], w[i + 1]);
    }
    /* b[4i + k], in 128-bit lane q: word 4q + k of rows 4i..4i+3. */
    for (int i = 0; i < 16; i += 4) {
        b[i] = _mm512_unpacklo_epi64(a[i], a[i + 2]);
        b[i + 1] = _mm512_unpackhi_epi64(a[i], a[i + 2]);
        b[i + 2] = _mm512_unpacklo_epi64(a[i + 1], a[i + 3]);
        b[i + 3] = _mm512_unpackhi_epi64(a[i + 1], a[i + 3]);
    }
    for (int k = 0; k < 4; k++) {
        __m512i c0 = _mm512_shuffle_i32x4(b[k], b[4 + k], 0x44);
        __m512i c1 = _mm512_shuffle_i32x4(b[k], b[4 + k], 0xEE);
        __m512i c2 = _mm512_shuffle_i32x4(b[8 + k], b[12 + k], 0x44);
        __m512i c3 = _mm512_shuffle_i32x4(b[8 + k], b[12 + k], 0xEE);
        w[k] = _mm512_shuffle_i32x4(c0, c2, 0x88);
        w[4 + k] = _mm512_shuffle_i32x4(c0, c2, 0xDD);
        w[8 + k] = _mm512_shuffle_i32x4(c1, c3, 0x88);
        w[12 + k] = _mm512_shuffle_i32x4(c1, c3, 0xDD);
    }
}

/* The portable rounds, 16 messages at a time: state[16 * j + l] is word
 * j of lane l; at round i, a..h are v[-i .. 7-i] (mod 8), so nothing
 * moves between registers. */
__attribute__((target("avx512f,avx512bw")))
static void compress_avx512(uint32_t *state, const uint8_t *const *block)
{
    __m512i w[16], v[8];
    load_words(w, block);
    for (int j = 0; j < 8; j++)
        v[j] = _mm512_load_si512(state + 16 * j);
#pragma GCC unroll 64
    for (int i = 0; i < 64; i++) {
        if (i >= 16) {
            __m512i w15 = w[(i + 1) & 15], w2 = w[(i + 14) & 15];
            __m512i s0 = XOR3(ROR(w15, 7), ROR(w15, 18), _mm512_srli_epi32(w15, 3));
            __m512i s1 = XOR3(ROR(w2, 17), ROR(w2, 19), _mm512_srli_epi32(w2, 10));
            w[i & 15] = ADD(ADD(w[i & 15], s0), ADD(w[(i + 9) & 15], s1));
        }
        __m512i a = v[-i & 7], b = v[(1 - i) & 7], c = v[(2 - i) & 7];
        __m512i e = v[(4 - i) & 7], f = v[(5 - i) & 7], g = v[(6 - i) & 7], h = v[(7 - i) & 7];
        __m512i t1 = ADD(ADD(h, XOR3(ROR(e, 6), ROR(e, 11), ROR(e, 25))),
                         ADD(_mm512_ternarylogic_epi32(e, f, g, 0xCA),
                             ADD(w[i & 15], _mm512_set1_epi32((int)sha256_k[i]))));
        __m512i t2 = ADD(XOR3(ROR(a, 2), ROR(a, 13), ROR(a, 22)),
                         _mm512_ternarylogic_epi32(a, b, c, 0xE8));
        v[(3 - i) & 7] = ADD(v[(3 - i) & 7], t1);
        v[(7 - i) & 7] = ADD(t1, t2);
    }
    for (int j = 0; j < 8; j++)
        _mm512_store_si512(state + 16 * j, ADD(v[j], _mm512_load_si512(state + 16 * j)));
}

static const kernel avx512_kernel = {16, 1, {0, 16, 32, 48, 64, 80, 96, 112}, compress_avx512};
#endif

void sha256_many(sha256_job *jobs, size_t n)
{
    switch (sha256_choice(n)) {
#ifdef SHA256_X86
    case SHA256_SHANI_MULTI:
        run(&shani_kernel, jobs, n);
        return;
    case SHA256_AVX512:
        run(&avx512_kernel, jobs, n);
        return;
#endif
    default:
        for (size_t i = 0; i < n; i++) {
            sha256_ctx ctx;
            sha256_init(&ctx);
            if (jobs[i].prefix_len) /* (memcpy wants pointers even for 0 bytes) */
                sha256_update(&ctx, jobs[i].prefix, jobs[i].prefix_len);
            if (jobs[i].len)
                sha256_update(&ctx, jobs[i].data, jobs[i].len);
            sha256_final(&ctx, jobs[i].digest);
        }
    }
}
