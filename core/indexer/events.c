/* events.c — token events of an operation (SEP-41 / Stellar Asset Contract,
 * CAP-46-6 and CAP-67 shapes): "transfer", "mint", "burn", "clawback".
 *
 * Balances the ledger entry diff already sees (accounts, trustlines, SAC
 * balances in contract data) are not counted twice: a Stellar Asset
 * Contract event (its last topic is the SEP-11 asset string) only relabels
 * the matching BALANCE row of the operation: CREDIT -> MINT for a mint,
 * DEBIT -> BURN for a burn or clawback.  Events of other token contracts
 * keep balances in storage the diff cannot read, so they add BALANCE rows
 * (asset = the token contract): transfer DEBIT/CREDIT, mint MINT, burn and
 * clawback BURN, and their addresses become participants. */
#include <string.h>

#include "indexer/emit.h"
#include "indexer/ix_internal.h"
#include "stellar/strkey.h"

typedef __int128 i128;

static bool symbol_is(const sx_SCVal *v, const char *name)
{
    size_t n = strlen(name);
    return v->type == SX_SCV_SYMBOL && v->sym.len == n && memcmp(v->sym.data, name, n) == 0;
}

/* The amount: I128 data, or (CAP-67 with a muxed destination) a map whose
 * "amount" entry is I128. */
static bool event_amount(const sx_SCVal *data, i128 *amount)
{
    const sx_SCVal *v = data;
    if (data->type == SX_SCV_MAP && data->map) {
        v = NULL;
        for (uint32_t i = 0; i < data->map->len; i++)
            if (symbol_is(&data->map->items[i].key, "amount"))
                v = &data->map->items[i].val;
    }
    if (!v || v->type != SX_SCV_I128)
        return false;
    *amount = (i128)((unsigned __int128)(uint64_t)v->i128.hi << 64 | v->i128.lo);
    return true;
}

static sluice_int128 to_row(i128 v)
{
    sluice_int128 r = {.hi = (int64_t)(v >> 64), .lo = (uint64_t)v};
    return r;
}

/* Relabels the first BALANCE row of the operation (from index `first`)
 * for `holder` with reason `from` and this amount, whose asset is the SAC's
 * asset name or the SAC contract itself. */
static void relabel(ix_ctx *ctx, size_t first, const ix_name *holder, const sx_bytes *asset_name,
                    const char *contract, i128 amount, sluice_state_reason from,
                    sluice_state_reason to)
{
    sluice_state_change_row *rows = ctx->ix->state_changes.items;
    sluice_int128 want = to_row(amount);
    for (size_t i = first; i < ctx->ix->state_changes.count; i++) {
        sluice_state_change_row *r = &rows[i];
        if (r->category != SLUICE_SC_BALANCE || r->reason != from || !r->asset ||
            memcmp(r->account, holder->text, SLUICE_STRKEY_SIZE) != 0 || r->amount.hi != want.hi || r->amount.lo != want.lo)
            continue;
        bool same_asset = strcmp(r->asset, contract) == 0 ||
                          (strlen(r->asset) == asset_name->len &&
                           memcmp(r->asset, asset_name->data, asset_name->len) == 0);
        if (same_asset) {
            r->reason = to;
            return;
        }
    }
}

static void token_row(ix_ctx *ctx, sluice_state_reason reason, ix_name *holder,
                      const char *contract, i128 amount)
{
    ix_add_participant(ctx, holder);
    sluice_state_change_row *row = ix_push_state_change(ctx, SLUICE_SC_BALANCE, reason, holder);
    row->asset = contract;
    row->amount = to_row(amount);
}

/* One event.  Topic layouts (first topic the name):
 *   transfer: from, to [, asset]
 *   mint:     [admin,] to [, asset]       (admin dropped by CAP-67)
 *   burn:     from [, asset]
 *   clawback: [admin,] from [, asset]
 * For a SAC the trailing asset string is present. */
static void one_event(ix_ctx *ctx, size_t first, const sx_ContractEvent *e)
{
    if (e->type != SX_CONTRACT || !e->contractID || e->body.v != 0)
        return;
    const sx_vec_SCVal *topics = &e->body.v0.topics;
    i128 amount;
    if (topics->len < 2 || !event_amount(&e->body.v0.data, &amount) || amount < 0)
        return;
    const sx_SCVal *last = &topics->items[topics->len - 1];
    bool is_sac = last->type == SX_SCV_STRING;
    uint32_t addresses = topics->len - 1 - (is_sac ? 1 : 0);
    const sx_SCVal *name = &topics->items[0];
    for (uint32_t i = 1; i <= addresses; i++)
        if (topics->items[i].type != SX_SCV_ADDRESS)
            return;
    /* the addresses that matter: the last one or two */
    const sx_SCVal *a1 = addresses >= 1 ? &topics->items[addresses] : NULL;
    const sx_SCVal *a2 = addresses >= 2 ? &topics->items[addresses - 1] : NULL;
    bool transfer = symbol_is(name, "transfer");
    bool mint = symbol_is(name, "mint");
    bool burn = symbol_is(name, "burn") || symbol_is(name, "clawback");
    /* a SAC transfer moves balances the entry diff already shows */
    if (!(transfer && a2 && !is_sac) && !((mint || burn) && a1))
        return;
    const char *contract = ix_name_of(ctx->ix, STRKEY_CONTRACT, e->contractID[0])->text;
    ix_name *to = ix_address_name(ctx->ix, &a1->address);
    if (!to)
        return;
    if (transfer) {
        ix_name *from = ix_address_name(ctx->ix, &a2->address);
        if (!from)
            return;
        token_row(ctx, SLUICE_SR_DEBIT, from, contract, amount);
        token_row(ctx, SLUICE_SR_CREDIT, to, contract, amount);
        return;
    }
    if (is_sac) {
        relabel(ctx, first, to, &last->str, contract, amount, mint ? SLUICE_SR_CREDIT : SLUICE_SR_DEBIT,
                mint ? SLUICE_SR_MINT : SLUICE_SR_BURN);
        return;
    }
    token_row(ctx, mint ? SLUICE_SR_MINT : SLUICE_SR_BURN, to, contract, amount);
}

void ix_derive_events(ix_ctx *ctx, const sx_vec_ContractEvent *events, size_t first_row)
{
    for (uint32_t i = 0; i < events->len; i++)
        one_event(ctx, first_row, &events->items[i]);
}
