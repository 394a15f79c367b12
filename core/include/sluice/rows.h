/* sluice/rows.h — the row model the core's indexer derives from each ledger
 * and hands to every sink (doc/data-model.md describes each column).
 *
 * Ownership: every pointer in these structs points into memory owned by the
 * core (the per-ledger arena or the source's frame buffer).  It is valid for
 * the duration of the sink callback that receives it and no longer: a sink
 * that needs a value later copies it.  Sinks never free anything here.
 *
 * Growth (sluice-plugin(7)): a minor ABI version may add members at the
 * end of a row struct, so every row array comes with its element size and
 * a sink reaches element i with SLUICE_ROW_AT, never with rows[i]; it then
 * reads only the members its headers know.  sluice_ledger starts with its
 * size and grows at its end; the sluice_ledger_row inside it is fixed
 * within a major (per-ledger values added later go at the end of
 * sluice_ledger).
 */
#ifndef SLUICE_ROWS_H
#define SLUICE_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Strkey text plus the terminating NUL, rounded up: G..., C..., L... are
 * 56 characters, a claimable balance B... 58, a muxed account M... 69.
 * (ABI version 1 had 57: no room for B... or M...) */
#define SLUICE_STRKEY_SIZE 72

typedef struct sluice_bytes {
    const uint8_t *data;
    size_t len;
} sluice_bytes;

/* Two's-complement 128-bit integer (contract token amounts). */
typedef struct sluice_int128 {
    int64_t hi;
    uint64_t lo;
} sluice_int128;

typedef struct sluice_ledger_row {
    uint32_t sequence;
    uint8_t hash[32];
    uint8_t previous_hash[32];
    int64_t close_time;          /* unix seconds */
    uint32_t protocol_version;
    uint32_t base_fee;           /* stroops */
    uint32_t base_reserve;       /* stroops */
    uint32_t successful_transaction_count;
    uint32_t failed_transaction_count;
    uint32_t operation_count;
    /* appended (indexer): the header's lumen totals, stroops */
    int64_t total_coins;
    int64_t fee_pool;
} sluice_ledger_row;

typedef enum sluice_memo_type {
    SLUICE_MEMO_NONE = 0,
    SLUICE_MEMO_TEXT = 1,
    SLUICE_MEMO_ID = 2,
    SLUICE_MEMO_HASH = 3,
    SLUICE_MEMO_RETURN = 4,
} sluice_memo_type;

typedef struct sluice_transaction_row {
    int64_t id;                  /* SEP-35 TOID: ledger << 32 | order << 12 */
    uint8_t hash[32];
    uint32_t ledger_sequence;
    uint32_t application_order;  /* from 1, in txProcessing order */
    char source_account[SLUICE_STRKEY_SIZE];
    bool is_fee_bump;
    char fee_account[SLUICE_STRKEY_SIZE]; /* fee bumps only, else "" */
    uint8_t inner_hash[32];      /* fee bumps only, else zero */
    int64_t max_fee;
    int64_t fee_charged;
    bool successful;
    int32_t result_code;
    sluice_memo_type memo_type;
    sluice_bytes memo_value;     /* text bytes, 8-byte big-endian id, or 32-byte hash */
    uint32_t operation_count;
    sluice_bytes envelope_xdr;   /* empty unless store_xdr keeps it */
    sluice_bytes result_xdr;     /* empty unless store_xdr = all */
    sluice_bytes meta_xdr;       /* empty unless store_xdr = all */
} sluice_transaction_row;

typedef struct sluice_operation_row {
    int64_t id;                  /* transaction id + index + 1 */
    int64_t transaction_id;
    uint32_t type;               /* OperationType value */
    char source_account[SLUICE_STRKEY_SIZE];
    bool has_source_muxed_id;
    uint64_t source_muxed_id;
    bool successful;
    int32_t result_code;
    /* appended (indexer): result_code is the operation type's own code
     * (0 = success) when operation_result_code is 0 (opINNER); otherwise
     * the operation failed with operation_result_code (opBAD_AUTH, ...) and
     * result_code is 0.  has_result is false when the transaction failed
     * before its operations ran (no per-operation results exist). */
    int32_t operation_result_code;
    bool has_result;
} sluice_operation_row;

/* One row per (transaction or operation, account). */
typedef struct sluice_participant_row {
    int64_t id;                  /* transaction or operation id */
    char account[SLUICE_STRKEY_SIZE];
} sluice_participant_row;

typedef enum sluice_state_category {
    SLUICE_SC_BALANCE = 1,
    SLUICE_SC_ACCOUNT,
    SLUICE_SC_TRUSTLINE,
    SLUICE_SC_SIGNER,
    SLUICE_SC_SIGNATURE_THRESHOLD,
    SLUICE_SC_FLAGS,
    SLUICE_SC_HOME_DOMAIN,
    SLUICE_SC_DATA_ENTRY,
    SLUICE_SC_BALANCE_AUTHORIZATION,
    /* since ABI 3.2 */
    SLUICE_SC_ALLOWANCE,         /* SEP-41 / SAC approve: spender, amount, expiration */
    SLUICE_SC_RESERVES,          /* an entry's or signer's sponsor set / removed */
} sluice_state_category;

typedef enum sluice_state_reason {
    SLUICE_SR_CREDIT = 1,
    SLUICE_SR_DEBIT,
    SLUICE_SR_MINT,
    SLUICE_SR_BURN,
    SLUICE_SR_FEE,
    SLUICE_SR_CREATE,
    SLUICE_SR_MERGE,
    SLUICE_SR_ADD,
    SLUICE_SR_REMOVE,
    SLUICE_SR_UPDATE,
    SLUICE_SR_SET,
    SLUICE_SR_CLEAR,
    /* since ABI 3.2: SIGNATURE_THRESHOLD rows, one per threshold level */
    SLUICE_SR_LOW,
    SLUICE_SR_MEDIUM,
    SLUICE_SR_HIGH,
    /* since ABI 3.2: RESERVES rows */
    SLUICE_SR_SPONSOR,
    SLUICE_SR_UNSPONSOR,
} sluice_state_reason;

typedef struct sluice_state_change_row {
    int64_t operation_id;        /* fee debits: the transaction id (op 0) */
    uint32_t order;              /* position within the operation, from 0 */
    sluice_state_category category;
    sluice_state_reason reason;
    char account[SLUICE_STRKEY_SIZE];
    const char *asset;           /* "native", "CODE:ISSUER", a contract strkey, or NULL */
    sluice_int128 amount;        /* BALANCE: stroops moved; ALLOWANCE: the amount approved */
    const char *details_json;    /* category-specific fields as a JSON object, or NULL;
                                  * "old" / "new": the value before / after
                                  * (doc/data-model.md) */
} sluice_state_change_row;

typedef enum sluice_balance_kind {
    SLUICE_BALANCE_ADD = 1,
    SLUICE_BALANCE_UPDATE = 2,
    SLUICE_BALANCE_REMOVE = 3,
} sluice_balance_kind;

/* Current-state balance, keyed by (account, asset).  Native balances use
 * asset "native"; trustlines "CODE:ISSUER"; Stellar Asset Contract balances
 * the asset contract's strkey with account = the holder. */
typedef struct sluice_balance_change {
    sluice_balance_kind kind;
    int64_t operation_id;        /* the change's position in history */
    char account[SLUICE_STRKEY_SIZE];
    const char *asset;
    sluice_int128 balance;
    int64_t limit;               /* trustlines only */
    uint32_t flags;              /* trustlines only */
} sluice_balance_change;

/* ---- since ABI 3.2 ------------------------------------------------------- */

/* The kinds of token movement of stellar-core's unified events (CAP-67). */
typedef enum sluice_transfer_kind {
    SLUICE_TRANSFER = 1,         /* from -> to */
    SLUICE_TRANSFER_MINT,        /* issuer or admin -> to (from "") */
    SLUICE_TRANSFER_BURN,        /* from -> issuer or nothing (to "") */
    SLUICE_TRANSFER_CLAWBACK,    /* taken back from `from` (to "") */
    SLUICE_TRANSFER_FEE,         /* a fee charged (amount > 0) or refunded
                                  * (amount < 0) to `from` (to "") */
} sluice_transfer_kind;

/* One token movement: what a CAP-67 transfer/mint/burn/clawback/fee event
 * says, from the meta's events (meta v4) or derived from operations,
 * results and entry changes as stellar-core would emit them (older
 * meta).  Gross: every event is a row, zero amounts included. */
typedef struct sluice_token_transfer_row {
    int64_t transaction_id;
    int64_t operation_id;        /* 0: a transaction-level event (fees) */
    uint32_t event_index;        /* position among the operation's token events,
                                  * or among the transaction's fee events, from 0 */
    sluice_transfer_kind kind;
    char from[SLUICE_STRKEY_SIZE]; /* G, M, C, B or L strkey; "" for a mint */
    char to[SLUICE_STRKEY_SIZE];   /* "" for burn, clawback and fee */
    const char *asset;           /* "native", "CODE:ISSUER"; NULL for a token
                                  * contract that is not a Stellar Asset Contract */
    char asset_contract[SLUICE_STRKEY_SIZE]; /* the asset's contract id (C...) */
    sluice_int128 amount;        /* in the asset's smallest unit */
    bool has_to_muxed_id;        /* CAP-67 to_muxed_id of type uint64 */
    uint64_t to_muxed_id;
} sluice_token_transfer_row;

/* ContractEventType values. */
typedef enum sluice_contract_event_type {
    SLUICE_EVENT_SYSTEM = 0,
    SLUICE_EVENT_CONTRACT = 1,
    SLUICE_EVENT_DIAGNOSTIC = 2,
} sluice_contract_event_type;

/* One contract, system or (when enabled) diagnostic event. */
typedef struct sluice_contract_event_row {
    int64_t transaction_id;
    int64_t operation_id;        /* 0: a transaction-level event */
    uint32_t event_index;        /* position among the operation's (or the
                                  * transaction-level) events of its kind
                                  * group, from 0 */
    sluice_contract_event_type type;
    char contract[SLUICE_STRKEY_SIZE]; /* C... strkey, "" when none */
    bool in_successful_call;
    uint32_t topic_count;
    const sluice_bytes *topics;  /* topic_count XDR-encoded SCVals */
    sluice_bytes data;           /* the XDR-encoded SCVal data */
    const char *topics_json;     /* JSON array of the topics, as `sluice decode` renders SCVal */
    const char *data_json;       /* the data as JSON */
} sluice_contract_event_row;

/* Everything the indexer derived from one ledger.  Each array: count
 * elements, each *_row_size bytes apart (at least the sizeof the sink was
 * built with). */
typedef struct sluice_ledger {
    uint32_t struct_size;        /* the core's sizeof(sluice_ledger) */
    sluice_ledger_row ledger;
    sluice_bytes frame;          /* the raw LedgerCloseMeta XDR */
    const sluice_transaction_row *transactions;
    size_t transaction_count;
    size_t transaction_row_size;
    const sluice_operation_row *operations;
    size_t operation_count;
    size_t operation_row_size;
    const sluice_participant_row *transaction_participants;
    size_t transaction_participant_count;
    size_t transaction_participant_row_size;
    const sluice_participant_row *operation_participants;
    size_t operation_participant_count;
    size_t operation_participant_row_size;
    const sluice_state_change_row *state_changes;
    size_t state_change_count;
    size_t state_change_row_size;
    const sluice_balance_change *balance_changes; /* this ledger's, in order */
    size_t balance_change_count;
    size_t balance_change_row_size;
    /* since ABI 3.2 */
    const sluice_token_transfer_row *token_transfers;
    size_t token_transfer_count;
    size_t token_transfer_row_size;
    const sluice_contract_event_row *contract_events;
    size_t contract_event_count;
    size_t contract_event_row_size;
} sluice_ledger;

/* Element i of a row array whose elements are element_size bytes apart, as
 * a const void * (assign it to a pointer to the row type):
 *   const sluice_operation_row *op =
 *       SLUICE_ROW_AT(ledger->operations, ledger->operation_row_size, i); */
#define SLUICE_ROW_AT(rows, element_size, i) \
    ((const void *)((const char *)(rows) + (size_t)(i) * (size_t)(element_size)))

#ifdef __cplusplus
}
#endif
#endif
