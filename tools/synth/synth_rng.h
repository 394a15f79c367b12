/* synth_rng.h — the generator's deterministic random numbers:
 * xoshiro256** seeded through splitmix64, so one --seed always gives the
 * same ledgers on every platform. */
#ifndef SYNTH_RNG_H
#define SYNTH_RNG_H

#include <math.h>
#include <stdint.h>

typedef struct synth_rng {
    uint64_t s[4];
} synth_rng;

static inline uint64_t synth_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline void synth_rng_seed(synth_rng *rng, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        rng->s[i] = synth_splitmix64(&seed);
}

static inline uint64_t synth_rng_next(synth_rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t x = s[1] * 5;
    uint64_t result = ((x << 7) | (x >> 57)) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}

/* Uniform in [0, n); n > 0 (multiply-shift, bias below 2^-32 for our n). */
static inline uint64_t synth_rng_below(synth_rng *rng, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)synth_rng_next(rng) * n) >> 64);
}

/* Uniform in [0, 1). */
static inline double synth_rng_unit(synth_rng *rng)
{
    return (double)(synth_rng_next(rng) >> 11) * 0x1.0p-53;
}

/* Standard normal (Box-Muller; one of the pair). */
static inline double synth_rng_normal(synth_rng *rng)
{
    double u = 1.0 - synth_rng_unit(rng), v = synth_rng_unit(rng);
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* Uniform in [lo, hi]; lo <= hi. */
static inline int64_t synth_rng_range(synth_rng *rng, int64_t lo, int64_t hi)
{
    return lo + (int64_t)synth_rng_below(rng, (uint64_t)(hi - lo) + 1);
}

#endif
