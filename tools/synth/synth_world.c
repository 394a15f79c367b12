/* synth_world.c — the generator's ledger state (see synth_world.h). */
#include "synth_world.h"

#include <stdlib.h>
#include <string.h>

#include "stellar/sha256.h"
#include "base/xalloc.h"

/* Pubnet's totalCoins (stroops), constant since inflation ended. */
#define PUBNET_TOTAL_COINS 1054439020873472865LL


static void account_key(uint64_t key_seed, uint32_t index, uint8_t key[32])
{
    uint8_t input[12];
    for (int i = 0; i < 8; i++)
        input[i] = (uint8_t)(key_seed >> (56 - 8 * i));
    for (int i = 0; i < 4; i++)
        input[8 + i] = (uint8_t)(index >> (24 - 8 * i));
    sha256(input, sizeof input, key);
}

uint32_t synth_world_add_account(synth_world *world, uint32_t ledger, int64_t balance)
{
    xgrow((void **)&world->accounts, &world->cap, world->count + 1, sizeof *world->accounts);
    uint32_t index = world->count++;
    synth_account *a = &world->accounts[index];
    memset(a, 0, sizeof *a);
    account_key(world->key_seed, index, a->key);
    a->balance = balance;
    a->seq = (int64_t)ledger << 32;
    a->last_modified = ledger;
    a->seq_ledger = ledger;
    a->exists = true;
    return index;
}

void synth_world_init(synth_world *world, uint64_t seed, uint32_t accounts, uint32_t first_ledger)
{
    static const char codes[SYNTH_CREDIT_ASSETS][4] = {"USDC", "EURC", "AQUA", "yXLM"};
    memset(world, 0, sizeof *world);
    synth_rng_seed(&world->rng, seed);
    world->key_seed = synth_rng_next(&world->rng);
    world->total_coins = PUBNET_TOTAL_COINS;
    world->fee_pool = 99909618740904LL;
    world->id_pool = 1800000000;
    if (accounts < SYNTH_CREDIT_ASSETS + 2)
        accounts = SYNTH_CREDIT_ASSETS + 2;
    uint32_t genesis = first_ledger > 1 ? first_ledger - 1 : 1;
    for (uint32_t i = 0; i < accounts; i++) {
        /* 100 .. 100,000 XLM, so fees and payments never drain an account */
        int64_t balance = synth_rng_range(&world->rng, 1000000000LL, 1000000000000LL);
        synth_world_add_account(world, genesis, balance);
        world->accounts[i].seq = ((int64_t)(genesis / 2) << 32) + synth_rng_range(&world->rng, 1, 1000);
    }
    for (uint32_t i = 0; i < SYNTH_CONTRACT_HOLDERS; i++)
        account_key(~world->key_seed, i, world->contracts[i].id);
    for (unsigned a = 1; a <= SYNTH_CREDIT_ASSETS; a++) {
        memcpy(world->assets[a].code, codes[a - 1], 4);
        world->assets[a].issuer = a - 1;
        world->accounts[a - 1].issuer = true;
    }
    /* traders: each other account trusts each credit asset with
     * probability 3/5 and holds 100 .. 100,000 units of it */
    for (uint32_t i = SYNTH_CREDIT_ASSETS; i < accounts; i++) {
        synth_account *acct = &world->accounts[i];
        for (unsigned a = 1; a <= SYNTH_CREDIT_ASSETS; a++) {
            if (synth_rng_below(&world->rng, 5) >= 3)
                continue;
            acct->trusted |= (uint8_t)(1u << a);
            acct->num_sub++;
            acct->trust_balance[a] = synth_rng_range(&world->rng, 1000000000LL, 1000000000000LL);
            acct->trust_limit[a] = SYNTH_TRUST_LIMIT;
            acct->trust_modified[a] = genesis;
            synth_world_note_holder(world, i, a);
        }
    }
}

void synth_world_free(synth_world *world)
{
    free(world->accounts);
    for (unsigned a = 0; a < SYNTH_ASSET_SLOTS; a++) {
        free(world->holders[a]);
        for (unsigned b = 0; b < SYNTH_ASSET_SLOTS; b++)
            free(world->book[a][b].makers);
    }
    free(world->claimables);
    free(world->undo_claimed);
    free(world->undo);
    memset(world, 0, sizeof *world);
}

int64_t *synth_holding(synth_world *world, uint32_t account, unsigned asset)
{
    synth_account *a = &world->accounts[account];
    return asset == SYNTH_NATIVE ? &a->balance : &a->trust_balance[asset];
}

bool synth_can_hold(const synth_world *world, uint32_t account, unsigned asset)
{
    const synth_account *a = &world->accounts[account];
    if (!a->exists)
        return false;
    return asset == SYNTH_NATIVE || world->assets[asset].issuer == account ||
           (a->trusted >> asset & 1);
}

int64_t synth_min_balance(const synth_account *account)
{
    return (2 + (int64_t)account->num_sub + account->num_sponsoring) * SYNTH_BASE_RESERVE;
}

int64_t synth_offer_buying_amount(const synth_offer *offer)
{
    __int128 bought = ((__int128)offer->amount * offer->price_n + offer->price_d - 1) / offer->price_d;
    return bought > INT64_MAX ? INT64_MAX : (int64_t)bought;
}

synth_liabilities synth_liabilities_of(const synth_account *account, unsigned asset)
{
    synth_liabilities l = {0, 0};
    const synth_offer *o = &account->offer;
    if (o->id == 0)
        return l;
    if (o->selling == asset)
        l.selling = o->amount;
    if (o->buying == asset)
        l.buying = synth_offer_buying_amount(o);
    return l;
}

void synth_book_add(synth_world *world, uint32_t account)
{
    const synth_offer *o = &world->accounts[account].offer;
    synth_book *b = &world->book[o->selling][o->buying];
    xgrow((void **)&b->makers, &b->cap, b->len + 1, sizeof *b->makers);
    b->makers[b->len++] = account;
}

uint32_t synth_book_pick(synth_world *world, unsigned selling, unsigned buying, uint32_t not1, uint32_t not2)
{
    synth_book *b = &world->book[selling][buying];
    for (int tries = 0; tries < 8 && b->len > 0; tries++) {
        uint32_t slot = (uint32_t)synth_rng_below(&world->rng, b->len);
        uint32_t i = b->makers[slot];
        const synth_account *a = &world->accounts[i];
        if (!a->exists || a->offer.id == 0 || a->offer.selling != selling || a->offer.buying != buying) {
            b->makers[slot] = b->makers[--b->len]; /* stale: the offer is gone */
            continue;
        }
        if (i != not1 && i != not2)
            return i;
    }
    return UINT32_MAX;
}

uint32_t synth_claimable_add(synth_world *world, const synth_claimable *balance)
{
    xgrow((void **)&world->claimables, &world->claimable_cap, world->claimable_count + 1,
          sizeof *world->claimables);
    world->claimables[world->claimable_count] = *balance;
    world->claimables[world->claimable_count].live = true;
    return world->claimable_count++;
}

void synth_claimable_claim(synth_world *world, uint32_t index)
{
    world->claimables[index].live = false;
    if (index >= world->undo_claimables)
        return; /* created by this transaction: dropped on rollback */
    xgrow((void **)&world->undo_claimed, &world->undo_claimed_cap, world->undo_claimed_len + 1,
          sizeof *world->undo_claimed);
    world->undo_claimed[world->undo_claimed_len++] = index;
}

void synth_world_note_holder(synth_world *world, uint32_t account, unsigned asset)
{
    synth_account *a = &world->accounts[account];
    if (a->listed >> asset & 1)
        return;
    xgrow((void **)&world->holders[asset], &world->holder_cap[asset],
          world->holder_count[asset] + 1, sizeof(uint32_t));
    world->holders[asset][world->holder_count[asset]++] = account;
    a->listed |= (uint8_t)(1u << asset);
}

void synth_undo_begin(synth_world *world)
{
    world->undo_len = 0;
    world->undo_count = world->count;
    world->undo_id_pool = world->id_pool;
    world->undo_claimables = world->claimable_count;
    world->undo_claimed_len = 0;
}

void synth_undo_save(synth_world *world, uint32_t account)
{
    if (account >= world->undo_count)
        return; /* created by this transaction: dropped on rollback */
    for (uint32_t i = 0; i < world->undo_len; i++)
        if (world->undo[i].index == account)
            return;
    xgrow((void **)&world->undo, &world->undo_cap, world->undo_len + 1, sizeof *world->undo);
    world->undo[world->undo_len].index = account;
    world->undo[world->undo_len].saved = world->accounts[account];
    world->undo_len++;
}

void synth_undo_rollback(synth_world *world)
{
    while (world->undo_len > 0) {
        synth_undo_entry *e = &world->undo[--world->undo_len];
        /* the holders list only grows; keep the listed bits it has now */
        uint8_t listed = world->accounts[e->index].listed;
        world->accounts[e->index] = e->saved;
        world->accounts[e->index].listed = listed;
    }
    world->count = world->undo_count;
    world->id_pool = world->undo_id_pool;
    world->claimable_count = world->undo_claimables;
    while (world->undo_claimed_len > 0)
        world->claimables[world->undo_claimed[--world->undo_claimed_len]].live = true;
}
