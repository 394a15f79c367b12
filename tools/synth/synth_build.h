/* synth_build.h — shared by the pieces that build one ledger as sx_* values:
 * the build context, lists of ledger-entry changes, and the helpers that
 * turn world state into XDR values (entries, keys, assets, accounts).
 *
 * Every value is allocated from ctx->arena and copies what it needs from the
 * world, so later changes to the world do not alter an emitted value. */
#ifndef SYNTH_BUILD_H
#define SYNTH_BUILD_H

#include "synth_params.h"
#include "synth_world.h"
#include "xdr/gen/sx_codec.h"

/* A growable list of contract events in the arena. */
typedef struct synth_events {
    sx_ContractEvent *items;
    uint32_t len, cap;
} synth_events;

struct synth_journal;

typedef struct synth_ctx {
    synth_world *world;
    const synth_params *params;
    sx_arena *arena;
    uint32_t seq;              /* ledger being built */
    uint64_t close_time;
    uint8_t network_id[32];
    sx_buf scratch;            /* encoding buffer for hashes */
    synth_events *events;      /* CAP-67 events of the classic operation being built
                                * (V2; NULL: none are recorded) */
    struct synth_journal *journal; /* --archive: the keys changed since the last
                                    * checkpoint (NULL: not kept) */
} synth_ctx;

/* A growable list of changes (LedgerEntryChanges) in the arena. */
typedef struct synth_changes {
    sx_LedgerEntryChange *items;
    uint32_t len, cap;
} synth_changes;

/* What a change is about: an account, a trustline (account, asset), the
 * account's offer, a contract holder's SAC balance of an asset and the
 * TTL entry of that balance (`account` is then the holder's index), or a
 * claimable balance (`account` is its index in world->claimables). */
typedef enum synth_ref_kind {
    SYNTH_REF_ACCOUNT,
    SYNTH_REF_TRUSTLINE,
    SYNTH_REF_OFFER,
    SYNTH_REF_CONTRACT_BALANCE,
    SYNTH_REF_CONTRACT_TTL,
    SYNTH_REF_CLAIMABLE,
} synth_ref_kind;
typedef struct synth_ref {
    synth_ref_kind kind;
    uint32_t account;
    unsigned asset;
} synth_ref;

static inline synth_ref synth_account_ref(uint32_t account)
{
    return (synth_ref){SYNTH_REF_ACCOUNT, account, 0};
}
static inline synth_ref synth_trustline_ref(uint32_t account, unsigned asset)
{
    return (synth_ref){SYNTH_REF_TRUSTLINE, account, asset};
}
static inline synth_ref synth_offer_ref(uint32_t account)
{
    return (synth_ref){SYNTH_REF_OFFER, account, 0};
}

static inline synth_ref synth_claimable_ref(uint32_t index)
{
    return (synth_ref){SYNTH_REF_CLAIMABLE, index, 0};
}
/* The entry that holds an account's balance of `asset`: the account itself
 * (native) or its trustline. */
static inline synth_ref synth_holding_ref(uint32_t account, unsigned asset)
{
    return asset == SYNTH_NATIVE ? synth_account_ref(account) : synth_trustline_ref(account, asset);
}

static inline synth_ref synth_contract_balance_ref(uint32_t holder, unsigned asset)
{
    return (synth_ref){SYNTH_REF_CONTRACT_BALANCE, holder, asset};
}
static inline synth_ref synth_contract_ttl_ref(uint32_t holder, unsigned asset)
{
    return (synth_ref){SYNTH_REF_CONTRACT_TTL, holder, asset};
}

/* Zeroed arena memory for n values of `size`.  Like xmalloc, it does not
 * return on exhaustion: it prints one line and aborts. */
void *synth_alloc(synth_ctx *ctx, size_t n, size_t size);
#define SYNTH_NEW(ctx, type, n) ((type *)synth_alloc((ctx), (n), sizeof(type)))
/* `items` (an arena array of `len` of `*cap` items of `size` bytes) with
 * room for one more: itself, or a copy twice as large (*cap updated). */
void *synth_grow(synth_ctx *ctx, void *items, uint32_t len, uint32_t *cap, size_t size);
/* A copy of `len` bytes in the arena. */
const uint8_t *synth_dup(synth_ctx *ctx, const void *data, size_t len);

/* XDR values of world things. */
sx_AccountID synth_account_id(synth_ctx *ctx, uint32_t account);
sx_MuxedAccount synth_muxed(synth_ctx *ctx, uint32_t account);
sx_Asset synth_asset_xdr(synth_ctx *ctx, unsigned asset);

/* The current value of the thing `ref` names, as a LedgerEntry; its key. */
void synth_entry(synth_ctx *ctx, synth_ref ref, sx_LedgerEntry *out);
void synth_key(synth_ctx *ctx, synth_ref ref, sx_LedgerKey *out);
/* A claimable balance's claimants, as in its entry and its creation. */
sx_vec_Claimant synth_claimants(synth_ctx *ctx, const synth_claimable *balance);

/* SCVal constructors (arena-backed). */
sx_SCVal synth_scv_symbol(synth_ctx *ctx, const char *text);
sx_SCVal synth_scv_contract(synth_ctx *ctx, const uint8_t id[32]);
sx_SCVal synth_scv_i128(int64_t amount);

/* Change emission.  before(): saves the account for rollback and appends
 * STATE of the current value; after(): stamps lastModified and appends
 * UPDATED; created(): appends CREATED; removed(): STATE then REMOVED. */
void synth_change_before(synth_ctx *ctx, synth_changes *list, synth_ref ref);
void synth_change_after(synth_ctx *ctx, synth_changes *list, synth_ref ref);
void synth_change_created(synth_ctx *ctx, synth_changes *list, synth_ref ref);
void synth_change_removed(synth_ctx *ctx, synth_changes *list, synth_ref ref);
/* CREATED of an entry the world does not keep (a consumed nonce), and the
 * TTL entry of such an entry (arena). */
void synth_change_created_entry(synth_ctx *ctx, synth_changes *list, const sx_LedgerEntry *entry);
const sx_LedgerEntry *synth_ttl_of(synth_ctx *ctx, const sx_LedgerEntry *entry, uint32_t live_until);

/* Several entries changed together (an offer and the balances and
 * liabilities it moves): snap() saves each one's current value (and the
 * account for rollback) before the world changes; emit() then appends, for
 * each, STATE of the saved value followed by UPDATED of the current one
 * (REMOVED for a ref whose `removed` flag is set). */
#define SYNTH_SNAP_MAX 8
typedef struct synth_snapshot {
    uint32_t len;
    synth_ref refs[SYNTH_SNAP_MAX];
    sx_LedgerEntry before[SYNTH_SNAP_MAX];
    bool removed[SYNTH_SNAP_MAX];
} synth_snapshot;
/* Adds `ref` unless already there; returns its position. */
uint32_t synth_snap(synth_ctx *ctx, synth_snapshot *snap, synth_ref ref);
void synth_snap_emit(synth_ctx *ctx, synth_changes *list, const synth_snapshot *snap);

/* As an sx vector (shares the items). */
static inline sx_LedgerEntryChanges synth_changes_vec(const synth_changes *list)
{
    return (sx_LedgerEntryChanges){list->items, list->len};
}

/* 32 bytes in the arena: SHA-256 of what `encode` writes for `value`. */
typedef int (*synth_encode_fn)(const void *value, sx_buf *out);
const uint8_t *synth_hash_of(synth_ctx *ctx, synth_encode_fn encode, const void *value);

#endif
