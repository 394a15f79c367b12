/* ix_internal.h — what the indexer's files share: the indexer object, the
 * per-ledger derivation context, and the helpers each file provides (the
 * row appenders every deriver calls are in emit.h). */
#ifndef SLUICE_IX_INTERNAL_H
#define SLUICE_IX_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "indexer/balance_merge.h"
#include "indexer/indexer.h"
#include "indexer/row_vec.h"
#include "xdr/gen/sx_codec.h"

/* A transaction envelope of the ledger's transaction set, by hash. */
typedef struct ix_envelope {
    uint8_t hash[32];
    uint8_t inner_hash[32];     /* fee bumps: the inner transaction's hash */
    const sx_TransactionEnvelope *envelope;
} ix_envelope;

/* What precedes each kind of transaction's bytes in its hash: network id
 * || envelope type, and for V0 envelopes the KEY_TYPE_ED25519 tag. */
typedef struct ix_hash_prefixes {
    uint8_t tx[36], v0[40], fee_bump[36];
} ix_hash_prefixes;

/* A strkey this ledger's rows name, interned (names.c): one per
 * (version, id) per ledger, valid until the next frame. */
typedef struct ix_name {
    /* what a look-up reads first: one cache line */
    uint64_t hash;
    uint8_t id[32];                /* key, contract, pool or (V0) balance id */
    uint8_t version;               /* STRKEY_ACCOUNT, _CONTRACT, _LIQUIDITY_POOL, _CLAIMABLE_BALANCE */
    uint32_t slot;                 /* its slot in indexer.name_table */
    int64_t transaction_stamp;     /* the last transaction / operation id it was */
    int64_t operation_stamp;       /* made a participant of (-1: none) */
    char text[SLUICE_STRKEY_SIZE]; /* the strkey, NUL-padded: rows copy it whole */
    const struct ix_sac *sac;      /* a contract seen emitting a Stellar Asset Contract's
                                    * events: its asset (transfer_events.c), else NULL */
} ix_name;

/* The raw identity of a current-state balance (sluice_balance_change's
 * (account, asset)): equal keys <=> equal (account, asset) strings.
 * Zero-initialise, then set both halves (net_balances.c). */
typedef struct ix_balance_key {
    uint8_t holder_type;      /* strkey version: STRKEY_ACCOUNT, _CONTRACT, _LIQUIDITY_POOL,
                               * _CLAIMABLE_BALANCE (whose id type, V0, is the only one) */
    uint8_t asset_kind;       /* IX_ASSET_* */
    uint8_t zero[2];
    uint8_t code[12];         /* credit assets: the code, trailing NULs dropped */
    uint8_t holder[32];
    uint8_t asset[32];        /* issuer, pool id or contract id; native: zero */
} ix_balance_key;

enum { IX_ASSET_NATIVE = 0, IX_ASSET_CREDIT, IX_ASSET_POOL_SHARE, IX_ASSET_CONTRACT };

/* One key's net change within the ledger. */
typedef struct ix_net_record {
    ix_balance_key key;
    uint64_t hash;
    uint32_t slot;                    /* its slot in indexer.net_table */
    bool existed_before;              /* from the key's first change */
    sluice_balance_change change;     /* the last change (account, asset from the first) */
} ix_net_record;

/* A net record's place while sorting (net_balances.c). */
typedef struct ix_net_order {
    uint64_t id;                /* its operation id, sign bit flipped */
    uint32_t index;             /* the record */
} ix_net_order;

/* One entry of the per-ledger asset name cache (credit_slot in ix_keys.c):
 * IX_ASSET_NAME_CACHE slots in sets of two (a busy pubnet ledger names
 * over a thousand assets). */
#define IX_ASSET_NAME_CACHE 2048
typedef struct ix_asset_name_slot {
    uint64_t generation;        /* ix->generation when filled; 0: empty */
    uint64_t used;              /* ix->asset_uses at its last look-up: the set
                                 * evicts the least recently used */
    uint8_t code[12];
    uint8_t code_len;
    uint8_t issuer[32];
    const char *name;           /* in the arena: valid for that ledger only */
    const char *contract;       /* its Stellar Asset Contract's strkey (an
                                 * ix_name's text), NULL until asked for */
    bool has_contract_id;       /* contract_id holds the asset's contract id: kept
                                 * across ledgers while the slot keeps the asset */
    uint8_t contract_id[32];
} ix_asset_name_slot;

struct indexer {
    indexer_store_xdr store_xdr;
    bool diagnostic_events;     /* contract_events rows for diagnostic events too */
    bool derive_transfers;      /* indexer_options.derive_transfers */
    uint8_t network_id[32];
    ix_hash_prefixes hash_prefixes; /* from network_id (envelopes.c) */
    uint8_t native_contract_id[32];
    char native_contract[SLUICE_STRKEY_SIZE];
    sx_arena *arena;            /* decoded frame + row strings, per ledger */
    const uint8_t *frame;       /* the frame being indexed (envelopes hash from it) */
    size_t frame_len;
    sx_buf scratch;             /* encoding for hashes and key comparison */
    sx_buf scratch_other;       /* second key of a comparison */
    ix_envelope *envelopes;     /* open addressing, capacity a power of two */
    size_t envelope_capacity;   /* allocated slots */
    size_t envelope_slots;      /* slots this ledger uses (a power of two) */
    row_vec transactions, operations, transaction_participants, operation_participants,
        state_changes, token_transfers, contract_events;
    ix_net_record *net_records;      /* net_balances.c: dense, net_count used */
    size_t net_count, net_record_capacity;
    uint32_t *net_table;             /* record index + 1, 0 = empty; power of two */
    size_t net_table_capacity;
    sluice_balance_change *net_result;
    size_t net_result_capacity;
    ix_net_order *net_order;         /* ix_net_result's sort (two halves) */
    size_t net_order_capacity;
    ix_name **name_blocks;           /* names.c: blocks of names, reused */
    size_t name_block_count, name_block_capacity, name_count;
    ix_name **name_table;            /* NULL = empty; power of two */
    size_t name_table_capacity;
    ix_name *last_name;              /* the latest looked up, or NULL */
    ix_asset_name_slot *asset_names; /* IX_ASSET_NAME_CACHE slots */
    uint64_t asset_uses;             /* look-ups of asset_names so far */
    uint64_t generation;        /* counts indexed frames, from 1 */
    const sx_type_info *envelope_type, *result_type, *meta_type; /* store_xdr */
};

/* Where in a transaction a change list sits: decides reasons and ids. */
typedef enum ix_phase {
    IX_PHASE_FEE,        /* feeProcessing: fee debits */
    IX_PHASE_TX,         /* txChangesBefore / txChanges (sequence, signers) */
    IX_PHASE_OPERATION,  /* one operation's changes */
    IX_PHASE_REFUND,     /* txChangesAfter, postTxApplyFeeProcessing */
} ix_phase;

/* The derivation context of one change list. */
typedef struct ix_ctx {
    indexer *ix;
    uint32_t ledger_sequence;
    ix_phase phase;
    int64_t operation_id;       /* the row id changes are filed under */
    uint32_t *order;            /* next state-change order of operation_id */
    uint32_t tx_order;          /* for error messages (ix_where) */
    const char *list_name;      /* "fee processing", "operation", ... */
    int64_t transaction_id;
    uint32_t transfer_index;    /* next token_transfers event_index of operation_id */
    uint32_t fee_transfer_index; /* next event_index of the transaction-level
                                  * (fee) token_transfers */
    const sx_Memo *memo;        /* the transaction's memo (CAP-67 to_muxed_id) */
    size_t first_state_row;     /* the operation's first state-change row */
    uint32_t protocol_version;  /* the ledger's */
    ix_name *tx_source;         /* the transaction's source (muxed resolved) */
    const sx_vec_Operation *operations; /* the transaction's operations */
    const sx_Operation *op;     /* operation phase: the operation (else NULL) */
    uint32_t op_index;          /* its index in operations */
    ix_name *op_source;         /* its source (muxed resolved) */
} ix_ctx;

/* ---- names.c: this ledger's strkeys, interned --------------------------- */
/* The name of (version, id): STRKEY_ACCOUNT, _CONTRACT, _LIQUIDITY_POOL or
 * _CLAIMABLE_BALANCE (a V0 id).  Owned by the indexer until the next frame. */
ix_name *ix_name_of(indexer *ix, uint8_t version, const uint8_t id[32]);
ix_name *ix_account_name(indexer *ix, const sx_AccountID *id);
/* Muxed accounts resolve to their G account; *muxed_id gets the id. */
ix_name *ix_muxed_name(indexer *ix, const sx_MuxedAccount *m, bool *has_id, uint64_t *muxed_id);
/* NULL for an id of an unknown type. */
ix_name *ix_claimable_balance_name(indexer *ix, const sx_ClaimableBalanceID *id);
/* G, C, L or B (muxed resolve to G); NULL for unknown types. */
ix_name *ix_address_name(indexer *ix, const sx_SCAddress *a);
/* Forgets the previous ledger's names. */
void ix_names_clear(indexer *ix);
void ix_names_free(indexer *ix);

/* ---- ix_keys.c: asset names, ledger keys -------------------------------- */
/* "native", "CODE:ISSUER" (arena); NULL for an unknown type. */
const char *ix_asset_name(indexer *ix, const sx_Asset *asset);
const char *ix_trustline_asset_name(indexer *ix, const sx_TrustLineAsset *asset);
/* An asset (native or credit) as token events name it; strings valid for
 * the ledger. */
typedef struct ix_asset_ref {
    const char *name;           /* "native", "CODE:ISSUER" */
    const char *contract;       /* its Stellar Asset Contract's strkey */
    bool has_issuer;            /* false for native */
    uint8_t issuer[32];         /* its issuer's key */
} ix_asset_ref;
/* Fills *ref (the contract id computed once per asset per ledger); false
 * for an unknown asset type or out-of-memory. */
bool ix_asset_ref_of(indexer *ix, const sx_Asset *asset, ix_asset_ref *ref);
/* The Stellar Asset Contract id of `asset` (native or credit): SHA-256 of
 * the XDR HashIDPreimage ENVELOPE_TYPE_CONTRACT_ID { networkID,
 * CONTRACT_ID_PREIMAGE_FROM_ASSET(asset) }. */
void ix_asset_contract_id(const uint8_t network_id[32], const sx_Asset *asset, uint8_t out[32]);
/* Arena copy of a NUL-terminated string; aborts on out-of-memory like
 * xmalloc (a row never goes missing quietly). */
const char *ix_strdup(indexer *ix, const char *text);
/* Whether `entry` is the entry of `key` (compared in place, field by
 * field): 1 yes, 0 no, -1 for an unknown type or a contract data key that
 * cannot be encoded (scratch.fail says why). */
int ix_entry_has_key(indexer *ix, const sx_LedgerEntry *entry, const sx_LedgerKey *key);

/* ---- envelopes.c: the transaction set, hashed --------------------------- */
/* Sets ix->hash_prefixes from ix->network_id. */
void ix_hash_prefixes_init(indexer *ix);
/* Hashes every envelope of the ledger's transaction set (and the inner
 * transaction of every fee bump). */
int ix_collect_envelopes(indexer *ix, const sx_LedgerCloseMeta *lcm, error_report *err);
/* The envelope of a transaction hash, or NULL. */
const ix_envelope *ix_find_envelope(const indexer *ix, const uint8_t hash[32]);

/* ---- tx_rows.c: transaction and operation rows -------------------------- */
/* The accounts of a transaction row, as names (participants). */
typedef struct ix_tx_accounts {
    ix_name *source;
    ix_name *fee;                   /* fee bumps only, else NULL */
} ix_tx_accounts;

/* Appends the transaction row and its operation rows; `found` is the
 * envelope the result's hash names (with a fee bump's inner hash). */
int ix_transaction_rows(indexer *ix, uint32_t ledger_sequence, uint32_t order,
                        const ix_envelope *found, const sx_TransactionResultPair *result,
                        sluice_transaction_row **tx_out, ix_tx_accounts *accounts,
                        error_report *err);
/* An operation's source: its own account, else the transaction's. */
ix_name *ix_operation_source(indexer *ix, const sx_Operation *op, ix_name *tx_source,
                             bool *has_id, uint64_t *muxed_id);

/* Arena copy of the XDR encoding of `value` (of `type`) into *out. */
int ix_keep_xdr(indexer *ix, const sx_type_info *type, const void *value, sluice_bytes *out);

/* The operations of an envelope (the inner transaction's for fee bumps). */
const sx_vec_Operation *ix_envelope_operations(const sx_TransactionEnvelope *env);
/* The operation results of a transaction result, or NULL when the
 * transaction failed before its operations ran. */
const sx_vec_OperationResult *ix_operation_results(const sx_TransactionResult *r);
/* The memo of an envelope (the inner transaction's for fee bumps). */
const sx_Memo *ix_envelope_memo(const sx_TransactionEnvelope *env);

/* ---- entry_changes.c: the diff engine ----------------------------------- */
/* Pairs each change of the list with the entry's prior state and derives
 * state changes and balance changes from every (before, after) pair. */
int ix_walk_changes(ix_ctx *ctx, const sx_LedgerEntryChanges *changes, error_report *err);

/* One (before, after) pair of a ledger entry, with the names both derivers
 * need rendered once (entry_changes.c). */
typedef struct ix_pair {
    const sx_LedgerEntryData *before, *after; /* NULL: created / removed */
    const sx_LedgerEntryData *any;            /* before, else after */
    ix_name *owner;                 /* account of an account, trustline or data entry, else
                                     * NULL; a participant before the derivers run */
    const char *asset;              /* trustline asset name (NULL: unknown type) */
} ix_pair;

/* ---- balances.c: balance deltas, one function per entry type ------------ */
void ix_account_balances(ix_ctx *ctx, const ix_pair *pair);
int ix_trustline_balances(ix_ctx *ctx, const ix_pair *pair, error_report *err);
int ix_claimable_balances(ix_ctx *ctx, const ix_pair *pair, error_report *err);
int ix_pool_balances(ix_ctx *ctx, const ix_pair *pair, error_report *err);
/* Stellar Asset Contract balances; other contract data moves none. */
void ix_contract_data_balances(ix_ctx *ctx, const ix_pair *pair);

/* ---- net_balances.c: this ledger's net balance changes ------------------ */
void ix_balance_key_holder(ix_balance_key *key, uint8_t strkey_version, const uint8_t id[32]);
/* code may be NULL (code_len 0), id NULL for the native asset. */
void ix_balance_key_asset(ix_balance_key *key, uint8_t asset_kind, const uint8_t *code,
                          size_t code_len, const uint8_t id[32]);
/* Folds a change of `key` (holder and asset: its account and asset, used
 * when the key is first seen; asset must stay valid for the ledger) as its
 * latest.  balance, limit and flags are zero for a removal. */
void ix_net_add(indexer *ix, const ix_balance_key *key, const ix_name *holder, const char *asset,
                sluice_balance_kind kind, int64_t operation_id, sluice_int128 balance,
                int64_t limit, uint32_t flags);
/* The net change set, sorted like balance_merge_result; valid until the
 * next ix_net_clear. */
size_t ix_net_result(indexer *ix, const sluice_balance_change **out);
void ix_net_clear(indexer *ix);
void ix_net_free(indexer *ix);

/* ---- state_rows.c: what the state-change derivers share ------------------ */
/* A state-change row of ctx's operation with its asset and details. */
void ix_state_change(ix_ctx *ctx, sluice_state_category category, sluice_state_reason reason,
                     const ix_name *account, const char *asset, const char *details_json);
/* details_json built member by member on the stack (from ix_json_start),
 * then copied into the arena by ix_json_done. */
typedef struct ix_json {
    char text[1024];
    size_t len;
} ix_json;
void ix_json_start(ix_json *j);
/* "key":value, value already JSON (true, a number, ...). */
void ix_json_raw(ix_json *j, const char *key, const char *value);
/* "key":"text", text JSON-safe (strkeys, fixed names). */
void ix_json_text(ix_json *j, const char *key, const char *text);
/* "key":"...", untrusted bytes: printable ASCII as is, the rest \u00XX. */
void ix_json_bytes(ix_json *j, const char *key, const uint8_t *data, size_t n);
/* "key":N, or "key":"N" when quoted (64-bit values). */
void ix_json_int(ix_json *j, const char *key, int64_t value, bool quoted);
void ix_json_bool(ix_json *j, const char *key, bool value);
const char *ix_json_done(ix_ctx *ctx, ix_json *j);
/* Standard base64 of data into out (NUL-terminated); empty when it does
 * not fit (out_size >= 4 * ((n + 2) / 3) + 1 holds n bytes). */
void ix_base64(indexer *ix, const uint8_t *data, size_t n, char *out, size_t out_size);

/* ---- signer_state.c: signers (the master key among them), thresholds ---- */
/* `before` is NULL for a created account: its master key is ADDed. */
void ix_signer_state(ix_ctx *ctx, const ix_name *account, const sx_AccountEntry *before,
                     const sx_AccountEntry *after);
/* A signer key as text: G... for ed25519, else "type:hex" (out_size 128). */
void ix_signer_text(indexer *ix, const sx_SignerKey *key, char *out, size_t out_size);
bool ix_signer_keys_equal(const sx_SignerKey *x, const sx_SignerKey *y);

/* ---- sponsor_state.c: RESERVES SPONSOR / UNSPONSOR ---------------------- */
/* The sponsorship changes of one pair: the entry's sponsor and, for an
 * account, its signers' sponsors (entries: before / after, NULL when
 * created / removed). */
void ix_sponsor_state(ix_ctx *ctx, const ix_pair *pair, const sx_LedgerEntry *before,
                      const sx_LedgerEntry *after);

/* ---- state_changes.c: non-balance state changes, participants --------- */
void ix_account_state(ix_ctx *ctx, const ix_pair *pair);
void ix_trustline_state(ix_ctx *ctx, const ix_pair *pair);
void ix_data_state(ix_ctx *ctx, const ix_pair *pair);
/* The accounts a changed entry names besides its owner: its sponsor
 * (LedgerEntry ext v1 sponsoringID), an account's signer sponsors, a
 * claimable balance's claimants. */
void ix_entry_participants(ix_ctx *ctx, const sx_LedgerEntry *entry);

/* ---- contract_state.c: state changes of contracts ------------------------ */
/* A contract instance created (ACCOUNT CREATE of the C account, with its
 * executable and, when the operation names it, its deployer). */
void ix_contract_instance_state(ix_ctx *ctx, const ix_pair *pair);
/* The state changes of an operation's contract events: SEP-41 / SAC
 * `approve` (ALLOWANCE), SAC `set_authorized` of a contract holder
 * (BALANCE_AUTHORIZATION; an account holder's trustline change shows it
 * already); `changes`: the operation's entry changes. */
void ix_contract_event_state(ix_ctx *ctx, const sx_vec_ContractEvent *events,
                             const sx_LedgerEntryChanges *changes);
/* The create-contract preimage of a host function or an authorized
 * function; NULL when it creates no contract. */
const sx_ContractIDPreimage *ix_host_function_preimage(const sx_HostFunction *f);
const sx_ContractIDPreimage *ix_authorized_function_preimage(const sx_SorobanAuthorizedFunction *f);

/* ---- balances.c: the Stellar Asset Contract balance shape ---------------- */
/* The holder and `authorized` of a SAC balance entry; false when `e` does
 * not have the shape. */
bool ix_sac_balance_authorized(const sx_ContractDataEntry *e, const sx_SCAddress **holder,
                               bool *authorized);

/* ---- op_participants.c -------------------------------------------------------- */
/* Adds the accounts `op` (ctx->op, at ctx->op_index of ctx->operations,
 * source ctx->op_source) names in its body to ctx's operation and transaction. */
void ix_operation_body_participants(ix_ctx *ctx, const sx_Operation *op);

/* ---- events.c: token movements in the state changes ------------------ */
/* A MINT relabels `to`'s CREDIT row of the asset (its name or, for a
 * contract holder, its contract) in ctx's operation as MINT; a BURN or
 * CLAWBACK `from`'s DEBIT row as BURN (rows from ctx->first_state_row). */
void ix_relabel_balance(ix_ctx *ctx, sluice_transfer_kind kind, const ix_name *from,
                        const ix_name *to, const char *asset, const char *contract);
/* The BALANCE rows of a movement of a token contract that is not a Stellar
 * Asset Contract (asset = `contract`, an ix_name's text); its addresses
 * become participants. */
void ix_token_balance_rows(ix_ctx *ctx, sluice_transfer_kind kind, ix_name *from, ix_name *to,
                           const char *contract, __int128 amount);

/* ---- transfers.c: token_transfers rows (CAP-67 unified events) --------- */
/* Appends one token_transfers row filed under ctx's operation (fee
 * phases: operation_id 0, the transaction-level index), event_index
 * assigned; from / to / asset / contract NULL where there is none. */
sluice_token_transfer_row *ix_push_transfer(ix_ctx *ctx, sluice_transfer_kind kind,
                                            const ix_name *from, const ix_name *to,
                                            const char *asset, const char *contract,
                                            __int128 amount);
/* Whether `who` is the issuer of `asset` (a G account; never for native). */
bool ix_is_issuer(const ix_name *who, const ix_asset_ref *asset);
/* Appends one movement of a classic asset (native or credit) filed under
 * ctx's operation (fee phases: operation_id 0), event_index assigned.  A
 * TRANSFER from the asset's issuer becomes a MINT and one to the issuer a
 * BURN (both the issuer: stays a TRANSFER), as stellar-core emits them;
 * `from` / `to` are NULL where the kind has none.  The asset's contract id
 * is filled in.  A TRANSFER to a G account in a transaction with an id memo
 * gets the memo as to_muxed_id; a caller whose destination was a muxed
 * account sets the row's to_muxed_id itself (it takes precedence).  NULL
 * (no row) for an asset of unknown type. */
sluice_token_transfer_row *ix_classic_transfer(ix_ctx *ctx, sluice_transfer_kind kind,
                                               const ix_name *from, const ix_name *to,
                                               const sx_Asset *asset, int64_t amount);

/* ---- transfer_events.c: token_transfers rows from the meta's events --- */
/* The token movements among an operation's contract events (v4: CAP-67;
 * v3: Soroban events; SEP-41 token contracts); other events are skipped. */
void ix_event_transfers(ix_ctx *ctx, const sx_vec_ContractEvent *events);
/* The fee events of a v4 meta as rows: charges (stage before all
 * transactions), or with after_operations the refunds (the later stages).
 * Returns how many fee events the meta has, of any stage: a meta with any
 * (v4 from a core that emits unified events) has its token movements in
 * its events. */
size_t ix_fee_event_transfers(ix_ctx *ctx, const sx_TransactionMeta *meta, bool after_operations);

/* ---- transfers_derive.c: token_transfers rows derived (meta v0-v3) ----- */
/* The fee charged (refund false: the fee source's balance decrease in the
 * fee processing changes) or refunded (refund true: its increase in
 * `changes`, no row when none) as a FEE row. */
void ix_fee_transfer(ix_ctx *ctx, const sx_LedgerEntryChanges *changes, const ix_name *fee_source,
                     bool refund);
/* A successful operation as the derivers see it. */
typedef struct ix_operation_view {
    const sx_Operation *op;
    const sx_OperationResult *result;
    const sx_LedgerEntryChanges *changes;  /* its entry changes */
    const sx_vec_ContractEvent *events;    /* the host's events of a Soroban call, or NULL */
    ix_name *source;                       /* its source account (muxed: the G account) */
    bool source_has_id;
    uint64_t source_muxed_id;
} ix_operation_view;
/* The operation's movements in stellar-core's order (trades and
 * revocations: transfers_trades.c; Soroban calls: their events). */
void ix_operation_transfers(ix_ctx *ctx, const ix_operation_view *v);

/* ---- transfers_trades.c: movements of trades ----------------------------- */
/* The token movements of a path payment (strict send or receive), a
 * manage sell / buy / passive offer, a liquidity pool deposit or
 * withdrawal (each offer or pool crossed: both legs), in the order
 * stellar-core emits them (a pool's reserve changes in v->changes give a
 * deposit's and a withdrawal's amounts).  Nothing for a failed operation. */
void ix_trade_transfers(ix_ctx *ctx, const ix_operation_view *v);
/* The movements of an allow_trust / set_trust_line_flags revocation:
 * pool shares redeemed into claimable balances (`changes`: the
 * operation's entry changes, where the redeemed pools are).  Call it for
 * a successful operation only (a failed one has no changes). */
void ix_revocation_transfers(ix_ctx *ctx, const sx_Operation *op,
                             const sx_LedgerEntryChanges *changes);

/* ---- contract_events.c: contract_events rows ----------------------------- */
/* Appends the contract and system events of a transaction's meta (v3: the
 * Soroban meta's, v4: each operation's and the transaction-level ones), and
 * its diagnostic events when ix->diagnostic_events; `successful`: the
 * transaction's success.  -1 (err set) for an event that cannot be
 * rendered. */
int ix_contract_events(ix_ctx *ctx, const sx_TransactionMeta *meta, bool successful,
                       error_report *err);

#endif
