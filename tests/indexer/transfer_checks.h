/* transfer_checks.h — checks of the token_transfers rows every indexed
 * ledger must pass, shared by the fixture test and the synthetic-ledger
 * test (header-only; include after testlib.h and ledger_checks.h):
 *   check_transfer_sums
 *                 per (operation, holder, asset) the signed sum of the
 *                 token_transfers rows equals the net balance change the
 *                 BALANCE state-change rows show (fee rows: under their
 *                 transaction; pool shares, which no event moves, left
 *                 out); returns how many rows it compared;
 *   check_transfer_labels
 *                 every mint / burn / clawback of an asset has exactly one
 *                 labelled BALANCE row (MINT / BURN) of its holder in its
 *                 operation, unless the holder's net change there goes the
 *                 other way (or is none); every MINT / BURN row has such a
 *                 movement; returns how many movements had their row. */
#ifndef TRANSFER_CHECKS_H
#define TRANSFER_CHECKS_H

#include <stdlib.h>
#include <string.h>

#include "sluice/rows.h"

/* One signed movement of a holder's asset within an operation. */
typedef struct transfer_delta {
    int64_t operation;                 /* operation id, or the transaction's for fees */
    const char *holder;
    const char *asset;                 /* the asset's contract where known, else as named */
    i128 amount;                       /* token rows add, balance rows subtract */
} transfer_delta;

static int transfer_delta_cmp(const void *a, const void *b)
{
    const transfer_delta *x = a, *y = b;
    if (x->operation != y->operation)
        return x->operation < y->operation ? -1 : 1;
    int c = strcmp(x->holder, y->holder);
    return c ? c : strcmp(x->asset, y->asset);
}

/* The contract of an asset named in the ledger's token rows ("native",
 * "CODE:ISSUER"), else the name itself (a contract already, or an asset no
 * row moved). */
static const char *transfer_asset_key(const sluice_ledger *l, const char *asset)
{
    for (size_t i = 0; i < l->token_transfer_count; i++) {
        const sluice_token_transfer_row *t = &l->token_transfers[i];
        if (t->asset && strcmp(t->asset, asset) == 0)
            return t->asset_contract;
    }
    return asset;
}

static bool is_pool_share(const char *asset)
{
    return asset[0] == 'L' && strlen(asset) == 56;
}

static i128 transfer_amount(const sluice_token_transfer_row *t)
{
    return (i128)((unsigned __int128)(uint64_t)t->amount.hi << 64 | t->amount.lo);
}

static const char *transfer_kind_name(sluice_transfer_kind k)
{
    static const char *const names[] = {"?", "transfer", "mint", "burn", "clawback", "fee"};
    return (unsigned)k < 6 ? names[k] : "?";
}

/* The type of operation `id` (-1: none, as for a transaction's fees). */
static int transfer_operation_type(const sluice_ledger *l, int64_t id)
{
    for (size_t i = 0; i < l->operation_count; i++)
        if (l->operations[i].id == id)
            return (int)l->operations[i].type;
    return -1;
}

static size_t check_transfer_sums(const char *name, const sluice_ledger *l)
{
    size_t capacity = 2 * l->token_transfer_count + l->state_change_count + 1, n = 0;
    transfer_delta *d = malloc(capacity * sizeof(*d));
    for (size_t i = 0; i < l->token_transfer_count; i++) {
        const sluice_token_transfer_row *t = &l->token_transfers[i];
        int64_t op = t->operation_id ? t->operation_id : t->transaction_id;
        i128 amount = transfer_amount(t);
        if (t->from[0])
            d[n++] = (transfer_delta){op, t->from, t->asset_contract, -amount};
        if (t->to[0])
            d[n++] = (transfer_delta){op, t->to, t->asset_contract, amount};
    }
    for (size_t i = 0; i < l->state_change_count; i++) {
        const sluice_state_change_row *s = &l->state_changes[i];
        if (s->category != SLUICE_SC_BALANCE || !s->asset || is_pool_share(s->asset))
            continue;
        d[n++] = (transfer_delta){s->operation_id, s->account, transfer_asset_key(l, s->asset),
                                  -signed_amount(s)};
    }
    qsort(d, n, sizeof(*d), transfer_delta_cmp);
    size_t mismatches = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        i128 sum = 0;
        for (; j < n && transfer_delta_cmp(&d[i], &d[j]) == 0; j++)
            sum += d[j].amount;
        if (sum != 0 && mismatches++ < 5)
            CHECK_MSG(0,
                      "%s operation %" PRId64 " (tx %" PRId64 " op %" PRId64 ", type %d) holder %s "
                      "asset %s: token_transfers exceed the balance rows by %" PRId64,
                      name, d[i].operation, (d[i].operation >> 12) & 0xfffff,
                      d[i].operation & 0xfff, transfer_operation_type(l, d[i].operation),
                      d[i].holder, d[i].asset, (int64_t)sum);
        i = j;
    }
    CHECK_MSG(mismatches == 0, "%s: %zu (operation, holder, asset) sums differ", name,
              mismatches);
    free(d);
    return n;
}

/* The BALANCE row of `holder`'s `asset` (name or contract) in operation
 * `op` with one of two reasons, or NULL. */
static const sluice_state_change_row *balance_row_of(const sluice_ledger *l, int64_t op,
                                                     const char *holder, const char *asset,
                                                     const char *contract, int reason,
                                                     int other_reason, size_t *count)
{
    const sluice_state_change_row *found = NULL;
    *count = 0;
    for (size_t i = 0; i < l->state_change_count; i++) {
        const sluice_state_change_row *s = &l->state_changes[i];
        if (s->operation_id != op || s->category != SLUICE_SC_BALANCE || !s->asset ||
            ((int)s->reason != reason && (int)s->reason != other_reason) ||
            strcmp(s->account, holder) != 0 ||
            (strcmp(s->asset, contract) != 0 && (!asset || strcmp(s->asset, asset) != 0)))
            continue;
        found = s;
        (*count)++;
    }
    return found;
}

static size_t check_transfer_labels(const char *name, const sluice_ledger *l)
{
    size_t labelled = 0;
    for (size_t i = 0; i < l->token_transfer_count; i++) {
        const sluice_token_transfer_row *t = &l->token_transfers[i];
        bool mint = t->kind == SLUICE_TRANSFER_MINT;
        if (!mint && t->kind != SLUICE_TRANSFER_BURN && t->kind != SLUICE_TRANSFER_CLAWBACK)
            continue;
        const char *holder = mint ? t->to : t->from;
        int label = mint ? SLUICE_SR_MINT : SLUICE_SR_BURN;
        int was = mint ? SLUICE_SR_CREDIT : SLUICE_SR_DEBIT;
        size_t count;
        if (!balance_row_of(l, t->operation_id, holder, t->asset, t->asset_contract, label, was,
                            &count))
            continue; /* netted the other way, or to nothing */
        const sluice_state_change_row *row =
            balance_row_of(l, t->operation_id, holder, t->asset, t->asset_contract, label, label,
                           &count);
        CHECK_MSG(row && count == 1,
                  "%s operation %" PRId64 ": %s of %s to/from %s has %zu labelled rows", name,
                  t->operation_id, transfer_kind_name(t->kind), t->asset ? t->asset : t->asset_contract,
                  holder, count);
        labelled += row != NULL;
    }
    for (size_t i = 0; i < l->state_change_count; i++) {
        const sluice_state_change_row *s = &l->state_changes[i];
        if (s->category != SLUICE_SC_BALANCE ||
            (s->reason != SLUICE_SR_MINT && s->reason != SLUICE_SR_BURN))
            continue;
        bool found = false;
        for (size_t j = 0; j < l->token_transfer_count && !found; j++) {
            const sluice_token_transfer_row *t = &l->token_transfers[j];
            bool kind_fits = s->reason == SLUICE_SR_MINT
                                 ? t->kind == SLUICE_TRANSFER_MINT
                                 : t->kind == SLUICE_TRANSFER_BURN || t->kind == SLUICE_TRANSFER_CLAWBACK;
            const char *holder = s->reason == SLUICE_SR_MINT ? t->to : t->from;
            found = t->operation_id == s->operation_id && kind_fits &&
                    strcmp(holder, s->account) == 0 &&
                    (strcmp(s->asset, t->asset_contract) == 0 ||
                     (t->asset && strcmp(s->asset, t->asset) == 0));
        }
        CHECK_MSG(found, "%s operation %" PRId64 ": %s row of %s (%s) has no movement", name,
                  s->operation_id, s->reason == SLUICE_SR_MINT ? "MINT" : "BURN", s->account,
                  s->asset);
    }
    return labelled;
}

#endif
