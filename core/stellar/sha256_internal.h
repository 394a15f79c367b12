/* sha256_internal.h — what sha256.c and sha256_many.c share: the round
 * constants, the choice of implementation, and on x86 the SHA-NI rounds
 * for one block of each of several messages at once. */
#ifndef SLUICE_SHA256_INTERNAL_H
#define SLUICE_SHA256_INTERNAL_H

#include "stellar/sha256.h"

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define SHA256_X86 1
#include <immintrin.h>
#endif

extern const uint32_t sha256_k[64];

/* The implementation for a batch of n messages: the forced one, or the
 * fastest the CPU has for that many. */
sha256_impl sha256_choice(size_t n);

#ifdef SHA256_X86
/* One block of each of n messages (n a constant, so the lane loops
 * unroll): state[2l], state[2l+1] are message l's ABEF and CDGH words,
 * block[l] its 64 bytes.  Rounds 4g..4g+3 per step; w[l][g % 4] holds
 * their message words, and the schedule for later groups is built with
 * msg1/msg2 as in Intel's reference.  Unrolled so w[] lives in registers:
 * rolled, its stores and reloads sit on the rounds' dependency chain. */
__attribute__((always_inline, target("sha,sse4.1,ssse3")))
static inline void sha256_shani_blocks(__m128i *state, const uint8_t *const *block, int n)
{
    const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i start[8], w[4][4];
    for (int l = 0; l < 2 * n; l++)
        start[l] = state[l];
#pragma GCC unroll 16
    for (int g = 0; g < 16; g++) {
        __m128i k = _mm_loadu_si128((const __m128i *)&sha256_k[4 * g]);
#pragma GCC unroll 4
        for (int l = 0; l < n; l++) {
            __m128i *s0 = &state[2 * l], *s1 = &state[2 * l + 1];
            __m128i *cur = &w[l][g & 3], *prev = &w[l][(g + 3) & 3], *next = &w[l][(g + 1) & 3];
            if (g < 4)
                *cur = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block[l] + 16 * g)),
                                        byteswap);
            __m128i msg = _mm_add_epi32(*cur, k);
            *s1 = _mm_sha256rnds2_epu32(*s1, *s0, msg);
            if (g >= 3 && g <= 14) {
                *next = _mm_add_epi32(*next, _mm_alignr_epi8(*cur, *prev, 4));
                *next = _mm_sha256msg2_epu32(*next, *cur);
            }
            msg = _mm_shuffle_epi32(msg, 0x0E);
            *s0 = _mm_sha256rnds2_epu32(*s0, *s1, msg);
            if (g >= 1 && g <= 12)
                *prev = _mm_sha256msg1_epu32(*prev, *cur);
        }
    }
    for (int l = 0; l < 2 * n; l++)
        state[l] = _mm_add_epi32(state[l], start[l]);
}
#endif

#endif
