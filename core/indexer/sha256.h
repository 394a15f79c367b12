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
/* Tests: true forces the portable code, false returns to detection. */
void sha256_force_portable(bool portable);
/* One-shot digest of data. */
void sha256(const void *data, size_t n, uint8_t digest[32]);

#endif
