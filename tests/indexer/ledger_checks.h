/* ledger_checks.h — checks every indexed ledger must pass, shared by the
 * fixture test and the synthetic-ledger test (header-only: the CHECK
 * counters of testlib.h are per program):
 *   fees_of       every transaction's fee charged equals its derived fee
 *                 debit (FEE rows minus fee refunds under the transaction);
 *                 returns the ledger's fees;
 *   check_ledger  ledger-row counts agree with the rows, balance changes
 *                 are one per key in (operation id, account, asset) order,
 *                 and native lumens are conserved (signed native BALANCE
 *                 rows = -fees), inflation before protocol 12 excepted;
 *   check_fee_events
 *                 wherever a transaction's meta (v4) has CAP-67 fee
 *                 events, they name its fee payer, charge (> 0) before all
 *                 transactions and refund (<= 0) after, and sum to the fee
 *                 debit the indexer derived from the fee changes; returns
 *                 how many transactions had fee events.
 * Include after testlib.h. */
#ifndef LEDGER_CHECKS_H
#define LEDGER_CHECKS_H

#include <inttypes.h>
#include <string.h>

#include "indexer/balance_merge.h"
#include "indexer/indexer.h"
#include "stellar/strkey.h"
#include "xdr/gen/sx_codec.h"

typedef __int128 i128;


static i128 amount_of(const sluice_state_change_row *s)
{
    return (i128)((unsigned __int128)(uint64_t)s->amount.hi << 64 | s->amount.lo);
}

static bool is_native(const indexer *ix, const sluice_state_change_row *s)
{
    return s->category == SLUICE_SC_BALANCE && s->asset &&
           (strcmp(s->asset, "native") == 0 ||
            strcmp(s->asset, indexer_native_asset_contract(ix)) == 0);
}

static bool is_refund(const sluice_state_change_row *s)
{
    return s->reason == SLUICE_SR_CREDIT && s->details_json &&
           strstr(s->details_json, "\"fee_refund\":true");
}

/* Signed effect of a native BALANCE row on the lumens it holds. */
static i128 signed_amount(const sluice_state_change_row *s)
{
    bool credit = s->reason == SLUICE_SR_CREDIT || s->reason == SLUICE_SR_MINT;
    return credit ? amount_of(s) : -amount_of(s);
}

static bool has_inflation(const sluice_ledger *l)
{
    for (size_t i = 0; i < l->operation_count; i++)
        if (l->operations[i].type == 9 /* INFLATION */ && l->operations[i].successful)
            return true;
    return false;
}


/* The fee debit derived for `tx`: FEE rows minus fee refunds under its id. */
static i128 derived_fee(const indexer *ix, const sluice_ledger *l, const sluice_transaction_row *tx)
{
    i128 debit = 0;
    for (size_t i = 0; i < l->state_change_count; i++) {
        const sluice_state_change_row *s = &l->state_changes[i];
        if (s->operation_id != tx->id || !is_native(ix, s))
            continue;
        if (s->reason == SLUICE_SR_FEE)
            debit += amount_of(s);
        else if (is_refund(s))
            debit -= amount_of(s);
    }
    return debit;
}

static int64_t fees_of(const indexer *ix, const char *name, const sluice_ledger *l)
{
    int64_t fees = 0;
    for (size_t t = 0; t < l->transaction_count; t++) {
        const sluice_transaction_row *tx = &l->transactions[t];
        i128 debit = derived_fee(ix, l, tx);
        CHECK_MSG(debit == tx->fee_charged, "%s tx %u: fee charged %" PRId64 ", derived fee debit %" PRId64,
                  name, tx->application_order, tx->fee_charged, (int64_t)debit);
        fees += tx->fee_charged;
    }
    return fees;
}

static void check_ledger(const indexer *ix, const char *name, const sluice_ledger *l,
                         int64_t fees)
{
    uint32_t ops = 0, ok = 0;
    for (size_t t = 0; t < l->transaction_count; t++) {
        ops += l->transactions[t].operation_count;
        ok += l->transactions[t].successful;
    }
    CHECK_MSG(l->ledger.successful_transaction_count == ok &&
                  l->ledger.successful_transaction_count + l->ledger.failed_transaction_count ==
                      l->transaction_count &&
                  l->ledger.operation_count == ops && l->operation_count == ops,
              "%s: ledger row counts disagree with the rows", name);
    /* balance changes: one per key, in (operation id, account, asset) order */
    for (size_t i = 1; i < l->balance_change_count; i++)
        CHECK_MSG(balance_change_compare(&l->balance_changes[i - 1], &l->balance_changes[i]) < 0,
                  "%s: balance changes %zu and %zu are out of order or name the same key", name,
                  i - 1, i);
    i128 native = 0;
    for (size_t i = 0; i < l->state_change_count; i++)
        if (is_native(ix, &l->state_changes[i]))
            native += signed_amount(&l->state_changes[i]);
    if (l->ledger.protocol_version < 12 && has_inflation(l))
        return;
    CHECK_MSG(native == -(i128)fees, "%s: native balance changes sum to %" PRId64 ", fees charged %" PRId64,
              name, (int64_t)native, fees);
}

static bool is_symbol(const sx_SCVal *v, const char *name)
{
    size_t n = strlen(name);
    return v->type == SX_SCV_SYMBOL && v->sym.len == n && memcmp(v->sym.data, name, n) == 0;
}

/* One transaction's fee events; returns whether it had any. */
static bool check_tx_fee_events(const indexer *ix, const char *name, const sluice_ledger *l,
                                const sluice_transaction_row *tx, const sx_vec_TransactionEvent *events)
{
    i128 sum = 0;
    bool any = false;
    const char *payer = tx->is_fee_bump ? tx->fee_account : tx->source_account;
    for (uint32_t i = 0; i < events->len; i++) {
        const sx_ContractEvent *e = &events->items[i].event;
        const sx_vec_SCVal *topics = &e->body.v0.topics;
        if (e->body.v != 0 || topics->len < 1 || !is_symbol(&topics->items[0], "fee"))
            continue;
        any = true;
        const sx_SCVal *data = &e->body.v0.data;
        char address[SLUICE_STRKEY_SIZE] = "";
        if (topics->len == 2 && topics->items[1].type == SX_SCV_ADDRESS &&
            topics->items[1].address.type == SX_SC_ADDRESS_TYPE_ACCOUNT)
            strkey_encode(STRKEY_ACCOUNT, topics->items[1].address.accountId.ed25519, 32, address,
                          sizeof(address));
        CHECK_MSG(strcmp(address, payer) == 0 && data->type == SX_SCV_I128,
                  "%s tx %u: fee event %u does not name the fee payer %s with an i128 amount", name,
                  tx->application_order, i, payer);
        if (data->type != SX_SCV_I128)
            continue;
        i128 amount = (i128)((unsigned __int128)(uint64_t)data->i128.hi << 64 | data->i128.lo);
        bool before_all = events->items[i].stage == SX_TRANSACTION_EVENT_STAGE_BEFORE_ALL_TXS;
        CHECK_MSG(before_all ? amount > 0 : amount <= 0,
                  "%s tx %u: fee event %u at stage %d states %" PRId64, name, tx->application_order,
                  i, (int)events->items[i].stage, (int64_t)amount);
        sum += amount;
    }
    if (any)
        CHECK_MSG(sum == derived_fee(ix, l, tx) && sum == tx->fee_charged,
                  "%s tx %u: fee events sum to %" PRId64 ", derived fee debit %" PRId64
                  ", fee charged %" PRId64,
                  name, tx->application_order, (int64_t)sum, (int64_t)derived_fee(ix, l, tx),
                  tx->fee_charged);
    return any;
}

static size_t check_fee_events(const indexer *ix, const char *name, const uint8_t *frame,
                               size_t len, const sluice_ledger *l, sx_arena *arena)
{
    sx_LedgerCloseMeta lcm;
    sx_error err;
    size_t with_events = 0;
    sx_arena_reset(arena);
    if (sx_decode_LedgerCloseMeta(frame, len, arena, &lcm, &err)) {
        CHECK_MSG(0, "%s: does not decode", name);
        return 0;
    }
    uint32_t count = lcm.v == 0 ? lcm.v0.txProcessing.len
                     : lcm.v == 1 ? lcm.v1.txProcessing.len : lcm.v2.txProcessing.len;
    CHECK_MSG(count == l->transaction_count, "%s: %u transactions, %zu rows", name, count,
              l->transaction_count);
    for (uint32_t i = 0; i < count && i < l->transaction_count; i++) {
        const sx_TransactionMeta *m = lcm.v == 0   ? &lcm.v0.txProcessing.items[i].txApplyProcessing
                                      : lcm.v == 1 ? &lcm.v1.txProcessing.items[i].txApplyProcessing
                                                   : &lcm.v2.txProcessing.items[i].txApplyProcessing;
        if (m->v == 4 && check_tx_fee_events(ix, name, l, &l->transactions[i], &m->v4.events))
            with_events++;
    }
    return with_events;
}

#endif
