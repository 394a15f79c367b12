/* ledger_checks.h — checks every indexed ledger must pass, shared by the
 * fixture test and the synthetic-ledger test (header-only: the CHECK
 * counters of testlib.h are per program):
 *   fees_of       every transaction's fee charged equals its derived fee
 *                 debit (FEE rows minus fee refunds under the transaction);
 *                 returns the ledger's fees;
 *   check_ledger  ledger-row counts agree with the rows, and native lumens
 *                 are conserved (signed native BALANCE rows = -fees),
 *                 inflation before protocol 12 excepted.
 * Include after testlib.h. */
#ifndef LEDGER_CHECKS_H
#define LEDGER_CHECKS_H

#include <inttypes.h>
#include <string.h>

#include "indexer/indexer.h"

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


static int64_t fees_of(const indexer *ix, const char *name, const sluice_ledger *l)
{
    int64_t fees = 0;
    for (size_t t = 0; t < l->transaction_count; t++) {
        const sluice_transaction_row *tx = &l->transactions[t];
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
    i128 native = 0;
    for (size_t i = 0; i < l->state_change_count; i++)
        if (is_native(ix, &l->state_changes[i]))
            native += signed_amount(&l->state_changes[i]);
    if (l->ledger.protocol_version < 12 && has_inflation(l))
        return;
    CHECK_MSG(native == -(i128)fees, "%s: native balance changes sum to %" PRId64 ", fees charged %" PRId64,
              name, (int64_t)native, fees);
}

#endif
