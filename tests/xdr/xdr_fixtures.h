/* xdr_fixtures.h — every real XDR frame under the shared fixtures folder,
 * for the codec tests, the benchmark and the fuzz seeds.
 *
 * Recognised files: stellar-core streams (*.xdr, record-marked
 * LedgerCloseMeta frames), *.b64 (one base64 LedgerCloseMeta), *.xdr.gz
 * (gzip of one LedgerCloseMeta) and *.xdr.zstd / *.xdr.zst (zstd of one
 * LedgerCloseMetaBatch).  Other files are ignored.
 */
#ifndef XDR_FIXTURES_H
#define XDR_FIXTURES_H

#include <stddef.h>
#include <stdint.h>

typedef struct xf_frame {
    char name[600];    /* path relative to the fixtures folder, plus "#index" */
    const char *type;  /* "LedgerCloseMeta" or "LedgerCloseMetaBatch" */
    uint8_t *data;     /* owned */
    size_t len;
} xf_frame;

typedef struct xf_set {
    xf_frame *frames;
    size_t count;
    size_t files;
} xf_set;

/* Loads every frame below `dir`; -1 with a message in why on failure. */
int xf_load(const char *dir, xf_set *set, char *why, size_t why_size);
void xf_free(xf_set *set);

/* For tests: loads every frame below `dir`, the answer of test_fixtures_dir()
 * (NULL when the folder is absent and skipping is allowed).  Returns 0 when
 * loaded, else the status the test exits with: 77 (skip) for a NULL dir, 1
 * after printing why loading failed. */
int xf_load_for_test(const char *dir, xf_set *set);

#endif
