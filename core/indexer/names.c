/* names.c — the strkeys a ledger's rows name (G accounts, C contracts,
 * L pools, B claimable balances), interned per ledger: one ix_name per
 * (version, id), rendered once, so rows copy a fixed-size field and
 * participants are de-duplicated by a stamp on the name instead of by
 * comparing text.
 *
 * Names live in fixed blocks (pointers stay valid while the ledger is
 * indexed) reused from ledger to ledger; the open-addressing table holds
 * pointers to them and is cleared slot by slot, so a small ledger after a
 * large one does not clear the large table. */
#include <stdlib.h>
#include <string.h>

#include "indexer/ix_internal.h"
#include "stellar/strkey.h"
#include "base/xalloc.h"

#define NAMES_PER_BLOCK 256

/* Ids are public keys or hashes: their first 8 bytes already differ
 * (equality is still decided by comparing all 32). */
static uint64_t id_hash(uint8_t version, const uint8_t id[32])
{
    uint64_t word;
    memcpy(&word, id, sizeof(word));
    uint64_t h = (word ^ version) * 0xff51afd7ed558ccdull;
    return h ^ (h >> 29);
}

static ix_name *name_at(const indexer *ix, size_t index)
{
    return &ix->name_blocks[index / NAMES_PER_BLOCK][index % NAMES_PER_BLOCK];
}

void ix_names_clear(indexer *ix)
{
    for (size_t i = 0; i < ix->name_count; i++)
        ix->name_table[name_at(ix, i)->slot] = NULL;
    ix->name_count = 0;
    ix->last_name = NULL;
}

void ix_names_free(indexer *ix)
{
    for (size_t b = 0; b < ix->name_block_count; b++)
        free(ix->name_blocks[b]);
    free(ix->name_blocks);
    free(ix->name_table);
}

/* Re-inserts every name into a table twice as large. */
static void grow_table(indexer *ix)
{
    size_t capacity = ix->name_table_capacity ? ix->name_table_capacity * 2 : 1024;
    free(ix->name_table);
    ix->name_table = xcalloc(capacity, sizeof(*ix->name_table));
    ix->name_table_capacity = capacity;
    for (size_t n = 0; n < ix->name_count; n++) {
        ix_name *name = name_at(ix, n);
        size_t i = (size_t)name->hash & (capacity - 1);
        while (ix->name_table[i])
            i = (i + 1) & (capacity - 1);
        ix->name_table[i] = name;
        name->slot = (uint32_t)i;
    }
}

static ix_name *new_name(indexer *ix)
{
    if (ix->name_count == ix->name_block_count * NAMES_PER_BLOCK) {
        xgrow((void **)&ix->name_blocks, &ix->name_block_capacity, ix->name_block_count + 1,
              sizeof(*ix->name_blocks));
        ix->name_blocks[ix->name_block_count++] = xmalloc(NAMES_PER_BLOCK * sizeof(ix_name));
    }
    return name_at(ix, ix->name_count++);
}

ix_name *ix_name_of(indexer *ix, uint8_t version, const uint8_t id[32])
{
    ix_name *last = ix->last_name; /* the same account is often named twice in a row */
    if (last && last->version == version && memcmp(last->id, id, 32) == 0)
        return last;
    if ((ix->name_count + 1) * 2 > ix->name_table_capacity)
        grow_table(ix);
    uint64_t hash = id_hash(version, id);
    size_t mask = ix->name_table_capacity - 1, i = (size_t)hash & mask;
    for (; ix->name_table[i]; i = (i + 1) & mask) {
        ix_name *candidate = ix->name_table[i];
        if (candidate->hash == hash && candidate->version == version &&
            memcmp(candidate->id, id, 32) == 0)
            return ix->last_name = candidate;
    }
    ix_name *name = new_name(ix);
    ix->name_table[i] = name;
    name->slot = (uint32_t)i;
    name->hash = hash;
    name->version = version;
    memcpy(name->id, id, 32);
    name->transaction_stamp = -1;
    name->operation_stamp = -1;
    name->sac = NULL;
    memset(name->text, 0, sizeof(name->text));
    if (version == STRKEY_CLAIMABLE_BALANCE) { /* B: the id's type (V0, 0) leads the payload */
        uint8_t payload[33] = {0};
        memcpy(payload + 1, id, 32);
        strkey_encode(version, payload, sizeof(payload), name->text, sizeof(name->text));
    } else {
        strkey_encode(version, id, 32, name->text, sizeof(name->text));
    }
    return ix->last_name = name;
}

ix_name *ix_account_name(indexer *ix, const sx_AccountID *id)
{
    /* PUBLIC_KEY_TYPE_ED25519 is the only arm the decoder accepts. */
    return ix_name_of(ix, STRKEY_ACCOUNT, id->ed25519);
}

ix_name *ix_muxed_name(indexer *ix, const sx_MuxedAccount *m, bool *has_id, uint64_t *muxed_id)
{
    bool muxed = m->type == SX_KEY_TYPE_MUXED_ED25519;
    *has_id = muxed;
    *muxed_id = muxed ? m->med25519.id : 0;
    return ix_name_of(ix, STRKEY_ACCOUNT, muxed ? m->med25519.ed25519 : m->ed25519);
}

ix_name *ix_claimable_balance_name(indexer *ix, const sx_ClaimableBalanceID *id)
{
    return id->type == SX_CLAIMABLE_BALANCE_ID_TYPE_V0
               ? ix_name_of(ix, STRKEY_CLAIMABLE_BALANCE, id->v0)
               : NULL;
}

ix_name *ix_address_name(indexer *ix, const sx_SCAddress *a)
{
    switch (a->type) {
    case SX_SC_ADDRESS_TYPE_ACCOUNT:
        return ix_account_name(ix, &a->accountId);
    case SX_SC_ADDRESS_TYPE_CONTRACT:
        return ix_name_of(ix, STRKEY_CONTRACT, a->contractId);
    case SX_SC_ADDRESS_TYPE_MUXED_ACCOUNT:
        return ix_name_of(ix, STRKEY_ACCOUNT, a->muxedAccount.ed25519);
    case SX_SC_ADDRESS_TYPE_CLAIMABLE_BALANCE:
        return ix_claimable_balance_name(ix, &a->claimableBalanceId);
    case SX_SC_ADDRESS_TYPE_LIQUIDITY_POOL:
        return ix_name_of(ix, STRKEY_LIQUIDITY_POOL, a->liquidityPoolId);
    default:
        return NULL;
    }
}
