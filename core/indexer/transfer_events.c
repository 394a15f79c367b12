/* transfer_events.c — token_transfers rows from the contract events of the
 * meta (doc/data-model.md, token_transfers):
 *   - an operation's events: CAP-67 shapes in TransactionMeta v4
 *     (transfer: [sym, from, to, asset]; mint: [sym, to, asset]; burn and
 *     clawback: [sym, from, asset]; data i128 or a map with "amount" and
 *     "to_muxed_id"), and the older shapes of v3 Soroban events and of
 *     SEP-41 token contracts (mint and clawback with an admin topic before
 *     the holder);
 *   - a transaction's fee events ([sym "fee", from], i128 data, negative
 *     for a refund), charges before the operations, refunds after.
 * An event is a Stellar Asset Contract's when its last topic is the SEP-11
 * string of the asset whose contract id is the event's contract; its
 * transfers from or to the issuer are mints and burns, as stellar-core
 * emits them from protocol 23 on.  Other contracts' events are rows with
 * asset NULL. */
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

static i128 i128_of(const sx_SCVal *v)
{
    return (i128)((unsigned __int128)(uint64_t)v->i128.hi << 64 | v->i128.lo);
}

/* What an event's data says: an i128 amount, or a map whose "amount" is
 * one (and whose "to_muxed_id", when a u64, is kept). */
typedef struct event_value {
    i128 amount;
    bool has_to_muxed_id;
    uint64_t to_muxed_id;
} event_value;

static bool event_value_of(const sx_SCVal *data, event_value *out)
{
    out->has_to_muxed_id = false;
    if (data->type == SX_SCV_I128) {
        out->amount = i128_of(data);
        return true;
    }
    if (data->type != SX_SCV_MAP || !data->map)
        return false;
    bool has_amount = false;
    for (uint32_t i = 0; i < data->map->len; i++) {
        const sx_SCMapEntry *e = &data->map->items[i];
        if (symbol_is(&e->key, "amount") && e->val.type == SX_SCV_I128) {
            out->amount = i128_of(&e->val);
            has_amount = true;
        } else if (symbol_is(&e->key, "to_muxed_id") && e->val.type == SX_SCV_U64) {
            out->has_to_muxed_id = true;
            out->to_muxed_id = e->val.u64;
        }
    }
    return has_amount;
}

/* The bytes a parsed asset points to (decoded XDR holds pointers). */
typedef struct asset_storage {
    uint8_t code[12];
    uint8_t issuer[32];
} asset_storage;

/* The asset of `s`, a SEP-11 string ("native" or "CODE:ISSUER"), into
 * *asset (pointing into *storage); false when it is not one. */
static bool sep11_asset(const sx_SCString *s, sx_Asset *asset, asset_storage *storage)
{
    memset(asset, 0, sizeof(*asset));
    memset(storage, 0, sizeof(*storage));
    if (s->len == 6 && memcmp(s->data, "native", 6) == 0) {
        asset->type = SX_ASSET_TYPE_NATIVE;
        return true;
    }
    const uint8_t *colon = s->len ? memchr(s->data, ':', s->len) : NULL;
    if (!colon)
        return false;
    size_t code_len = (size_t)(colon - s->data);
    if (code_len == 0 || code_len > 12 ||
        !strkey_decode_key((const char *)colon + 1, s->len - code_len - 1, STRKEY_ACCOUNT,
                           storage->issuer))
        return false;
    memcpy(storage->code, s->data, code_len);
    sx_AccountID issuer = {.type = SX_PUBLIC_KEY_TYPE_ED25519, .ed25519 = storage->issuer};
    if (code_len <= 4) {
        asset->type = SX_ASSET_TYPE_CREDIT_ALPHANUM4;
        asset->alphaNum4.assetCode = storage->code;
        asset->alphaNum4.issuer = issuer;
    } else {
        asset->type = SX_ASSET_TYPE_CREDIT_ALPHANUM12;
        asset->alphaNum12.assetCode = storage->code;
        asset->alphaNum12.issuer = issuer;
    }
    return true;
}

/* A Stellar Asset Contract recognised in this ledger: the asset string
 * its events carry and its asset (in the arena, hung on its ix_name). */
struct ix_sac {
    const uint8_t *string;
    uint32_t len;
    ix_asset_ref ref;
};

/* Whether an event of `contract` whose last topic is `last` is a Stellar
 * Asset Contract's: `last` is the SEP-11 string of the asset whose
 * contract `contract` is; fills *ref.  The answer is kept on the name, so
 * a contract's later events compare one string. */
static bool sac_event(indexer *ix, const sx_SCVal *last, ix_name *contract, ix_asset_ref *ref)
{
    if (last->type != SX_SCV_STRING)
        return false;
    const struct ix_sac *known = contract->sac;
    if (known && known->len == last->str.len &&
        memcmp(known->string, last->str.data, last->str.len) == 0) {
        *ref = known->ref;
        return true;
    }
    sx_Asset asset;
    asset_storage storage;
    if (!sep11_asset(&last->str, &asset, &storage) || !ix_asset_ref_of(ix, &asset, ref) ||
        strcmp(ref->contract, contract->text) != 0)
        return false;
    struct ix_sac *sac = sx_arena_alloc(ix->arena, sizeof(*sac));
    if (sac) {
        sac->string = last->str.data; /* in the frame: valid for the ledger */
        sac->len = last->str.len;
        sac->ref = *ref;
        contract->sac = sac;
    }
    return true;
}

/* The kind an event's name says, 0 for none. */
static sluice_transfer_kind kind_of(const sx_SCVal *name)
{
    return symbol_is(name, "transfer")   ? SLUICE_TRANSFER
           : symbol_is(name, "mint")     ? SLUICE_TRANSFER_MINT
           : symbol_is(name, "burn")     ? SLUICE_TRANSFER_BURN
           : symbol_is(name, "clawback") ? SLUICE_TRANSFER_CLAWBACK
                                          : 0;
}

/* One operation event: a row when it is a token movement. */
static void operation_event(ix_ctx *ctx, const sx_ContractEvent *e)
{
    if (e->type != SX_CONTRACT || !e->contractID || e->body.v != 0)
        return;
    const sx_vec_SCVal *topics = &e->body.v0.topics;
    event_value value;
    sluice_transfer_kind kind;
    if (topics->len < 2 || !(kind = kind_of(&topics->items[0])) ||
        !event_value_of(&e->body.v0.data, &value))
        return;
    indexer *ix = ctx->ix;
    ix_name *contract = ix_name_of(ix, STRKEY_CONTRACT, *e->contractID);
    ix_asset_ref ref;
    bool sac = sac_event(ix, &topics->items[topics->len - 1], contract, &ref);
    /* the addresses after the name (a SAC's asset string is not one) */
    ix_name *address[2] = {NULL, NULL};
    uint32_t addresses = 0;
    for (uint32_t i = 1; i < topics->len && addresses < 2; i++, addresses++) {
        if (topics->items[i].type != SX_SCV_ADDRESS ||
            !(address[addresses] = ix_address_name(ix, &topics->items[i].address)))
            break;
    }
    ix_name *from = NULL, *to = NULL;
    switch (kind) {
    case SLUICE_TRANSFER:
        if (addresses < 2)
            return;
        from = address[0], to = address[1];
        if (sac && ix_is_issuer(from, &ref) != ix_is_issuer(to, &ref)) {
            kind = ix_is_issuer(from, &ref) ? SLUICE_TRANSFER_MINT : SLUICE_TRANSFER_BURN;
            if (kind == SLUICE_TRANSFER_MINT)
                from = NULL;
            else
                to = NULL;
        }
        break;
    case SLUICE_TRANSFER_MINT:  /* [admin,] to */
        if (addresses < 1)
            return;
        to = address[addresses - 1];
        break;
    case SLUICE_TRANSFER_CLAWBACK: /* [admin,] from */
        if (addresses < 1)
            return;
        from = address[addresses - 1];
        break;
    default: /* burn: from */
        if (addresses < 1)
            return;
        from = address[0];
        break;
    }
    sluice_token_transfer_row *row = ix_push_transfer(
        ctx, kind, from, to, sac ? ref.name : NULL, contract->text, value.amount);
    if (kind == SLUICE_TRANSFER && value.has_to_muxed_id) {
        row->has_to_muxed_id = true;
        row->to_muxed_id = value.to_muxed_id;
    }
    if (!sac)
        ix_token_balance_rows(ctx, kind, from, to, contract->text, value.amount);
}

void ix_event_transfers(ix_ctx *ctx, const sx_vec_ContractEvent *events)
{
    for (uint32_t i = 0; i < events->len; i++)
        operation_event(ctx, &events->items[i]);
}

bool ix_meta_has_fee_events(const sx_TransactionMeta *meta)
{
    if (meta->v != 4)
        return false;
    for (uint32_t i = 0; i < meta->v4.events.len; i++) {
        const sx_ContractEvent *e = &meta->v4.events.items[i].event;
        if (e->body.v == 0 && e->body.v0.topics.len >= 1 &&
            symbol_is(&e->body.v0.topics.items[0], "fee"))
            return true;
    }
    return false;
}

void ix_fee_event_transfers(ix_ctx *ctx, const sx_TransactionMeta *meta, bool after_operations)
{
    if (meta->v != 4)
        return;
    for (uint32_t i = 0; i < meta->v4.events.len; i++) {
        const sx_TransactionEvent *te = &meta->v4.events.items[i];
        const sx_ContractEvent *e = &te->event;
        event_value value;
        ix_name *from;
        if ((te->stage != SX_TRANSACTION_EVENT_STAGE_BEFORE_ALL_TXS) != after_operations ||
            e->body.v != 0 || !e->contractID || e->body.v0.topics.len != 2 ||
            !symbol_is(&e->body.v0.topics.items[0], "fee") ||
            e->body.v0.topics.items[1].type != SX_SCV_ADDRESS ||
            !event_value_of(&e->body.v0.data, &value) ||
            !(from = ix_address_name(ctx->ix, &e->body.v0.topics.items[1].address)))
            continue;
        bool native = memcmp(*e->contractID, ctx->ix->native_contract_id, 32) == 0;
        ix_push_transfer(ctx, SLUICE_TRANSFER_FEE, from, NULL, native ? "native" : NULL,
                         ix_name_of(ctx->ix, STRKEY_CONTRACT, *e->contractID)->text,
                         value.amount);
    }
}
