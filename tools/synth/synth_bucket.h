/* synth_bucket.h — the files of a synthetic history archive: gzip files of
 * framed XDR records (the record mark of RFC 5531, as the captive-core
 * stream and the archive's buckets frame them), buckets named by the
 * SHA-256 of their uncompressed content, and the merge of two buckets.
 *
 * A bucket starts with a METAENTRY (ledgerVersion, and from protocol 23
 * the live list's type); a bucket with no other record is the empty bucket
 * (hash all zero, no file), as stellar-core's.  The merge reads both
 * buckets (sorted by key, synth_key_compare) as streams and writes the
 * newer record of a key, as stellar-core merges from protocol 11 (CAP-20):
 * an older INIT under a newer DEAD annihilate, an older DEAD under a newer
 * INIT make a LIVE, an older INIT under a newer LIVE stays an INIT. */
#ifndef SYNTH_BUCKET_H
#define SYNTH_BUCKET_H

#include <stddef.h>
#include <stdint.h>

#include "stellar/sha256.h"
#include "xdr/gen/sx_codec.h"

/* A gzip file of framed records being written to a temporary name. */
typedef struct synth_records {
    void *gz;                 /* gzFile */
    char path[4096];          /* the temporary file */
    sha256_ctx content;       /* of the uncompressed, framed records */
    uint64_t records;
    sx_buf record;            /* encoding buffer of put_* */
} synth_records;

/* Opens dir/<temporary name>: 0, or -1 with why. */
int synth_records_open(synth_records *out, const char *dir, char *why, size_t why_size);
/* Appends one record. */
int synth_records_put(synth_records *out, const uint8_t *record, size_t len, char *why, size_t why_size);
int synth_records_put_bucket_entry(synth_records *out, const sx_BucketEntry *entry, char *why,
                                   size_t why_size);
/* Finishes the file and gives it the name dir/key (making the folders). */
int synth_records_commit(synth_records *out, const char *dir, const char *key, char *why,
                         size_t why_size);
/* Drops the file (after an error, or an empty bucket). */
void synth_records_discard(synth_records *out);

/* A bucket: opens one with its METAENTRY of protocol. */
int synth_bucket_open(synth_records *out, const char *dir, uint32_t protocol, char *why, size_t why_size);
/* Finishes it: its hash in hash (all zero when it holds no entry, and then
 * no file), the file at bucket/pp/qq/rr/bucket-<hash>.xdr.gz. */
int synth_bucket_commit(synth_records *out, const char *dir, uint8_t hash[32], char *why,
                        size_t why_size);

/* Merges the buckets older and newer of dir (hashes; all zero: empty) into
 * a new one, its hash in out. */
int synth_bucket_merge(const char *dir, uint32_t protocol, const uint8_t older[32],
                       const uint8_t newer[32], uint8_t out[32], char *why, size_t why_size);

/* dir/key with the folders on the way made: 0, or -1 with why. */
int synth_make_parents(const char *path, char *why, size_t why_size);

#endif
