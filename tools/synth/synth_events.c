/* synth_events.c — CAP-67 classic and fee events (see synth_events.h). */
#include "synth_events.h"

#include <stdio.h>
#include <string.h>

#include "stellar/strkey.h"

sx_SCVal synth_scv_asset_string(synth_ctx *ctx, unsigned asset)
{
    char text[96] = "native";
    int n = 6;
    if (asset != SYNTH_NATIVE) {
        const synth_asset *a = &ctx->world->assets[asset];
        char issuer[STRKEY_TEXT_SIZE];
        strkey_encode(STRKEY_ACCOUNT, ctx->world->accounts[a->issuer].key, 32, issuer, sizeof issuer);
        n = snprintf(text, sizeof text, "%.4s:%s", (const char *)a->code, issuer);
    }
    return (sx_SCVal){.type = SX_SCV_STRING, .str = {synth_dup(ctx, text, (size_t)n), (uint32_t)n}};
}

sx_SCAddress synth_sc_account(synth_ctx *ctx, uint32_t account)
{
    return (sx_SCAddress){.type = SX_SC_ADDRESS_TYPE_ACCOUNT, .accountId = synth_account_id(ctx, account)};
}

sx_SCAddress synth_sc_claimable(synth_ctx *ctx, const uint8_t id[32])
{
    return (sx_SCAddress){.type = SX_SC_ADDRESS_TYPE_CLAIMABLE_BALANCE,
                          .claimableBalanceId = {.type = SX_CLAIMABLE_BALANCE_ID_TYPE_V0,
                                                 .v0 = synth_dup(ctx, id, 32)}};
}

static sx_SCVal address_value(sx_SCAddress address)
{
    return (sx_SCVal){.type = SX_SCV_ADDRESS, .address = address};
}

static sx_ContractEvent *push(synth_ctx *ctx, synth_events *list)
{
    list->items = synth_grow(ctx, list->items, list->len, &list->cap, sizeof *list->items);
    return &list->items[list->len++];
}

/* An event of the asset's contract with `n` topics and an i128 amount. */
static sx_ContractEvent asset_event(synth_ctx *ctx, unsigned asset, sx_SCVal *topics, uint32_t n, int64_t amount)
{
    sx_Hash *contract = SYNTH_NEW(ctx, sx_Hash, 1);
    *contract = synth_dup(ctx, ctx->world->assets[asset].sac_id, 32);
    sx_ContractEvent e = {.contractID = contract, .type = SX_CONTRACT};
    e.body.v0 = (sx_ContractEventBodyV0){{topics, n}, synth_scv_i128(amount)};
    return e;
}

void synth_event_transfer(synth_ctx *ctx, sx_SCAddress from, uint32_t from_account, sx_SCAddress to,
                          uint32_t to_account, unsigned asset, int64_t amount)
{
    if (ctx->events == NULL)
        return;
    const synth_world *w = ctx->world;
    bool mint = asset != SYNTH_NATIVE && from_account == w->assets[asset].issuer;
    bool burn = asset != SYNTH_NATIVE && to_account == w->assets[asset].issuer;
    sx_SCVal *topics = SYNTH_NEW(ctx, sx_SCVal, 4);
    uint32_t n = 0;
    topics[n++] = synth_scv_symbol(ctx, mint ? "mint" : burn ? "burn" : "transfer");
    if (!mint)
        topics[n++] = address_value(from);
    if (!burn)
        topics[n++] = address_value(to);
    topics[n++] = synth_scv_asset_string(ctx, asset);
    *push(ctx, ctx->events) = asset_event(ctx, asset, topics, n, amount);
}

void synth_event_payment(synth_ctx *ctx, uint32_t from, uint32_t to, unsigned asset, int64_t amount)
{
    if (ctx->events)
        synth_event_transfer(ctx, synth_sc_account(ctx, from), from, synth_sc_account(ctx, to), to, asset, amount);
}

sx_ContractEvent synth_fee_event(synth_ctx *ctx, uint32_t account, int64_t amount)
{
    sx_SCVal *topics = SYNTH_NEW(ctx, sx_SCVal, 2);
    topics[0] = synth_scv_symbol(ctx, "fee");
    topics[1] = address_value(synth_sc_account(ctx, account));
    return asset_event(ctx, SYNTH_NATIVE, topics, 2, amount);
}
