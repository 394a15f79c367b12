/* synth_verify.c — checks generated ledgers independently of the generator:
 *
 *   - every frame decodes, and re-encoding gives the same bytes (round trip),
 *     for lake files the whole LedgerCloseMetaBatch too;
 *   - header hash = SHA-256(header XDR), previousLedgerHash links, sequence
 *     numbers are consecutive, txSetHash / txSetResultHash match;
 *   - every transaction hash = SHA-256(TransactionSignaturePayload XDR);
 *   - every change is consistent with the state before it (STATE equals the
 *     last value seen, UPDATED/REMOVED follow a STATE of the same key,
 *     CREATED only for absent keys, no use after REMOVED; accounts and
 *     trustlines from before the first ledger aside, entries exist only
 *     once CREATED);
 *   - balance arithmetic: fee debits less Soroban refunds (after the
 *     transaction in V1, after all of them in V2) equal feeCharged and add
 *     up to the fee pool's growth; V2's CAP-67 fee events match them; each successful payment, path payment, account creation
 *     and merge moves exactly its amounts; offers crossed (ClaimAtoms of
 *     path payments and offers) move exactly the makers' and the taker's
 *     balances; claimable balances leave and reach the right holdings;
 *     nothing else moves balances; failed transactions change nothing but
 *     fee and sequence number;
 *   - path payments: the source pays sendAmount (strict send) or at most
 *     sendMax, the destination gets at least destMin or exactly destAmount;
 *   - claimable balance IDs are the hash of the creating operation's ID, and
 *     only a claimant claims;
 *   - liabilities: every account and trustline shows the selling / buying
 *     liabilities its offers make (verify_liabilities.c);
 *   - V2: the CAP-67 events of classic operations move exactly the
 *     balances their changes move, from the right asset contracts;
 *   - SAC calls are authorized: the issuer as source for mint, else the
 *     paying holder's address, whose nonce entry the call created.
 *
 * usage: synth_verify PASSPHRASE (--stream FILE | --lake DIR)
 * Prints a summary and the frame sizes (mean, standard deviation, min,
 * max); exit 0 when no inconsistency was found. */
#include "config.h"

#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "stellar/sha256.h"
#include "stellar/strkey.h"
#include "verify_liabilities.h"
#include "verify_state.h"
#include "base/xalloc.h"
#include "xdr/gen/sx_codec.h"
#include "xdr/sx_input.h"

typedef struct verifier {
    uint8_t network_id[32];
    vs_table state;
    vl_tracker liabilities;
    sx_arena *arena;
    sx_buf buf;
    uint32_t seq;             /* ledger being checked */
    uint32_t first_seq;
    bool have_prev;
    uint8_t prev_hash[32];
    uint32_t prev_seq;
    int64_t prev_fee_pool, total_coins;
    unsigned long errors, ledgers, txs, failed, fee_bumps, ops, changes, crossed, refunds, fee_events;
    unsigned long classic_events;
    struct sac { uint8_t code[4], issuer[32], id[32]; } sacs[16]; /* contract IDs of assets seen */
    unsigned sac_count;
    uint8_t native_sac[32];   /* the native asset's contract ID on this network */
    unsigned long op_kinds[32];
    double frame_sum, frame_sumsq;  /* frame sizes */
    size_t frame_min, frame_max;
} verifier;

static void fail(verifier *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(verifier *v, const char *fmt, ...)
{
    if (v->errors++ >= 20)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "ledger %u: ", v->seq);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* SHA-256 of a value's XDR, encoded with `encode`. */
typedef int (*encode_fn)(const void *value, sx_buf *out);
static void hash_value(verifier *v, encode_fn encode, const void *value, uint8_t out[32])
{
    v->buf.len = 0;
    if (encode(value, &v->buf)) {
        fail(v, "cannot encode a value for hashing: %s", v->buf.fail);
        memset(out, 0, 32);
        return;
    }
    sha256(v->buf.data, v->buf.len, out);
}

/* SHA-256 of HashIDPreimage {ENVELOPE_TYPE_CONTRACT_ID, networkID, fromAsset native}. */
static void native_sac_id(verifier *v)
{
    sx_HashIDPreimage pre;
    memset(&pre, 0, sizeof pre);
    pre.type = SX_ENVELOPE_TYPE_CONTRACT_ID;
    pre.contractID.networkID = v->network_id;
    pre.contractID.contractIDPreimage.type = SX_CONTRACT_ID_PREIMAGE_FROM_ASSET;
    pre.contractID.contractIDPreimage.fromAsset.type = SX_ASSET_TYPE_NATIVE;
    hash_value(v, (encode_fn)sx_encode_HashIDPreimage, &pre, v->native_sac);
}

/* ---- state ------------------------------------------------------------- */

/* The key of an entry, derived here rather than with the core's
 * ledger_key_of_entry, which sluice-synth itself uses: an error there would
 * otherwise make the generator and this check agree on a wrong key. */
static void key_of_entry(const sx_LedgerEntry *e, sx_LedgerKey *k)
{
    memset(k, 0, sizeof *k);
    k->type = e->data.type;
    switch (e->data.type) {
    case SX_ACCOUNT:
        k->account.accountID = e->data.account.accountID;
        break;
    case SX_TRUSTLINE:
        k->trustLine.accountID = e->data.trustLine.accountID;
        k->trustLine.asset = e->data.trustLine.asset;
        break;
    case SX_OFFER:
        k->offer.sellerID = e->data.offer.sellerID;
        k->offer.offerID = e->data.offer.offerID;
        break;
    case SX_CONTRACT_DATA:
        k->contractData.contract = e->data.contractData.contract;
        k->contractData.key = e->data.contractData.key;
        k->contractData.durability = e->data.contractData.durability;
        break;
    case SX_TTL:
        k->ttl.keyHash = e->data.ttl.keyHash;
        break;
    case SX_CLAIMABLE_BALANCE:
        k->claimableBalance.balanceID = e->data.claimableBalance.balanceID;
        break;
    default:
        break;
    }
}

/* Encodes a key into `out` (its own buffer). */
static void encode_key(const sx_LedgerKey *k, sx_buf *out)
{
    out->len = 0;
    sx_encode_LedgerKey(k, out);
}

static void check_changes(verifier *v, const sx_LedgerEntryChanges *changes, const char *where)
{
    sx_buf key = {0}, prev_key = {0}, entry = {0};
    sx_buf_init(&key);
    sx_buf_init(&prev_key);
    sx_buf_init(&entry);
    int prev_type = -1;
    for (uint32_t i = 0; i < changes->len; i++) {
        const sx_LedgerEntryChange *c = &changes->items[i];
        v->changes++;
        sx_LedgerKey k;
        const sx_LedgerEntry *e = NULL;
        if (c->type == SX_LEDGER_ENTRY_REMOVED) {
            k = c->removed;
        } else {
            e = c->type == SX_LEDGER_ENTRY_STATE ? &c->state
              : c->type == SX_LEDGER_ENTRY_UPDATED ? &c->updated : &c->created;
            key_of_entry(e, &k);
            entry.len = 0;
            sx_encode_LedgerEntry(e, &entry);
        }
        encode_key(&k, &key);
        vs_slot *slot = vs_find(&v->state, key.data, key.len);
        bool same_as_prev = prev_type == SX_LEDGER_ENTRY_STATE && prev_key.len == key.len &&
                            memcmp(prev_key.data, key.data, key.len) == 0;
        switch (c->type) {
        case SX_LEDGER_ENTRY_STATE:
            if (slot && slot->entry == NULL)
                fail(v, "%s[%u]: STATE of an entry that was removed", where, i);
            else if (slot && (slot->entry_len != entry.len || memcmp(slot->entry, entry.data, entry.len)))
                fail(v, "%s[%u]: STATE differs from the entry's last value", where, i);
            else if (!slot && ((k.type != SX_ACCOUNT && k.type != SX_TRUSTLINE) ||
                               e->lastModifiedLedgerSeq >= v->first_seq))
                fail(v, "%s[%u]: STATE of a %s never created", where, i,
                     k.type == SX_ACCOUNT || k.type == SX_TRUSTLINE ? "recent account or trustline" : "offer");
            vs_put(&v->state, key.data, key.len, entry.data, entry.len);
            vl_entry(&v->liabilities, e, false);
            break;
        case SX_LEDGER_ENTRY_UPDATED:
        case SX_LEDGER_ENTRY_CREATED:
            if (c->type == SX_LEDGER_ENTRY_UPDATED && !same_as_prev)
                fail(v, "%s[%u]: UPDATED does not follow a STATE of the same entry", where, i);
            if (c->type == SX_LEDGER_ENTRY_CREATED && slot && slot->entry)
                fail(v, "%s[%u]: CREATED an entry that exists", where, i);
            if (e->lastModifiedLedgerSeq != v->seq)
                fail(v, "%s[%u]: lastModifiedLedgerSeq %u, not this ledger", where, i, e->lastModifiedLedgerSeq);
            vs_put(&v->state, key.data, key.len, entry.data, entry.len);
            if (e->data.type == SX_OFFER && same_as_prev)
                vl_offer(&v->liabilities, &changes->items[i - 1].state.data.offer, -1);
            if (e->data.type == SX_OFFER)
                vl_offer(&v->liabilities, &e->data.offer, +1);
            vl_entry(&v->liabilities, e, false);
            break;
        case SX_LEDGER_ENTRY_REMOVED:
            if (!same_as_prev) {
                fail(v, "%s[%u]: REMOVED does not follow a STATE of the same entry", where, i);
            } else {
                const sx_LedgerEntry *gone = &changes->items[i - 1].state;
                if (gone->data.type == SX_OFFER)
                    vl_offer(&v->liabilities, &gone->data.offer, -1);
                vl_entry(&v->liabilities, gone, true);
            }
            vs_put(&v->state, key.data, key.len, NULL, 0);
            break;
        default:
            fail(v, "%s[%u]: unexpected change type %d", where, i, c->type);
        }
        prev_type = c->type;
        prev_key.len = 0;
        sx_buf_put(&prev_key, key.data, key.len);
    }
    sx_buf_free(&key);
    sx_buf_free(&prev_key);
    sx_buf_free(&entry);
}

/* ---- balance arithmetic ------------------------------------------------ */

/* A holding: an account's native balance (asset code empty) or trustline. */
typedef struct holding_delta {
    uint8_t account[32];
    uint8_t code[4];
    uint8_t issuer[32];
    int64_t delta;
} holding_delta;

typedef struct deltas {
    holding_delta items[16];
    int len;
    bool overflow;
} deltas;

static void add_delta(deltas *d, const uint8_t *account, const sx_Asset *asset, int64_t amount)
{
    holding_delta h = {0};
    memcpy(h.account, account, 32);
    if (asset->type == SX_ASSET_TYPE_CREDIT_ALPHANUM4) {
        memcpy(h.code, asset->alphaNum4.assetCode, 4);
        memcpy(h.issuer, asset->alphaNum4.issuer.ed25519, 32);
        if (memcmp(h.issuer, account, 32) == 0)
            return; /* issuers hold no balance of their own asset */
    }
    for (int i = 0; i < d->len; i++)
        if (!memcmp(d->items[i].account, h.account, 32) && !memcmp(d->items[i].code, h.code, 4) &&
            !memcmp(d->items[i].issuer, h.issuer, 32)) {
            d->items[i].delta += amount;
            return;
        }
    if (d->len == (int)(sizeof d->items / sizeof d->items[0])) {
        d->overflow = true;
        return;
    }
    h.delta = amount;
    d->items[d->len++] = h;
}

/* SAC balances are keyed like trustlines, with the SAC's contract ID as
 * the "issuer" of a pseudo asset "SAC". */
static sx_Asset sac_asset(const uint8_t *sac_id)
{
    static const uint8_t code[4] = {'S', 'A', 'C', 0};
    return (sx_Asset){.type = SX_ASSET_TYPE_CREDIT_ALPHANUM4,
                      .alphaNum4 = {.assetCode = code, .issuer = {.ed25519 = sac_id}}};
}

static int64_t entry_balance(const sx_LedgerEntry *e, sx_Asset *asset, const uint8_t **account)
{
    memset(asset, 0, sizeof *asset);
    if (e->data.type == SX_ACCOUNT) {
        *account = e->data.account.accountID.ed25519;
        return e->data.account.balance;
    }
    if (e->data.type == SX_TRUSTLINE) {
        *account = e->data.trustLine.accountID.ed25519;
        asset->type = e->data.trustLine.asset.type;
        asset->alphaNum4 = e->data.trustLine.asset.alphaNum4;
        return e->data.trustLine.balance;
    }
    /* a SAC balance: key [Symbol "Balance", Address], value {amount: i128, ...} */
    const sx_ContractDataEntry *cd = &e->data.contractData;
    if (e->data.type == SX_CONTRACT_DATA && cd->key.type == SX_SCV_VEC && cd->key.vec && cd->key.vec->len == 2 &&
        cd->key.vec->items[1].type == SX_SCV_ADDRESS &&
        cd->key.vec->items[1].address.type == SX_SC_ADDRESS_TYPE_CONTRACT &&
        cd->val.type == SX_SCV_MAP && cd->val.map && cd->val.map->len >= 1 &&
        cd->val.map->items[0].val.type == SX_SCV_I128) {
        *account = cd->key.vec->items[1].address.contractId;
        *asset = sac_asset(cd->contract.contractId);
        return (int64_t)cd->val.map->items[0].val.i128.lo;
    }
    *account = NULL;
    return 0;
}

/* Balance movements the changes show: UPDATED - STATE, +CREATED, -REMOVED. */
static void actual_deltas(const sx_LedgerEntryChanges *changes, deltas *d)
{
    const sx_LedgerEntry *state = NULL;
    for (uint32_t i = 0; i < changes->len; i++) {
        const sx_LedgerEntryChange *c = &changes->items[i];
        sx_Asset asset;
        const uint8_t *account;
        int64_t now;
        switch (c->type) {
        case SX_LEDGER_ENTRY_STATE:
            state = &c->state;
            break;
        case SX_LEDGER_ENTRY_UPDATED:
            now = entry_balance(&c->updated, &asset, &account);
            if (account && state)
                add_delta(d, account, &asset, now - entry_balance(state, &asset, &account));
            break;
        case SX_LEDGER_ENTRY_CREATED:
            now = entry_balance(&c->created, &asset, &account);
            if (account)
                add_delta(d, account, &asset, now);
            break;
        case SX_LEDGER_ENTRY_REMOVED:
            if (state) {
                now = entry_balance(state, &asset, &account);
                if (account)
                    add_delta(d, account, &asset, -now);
            }
            break;
        default:
            break;
        }
    }
}

static bool same_deltas(const deltas *expected, const deltas *actual)
{
    for (int i = 0; i < actual->len; i++) {
        int64_t want = 0;
        for (int j = 0; j < expected->len; j++)
            if (!memcmp(&expected->items[j], &actual->items[i], 68))
                want += expected->items[j].delta;
        if (want != actual->items[i].delta)
            return false;
    }
    for (int j = 0; j < expected->len; j++) {
        int64_t got = 0;
        for (int i = 0; i < actual->len; i++)
            if (!memcmp(&expected->items[j], &actual->items[i], 68))
                got += actual->items[i].delta;
        if (got != expected->items[j].delta)
            return false;
    }
    return true;
}

static bool same_asset(const sx_Asset *a, const sx_Asset *b)
{
    if (a->type != b->type)
        return false;
    return a->type == SX_ASSET_TYPE_NATIVE ||
           (!memcmp(a->alphaNum4.assetCode, b->alphaNum4.assetCode, 4) &&
            !memcmp(a->alphaNum4.issuer.ed25519, b->alphaNum4.issuer.ed25519, 32));
}

/* Offers crossed: each maker gives what it sold and gets what it bought,
 * the taker the reverse.  Returns the taker's net input of `asset` (what
 * it gave in `asset` less what it got back in it). */
static int64_t add_claims(verifier *v, deltas *d, const uint8_t *taker, const sx_vec_ClaimAtom *atoms,
                          const sx_Asset *asset, const char *where)
{
    int64_t input = 0;
    for (uint32_t i = 0; i < atoms->len; i++) {
        if (atoms->items[i].type != SX_CLAIM_ATOM_TYPE_ORDER_BOOK) {
            fail(v, "%s: claim atom of type %d", where, atoms->items[i].type);
            continue;
        }
        const sx_ClaimOfferAtom *a = &atoms->items[i].orderBook;
        v->crossed++;
        add_delta(d, a->sellerID.ed25519, &a->assetSold, -a->amountSold);
        add_delta(d, a->sellerID.ed25519, &a->assetBought, a->amountBought);
        add_delta(d, taker, &a->assetSold, a->amountSold);
        add_delta(d, taker, &a->assetBought, -a->amountBought);
        if (same_asset(&a->assetBought, asset))
            input += a->amountBought;
        if (same_asset(&a->assetSold, asset))
            input -= a->amountSold;
    }
    return input;
}

/* A path payment over the offers it crossed: the source pays in, the last
 * hop's output goes to the destination.  Returns what the source paid. */
static int64_t path_payment_deltas(verifier *v, deltas *d, const uint8_t *src, const sx_Asset *send,
                                   const sx_PathPaymentStrictSendResultSuccess *success,
                                   const uint8_t *destination, const char *where)
{
    int64_t paid = add_claims(v, d, src, &success->offers, send, where);
    if (same_asset(send, &success->last.asset))
        paid += success->last.amount;
    add_delta(d, src, &success->last.asset, -success->last.amount);
    add_delta(d, destination, &success->last.asset, success->last.amount);
    if (memcmp(success->last.destination.ed25519, destination, 32))
        fail(v, "%s: path payment result names another destination", where);
    return paid;
}

/* Its ID must be SHA-256 of HashIDPreimage {OP_ID, source, seqNum, opNum}. */
static void check_balance_id(verifier *v, const sx_Transaction *tx, uint32_t index,
                             const sx_ClaimableBalanceID *id, const char *where)
{
    sx_HashIDPreimage pre;
    memset(&pre, 0, sizeof pre);
    pre.type = SX_ENVELOPE_TYPE_OP_ID;
    pre.operationID.sourceAccount.ed25519 = tx->sourceAccount.ed25519;
    pre.operationID.seqNum = tx->seqNum;
    pre.operationID.opNum = index;
    uint8_t hash[32];
    hash_value(v, (encode_fn)sx_encode_HashIDPreimage, &pre, hash);
    if (id->type != SX_CLAIMABLE_BALANCE_ID_TYPE_V0 || memcmp(hash, id->v0, 32))
        fail(v, "%s: claimable balance ID is not the hash of the operation ID", where);
}

/* The claimable balance a claim removed, as its STATE in the changes. */
static const sx_ClaimableBalanceEntry *claimed_balance(const sx_LedgerEntryChanges *changes,
                                                       const sx_ClaimableBalanceID *id)
{
    for (uint32_t i = 0; i < changes->len; i++) {
        const sx_LedgerEntryChange *c = &changes->items[i];
        if (c->type == SX_LEDGER_ENTRY_STATE && c->state.data.type == SX_CLAIMABLE_BALANCE &&
            !memcmp(c->state.data.claimableBalance.balanceID.v0, id->v0, 32))
            return &c->state.data.claimableBalance;
    }
    return NULL;
}

static void check_op_balances(verifier *v, const sx_Transaction *tx, uint32_t index,
                              const sx_OperationResult *result, const sx_LedgerEntryChanges *changes,
                              const char *where)
{
    const sx_Operation *op = &tx->operations.items[index];
    const uint8_t *src = op->sourceAccount ? op->sourceAccount->ed25519 : tx->sourceAccount.ed25519;
    deltas expected = {0}, actual = {0};
    static const sx_Asset native = {.type = SX_ASSET_TYPE_NATIVE};
    const sx_OperationBody *b = &op->body;
    v->op_kinds[b->type & 31]++;
    switch (b->type) {
    case SX_PAYMENT:
        add_delta(&expected, src, &b->paymentOp.asset, -b->paymentOp.amount);
        add_delta(&expected, b->paymentOp.destination.ed25519, &b->paymentOp.asset, b->paymentOp.amount);
        break;
    case SX_PATH_PAYMENT_STRICT_SEND: {
        const sx_PathPaymentStrictSendOp *p = &b->pathPaymentStrictSendOp;
        const sx_PathPaymentStrictSendResultSuccess *ok = &result->tr.pathPaymentStrictSendResult.success;
        int64_t paid = path_payment_deltas(v, &expected, src, &p->sendAsset, ok, p->destination.ed25519, where);
        if (paid != p->sendAmount || ok->last.amount < p->destMin || !same_asset(&ok->last.asset, &p->destAsset))
            fail(v, "%s: strict send paid %lld of sendAmount %lld, delivered %lld for destMin %lld", where,
                 (long long)paid, (long long)p->sendAmount, (long long)ok->last.amount, (long long)p->destMin);
        break;
    }
    case SX_PATH_PAYMENT_STRICT_RECEIVE: {
        const sx_PathPaymentStrictReceiveOp *p = &b->pathPaymentStrictReceiveOp;
        const sx_PathPaymentStrictReceiveResultSuccess *r = &result->tr.pathPaymentStrictReceiveResult.success;
        sx_PathPaymentStrictSendResultSuccess ok = {r->offers, r->last};
        int64_t paid = path_payment_deltas(v, &expected, src, &p->sendAsset, &ok, p->destination.ed25519, where);
        if (paid > p->sendMax || ok.last.amount != p->destAmount || !same_asset(&ok.last.asset, &p->destAsset))
            fail(v, "%s: strict receive paid %lld for sendMax %lld, delivered %lld of destAmount %lld", where,
                 (long long)paid, (long long)p->sendMax, (long long)ok.last.amount, (long long)p->destAmount);
        break;
    }
    case SX_MANAGE_SELL_OFFER:
    case SX_MANAGE_BUY_OFFER: /* same result shape */
        add_claims(v, &expected, src, &result->tr.manageSellOfferResult.success.offersClaimed, &native, where);
        break;
    case SX_CREATE_CLAIMABLE_BALANCE:
        add_delta(&expected, src, &b->createClaimableBalanceOp.asset, -b->createClaimableBalanceOp.amount);
        check_balance_id(v, tx, index, &result->tr.createClaimableBalanceResult.balanceID, where);
        break;
    case SX_CLAIM_CLAIMABLE_BALANCE: {
        const sx_ClaimableBalanceEntry *cb = claimed_balance(changes, &b->claimClaimableBalanceOp.balanceID);
        if (!cb) {
            fail(v, "%s: claim without the claimable balance's STATE", where);
            return;
        }
        bool claimant = false;
        for (uint32_t i = 0; i < cb->claimants.len; i++)
            claimant |= !memcmp(cb->claimants.items[i].v0.destination.ed25519, src, 32);
        if (!claimant)
            fail(v, "%s: claimed by an account that is not a claimant", where);
        add_delta(&expected, src, &cb->asset, cb->amount);
        break;
    }
    case SX_CREATE_ACCOUNT:
        add_delta(&expected, src, &native, -b->createAccountOp.startingBalance);
        add_delta(&expected, b->createAccountOp.destination.ed25519, &native,
                  b->createAccountOp.startingBalance);
        break;
    case SX_ACCOUNT_MERGE: {
        int64_t moved = result->tr.accountMergeResult.sourceAccountBalance;
        add_delta(&expected, src, &native, -moved);
        add_delta(&expected, b->destination.ed25519, &native, moved);
        break;
    }
    case SX_INVOKE_HOST_FUNCTION: {
        /* SAC transfer(from, to, amount) / mint(to, amount) / burn(from, amount) */
        const sx_InvokeContractArgs *call = &b->invokeHostFunctionOp.hostFunction.invokeContract;
        sx_Asset sac = sac_asset(call->contractAddress.contractId);
        const sx_vec_SCVal *args = &call->args;
        int64_t amount = args->len ? (int64_t)args->items[args->len - 1].i128.lo : 0;
        const char *name = (const char *)call->functionName.data;
        uint32_t name_len = call->functionName.len;
        bool transfer = name_len == 8 && !memcmp(name, "transfer", 8);
        bool mint = name_len == 4 && !memcmp(name, "mint", 4);
        bool burn = name_len == 4 && !memcmp(name, "burn", 4);
        if (args->len != (transfer ? 3u : 2u) || !(transfer || mint || burn)) {
            fail(v, "%s: not a SAC transfer/mint/burn call", where);
            return;
        }
        if (!mint)
            add_delta(&expected, args->items[0].address.contractId, &sac, -amount);
        if (!burn)
            add_delta(&expected, args->items[transfer ? 1 : 0].address.contractId, &sac, amount);
        break;
    }
    default:
        break; /* trust operations move no balance */
    }
    actual_deltas(changes, &actual);
    if (expected.overflow || actual.overflow || !same_deltas(&expected, &actual))
        fail(v, "%s: balance changes do not match the operation (type %d)", where, b->type);
}

/* The SAC event of a successful call: from the SAC, named like the
 * function, its last topic a SEP-11 asset string, its data the amount. */
static void check_sac_event(verifier *v, const sx_Operation *op, const sx_TransactionMeta *meta, uint32_t index,
                            const char *where)
{
    const sx_vec_ContractEvent *events;
    if (meta->v == 4)
        events = &meta->v4.operations.items[index].events;
    else if (meta->v3.sorobanMeta)
        events = &meta->v3.sorobanMeta->events;
    else {
        fail(v, "%s: Soroban transaction without sorobanMeta", where);
        return;
    }
    const sx_InvokeContractArgs *call = &op->body.invokeHostFunctionOp.hostFunction.invokeContract;
    const sx_SCVal *amount = &call->args.items[call->args.len - 1];
    if (events->len != 1) {
        fail(v, "%s: %u events, expected the SAC's one", where, events->len);
        return;
    }
    const sx_ContractEvent *e = &events->items[0];
    const sx_vec_SCVal *topics = &e->body.v0.topics;
    if (!e->contractID || memcmp(*e->contractID, call->contractAddress.contractId, 32) ||
        topics->len < 2 || topics->items[0].type != SX_SCV_SYMBOL ||
        topics->items[0].sym.len != call->functionName.len ||
        memcmp(topics->items[0].sym.data, call->functionName.data, call->functionName.len) ||
        topics->items[topics->len - 1].type != SX_SCV_STRING ||
        e->body.v0.data.type != SX_SCV_I128 || e->body.v0.data.i128.lo != amount->i128.lo ||
        e->body.v0.data.i128.hi != amount->i128.hi)
        fail(v, "%s: the SAC event does not match the call", where);
}

/* The SAC call's authorization: one entry whose root invocation is the
 * call itself; mint by the issuer as the source account, transfer / burn
 * by the paying holder's address, whose nonce the call consumed (CREATED
 * as a temporary contract-data entry of that address). */
static void check_sac_auth(verifier *v, const sx_Operation *op, const sx_LedgerEntryChanges *changes,
                           const char *where)
{
    const sx_InvokeHostFunctionOp *ihf = &op->body.invokeHostFunctionOp;
    const sx_InvokeContractArgs *call = &ihf->hostFunction.invokeContract;
    if (ihf->auth.len != 1 || ihf->auth.items[0].rootInvocation.subInvocations.len != 0 ||
        ihf->auth.items[0].rootInvocation.function.type != SX_SOROBAN_AUTHORIZED_FUNCTION_TYPE_CONTRACT_FN) {
        fail(v, "%s: not one authorization of the call", where);
        return;
    }
    const sx_SorobanAuthorizationEntry *auth = &ihf->auth.items[0];
    sx_buf a, b;
    sx_buf_init(&a);
    sx_buf_init(&b);
    sx_encode_InvokeContractArgs(&auth->rootInvocation.function.contractFn, &a);
    sx_encode_InvokeContractArgs(call, &b);
    if (a.len != b.len || memcmp(a.data, b.data, a.len))
        fail(v, "%s: the authorized invocation is not the call", where);
    sx_buf_free(&a);
    sx_buf_free(&b);
    bool mint = call->functionName.len == 4 && !memcmp(call->functionName.data, "mint", 4);
    if (mint) {
        if (auth->credentials.type != SX_SOROBAN_CREDENTIALS_SOURCE_ACCOUNT)
            fail(v, "%s: mint not authorized by the source account (the issuer)", where);
        return;
    }
    const sx_SorobanAddressCredentials *c = &auth->credentials.address;
    const sx_SCVal *payer = &call->args.items[0];
    if (auth->credentials.type != SX_SOROBAN_CREDENTIALS_ADDRESS || c->address.type != SX_SC_ADDRESS_TYPE_CONTRACT ||
        payer->type != SX_SCV_ADDRESS || payer->address.type != SX_SC_ADDRESS_TYPE_CONTRACT ||
        memcmp(c->address.contractId, payer->address.contractId, 32)) {
        fail(v, "%s: not authorized by the paying holder's address", where);
        return;
    }
    for (uint32_t i = 0; i < changes->len; i++) {
        const sx_LedgerEntryChange *ch = &changes->items[i];
        const sx_ContractDataEntry *d = &ch->created.data.contractData;
        if (ch->type == SX_LEDGER_ENTRY_CREATED && ch->created.data.type == SX_CONTRACT_DATA &&
            d->key.type == SX_SCV_LEDGER_KEY_NONCE && d->key.nonce_key.nonce == c->nonce &&
            d->durability == SX_TEMPORARY && d->contract.type == SX_SC_ADDRESS_TYPE_CONTRACT &&
            !memcmp(d->contract.contractId, c->address.contractId, 32))
            return;
    }
    fail(v, "%s: the authorization's nonce entry was not created", where);
}

/* ---- CAP-67 events of classic operations -------------------------------- */

/* The Stellar Asset Contract ID of an asset on this network (cached). */
static const uint8_t *sac_of(verifier *v, const uint8_t code[4], const uint8_t issuer[32])
{
    for (unsigned i = 0; i < v->sac_count; i++)
        if (!memcmp(v->sacs[i].code, code, 4) && !memcmp(v->sacs[i].issuer, issuer, 32))
            return v->sacs[i].id;
    static const uint8_t zero[32];
    struct sac entry;
    memcpy(entry.code, code, 4);
    memcpy(entry.issuer, issuer, 32);
    sx_HashIDPreimage pre;
    memset(&pre, 0, sizeof pre);
    pre.type = SX_ENVELOPE_TYPE_CONTRACT_ID;
    pre.contractID.networkID = v->network_id;
    pre.contractID.contractIDPreimage.type = SX_CONTRACT_ID_PREIMAGE_FROM_ASSET;
    sx_Asset *asset = &pre.contractID.contractIDPreimage.fromAsset;
    bool native = !memcmp(issuer, zero, 32);
    asset->type = native ? SX_ASSET_TYPE_NATIVE : SX_ASSET_TYPE_CREDIT_ALPHANUM4;
    if (!native)
        asset->alphaNum4 = (sx_AlphaNum4){code, {.ed25519 = issuer}};
    hash_value(v, (encode_fn)sx_encode_HashIDPreimage, &pre, entry.id);
    if (v->sac_count == sizeof v->sacs / sizeof v->sacs[0])
        v->sac_count--; /* more assets than the generator has: recycle the last slot */
    v->sacs[v->sac_count] = entry;
    return v->sacs[v->sac_count++].id;
}

/* The account an event address names, or NULL (claimable balance, contract). */
static const uint8_t *event_account(const sx_SCVal *topic)
{
    if (topic->type != SX_SCV_ADDRESS || topic->address.type != SX_SC_ADDRESS_TYPE_ACCOUNT)
        return NULL;
    return topic->address.accountId.ed25519;
}

/* V2 classic operations: their transfer / mint / burn events (CAP-67),
 * each from the contract of an asset the operation moved and naming that
 * asset, move exactly the balances the changes move. */
static void check_classic_events(verifier *v, const sx_vec_ContractEvent *events,
                                 const sx_LedgerEntryChanges *changes, const char *where)
{
    deltas actual = {0}, shown = {0};
    actual_deltas(changes, &actual);
    static const uint8_t no_code[4], no_issuer[32];
    for (uint32_t i = 0; i < events->len; i++) {
        const sx_ContractEvent *e = &events->items[i];
        const sx_vec_SCVal *t = &e->body.v0.topics;
        v->classic_events++;
        /* the asset: XLM or one the changes moved, whose contract emitted it */
        const uint8_t *code = NULL, *issuer = NULL;
        for (int j = -1; j < actual.len && !code; j++) {
            const uint8_t *c = j < 0 ? no_code : actual.items[j].code;
            const uint8_t *is = j < 0 ? no_issuer : actual.items[j].issuer;
            if (e->contractID && !memcmp(*e->contractID, sac_of(v, c, is), 32))
                code = c, issuer = is;
        }
        const char *name = t->len && t->items[0].type == SX_SCV_SYMBOL ? (const char *)t->items[0].sym.data : "";
        uint32_t name_len = t->len && t->items[0].type == SX_SCV_SYMBOL ? t->items[0].sym.len : 0;
        bool transfer = name_len == 8 && !memcmp(name, "transfer", 8);
        bool mint = name_len == 4 && !memcmp(name, "mint", 4), burn = name_len == 4 && !memcmp(name, "burn", 4);
        char text[100] = "native";
        if (code && memcmp(issuer, no_issuer, 32)) {
            char strkey[STRKEY_TEXT_SIZE];
            strkey_encode(STRKEY_ACCOUNT, issuer, 32, strkey, sizeof strkey);
            snprintf(text, sizeof text, "%.4s:%s", (const char *)code, strkey);
        }
        const sx_SCVal *last = t->len ? &t->items[t->len - 1] : NULL;
        if (!code || !(transfer || mint || burn) || t->len != (transfer ? 4u : 3u) ||
            last->type != SX_SCV_STRING || last->str.len != strlen(text) ||
            memcmp(last->str.data, text, last->str.len) || e->body.v0.data.type != SX_SCV_I128) {
            fail(v, "%s: event %u is not a transfer / mint / burn of an asset the operation moved", where, i);
            continue;
        }
        sx_Asset asset = {.type = SX_ASSET_TYPE_NATIVE};
        if (memcmp(issuer, no_issuer, 32))
            asset = (sx_Asset){.type = SX_ASSET_TYPE_CREDIT_ALPHANUM4, .alphaNum4 = {code, {.ed25519 = issuer}}};
        int64_t amount = (int64_t)e->body.v0.data.i128.lo;
        const uint8_t *from = mint ? NULL : event_account(&t->items[1]);
        const uint8_t *to = burn ? NULL : event_account(&t->items[transfer ? 2 : 1]);
        if (from)
            add_delta(&shown, from, &asset, -amount);
        if (to)
            add_delta(&shown, to, &asset, amount);
    }
    if (shown.overflow || actual.overflow || !same_deltas(&shown, &actual))
        fail(v, "%s: the CAP-67 events do not move the balances the changes move", where);
}

/* ---- transactions ------------------------------------------------------ */

typedef struct tx_view {
    const sx_TransactionResultPair *result;
    const sx_LedgerEntryChanges *fee;
    const sx_TransactionMeta *meta;
    const sx_LedgerEntryChanges *refund; /* txChangesAfter (v3) or postTxApplyFeeProcessing */
} tx_view;

/* Which transaction an envelope is: the one whose operations run and the
 * account that pays the fee. */
static const sx_Transaction *inner_tx(const sx_TransactionEnvelope *env, const uint8_t **fee_source)
{
    if (env->type == SX_ENVELOPE_TYPE_TX_FEE_BUMP) {
        *fee_source = env->feeBump.tx.feeSource.ed25519;
        return &env->feeBump.tx.innerTx.v1.tx;
    }
    *fee_source = env->v1.tx.sourceAccount.ed25519;
    return &env->v1.tx;
}

/* What a refund credits back: 0 without one, -1 when it is not a STATE /
 * UPDATED pair of the fee source's account with a higher balance. */
static int64_t refund_of(const sx_LedgerEntryChanges *r, const uint8_t *fee_source)
{
    if (r->len == 0)
        return 0;
    if (r->len != 2 || r->items[0].type != SX_LEDGER_ENTRY_STATE || r->items[1].type != SX_LEDGER_ENTRY_UPDATED ||
        r->items[0].state.data.type != SX_ACCOUNT ||
        memcmp(r->items[0].state.data.account.accountID.ed25519, fee_source, 32))
        return -1;
    int64_t refund = r->items[1].updated.data.account.balance - r->items[0].state.data.account.balance;
    return refund > 0 ? refund : -1;
}

/* CAP-67 fee events (meta v4): from the native asset's contract, naming
 * the fee source; the charge before all transactions equals the debit, and
 * with the refund (negative, after) they sum to feeCharged. */
static void check_fee_events(verifier *v, const tx_view *t, const uint8_t *fee_source, int64_t debit,
                             uint32_t index)
{
    if (t->meta->v != 4)
        return;
    const sx_vec_TransactionEvent *events = &t->meta->v4.events;
    int64_t sum = 0, charged = 0;
    for (uint32_t i = 0; i < events->len; i++) {
        const sx_ContractEvent *e = &events->items[i].event;
        const sx_vec_SCVal *topics = &e->body.v0.topics;
        if (!e->contractID || memcmp(*e->contractID, v->native_sac, 32) || topics->len != 2 ||
            topics->items[0].type != SX_SCV_SYMBOL || topics->items[0].sym.len != 3 ||
            memcmp(topics->items[0].sym.data, "fee", 3) || topics->items[1].type != SX_SCV_ADDRESS ||
            topics->items[1].address.type != SX_SC_ADDRESS_TYPE_ACCOUNT ||
            memcmp(topics->items[1].address.accountId.ed25519, fee_source, 32) ||
            e->body.v0.data.type != SX_SCV_I128) {
            fail(v, "tx %u: transaction event %u is not a fee event of the fee source", index, i);
            continue;
        }
        int64_t amount = (int64_t)e->body.v0.data.i128.lo;
        sum += amount;
        if (events->items[i].stage == SX_TRANSACTION_EVENT_STAGE_BEFORE_ALL_TXS)
            charged += amount;
    }
    v->fee_events += events->len;
    if (charged != debit || sum != t->result->result.feeCharged)
        fail(v, "tx %u: fee events charge %lld and sum to %lld; debit %lld, feeCharged %lld", index,
             (long long)charged, (long long)sum, (long long)debit, (long long)t->result->result.feeCharged);
}

/* stellar-core charges every fee of the ledger before it applies any
 * transaction: feeProcessing is checked in a first pass.  The debit less
 * the refund (Soroban) is feeCharged. */
static void check_fee(verifier *v, const sx_TransactionEnvelope *env, const tx_view *t, uint32_t index,
                      int64_t *fees)
{
    const uint8_t *fee_source;
    inner_tx(env, &fee_source);
    int64_t charged = t->result->result.feeCharged;
    *fees += charged;
    check_changes(v, t->fee, "feeProcessing");
    const sx_LedgerEntryChanges *f = t->fee;
    int64_t refund = refund_of(t->refund, fee_source);
    if (refund < 0)
        fail(v, "tx %u: the refund is not the fee source credited", index);
    if (f->len != 2 || f->items[0].type != SX_LEDGER_ENTRY_STATE || f->items[1].type != SX_LEDGER_ENTRY_UPDATED ||
        f->items[0].state.data.type != SX_ACCOUNT ||
        memcmp(f->items[0].state.data.account.accountID.ed25519, fee_source, 32) ||
        f->items[0].state.data.account.balance - f->items[1].updated.data.account.balance - refund != charged) {
        fail(v, "tx %u: feeProcessing is not the fee source paying feeCharged %lld", index, (long long)charged);
        return;
    }
    v->refunds += refund > 0;
}

static void check_tx(verifier *v, const sx_TransactionEnvelope *env, const tx_view *t, uint32_t index)
{
    char where[64];
    snprintf(where, sizeof where, "tx %u", index);
    v->txs++;
    sx_TransactionSignaturePayload payload = {.networkId = v->network_id};
    const uint8_t *fee_source;
    const sx_Transaction *tx = inner_tx(env, &fee_source);
    uint8_t hash[32];
    const sx_TransactionResultResult *outer = &t->result->result.result;
    const sx_vec_OperationResult *results;
    bool success;
    if (env->type == SX_ENVELOPE_TYPE_TX_FEE_BUMP) {
        v->fee_bumps++;
        payload.taggedTransaction.type = SX_ENVELOPE_TYPE_TX_FEE_BUMP;
        payload.taggedTransaction.feeBump = env->feeBump.tx;
        hash_value(v, (encode_fn)sx_encode_TransactionSignaturePayload, &payload, hash);
        if (memcmp(hash, t->result->transactionHash, 32))
            fail(v, "%s: fee-bump hash differs from SHA-256 of its signature payload", where);
        if (outer->code != SX_txFEE_BUMP_INNER_SUCCESS && outer->code != SX_txFEE_BUMP_INNER_FAILED) {
            fail(v, "%s: fee bump with result code %d", where, outer->code);
            return;
        }
        payload.taggedTransaction.type = SX_ENVELOPE_TYPE_TX;
        payload.taggedTransaction.tx = *tx;
        hash_value(v, (encode_fn)sx_encode_TransactionSignaturePayload, &payload, hash);
        if (memcmp(hash, outer->innerResultPair.transactionHash, 32))
            fail(v, "%s: inner hash differs from SHA-256 of its signature payload", where);
        results = &outer->innerResultPair.result.result.results;
        success = outer->code == SX_txFEE_BUMP_INNER_SUCCESS;
    } else if (env->type == SX_ENVELOPE_TYPE_TX) {
        payload.taggedTransaction.type = SX_ENVELOPE_TYPE_TX;
        payload.taggedTransaction.tx = *tx;
        hash_value(v, (encode_fn)sx_encode_TransactionSignaturePayload, &payload, hash);
        if (memcmp(hash, t->result->transactionHash, 32))
            fail(v, "%s: hash differs from SHA-256 of its signature payload", where);
        if (outer->code != SX_txSUCCESS && outer->code != SX_txFAILED) {
            fail(v, "%s: result code %d", where, outer->code);
            return;
        }
        results = &outer->results;
        success = outer->code == SX_txSUCCESS;
    } else {
        fail(v, "%s: envelope type %d", where, env->type);
        return;
    }
    v->failed += !success;
    const sx_LedgerEntryChanges *f = t->fee; /* its shape was checked with the fees */
    if (f->len == 2)
        check_fee_events(v, t, fee_source,
                         f->items[0].state.data.account.balance - f->items[1].updated.data.account.balance, index);

    /* meta: sequence bump, then per-operation changes */
    const sx_LedgerEntryChanges *before;
    uint32_t op_count;
    if (t->meta->v == 3) {
        before = &t->meta->v3.txChangesBefore;
        op_count = t->meta->v3.operations.len;
    } else if (t->meta->v == 4) {
        before = &t->meta->v4.txChangesBefore;
        op_count = t->meta->v4.operations.len;
    } else {
        fail(v, "%s: TransactionMeta v%d", where, t->meta->v);
        return;
    }
    check_changes(v, before, "txChangesBefore");
    if (before->len != 2 || before->items[1].type != SX_LEDGER_ENTRY_UPDATED ||
        before->items[1].updated.data.account.seqNum != tx->seqNum ||
        before->items[0].state.data.account.seqNum + 1 != tx->seqNum ||
        before->items[0].state.data.account.balance != before->items[1].updated.data.account.balance)
        fail(v, "%s: txChangesBefore is not the sequence bump to %lld", where, (long long)tx->seqNum);
    if (op_count != tx->operations.len || results->len != tx->operations.len) {
        fail(v, "%s: %u operations, %u metas, %u results", where, tx->operations.len, op_count, results->len);
        return;
    }
    for (uint32_t i = 0; i < op_count; i++) {
        const sx_LedgerEntryChanges *changes = t->meta->v == 3 ? &t->meta->v3.operations.items[i].changes
                                                               : &t->meta->v4.operations.items[i].changes;
        char op_where[80];
        snprintf(op_where, sizeof op_where, "%s op %u", where, i);
        v->ops++;
        if (!success) {
            if (changes->len)
                fail(v, "%s: failed transaction has operation changes", op_where);
            continue;
        }
        check_changes(v, changes, op_where);
        check_op_balances(v, tx, i, &results->items[i], changes, op_where);
        if (tx->operations.items[i].body.type == SX_INVOKE_HOST_FUNCTION) {
            check_sac_event(v, &tx->operations.items[i], t->meta, i, op_where);
            check_sac_auth(v, &tx->operations.items[i], changes, op_where);
        }
        else if (t->meta->v == 4)
            check_classic_events(v, &t->meta->v4.operations.items[i].events, changes, op_where);
    }
    char why[256];
    if (vl_check(&v->liabilities, why, sizeof why))
        fail(v, "%s: %s", where, why);
    int64_t bid = env->type == SX_ENVELOPE_TYPE_TX_FEE_BUMP ? env->feeBump.tx.fee : tx->fee;
    if (t->result->result.feeCharged > bid)
        fail(v, "%s: feeCharged %lld is above the fee bid %lld", where,
             (long long)t->result->result.feeCharged, (long long)bid);
}

/* ---- ledgers ----------------------------------------------------------- */

/* Appends a list of envelopes; *n passes `count` when there are too many. */
static void add_envelopes(const sx_vec_TransactionEnvelope *txs, const sx_TransactionEnvelope **envs,
                          uint32_t *n, uint32_t count)
{
    for (uint32_t i = 0; i < txs->len; i++, (*n)++)
        if (*n < count)
            envs[*n] = &txs->items[i];
}

static void check_ledger(verifier *v, const uint8_t *frame, size_t len)
{
    sx_LedgerCloseMeta lcm;
    sx_error err;
    sx_arena_reset(v->arena);
    v->frame_sum += (double)len;
    v->frame_sumsq += (double)len * (double)len;
    v->frame_min = v->frame_min && v->frame_min < len ? v->frame_min : len;
    v->frame_max = v->frame_max > len ? v->frame_max : len;
    if (sx_decode_LedgerCloseMeta(frame, len, v->arena, &lcm, &err)) {
        char msg[1024];
        fail(v, "frame does not decode: %s", sx_error_format(&err, msg, sizeof msg));
        return;
    }
    v->buf.len = 0;
    if (sx_encode_LedgerCloseMeta(&lcm, &v->buf) || v->buf.len != len || memcmp(v->buf.data, frame, len))
        fail(v, "re-encoding the decoded frame does not give the same bytes");
    const sx_LedgerHeaderHistoryEntry *hdr;
    const sx_GeneralizedTransactionSet *set;
    uint32_t count;
    if (lcm.v == 1) {
        hdr = &lcm.v1.ledgerHeader;
        set = &lcm.v1.txSet;
        count = lcm.v1.txProcessing.len;
    } else if (lcm.v == 2) {
        hdr = &lcm.v2.ledgerHeader;
        set = &lcm.v2.txSet;
        count = lcm.v2.txProcessing.len;
    } else {
        fail(v, "LedgerCloseMeta v%d is not generated", lcm.v);
        return;
    }
    const sx_LedgerHeader *h = &hdr->header;
    v->seq = h->ledgerSeq;
    if (v->ledgers++ == 0) {
        v->first_seq = h->ledgerSeq;
        v->total_coins = h->totalCoins;
        v->prev_fee_pool = h->feePool; /* the first ledger's fees are checked per tx only */
    }
    uint8_t hash[32];
    hash_value(v, (encode_fn)sx_encode_LedgerHeader, h, hash);
    if (memcmp(hash, hdr->hash, 32))
        fail(v, "header hash is not SHA-256 of the header XDR");
    if (v->have_prev) {
        if (h->ledgerSeq != v->prev_seq + 1)
            fail(v, "follows ledger %u", v->prev_seq);
        if (memcmp(h->previousLedgerHash, v->prev_hash, 32))
            fail(v, "previousLedgerHash is not the previous ledger's hash");
    }
    memcpy(v->prev_hash, hdr->hash, 32);
    v->prev_seq = h->ledgerSeq;
    v->have_prev = true;
    if (h->totalCoins != v->total_coins)
        fail(v, "totalCoins changed");
    hash_value(v, (encode_fn)sx_encode_GeneralizedTransactionSet, set, hash);
    if (memcmp(hash, h->scpValue.txSetHash, 32))
        fail(v, "txSetHash is not SHA-256 of the transaction set XDR");
    if (set->v != 1 || memcmp(set->v1TxSet.previousLedgerHash, h->previousLedgerHash, 32))
        fail(v, "transaction set does not name the previous ledger");

    /* the envelopes, in set order (the generator applies in that order) */
    const sx_TransactionEnvelope **envs = xcalloc(count ? count : 1, sizeof *envs);
    uint32_t n = 0;
    for (uint32_t p = 0; p < set->v1TxSet.phases.len; p++) {
        const sx_TransactionPhase *ph = &set->v1TxSet.phases.items[p];
        if (ph->v == 0) {
            for (uint32_t c = 0; c < ph->v0Components.len; c++)
                add_envelopes(&ph->v0Components.items[c].txsMaybeDiscountedFee.txs, envs, &n, count);
        } else {
            const sx_vec_ParallelTxExecutionStage *stages = &ph->parallelTxsComponent.executionStages;
            for (uint32_t st = 0; st < stages->len; st++)
                for (uint32_t c = 0; c < stages->items[st].len; c++)
                    add_envelopes(&stages->items[st].items[c], envs, &n, count);
        }
    }
    if (n != count) {
        fail(v, "transaction set has another number of transactions than txProcessing (%u)", count);
        free(envs);
        return;
    }
    sx_TransactionResultPair *pairs = xcalloc(count ? count : 1, sizeof *pairs);
    tx_view *views = xcalloc(count ? count : 1, sizeof *views);
    int64_t fees = 0;
    for (uint32_t i = 0; i < count; i++) {
        if (lcm.v == 1) {
            const sx_TransactionResultMeta *m = &lcm.v1.txProcessing.items[i];
            views[i] = (tx_view){&m->result, &m->feeProcessing, &m->txApplyProcessing,
                                 &m->txApplyProcessing.v3.txChangesAfter};
        } else {
            const sx_TransactionResultMetaV1 *m = &lcm.v2.txProcessing.items[i];
            views[i] = (tx_view){&m->result, &m->feeProcessing, &m->txApplyProcessing,
                                 &m->postTxApplyFeeProcessing};
        }
        pairs[i] = *views[i].result;
        check_fee(v, envs[i], &views[i], i, &fees);
    }
    /* refunds: right after their transaction in V1, after all in V2 */
    for (uint32_t i = 0; i < count; i++) {
        check_tx(v, envs[i], &views[i], i);
        if (lcm.v == 1)
            check_changes(v, views[i].refund, "txChangesAfter");
    }
    for (uint32_t i = 0; lcm.v == 2 && i < count; i++)
        check_changes(v, views[i].refund, "postTxApplyFeeProcessing");
    free(views);
    sx_TransactionResultSet results = {{pairs, count}};
    hash_value(v, (encode_fn)sx_encode_TransactionResultSet, &results, hash);
    if (memcmp(hash, h->txSetResultHash, 32))
        fail(v, "txSetResultHash is not SHA-256 of the results XDR");
    if (v->ledgers > 1 && h->feePool != v->prev_fee_pool + fees)
        fail(v, "feePool grew by %lld, fees charged %lld", (long long)(h->feePool - v->prev_fee_pool),
             (long long)fees);
    v->prev_fee_pool = h->feePool;
    free(pairs);
    free(envs);
}

/* ---- inputs ------------------------------------------------------------ */

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    sx_buf b;
    sx_buf_init(&b);
    uint8_t chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sx_buf_put(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return b.data ? b.data : xmalloc(1);
}

static int verify_stream(verifier *v, const char *path)
{
    size_t len;
    uint8_t *data = read_file(path, &len);
    if (!data) {
        fprintf(stderr, "%s: cannot read\n", path);
        return -1;
    }
    size_t pos = 0;
    const uint8_t *frame;
    size_t frame_len;
    char why[256];
    int rc;
    while ((rc = sx_frame_next(data, len, &pos, &frame, &frame_len, why, sizeof why)) == 1)
        check_ledger(v, frame, frame_len);
    if (rc < 0)
        fail(v, "%s: stream framing: %s", path, why);
    free(data);
    return 0;
}

typedef struct lake_file {
    char *path;
    unsigned long start;
} lake_file;

static void collect(const char *dir, lake_file **files, size_t *count, size_t *cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        size_t plen = strlen(dir) + strlen(de->d_name) + 2;
        char *path = xmalloc(plen);
        snprintf(path, plen, "%s/%s", dir, de->d_name);
        struct stat st;
        const char *dash = strstr(de->d_name, "--");
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            collect(path, files, count, cap);
            free(path);
        } else if (dash && strstr(de->d_name, ".xdr.zst")) {
            xgrow((void **)files, cap, *count + 1, sizeof **files);
            (*files)[(*count)++] = (lake_file){path, strtoul(dash + 2, NULL, 10)};
        } else {
            free(path);
        }
    }
    closedir(d);
}

static int by_start(const void *a, const void *b)
{
    unsigned long x = ((const lake_file *)a)->start, y = ((const lake_file *)b)->start;
    return x < y ? -1 : x > y;
}

static int verify_lake(verifier *v, const char *root)
{
    lake_file *files = NULL;
    size_t count = 0, cap = 0;
    collect(root, &files, &count, &cap);
    qsort(files, count, sizeof *files, by_start);
    sx_arena *batch_arena = sx_arena_new(0);
    sx_buf raw, again;
    sx_buf_init(&raw);
    sx_buf_init(&again);
    for (size_t i = 0; i < count; i++) {
        size_t len;
        uint8_t *packed = read_file(files[i].path, &len);
        char why[256];
        int unpacked = 0;
        raw.len = 0;
        if (!packed || sx_input_unpack(packed, len, (size_t)1 << 31, &raw, &unpacked, why, sizeof why) ||
            !unpacked) {
            fail(v, "%s: not a zstd file", files[i].path);
            free(packed);
            continue;
        }
        free(packed);
        sx_LedgerCloseMetaBatch batch;
        sx_error err;
        sx_arena_reset(batch_arena);
        if (sx_decode_LedgerCloseMetaBatch(raw.data, raw.len, batch_arena, &batch, &err)) {
            char msg[1024];
            fail(v, "%s: batch does not decode: %s", files[i].path, sx_error_format(&err, msg, sizeof msg));
            continue;
        }
        again.len = 0;
        if (sx_encode_LedgerCloseMetaBatch(&batch, &again) || again.len != raw.len ||
            memcmp(again.data, raw.data, raw.len))
            fail(v, "%s: re-encoding the batch does not give the same bytes", files[i].path);
        if (batch.endSequence - batch.startSequence + 1 != batch.ledgerCloseMetas.len)
            fail(v, "%s: batch %u-%u holds %u ledgers", files[i].path, batch.startSequence,
                 batch.endSequence, batch.ledgerCloseMetas.len);
        for (uint32_t j = 0; j < batch.ledgerCloseMetas.len; j++) {
            again.len = 0;
            sx_encode_LedgerCloseMeta(&batch.ledgerCloseMetas.items[j], &again);
            check_ledger(v, again.data, again.len);
            if (v->seq != batch.startSequence + j)
                fail(v, "%s: holds ledger %u at position %u", files[i].path, v->seq, j);
        }
        free(files[i].path);
    }
    free(files);
    sx_buf_free(&raw);
    sx_buf_free(&again);
    sx_arena_free(batch_arena);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[2], "--stream") && strcmp(argv[2], "--lake"))) {
        fprintf(stderr, "usage: synth_verify PASSPHRASE (--stream FILE | --lake DIR)\n");
        return 2;
    }
    verifier v = {0};
    sha256(argv[1], strlen(argv[1]), v.network_id);
    vs_init(&v.state);
    vl_init(&v.liabilities);
    v.arena = sx_arena_new(0);
    sx_buf_init(&v.buf);
    native_sac_id(&v);
    int rc = strcmp(argv[2], "--stream") == 0 ? verify_stream(&v, argv[3]) : verify_lake(&v, argv[3]);
    printf("%lu ledgers %u..%u, %lu transactions (%lu failed, %lu fee-bump), %lu operations, "
           "%lu changes, %zu entries; applied: payment %lu, path send %lu, path receive %lu, sell offer %lu, "
           "buy offer %lu, change trust %lu, create account %lu, merge %lu, invoke host function %lu, "
           "create claimable balance %lu, claim claimable balance %lu; offers crossed %lu, refunds %lu, "
           "fee events %lu, classic events %lu; %lu inconsistencies\n",
           v.ledgers, v.first_seq, v.prev_seq, v.txs, v.failed, v.fee_bumps, v.ops, v.changes,
           v.state.used, v.op_kinds[SX_PAYMENT], v.op_kinds[SX_PATH_PAYMENT_STRICT_SEND],
           v.op_kinds[SX_PATH_PAYMENT_STRICT_RECEIVE], v.op_kinds[SX_MANAGE_SELL_OFFER],
           v.op_kinds[SX_MANAGE_BUY_OFFER], v.op_kinds[SX_CHANGE_TRUST], v.op_kinds[SX_CREATE_ACCOUNT],
           v.op_kinds[SX_ACCOUNT_MERGE], v.op_kinds[SX_INVOKE_HOST_FUNCTION],
           v.op_kinds[SX_CREATE_CLAIMABLE_BALANCE], v.op_kinds[SX_CLAIM_CLAIMABLE_BALANCE], v.crossed, v.refunds, v.fee_events,
           v.classic_events, v.errors);
    double frames = v.ledgers ? (double)v.ledgers : 1, mean = v.frame_sum / frames;
    double var = v.frame_sumsq / frames - mean * mean;
    printf("frame bytes: mean %.0f, sd %.0f, min %zu, max %zu\n", mean, var > 0 ? sqrt(var) : 0.0,
           v.frame_min, v.frame_max);
    vs_free(&v.state);
    vl_free(&v.liabilities);
    sx_arena_free(v.arena);
    sx_buf_free(&v.buf);
    return rc == 0 && v.errors == 0 && v.ledgers > 0 ? 0 : 1;
}
