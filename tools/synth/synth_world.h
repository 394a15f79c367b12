/* synth_world.h — the ledger state the generator keeps between ledgers:
 * accounts (native balance, sequence number, trustlines, one offer, the
 * claimable balances they sponsor), the order book (offers by asset pair),
 * the claimable balances, the credit assets and their issuers, the header
 * counters, and an undo log that rolls a failed transaction's operations
 * back.
 *
 * Liabilities are not stored: an account's offer is its only one, so the
 * selling / buying liabilities of an asset are those of that offer
 * (synth_liabilities).
 *
 * Assets are numbered: 0 is native (XLM), 1..SYNTH_CREDIT_ASSETS are credit
 * assets, each issued by one account of the world. */
#ifndef SYNTH_WORLD_H
#define SYNTH_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "synth_rng.h"

#define SYNTH_CREDIT_ASSETS 4
#define SYNTH_ASSET_SLOTS (SYNTH_CREDIT_ASSETS + 1)
#define SYNTH_NATIVE 0
#define SYNTH_BASE_FEE 100
#define SYNTH_BASE_RESERVE 5000000
#define SYNTH_TRUST_LIMIT INT64_MAX
#define SYNTH_BALANCE_TTL 2073600 /* ledgers a new SAC balance lives (~120 days) */

typedef struct synth_offer {
    int64_t id;               /* 0: the account has no offer */
    int64_t amount;           /* of the selling asset */
    int32_t price_n, price_d; /* price of selling in buying */
    uint32_t last_modified;
    uint8_t selling, buying;  /* asset numbers */
} synth_offer;

typedef struct synth_account {
    uint8_t key[32];
    int64_t balance;          /* stroops */
    int64_t seq;
    uint32_t num_sub;         /* trustlines + offers */
    uint32_t num_sponsoring;  /* claimable balances it sponsors (their reserves) */
    uint32_t last_modified;
    uint32_t seq_ledger;      /* ledger and close time of the last sequence bump */
    uint64_t seq_time;
    uint32_t busy_ledger;     /* ledger in which it is already a source */
    bool exists;              /* false once merged away */
    bool issuer;
    uint8_t trusted;          /* bit a: has a trustline to asset a */
    uint8_t listed;           /* bit a: is in holders[a] */
    int64_t trust_balance[SYNTH_ASSET_SLOTS];
    int64_t trust_limit[SYNTH_ASSET_SLOTS];
    uint32_t trust_modified[SYNTH_ASSET_SLOTS];
    synth_offer offer;
} synth_account;

/* A contract (C address) holding Stellar Asset Contract balances: each is a
 * CONTRACT_DATA entry of the asset's SAC, key [Balance, address]. */
#define SYNTH_CONTRACT_HOLDERS 64
typedef struct synth_contract_holder {
    uint8_t id[32];
    int64_t balance[SYNTH_ASSET_SLOTS];
    uint32_t modified[SYNTH_ASSET_SLOTS];
    uint32_t ttl_created[SYNTH_ASSET_SLOTS];
    uint8_t has;              /* bit a: the balance entry exists */
} synth_contract_holder;

typedef struct synth_asset {
    uint8_t code[4];
    uint32_t issuer;          /* account index */
    uint8_t sac_id[32];       /* its Stellar Asset Contract (set by the generator; [0]: XLM's) */
} synth_asset;

/* A claimable balance: created by `creator` (who sponsors its reserve) for
 * `claimant`; the creator may claim it back after `reclaim_after` (close
 * time).  Its ID is the hash of the creating operation's ID. */
typedef struct synth_claimable {
    uint8_t id[32];
    uint32_t creator, claimant;
    int64_t amount;
    int64_t reclaim_after;
    uint32_t created;         /* ledger */
    uint8_t asset;
    bool live;                /* false once claimed */
} synth_claimable;

/* Accounts whose offer sells `selling` for `buying`: candidates only
 * (appended on creation, dropped lazily once the offer is gone). */
typedef struct synth_book {
    uint32_t *makers;
    uint32_t len;
    size_t cap;
} synth_book;

/* A saved account, to restore when a transaction fails. */
typedef struct synth_undo_entry {
    uint32_t index;
    synth_account saved;
} synth_undo_entry;

typedef struct synth_world {
    synth_account *accounts;
    uint32_t count;
    size_t cap;
    synth_asset assets[SYNTH_ASSET_SLOTS];   /* [0]: native (only its sac_id is used) */
    uint32_t *holders[SYNTH_ASSET_SLOTS];    /* accounts that (once) trusted asset a */
    uint32_t holder_count[SYNTH_ASSET_SLOTS];
    size_t holder_cap[SYNTH_ASSET_SLOTS];
    synth_contract_holder contracts[SYNTH_CONTRACT_HOLDERS];
    synth_book book[SYNTH_ASSET_SLOTS][SYNTH_ASSET_SLOTS]; /* [selling][buying] */
    synth_claimable *claimables;
    uint32_t claimable_count;
    size_t claimable_cap;
    int64_t id_pool;          /* last offer ID handed out (header idPool) */
    int64_t fee_pool;
    int64_t total_coins;
    uint64_t key_seed;        /* account keys are SHA-256(key_seed, index) */
    synth_rng rng;
    /* undo log of the transaction being applied */
    synth_undo_entry *undo;
    uint32_t undo_len;
    size_t undo_cap;
    uint32_t undo_count;      /* world->count when the log started */
    int64_t undo_id_pool;
    uint32_t undo_claimables; /* world->claimable_count when the log started */
    uint32_t *undo_claimed;   /* claimable balances claimed since */
    uint32_t undo_claimed_len;
    size_t undo_claimed_cap;
} synth_world;

/* A world of `accounts` funded accounts (SYNTH_CREDIT_ASSETS of them issue
 * the credit assets, the others hold trustlines), existing as of ledger
 * `first_ledger - 1`.  Memory
 * comes from xalloc (no return on exhaustion). */
void synth_world_init(synth_world *world, uint64_t seed, uint32_t accounts, uint32_t first_ledger);
void synth_world_free(synth_world *world);

/* Appends a new account (created in ledger `ledger`); returns its index. */
uint32_t synth_world_add_account(synth_world *world, uint32_t ledger, int64_t balance);

/* Balance of asset a held by account i (native balance or trustline). */
int64_t *synth_holding(synth_world *world, uint32_t account, unsigned asset);
/* Whether account i can hold asset a (native, issuer, or a trustline). */
bool synth_can_hold(const synth_world *world, uint32_t account, unsigned asset);
/* Lowest native balance account i must keep: (2 + subentries + sponsored
 * claimable balances) base reserves. */
int64_t synth_min_balance(const synth_account *account);

/* Liabilities of the account's offer in `asset`: what it sells (selling)
 * and what it buys at its price, rounded up (buying). */
typedef struct synth_liabilities {
    int64_t buying, selling;
} synth_liabilities;
synth_liabilities synth_liabilities_of(const synth_account *account, unsigned asset);
/* What the offer buys for its whole amount: amount * price_n / price_d, up. */
int64_t synth_offer_buying_amount(const synth_offer *offer);

/* Order book: notes that `account` now has an offer on its pair; returns a
 * random account whose offer sells `selling` for `buying` (not `not1` /
 * `not2`), or UINT32_MAX when none was found. */
void synth_book_add(synth_world *world, uint32_t account);
uint32_t synth_book_pick(synth_world *world, unsigned selling, unsigned buying, uint32_t not1, uint32_t not2);

/* Appends a claimable balance (live); returns its index. */
uint32_t synth_claimable_add(synth_world *world, const synth_claimable *balance);
/* Marks it claimed (undone by a rollback). */
void synth_claimable_claim(synth_world *world, uint32_t index);

/* Records that account i now trusts asset a (adds it to the holders list). */
void synth_world_note_holder(synth_world *world, uint32_t account, unsigned asset);

/* Undo log: begin before a transaction's operations, save each account
 * before its first change, and roll back if the transaction fails. */
void synth_undo_begin(synth_world *world);
void synth_undo_save(synth_world *world, uint32_t account);
void synth_undo_rollback(synth_world *world);

#endif
