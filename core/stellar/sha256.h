/* sha256.h — SHA-256 (FIPS 180-4), for transaction hashes, the network id
 * and Stellar Asset Contract ids.  No external crypto library needed. */
#ifndef SLUICE_SHA256_H
#define SLUICE_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
    uint32_t state[8];
    uint64_t length;      /* bytes hashed so far */
    uint8_t block[64];
    size_t used;          /* bytes in block */
} sha256_ctx;

void sha256_init(sha256_ctx *ctx);
void sha256_update(sha256_ctx *ctx, const void *data, size_t n);
void sha256_final(sha256_ctx *ctx, uint8_t digest[32]);
/* Whether the CPU's SHA instructions are in use. */
bool sha256_accelerated(void);
/* One-shot digest of data. */
void sha256(const void *data, size_t n, uint8_t digest[32]);

/* One message of sha256_many: prefix || data, digest written there. */
typedef struct sha256_job {
    const uint8_t *prefix;
    size_t prefix_len;
    const uint8_t *data;
    size_t len;
    uint8_t digest[32];
} sha256_job;

/* Digests of many messages at once (several in flight, so faster than
 * one by one where the CPU allows). */
void sha256_many(sha256_job *jobs, size_t n);

/* The implementations, for tests and benchmarks. */
typedef enum sha256_impl {
    SHA256_AUTO,        /* the fastest the CPU has (the default) */
    SHA256_PORTABLE,    /* plain C */
    SHA256_SHANI,       /* SHA-NI, one message at a time */
    SHA256_SHANI_MULTI, /* SHA-NI, sha256_many interleaves messages */
    SHA256_AVX512,      /* sha256_many in 16 AVX-512 lanes (single: SHA-NI if present) */
} sha256_impl;
/* Uses exactly impl from now on (SHA256_AUTO: detection again); false,
 * changing nothing, when the CPU lacks it. */
bool sha256_force(sha256_impl impl);

#endif
