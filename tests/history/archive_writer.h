/* archive_writer.h — writes a small Stellar history archive for the tests
 * of the history-archive reader: gzip buckets of framed BucketEntry records
 * named by the SHA-256 of their content, History Archive State files and a
 * checkpoint's ledger header file.  The bucket list hash is computed here
 * apart from the reader's own code. */
#ifndef TESTS_HISTORY_ARCHIVE_WRITER_H
#define TESTS_HISTORY_ARCHIVE_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "xdr/gen/sx_codec.h"

/* A bucket being built: the framed records, uncompressed. */
typedef struct test_bucket {
    sx_buf raw;
    uint8_t hash[32];   /* set by test_bucket_write */
} test_bucket;

void test_bucket_init(test_bucket *bucket);
void test_bucket_free(test_bucket *bucket);
/* Append one framed record. */
void test_bucket_add(test_bucket *bucket, const sx_BucketEntry *entry);
/* Append one framed hot archive record. */
void test_bucket_add_hot(test_bucket *bucket, const sx_HotArchiveBucketEntry *entry);
/* Write dir/bucket/pp/qq/rr/bucket-<hash>.xdr.gz (gzip of raw); 0 or -1. */
int test_bucket_write(test_bucket *bucket, const char *dir);

/* Write gzip of data[0..len) to dir/key, making the directories. */
int test_write_gz(const char *dir, const char *key, const uint8_t *data, size_t len);
/* Write text to dir/key, making the directories. */
int test_write_text(const char *dir, const char *key, const char *text);

/* The state JSON (version 2 when hot is not NULL) of buckets given as
 * curr/snap hashes of each level: live[level][0] curr, [1] snap. */
char *test_state_json(uint32_t ledger, const uint8_t (*live)[2][32], const uint8_t (*hot)[2][32]);
/* The hash a header of protocol commits to (stellar-core's formula). */
void test_bucket_list_hash(const uint8_t (*live)[2][32], const uint8_t (*hot)[2][32],
                           uint32_t protocol, uint8_t out[32]);
/* Write ledger/xx/yy/zz/ledger-<checkpoint>.xdr.gz holding the headers of
 * ledgers checkpoint - 1 and checkpoint (its bucketListHash as given). */
int test_write_headers(const char *dir, uint32_t checkpoint, uint32_t protocol,
                       const uint8_t bucket_list_hash[32]);

#endif
