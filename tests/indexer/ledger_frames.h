/* ledger_frames.h — every real fixture ledger as one LedgerCloseMeta frame
 * (batches split), with the network passphrase it was closed under and the
 * file it came from (frames of one stellar-core stream are consecutive
 * ledgers).  Shared by the indexer tests and the indexer benchmark. */
#ifndef LEDGER_FRAMES_H
#define LEDGER_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#define PUBNET_PASSPHRASE "Public Global Stellar Network ; September 2015"
#define CORE_TEST_PASSPHRASE "(V) (;,,;) (V)"

typedef struct ledger_frame {
    char name[600];          /* fixture path relative to the folder, "#index" */
    char file[600];          /* the file alone */
    const char *passphrase;
    uint8_t *data;           /* owned: one XDR LedgerCloseMeta */
    size_t len;
} ledger_frame;

typedef struct ledger_frames {
    ledger_frame *frames;
    size_t count;
} ledger_frames;

struct sx_LedgerCloseMeta;
struct sx_vec_TransactionEnvelope;
struct sx_TransactionEnvelope;
struct sx_TransactionResultPair;
struct sx_TransactionMeta;
struct sx_vec_LedgerEntryChange;

/* The envelope vectors of a decoded ledger's transaction set (every
 * component and parallel cluster), at most `max`; returns how many. */
size_t ledger_envelope_sets(struct sx_LedgerCloseMeta *lcm, struct sx_vec_TransactionEnvelope **sets,
                            size_t max);

/* The change lists of a TransactionMeta (any version): the transaction's
 * before the operations, each operation's, the transaction's after; at
 * most `max` (a transaction has at most 100 operations); returns how many. */
#define LEDGER_META_CHANGES_MAX 102
size_t ledger_meta_changes(const struct sx_TransactionMeta *m,
                           const struct sx_vec_LedgerEntryChange **lists, size_t max);

/* Transactions applied in a decoded ledger, and the result pair of the
 * i-th (apply order), whose transactionHash pairs it with its envelope. */
uint32_t ledger_transaction_count(const struct sx_LedgerCloseMeta *lcm);
struct sx_TransactionResultPair *ledger_result_pair(struct sx_LedgerCloseMeta *lcm, uint32_t i);

/* The hash a V1 or fee-bump envelope has on the network of network_id
 * (SHA-256 of its signature payload); -1 for a V0 envelope or when it
 * cannot be encoded. */
int envelope_hash(const uint8_t network_id[32], const struct sx_TransactionEnvelope *env,
                  uint8_t out[32]);

/* The V1 envelope of the ledger's transaction set whose hash on the
 * network of network_id is `hash`, or NULL (tests rewriting a transaction
 * find it by its result's hash). */
struct sx_TransactionEnvelope *ledger_v1_envelope(struct sx_LedgerCloseMeta *lcm,
                                                  const uint8_t network_id[32],
                                                  const uint8_t hash[32]);

/* A decoded (and perhaps rewritten) ledger encoded again; malloc'd, NULL
 * when it cannot be encoded. */
uint8_t *ledger_encoded(const struct sx_LedgerCloseMeta *lcm, size_t *len);

/* -1 with why on failure. */
int ledger_frames_load(const char *dir, ledger_frames *set, char *why, size_t why_size);
void ledger_frames_free(ledger_frames *set);

/* For tests: loads the frames below `dir`, the answer of test_fixtures_dir()
 * (NULL when the folder is absent and skipping is allowed).  Returns 0 when
 * loaded, else the status the test exits with: 77 (skip) for a NULL dir, 99
 * after printing why loading failed. */
int ledger_frames_load_for_test(const char *dir, ledger_frames *set);

#endif
