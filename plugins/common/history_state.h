/* history_state.h — a Stellar history archive's History Archive State
 * (HAS): the root ".well-known/stellar-history.json" and each checkpoint's
 * "history/xx/yy/zz/history-XXXXXXXX.json", version 1 and 2 (2 adds
 * networkPassphrase and, from protocol 23, hotArchiveBuckets), read with
 * jansson; and the names of a checkpoint's files.
 *
 * Checkpoints are the ledgers whose (sequence + 1) is a multiple of 64; a
 * checkpoint's files are named by its 8 lowercase hex digits, under
 * directories of the first three bytes of them (0x0001ffbf:
 * ledger/00/01/ff/ledger-0001ffbf.xdr.gz); a bucket by its SHA-256. */
#ifndef PLUGINS_HISTORY_STATE_H
#define PLUGINS_HISTORY_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "archive_store.h"

#define HISTORY_ROOT_STATE ".well-known/stellar-history.json"
#define HISTORY_CHECKPOINT_FREQUENCY 64u
#define HISTORY_LEVELS 11           /* stellar-core's kNumLevels, both lists */
#define HISTORY_TEXT_MAX 256
#define HISTORY_STATE_MAX_BYTES (1024 * 1024)
#define HISTORY_KEY_MAX 96          /* longest object name below + NUL */

/* One level of a bucket list: the SHA-256 names of its buckets (all zero:
 * the empty bucket).  The merge in progress ("next") is not part of the
 * state a checkpoint commits to and is not kept. */
typedef struct history_level {
    uint8_t curr[32];
    uint8_t snap[32];
} history_level;

typedef struct history_state {
    int version;                              /* 1 or 2 */
    uint32_t current_ledger;
    char server[HISTORY_TEXT_MAX];            /* "" when absent */
    char network_passphrase[HISTORY_TEXT_MAX];/* "" when absent (version 1) */
    history_level live[HISTORY_LEVELS];       /* currentBuckets */
    int has_hot;                              /* hotArchiveBuckets present */
    history_level hot[HISTORY_LEVELS];        /* all zero when absent */
} history_state;

/* Parse text[0..len): 0, or -1 with why naming the key and the fault
 * (the caller adds the file). */
int history_state_parse(const char *text, size_t len, history_state *out, char *why,
                        size_t why_size);

/* Fetch object key (at most max_bytes) into out: 0, or -1 with why naming
 * the object in the store (a missing one: "... not found"). */
int history_fetch(store_session *session, const char *key, size_t max_bytes, text_buffer *out,
                  char *why, size_t why_size);
/* Fetch and parse the state of checkpoint (0: the root state): 0, or -1
 * with why naming the file. */
int history_state_fetch(store_session *session, uint32_t checkpoint, history_state *out,
                        char *why, size_t why_size);

/* Whether sequence is a checkpoint ledger. */
int history_is_checkpoint(uint32_t sequence);
/* The first checkpoint at or after sequence (0 past the last one). */
uint32_t history_checkpoint_of(uint32_t sequence);

/* The object names of a checkpoint's files, kind "history" (.json),
 * "ledger", "transactions", "results" or "scp" (.xdr.gz), into out
 * (HISTORY_KEY_MAX bytes). */
void history_checkpoint_key(char *out, const char *kind, uint32_t checkpoint);
/* bucket/pp/qq/rr/bucket-<64 hex>.xdr.gz into out (HISTORY_KEY_MAX bytes). */
void history_bucket_key(char *out, const uint8_t hash[32]);
/* 64 lowercase hex digits and a NUL into out. */
void history_hex(char out[65], const uint8_t hash[32]);
/* Whether hash is all zero (the empty bucket). */
int history_hash_is_zero(const uint8_t hash[32]);

#endif
