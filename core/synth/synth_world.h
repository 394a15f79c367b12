/* synth_world.h — the ledger state the generator keeps between ledgers:
 * accounts (native balance, sequence number, trustlines, one offer), the
 * credit assets and their issuers, the header counters, and an undo log
 * that rolls a failed transaction's operations back.
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
    uint32_t last_modified;
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
    uint8_t sac_id[32];       /* its Stellar Asset Contract (set by the generator) */
} synth_asset;

/* A saved account, to restore when a transaction fails. */
typedef struct synth_undo_entry {
    uint32_t index;
    synth_account saved;
} synth_undo_entry;

typedef struct synth_world {
    synth_account *accounts;
    uint32_t count;
    size_t cap;
    synth_asset assets[SYNTH_ASSET_SLOTS];   /* [0] unused (native) */
    uint32_t *holders[SYNTH_ASSET_SLOTS];    /* accounts that (once) trusted asset a */
    uint32_t holder_count[SYNTH_ASSET_SLOTS];
    size_t holder_cap[SYNTH_ASSET_SLOTS];
    synth_contract_holder contracts[SYNTH_CONTRACT_HOLDERS];
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
} synth_world;

/* A world of `accounts` funded accounts (SYNTH_CREDIT_ASSETS of them issue
 * the credit assets), existing as of ledger `first_ledger - 1`.  Memory
 * comes from xalloc (no return on exhaustion). */
void synth_world_init(synth_world *world, uint64_t seed, uint32_t accounts, uint32_t first_ledger);
void synth_world_free(synth_world *world);

/* Appends a new account (created in ledger `ledger`); returns its index. */
uint32_t synth_world_add_account(synth_world *world, uint32_t ledger, int64_t balance);

/* Balance of asset a held by account i (native balance or trustline). */
int64_t *synth_holding(synth_world *world, uint32_t account, unsigned asset);
/* Whether account i can hold asset a (native, issuer, or a trustline). */
bool synth_can_hold(const synth_world *world, uint32_t account, unsigned asset);
/* Lowest native balance account i must keep: (2 + subentries) base reserves. */
int64_t synth_min_balance(const synth_account *account);

/* Records that account i now trusts asset a (adds it to the holders list). */
void synth_world_note_holder(synth_world *world, uint32_t account, unsigned asset);

/* Undo log: begin before a transaction's operations, save each account
 * before its first change, and roll back if the transaction fails. */
void synth_undo_begin(synth_world *world);
void synth_undo_save(synth_world *world, uint32_t account);
void synth_undo_rollback(synth_world *world);

#endif
