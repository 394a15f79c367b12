/* synth_entries.c — world state as XDR values (ledger entries, keys,
 * assets, accounts) and the emission of ledger-entry changes. */
#include "synth_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth_journal.h"
#include "xdr/ledger_key.h"
#include "stellar/sha256.h"

static void out_of_memory(void)
{
    fputs("sluice-synth: out of memory\n", stderr);
    abort();
}

void *synth_alloc(synth_ctx *ctx, size_t n, size_t size)
{
    size_t bytes = n * size;
    void *p = sx_arena_alloc(ctx->arena, bytes ? bytes : 1);
    if (p == NULL)
        out_of_memory();
    memset(p, 0, bytes);
    return p;
}

const uint8_t *synth_dup(synth_ctx *ctx, const void *data, size_t len)
{
    uint8_t *p = synth_alloc(ctx, 1, len);
    memcpy(p, data, len);
    return p;
}

sx_AccountID synth_account_id(synth_ctx *ctx, uint32_t account)
{
    return (sx_AccountID){.type = SX_PUBLIC_KEY_TYPE_ED25519,
                          .ed25519 = synth_dup(ctx, ctx->world->accounts[account].key, 32)};
}

sx_MuxedAccount synth_muxed(synth_ctx *ctx, uint32_t account)
{
    return (sx_MuxedAccount){.type = SX_KEY_TYPE_ED25519,
                             .ed25519 = synth_dup(ctx, ctx->world->accounts[account].key, 32)};
}

sx_Asset synth_asset_xdr(synth_ctx *ctx, unsigned asset)
{
    if (asset == SYNTH_NATIVE)
        return (sx_Asset){.type = SX_ASSET_TYPE_NATIVE};
    const synth_asset *a = &ctx->world->assets[asset];
    return (sx_Asset){.type = SX_ASSET_TYPE_CREDIT_ALPHANUM4,
                      .alphaNum4 = {.assetCode = synth_dup(ctx, a->code, 4),
                                    .issuer = synth_account_id(ctx, a->issuer)}};
}

/* Whether `ref` names an account or something an account owns. */
static bool on_account(synth_ref ref)
{
    return ref.kind == SYNTH_REF_ACCOUNT || ref.kind == SYNTH_REF_TRUSTLINE || ref.kind == SYNTH_REF_OFFER;
}

sx_SCVal synth_scv_symbol(synth_ctx *ctx, const char *text)
{
    size_t len = strlen(text);
    return (sx_SCVal){.type = SX_SCV_SYMBOL, .sym = {synth_dup(ctx, text, len), (uint32_t)len}};
}

sx_SCVal synth_scv_contract(synth_ctx *ctx, const uint8_t id[32])
{
    return (sx_SCVal){.type = SX_SCV_ADDRESS,
                      .address = {.type = SX_SC_ADDRESS_TYPE_CONTRACT, .contractId = synth_dup(ctx, id, 32)}};
}

sx_SCVal synth_scv_i128(int64_t amount)
{
    return (sx_SCVal){.type = SX_SCV_I128, .i128 = {amount < 0 ? -1 : 0, (uint64_t)amount}};
}

static sx_SCVal scv_bool(bool b)
{
    return (sx_SCVal){.type = SX_SCV_BOOL, .b = b};
}

/* A SAC balance: key [Symbol "Balance", Address holder] in the asset's SAC. */
static void contract_balance_key(synth_ctx *ctx, synth_ref ref, sx_LedgerKeyContractData *k)
{
    sx_SCVal *items = SYNTH_NEW(ctx, sx_SCVal, 2);
    items[0] = synth_scv_symbol(ctx, "Balance");
    items[1] = synth_scv_contract(ctx, ctx->world->contracts[ref.account].id);
    sx_SCVec *vec = SYNTH_NEW(ctx, sx_SCVec, 1);
    *vec = (sx_SCVec){items, 2};
    k->contract = (sx_SCAddress){.type = SX_SC_ADDRESS_TYPE_CONTRACT,
                                 .contractId = synth_dup(ctx, ctx->world->assets[ref.asset].sac_id, 32)};
    k->key = (sx_SCVal){.type = SX_SCV_VEC, .vec = vec};
    k->durability = SX_PERSISTENT;
}

/* The value {amount: i128, authorized: true, clawback: false}. */
static sx_SCVal contract_balance_value(synth_ctx *ctx, int64_t amount)
{
    sx_SCMapEntry *e = SYNTH_NEW(ctx, sx_SCMapEntry, 3);
    e[0] = (sx_SCMapEntry){synth_scv_symbol(ctx, "amount"), synth_scv_i128(amount)};
    e[1] = (sx_SCMapEntry){synth_scv_symbol(ctx, "authorized"), scv_bool(true)};
    e[2] = (sx_SCMapEntry){synth_scv_symbol(ctx, "clawback"), scv_bool(false)};
    sx_SCMap *map = SYNTH_NEW(ctx, sx_SCMap, 1);
    *map = (sx_SCMap){e, 3};
    return (sx_SCVal){.type = SX_SCV_MAP, .map = map};
}

/* Account extensions v1 (native liabilities), v2 (sponsorship counts) and
 * v3 (ledger and time of the last sequence bump), as pubnet accounts that
 * trade carry them. */
static sx_AccountEntryExt account_ext(const synth_account *a)
{
    synth_liabilities l = synth_liabilities_of(a, SYNTH_NATIVE);
    sx_AccountEntryExt ext = {.v = 1};
    ext.v1.liabilities = (sx_Liabilities){.buying = l.buying, .selling = l.selling};
    ext.v1.ext.v = 2;
    ext.v1.ext.v2 = (sx_AccountEntryExtensionV2){.numSponsoring = a->num_sponsoring};
    ext.v1.ext.v2.ext.v = 3;
    ext.v1.ext.v2.ext.v3 = (sx_AccountEntryExtensionV3){.seqLedger = a->seq_ledger, .seqTime = a->seq_time};
    return ext;
}

/* Claimants: the recipient (unconditional) and the
 * creator once `reclaim_after` has passed (not before it). */
sx_vec_Claimant synth_claimants(synth_ctx *ctx, const synth_claimable *b)
{
    sx_Claimant *c = SYNTH_NEW(ctx, sx_Claimant, 2);
    sx_ClaimPredicate *before = SYNTH_NEW(ctx, sx_ClaimPredicate, 1);
    *before = (sx_ClaimPredicate){.type = SX_CLAIM_PREDICATE_BEFORE_ABSOLUTE_TIME, .absBefore = b->reclaim_after};
    c[0].v0 = (sx_ClaimantV0){synth_account_id(ctx, b->claimant), {.type = SX_CLAIM_PREDICATE_UNCONDITIONAL}};
    c[1].v0 = (sx_ClaimantV0){synth_account_id(ctx, b->creator), {.type = SX_CLAIM_PREDICATE_NOT, .notPredicate = before}};
    return (sx_vec_Claimant){c, 2};
}

static sx_TrustLineAsset trustline_asset(synth_ctx *ctx, unsigned asset)
{
    sx_Asset a = synth_asset_xdr(ctx, asset);
    return (sx_TrustLineAsset){.type = a.type, .alphaNum4 = a.alphaNum4};
}

void synth_entry(synth_ctx *ctx, synth_ref ref, sx_LedgerEntry *out)
{
    static const uint8_t thresholds[4] = {1, 0, 0, 0};
    const synth_account *a = on_account(ref) ? &ctx->world->accounts[ref.account] : NULL;
    memset(out, 0, sizeof *out);
    switch (ref.kind) {
    case SYNTH_REF_ACCOUNT:
        out->lastModifiedLedgerSeq = a->last_modified;
        out->data.type = SX_ACCOUNT;
        out->data.account = (sx_AccountEntry){
            .accountID = synth_account_id(ctx, ref.account),
            .balance = a->balance,
            .seqNum = a->seq,
            .numSubEntries = a->num_sub,
            .thresholds = thresholds,
            .ext = account_ext(a),
        };
        break;
    case SYNTH_REF_TRUSTLINE: {
        synth_liabilities l = synth_liabilities_of(a, ref.asset);
        out->lastModifiedLedgerSeq = a->trust_modified[ref.asset];
        out->data.type = SX_TRUSTLINE;
        out->data.trustLine = (sx_TrustLineEntry){
            .accountID = synth_account_id(ctx, ref.account),
            .asset = trustline_asset(ctx, ref.asset),
            .balance = a->trust_balance[ref.asset],
            .limit = a->trust_limit[ref.asset],
            .flags = SX_AUTHORIZED_FLAG,
            .ext = {.v = 1, .v1 = {.liabilities = {.buying = l.buying, .selling = l.selling}}},
        };
        break;
    }
    case SYNTH_REF_CLAIMABLE: {
        const synth_claimable *b = &ctx->world->claimables[ref.account];
        sx_AccountID *sponsor = SYNTH_NEW(ctx, sx_AccountID, 1);
        *sponsor = synth_account_id(ctx, b->creator);
        out->lastModifiedLedgerSeq = b->created;
        out->data.type = SX_CLAIMABLE_BALANCE;
        out->data.claimableBalance = (sx_ClaimableBalanceEntry){
            .balanceID = {.type = SX_CLAIMABLE_BALANCE_ID_TYPE_V0, .v0 = synth_dup(ctx, b->id, 32)},
            .claimants = synth_claimants(ctx, b),
            .asset = synth_asset_xdr(ctx, b->asset),
            .amount = b->amount,
        };
        out->ext.v = 1;
        out->ext.v1.sponsoringID = sponsor;
        break;
    }
    case SYNTH_REF_CONTRACT_BALANCE: {
        const synth_contract_holder *h = &ctx->world->contracts[ref.account];
        sx_LedgerKeyContractData k;
        contract_balance_key(ctx, ref, &k);
        out->lastModifiedLedgerSeq = h->modified[ref.asset];
        out->data.type = SX_CONTRACT_DATA;
        out->data.contractData = (sx_ContractDataEntry){
            .contract = k.contract, .key = k.key, .durability = k.durability,
            .val = contract_balance_value(ctx, h->balance[ref.asset])};
        break;
    }
    case SYNTH_REF_CONTRACT_TTL: {
        const synth_contract_holder *h = &ctx->world->contracts[ref.account];
        sx_LedgerKey balance_key;
        synth_key(ctx, synth_contract_balance_ref(ref.account, ref.asset), &balance_key);
        out->lastModifiedLedgerSeq = h->ttl_created[ref.asset];
        out->data.type = SX_TTL;
        out->data.ttl = (sx_TTLEntry){
            .keyHash = synth_hash_of(ctx, (synth_encode_fn)sx_encode_LedgerKey, &balance_key),
            .liveUntilLedgerSeq = h->ttl_created[ref.asset] + SYNTH_BALANCE_TTL};
        break;
    }
    case SYNTH_REF_OFFER:
        out->lastModifiedLedgerSeq = a->offer.last_modified;
        out->data.type = SX_OFFER;
        out->data.offer = (sx_OfferEntry){
            .sellerID = synth_account_id(ctx, ref.account),
            .offerID = a->offer.id,
            .selling = synth_asset_xdr(ctx, a->offer.selling),
            .buying = synth_asset_xdr(ctx, a->offer.buying),
            .amount = a->offer.amount,
            .price = {a->offer.price_n, a->offer.price_d},
        };
        break;
    }
}

void synth_key(synth_ctx *ctx, synth_ref ref, sx_LedgerKey *out)
{
    memset(out, 0, sizeof *out);
    switch (ref.kind) {
    case SYNTH_REF_ACCOUNT:
        out->type = SX_ACCOUNT;
        out->account.accountID = synth_account_id(ctx, ref.account);
        break;
    case SYNTH_REF_TRUSTLINE:
        out->type = SX_TRUSTLINE;
        out->trustLine.accountID = synth_account_id(ctx, ref.account);
        out->trustLine.asset = trustline_asset(ctx, ref.asset);
        break;
    case SYNTH_REF_OFFER:
        out->type = SX_OFFER;
        out->offer.sellerID = synth_account_id(ctx, ref.account);
        out->offer.offerID = ctx->world->accounts[ref.account].offer.id;
        break;
    case SYNTH_REF_CONTRACT_BALANCE:
        out->type = SX_CONTRACT_DATA;
        contract_balance_key(ctx, ref, &out->contractData);
        break;
    case SYNTH_REF_CONTRACT_TTL:
    case SYNTH_REF_CLAIMABLE: {
        sx_LedgerEntry entry;
        synth_entry(ctx, ref, &entry);
        ledger_key_of_entry(&entry, out);
        break;
    }
    }
}

void *synth_grow(synth_ctx *ctx, void *items, uint32_t len, uint32_t *cap, size_t size)
{
    if (len < *cap)
        return items;
    uint32_t grown = *cap ? *cap * 2 : 4;
    void *more = synth_alloc(ctx, grown, size);
    if (len)
        memcpy(more, items, len * size);
    *cap = grown;
    return more;
}

static sx_LedgerEntryChange *push(synth_ctx *ctx, synth_changes *list, sx_LedgerEntryChangeType type)
{
    list->items = synth_grow(ctx, list->items, list->len, &list->cap, sizeof *list->items);
    sx_LedgerEntryChange *c = &list->items[list->len++];
    c->type = type;
    return c;
}

static void stamp(synth_ctx *ctx, synth_ref ref)
{
    synth_account *a = on_account(ref) ? &ctx->world->accounts[ref.account] : NULL;
    switch (ref.kind) {
    case SYNTH_REF_ACCOUNT:
        a->last_modified = ctx->seq;
        break;
    case SYNTH_REF_TRUSTLINE:
        a->trust_modified[ref.asset] = ctx->seq;
        break;
    case SYNTH_REF_OFFER:
        a->offer.last_modified = ctx->seq;
        break;
    case SYNTH_REF_CONTRACT_BALANCE:
        ctx->world->contracts[ref.account].modified[ref.asset] = ctx->seq;
        break;
    case SYNTH_REF_CONTRACT_TTL:
        ctx->world->contracts[ref.account].ttl_created[ref.asset] = ctx->seq;
        break;
    case SYNTH_REF_CLAIMABLE:
        ctx->world->claimables[ref.account].created = ctx->seq;
        break;
    }
}

/* Contract balances change only in single-operation Soroban transactions
 * that check before they change: they need no undo. */
static void save_for_undo(synth_ctx *ctx, synth_ref ref)
{
    if (on_account(ref))
        synth_undo_save(ctx->world, ref.account);
}

/* --archive: notes the key `ref` names now among the window's. */
static void note(synth_ctx *ctx, synth_ref ref, bool created)
{
    if (ctx->journal)
        synth_journal_note(ctx, ref, created);
}

void synth_change_before(synth_ctx *ctx, synth_changes *list, synth_ref ref)
{
    save_for_undo(ctx, ref);
    note(ctx, ref, false);
    sx_LedgerEntryChange *c = push(ctx, list, SX_LEDGER_ENTRY_STATE);
    synth_entry(ctx, ref, &c->state);
}

void synth_change_after(synth_ctx *ctx, synth_changes *list, synth_ref ref)
{
    stamp(ctx, ref);
    note(ctx, ref, false);
    sx_LedgerEntryChange *c = push(ctx, list, SX_LEDGER_ENTRY_UPDATED);
    synth_entry(ctx, ref, &c->updated);
}

void synth_change_created(synth_ctx *ctx, synth_changes *list, synth_ref ref)
{
    save_for_undo(ctx, ref);
    stamp(ctx, ref);
    note(ctx, ref, true);
    sx_LedgerEntryChange *c = push(ctx, list, SX_LEDGER_ENTRY_CREATED);
    synth_entry(ctx, ref, &c->created);
}

void synth_change_created_entry(synth_ctx *ctx, synth_changes *list, const sx_LedgerEntry *entry)
{
    push(ctx, list, SX_LEDGER_ENTRY_CREATED)->created = *entry;
}

const sx_LedgerEntry *synth_ttl_of(synth_ctx *ctx, const sx_LedgerEntry *entry, uint32_t live_until)
{
    sx_LedgerKey key;
    ledger_key_of_entry(entry, &key);
    sx_LedgerEntry *ttl = SYNTH_NEW(ctx, sx_LedgerEntry, 1);
    ttl->lastModifiedLedgerSeq = entry->lastModifiedLedgerSeq;
    ttl->data.type = SX_TTL;
    ttl->data.ttl = (sx_TTLEntry){.keyHash = synth_hash_of(ctx, (synth_encode_fn)sx_encode_LedgerKey, &key),
                                  .liveUntilLedgerSeq = live_until};
    return ttl;
}

void synth_change_removed(synth_ctx *ctx, synth_changes *list, synth_ref ref)
{
    synth_change_before(ctx, list, ref);
    sx_LedgerEntryChange *c = push(ctx, list, SX_LEDGER_ENTRY_REMOVED);
    synth_key(ctx, ref, &c->removed);
}

uint32_t synth_snap(synth_ctx *ctx, synth_snapshot *snap, synth_ref ref)
{
    for (uint32_t i = 0; i < snap->len; i++)
        if (snap->refs[i].kind == ref.kind && snap->refs[i].account == ref.account &&
            snap->refs[i].asset == ref.asset)
            return i;
    if (snap->len == SYNTH_SNAP_MAX)
        out_of_memory(); /* callers snap a fixed, smaller number of entries */
    save_for_undo(ctx, ref);
    note(ctx, ref, false);
    uint32_t i = snap->len++;
    snap->refs[i] = ref;
    snap->removed[i] = false;
    synth_entry(ctx, ref, &snap->before[i]);
    return i;
}

void synth_snap_emit(synth_ctx *ctx, synth_changes *list, const synth_snapshot *snap)
{
    for (uint32_t i = 0; i < snap->len; i++) {
        push(ctx, list, SX_LEDGER_ENTRY_STATE)->state = snap->before[i];
        if (snap->removed[i]) {
            ledger_key_of_entry(&snap->before[i], &push(ctx, list, SX_LEDGER_ENTRY_REMOVED)->removed);
            continue;
        }
        stamp(ctx, snap->refs[i]);
        synth_entry(ctx, snap->refs[i], &push(ctx, list, SX_LEDGER_ENTRY_UPDATED)->updated);
    }
}

const uint8_t *synth_hash_of(synth_ctx *ctx, synth_encode_fn encode, const void *value)
{
    uint8_t *digest = synth_alloc(ctx, 1, 32);
    ctx->scratch.len = 0;
    if (encode(value, &ctx->scratch))
        out_of_memory(); /* the values are built within their bounds */
    sha256(ctx->scratch.data, ctx->scratch.len, digest);
    return digest;
}
