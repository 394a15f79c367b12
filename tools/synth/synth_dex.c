/* synth_dex.c — the order book: manage sell/buy offers (create, update,
 * delete; a new offer crosses a maker's offer one time in three) and path
 * payments whose hops each cross a maker's offer (arbitrage cycles back to
 * the source, or payments to another account).
 *
 * A crossing moves both sides' balances and the maker's offer (updated, or
 * removed with its subentry when taken whole), and is reported as a
 * ClaimAtom; liabilities follow the offers (synth_liabilities_of), so every
 * account and trustline whose offer changes is in the meta too. */
#include "synth_dex.h"

#include "synth_events.h"

#include <string.h>

/* Market value of each asset in XLM; offers are priced within 2% of it. */
static const double market_rate[SYNTH_ASSET_SLOTS] = {1.0, 8.0, 9.0, 0.25, 1.05};
#define PRICE_SCALE 1000000

static void market_price(synth_ctx *ctx, unsigned selling, unsigned buying, int32_t *n, int32_t *d)
{
    double spread = 0.98 + 0.04 * synth_rng_unit(&ctx->world->rng);
    *d = PRICE_SCALE;
    *n = (int32_t)(market_rate[selling] / market_rate[buying] * PRICE_SCALE * spread + 0.5);
    if (*n < 1)
        *n = 1;
}

/* ---- crossing ------------------------------------------------------------ */

/* The maker's offer sells `out` for `in` (its price is in per out): the
 * taker who gives `in` gets floor(in * d / n), or the whole offer for
 * ceil(amount * n / d) (so no dust is left behind). */
static int64_t whole_input(const synth_offer *o)
{
    __int128 in = ((__int128)o->amount * o->price_n + o->price_d - 1) / o->price_d;
    return in > INT64_MAX ? INT64_MAX : (int64_t)in;
}

static int64_t output_for(const synth_offer *o, int64_t in)
{
    if (in >= whole_input(o))
        return o->amount;
    return (int64_t)((__int128)in * o->price_d / o->price_n);
}

/* Whether the maker still holds what its offer sells and can take `in`. */
static bool maker_can_fill(synth_world *w, uint32_t maker, int64_t in, int64_t out)
{
    const synth_account *m = &w->accounts[maker];
    const synth_offer *o = &m->offer;
    int64_t have = *synth_holding(w, maker, o->selling);
    if (o->selling == SYNTH_NATIVE)
        have -= synth_min_balance(m);
    if (have < out || out > o->amount)
        return false;
    if (o->buying == SYNTH_NATIVE || synth_is_issuer_of(w, maker, o->buying))
        return true;
    return (m->trusted >> o->buying & 1) && *synth_holding(w, maker, o->buying) <= m->trust_limit[o->buying] - in;
}

/* The maker gives `out` of what it sells to the taker and gets `in`; its
 * offer shrinks or, taken whole, goes.  (The taker's balances are the
 * caller's.)  Returns the ClaimAtom. */
static sx_ClaimAtom cross(synth_ctx *ctx, synth_changes *changes, uint32_t taker, uint32_t maker, int64_t in,
                          int64_t out)
{
    synth_world *w = ctx->world;
    synth_account *m = &w->accounts[maker];
    synth_offer o = m->offer;
    bool whole = out == o.amount;
    synth_snapshot snap = {0};
    uint32_t offer_at = synth_snap(ctx, &snap, synth_offer_ref(maker));
    if (whole)
        synth_snap(ctx, &snap, synth_account_ref(maker));
    synth_snap_holding(ctx, &snap, maker, o.selling);
    synth_snap_holding(ctx, &snap, maker, o.buying);
    if (!synth_is_issuer_of(w, maker, o.selling))
        *synth_holding(w, maker, o.selling) -= out;
    if (!synth_is_issuer_of(w, maker, o.buying))
        *synth_holding(w, maker, o.buying) += in;
    m->offer.amount -= out;
    if (whole) {
        snap.removed[offer_at] = true;
        m->offer.id = 0;
        m->num_sub--;
    }
    synth_snap_emit(ctx, changes, &snap);
    synth_event_payment(ctx, taker, maker, o.buying, in);
    synth_event_payment(ctx, maker, taker, o.selling, out);
    sx_ClaimAtom atom = {.type = SX_CLAIM_ATOM_TYPE_ORDER_BOOK};
    atom.orderBook = (sx_ClaimOfferAtom){
        .sellerID = synth_account_id(ctx, maker), .offerID = o.id,
        .assetSold = synth_asset_xdr(ctx, o.selling), .amountSold = out,
        .assetBought = synth_asset_xdr(ctx, o.buying), .amountBought = in};
    return atom;
}

/* ---- offers -------------------------------------------------------------- */

/* The asset an account's new offer buys: any other asset it can hold; when
 * it can hold none (selling XLM without trustlines), a credit asset it
 * does not trust, and false (the offer fails with BUY_NO_TRUST). */
static bool pick_buying(synth_ctx *ctx, uint32_t account, unsigned selling, uint8_t *buying)
{
    unsigned options[SYNTH_ASSET_SLOTS], n = 0;
    for (unsigned a = 0; a < SYNTH_ASSET_SLOTS; a++)
        if (a != selling && synth_can_hold(ctx->world, account, a))
            options[n++] = a;
    if (n == 0) {
        *buying = (uint8_t)(1 + synth_rng_below(&ctx->world->rng, SYNTH_CREDIT_ASSETS));
        return false;
    }
    *buying = (uint8_t)options[synth_rng_below(&ctx->world->rng, n)];
    return true;
}

static void fill_offer_result(synth_ctx *ctx, sx_ManageOfferSuccessResult *success, uint32_t account,
                              sx_ManageOfferEffect effect, sx_ClaimAtom *claimed, uint32_t claimed_len)
{
    success->offersClaimed = (sx_vec_ClaimAtom){claimed, claimed_len};
    success->offer.effect = effect;
    if (effect == SX_MANAGE_OFFER_DELETED)
        return;
    sx_LedgerEntry entry;
    synth_entry(ctx, synth_offer_ref(account), &entry);
    success->offer.offer = entry.data.offer;
}

/* Snapshots the entries that carry an offer's liabilities: the holdings
 * of what it sells and buys (the account itself for XLM). */
static void snap_liabilities(synth_ctx *ctx, synth_snapshot *snap, uint32_t account, const synth_offer *o)
{
    synth_snap_holding(ctx, snap, account, o->selling);
    synth_snap_holding(ctx, snap, account, o->buying);
}

/* Manage sell/buy offer: creates the account's offer (crossing a maker's
 * offer first one time in three), or updates or deletes the one it has. */
bool synth_build_offer(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                       sx_OperationResult *result, synth_changes *changes)
{
    synth_world *w = ctx->world;
    uint32_t source = spec->source;
    synth_account *acct = &w->accounts[source];
    bool buy = spec->kind == SYNTH_MANAGE_BUY_OFFER;
    sx_OperationType type = buy ? SX_MANAGE_BUY_OFFER : SX_MANAGE_SELL_OFFER;
    op->body.type = type;
    synth_set_result(result, type);

    synth_offer next = acct->offer;
    bool create = next.id == 0;
    bool delete = !create && !spec->fail && synth_rng_below(&w->rng, 4) == 0;
    bool buy_trusted = true;
    uint32_t maker = UINT32_MAX;
    if (create) {
        next.selling = (uint8_t)spec->asset;
        buy_trusted = pick_buying(ctx, source, spec->asset, &next.buying);
        market_price(ctx, next.selling, next.buying, &next.price_n, &next.price_d);
        if (buy_trusted && !spec->fail && synth_rng_below(&w->rng, 3) == 0)
            maker = synth_book_pick(w, next.buying, next.selling, source, UINT32_MAX);
        if (maker != UINT32_MAX) { /* priced to cross: the inverse of the maker's price */
            next.price_n = w->accounts[maker].offer.price_d;
            next.price_d = w->accounts[maker].offer.price_n;
        }
    }
    int64_t available = synth_spendable(w, source, next.selling) + (create ? 0 : acct->offer.amount);
    if (create && next.selling == SYNTH_NATIVE)
        available -= SYNTH_BASE_RESERVE; /* the offer is a new subentry */
    /* market makers: up to 10% of what they can sell */
    next.amount = delete ? 0 : spec->fail ? available + 1 : 10 * synth_some_amount(ctx, source, next.selling);
    /* buy offers state the amount bought at the inverse price */
    int64_t stated = buy ? (int64_t)((__int128)next.amount * next.price_n / next.price_d) : next.amount;
    if (buy && stated == 0 && !delete) {
        stated = 1;
        next.amount = (int64_t)(((__int128)next.price_d + next.price_n - 1) / next.price_n);
    }
    sx_Asset selling = synth_asset_xdr(ctx, next.selling), buying = synth_asset_xdr(ctx, next.buying);
    int64_t offer_id = create ? 0 : next.id;
    if (buy)
        op->body.manageBuyOfferOp = (sx_ManageBuyOfferOp){selling, buying, stated,
                                                          {next.price_d, next.price_n}, offer_id};
    else
        op->body.manageSellOfferOp = (sx_ManageSellOfferOp){selling, buying, stated,
                                                            {next.price_n, next.price_d}, offer_id};
    sx_ManageSellOfferResult *r = &result->tr.manageSellOfferResult; /* same shape for buy */
    if (!buy_trusted) {
        r->code = SX_MANAGE_SELL_OFFER_BUY_NO_TRUST;
        return false;
    }
    if (!delete && (next.amount > available || next.amount <= 0)) {
        r->code = SX_MANAGE_SELL_OFFER_UNDERFUNDED;
        return false;
    }
    if (!delete && !synth_can_receive(w, source, next.buying, synth_offer_buying_amount(&next) -
                                      synth_liabilities_of(acct, next.buying).buying)) {
        r->code = SX_MANAGE_SELL_OFFER_LINE_FULL;
        return false;
    }
    r->code = SX_MANAGE_SELL_OFFER_SUCCESS;

    /* crossing: the taker gives what it sells and gets the maker's */
    sx_ClaimAtom *claimed = NULL;
    uint32_t claimed_len = 0;
    if (maker != UINT32_MAX) {
        const synth_offer *mo = &w->accounts[maker].offer;
        int64_t in = whole_input(mo) < next.amount ? whole_input(mo) : next.amount;
        int64_t out = output_for(mo, in);
        if (out > 0 && maker_can_fill(w, maker, in, out)) {
            claimed = SYNTH_NEW(ctx, sx_ClaimAtom, 1);
            claimed_len = 1;
            *claimed = cross(ctx, changes, source, maker, in, out);
            synth_move_holding(ctx, changes, source, next.selling, -in);
            synth_move_holding(ctx, changes, source, next.buying, out);
            next.amount -= in;
            if (next.amount == 0) { /* filled whole: no offer is left */
                fill_offer_result(ctx, &r->success, source, SX_MANAGE_OFFER_DELETED, claimed, claimed_len);
                return true;
            }
        }
    }

    synth_snapshot snap = {0};
    synth_snap(ctx, &snap, synth_account_ref(source));
    if (create) {
        next.id = ++w->id_pool;
        snap_liabilities(ctx, &snap, source, &next);
        acct->num_sub++;
        acct->offer = next;
        synth_snap_emit(ctx, changes, &snap);
        synth_change_created(ctx, changes, synth_offer_ref(source));
        synth_book_add(w, source);
        fill_offer_result(ctx, &r->success, source, SX_MANAGE_OFFER_CREATED, claimed, claimed_len);
    } else if (delete) {
        snap.removed[synth_snap(ctx, &snap, synth_offer_ref(source))] = true;
        snap_liabilities(ctx, &snap, source, &acct->offer);
        acct->offer.id = 0;
        acct->num_sub--;
        synth_snap_emit(ctx, changes, &snap);
        fill_offer_result(ctx, &r->success, source, SX_MANAGE_OFFER_DELETED, NULL, 0);
    } else {
        synth_snap(ctx, &snap, synth_offer_ref(source));
        snap_liabilities(ctx, &snap, source, &acct->offer);
        acct->offer.amount = next.amount;
        synth_snap_emit(ctx, changes, &snap);
        fill_offer_result(ctx, &r->success, source, SX_MANAGE_OFFER_UPDATED, NULL, 0);
    }
    return true;
}

/* ---- path payments ----------------------------------------------------- */

#define MAX_HOPS 3
#define MIN_MAKER_AMOUNT 100000 /* stroops */

typedef enum path_failure {
    FAIL_NONE = -1, FAIL_TOO_FEW_OFFERS, FAIL_BOUND, FAIL_UNDERFUNDED, FAIL_NO_TRUST, FAIL_LINE_FULL
} path_failure;

static int32_t path_failure_code(bool strict_send, path_failure what)
{
    static const int32_t send[] = {
        [FAIL_TOO_FEW_OFFERS] = SX_PATH_PAYMENT_STRICT_SEND_TOO_FEW_OFFERS,
        [FAIL_BOUND] = SX_PATH_PAYMENT_STRICT_SEND_UNDER_DESTMIN,
        [FAIL_UNDERFUNDED] = SX_PATH_PAYMENT_STRICT_SEND_UNDERFUNDED,
        [FAIL_NO_TRUST] = SX_PATH_PAYMENT_STRICT_SEND_NO_TRUST,
        [FAIL_LINE_FULL] = SX_PATH_PAYMENT_STRICT_SEND_LINE_FULL,
    };
    static const int32_t receive[] = {
        [FAIL_TOO_FEW_OFFERS] = SX_PATH_PAYMENT_STRICT_RECEIVE_TOO_FEW_OFFERS,
        [FAIL_BOUND] = SX_PATH_PAYMENT_STRICT_RECEIVE_OVER_SENDMAX,
        [FAIL_UNDERFUNDED] = SX_PATH_PAYMENT_STRICT_RECEIVE_UNDERFUNDED,
        [FAIL_NO_TRUST] = SX_PATH_PAYMENT_STRICT_RECEIVE_NO_TRUST,
        [FAIL_LINE_FULL] = SX_PATH_PAYMENT_STRICT_RECEIVE_LINE_FULL,
    };
    return strict_send ? send[what] : receive[what];
}

/* The route: assets[0] is sent, assets[hops] received; hop k crosses
 * makers[k]'s offer selling assets[k+1] for assets[k].  Three in four are
 * arbitrage cycles back to the sent asset and the source (2 hops, 3 one
 * time in four), the rest pay another account in another asset (1 hop, 2
 * one time in four). */
typedef struct route {
    unsigned hops;
    uint8_t assets[MAX_HOPS + 1];
    uint32_t makers[MAX_HOPS];
    int64_t amounts[MAX_HOPS + 1]; /* amounts[k] enters hop k; amounts[hops] arrives */
} route;

static void plan_route(synth_ctx *ctx, unsigned send, bool cycle, route *r)
{
    synth_rng *rng = &ctx->world->rng;
    /* one hop more than the shortest route one time in four */
    r->hops = (cycle ? 2 : 1) + (synth_rng_below(rng, 4) == 0);
    r->assets[0] = (uint8_t)send;
    for (unsigned k = 1; k <= r->hops; k++) {
        if (cycle && k == r->hops) {
            r->assets[k] = (uint8_t)send;
            break;
        }
        unsigned a;
        do /* differs from the previous asset and (before the last hop of a cycle) from the sent one */
            a = (unsigned)synth_rng_below(rng, SYNTH_ASSET_SLOTS);
        while (a == r->assets[k - 1] || (cycle && a == send) || (k >= 2 && a == r->assets[k - 2]));
        r->assets[k] = (uint8_t)a;
    }
}

/* Finds the makers and how much flows through each hop for `amount` sent,
 * shrinking it to what the offers take (the first whole when `whole`, the
 * others at most half); false: too few offers. */
static bool fill_route(synth_ctx *ctx, route *r, uint32_t source, uint32_t dest, int64_t amount, bool whole)
{
    synth_world *w = ctx->world;
    for (unsigned k = 0; k < r->hops; k++) {
        /* skip dust: offers a rounding left with a few stroops */
        for (int tries = 0; tries < 3; tries++) {
            r->makers[k] = synth_book_pick(w, r->assets[k + 1], r->assets[k], source, dest);
            if (r->makers[k] == UINT32_MAX) {
                return false;
            }
            if (w->accounts[r->makers[k]].offer.amount >= MIN_MAKER_AMOUNT)
                break;
        }
    }
    for (int attempt = 0; attempt <= MAX_HOPS; attempt++) { /* each shrink settles one hop */
        r->amounts[0] = amount;
        unsigned k = 0;
        for (; k < r->hops; k++) {
            const synth_offer *o = &w->accounts[r->makers[k]].offer;
            /* the first offer may go whole; the others are taken in part */
            int64_t cap = whole && k == 0 ? whole_input(o) : whole_input(o) / 2;
            if (r->amounts[k] > cap) { /* shrink the sent amount in proportion */
                amount = (int64_t)((__int128)amount * cap / r->amounts[k]);
                break;
            }
            r->amounts[k + 1] = output_for(o, r->amounts[k]);
            if (r->amounts[k + 1] <= 0 || !maker_can_fill(w, r->makers[k], r->amounts[k], r->amounts[k + 1]))
                return false;
        }
        if (k == r->hops)
            return amount > 0;
        if (amount <= 0)
            return false;
    }
    return false;
}

/* Path payments cross one maker offer per hop; failures are the bots'
 * usual ones: the bound (destMin / sendMax) cannot be met, or no offers. */
bool synth_build_path_payment(synth_ctx *ctx, const synth_op_spec *spec, sx_Operation *op,
                              sx_OperationResult *result, synth_changes *changes)
{
    synth_world *w = ctx->world;
    uint32_t source = spec->source;
    bool strict_send = spec->kind == SYNTH_PATH_PAYMENT_SEND;
    sx_OperationType type = strict_send ? SX_PATH_PAYMENT_STRICT_SEND : SX_PATH_PAYMENT_STRICT_RECEIVE;
    op->body.type = type;
    synth_set_result(result, type);
    bool cycle = synth_rng_below(&w->rng, 4) != 0;
    route r = {0};
    plan_route(ctx, spec->asset, cycle, &r);
    unsigned dest_asset = r.assets[r.hops];
    uint32_t to = cycle ? source : synth_pick_destination(ctx, source, dest_asset);
    int64_t some = synth_some_amount(ctx, source, spec->asset);
    int64_t wanted = some;
    bool whole = synth_rng_below(&w->rng, 8) == 0;
    if (whole) /* as much as the first offer takes: it goes whole */
        wanted = synth_spendable(w, source, spec->asset) < INT64_MAX / 4 ? synth_spendable(w, source, spec->asset)
                                                                           : INT64_MAX / 4;
    path_failure failure = FAIL_NONE;
    if (!fill_route(ctx, &r, source, to, wanted, whole)) {
        failure = FAIL_TOO_FEW_OFFERS;
        r.amounts[0] = r.amounts[r.hops] = some;
    }
    int64_t sent = r.amounts[0], got = r.amounts[r.hops];

    sx_Asset *path = SYNTH_NEW(ctx, sx_Asset, MAX_HOPS);
    for (unsigned k = 1; k < r.hops; k++)
        path[k - 1] = synth_asset_xdr(ctx, r.assets[k]);
    sx_vec_Asset path_vec = {path, r.hops - 1};
    sx_Asset send_xdr = synth_asset_xdr(ctx, spec->asset), dest_xdr = synth_asset_xdr(ctx, dest_asset);
    /* the bound: met with slack, or (built to fail) just out of reach */
    if (strict_send)
        op->body.pathPaymentStrictSendOp = (sx_PathPaymentStrictSendOp){
            .sendAsset = send_xdr, .sendAmount = sent, .destination = synth_muxed(ctx, to),
            .destAsset = dest_xdr, .destMin = spec->fail ? got + 1 + got / 200 : got - got / 200,
            .path = path_vec};
    else
        op->body.pathPaymentStrictReceiveOp = (sx_PathPaymentStrictReceiveOp){
            .sendAsset = send_xdr, .sendMax = spec->fail ? sent : sent + sent / 200,
            .destination = synth_muxed(ctx, to), .destAsset = dest_xdr,
            .destAmount = spec->fail ? got + 1 + got / 200 : got, .path = path_vec};
    if (failure == FAIL_NONE && spec->fail)
        failure = FAIL_BOUND;
    if (failure == FAIL_NONE && synth_spendable(w, source, spec->asset) < sent)
        failure = FAIL_UNDERFUNDED;
    if (failure == FAIL_NONE && !synth_can_hold(w, to, dest_asset))
        failure = FAIL_NO_TRUST;
    if (failure == FAIL_NONE && !synth_can_receive(w, to, dest_asset, cycle ? got - sent : got))
        failure = FAIL_LINE_FULL;
    if (failure != FAIL_NONE) {
        result->tr.pathPaymentStrictSendResult.code = path_failure_code(strict_send, failure);
        return false;
    }

    sx_ClaimAtom *atoms = SYNTH_NEW(ctx, sx_ClaimAtom, r.hops);
    for (unsigned k = 0; k < r.hops; k++)
        atoms[k] = cross(ctx, changes, source, r.makers[k], r.amounts[k], r.amounts[k + 1]);
    if (cycle) {
        synth_move_holding(ctx, changes, source, spec->asset, got - sent);
    } else {
        synth_move_holding(ctx, changes, source, spec->asset, -sent);
        synth_move_holding(ctx, changes, to, dest_asset, got);
    }
    synth_event_payment(ctx, source, to, dest_asset, got);
    sx_PathPaymentStrictSendResultSuccess success = {
        .offers = {atoms, r.hops}, .last = {synth_account_id(ctx, to), dest_xdr, got}};
    if (strict_send) {
        result->tr.pathPaymentStrictSendResult.code = SX_PATH_PAYMENT_STRICT_SEND_SUCCESS;
        result->tr.pathPaymentStrictSendResult.success = success;
    } else {
        result->tr.pathPaymentStrictReceiveResult.code = SX_PATH_PAYMENT_STRICT_RECEIVE_SUCCESS;
        result->tr.pathPaymentStrictReceiveResult.success =
            (sx_PathPaymentStrictReceiveResultSuccess){success.offers, success.last};
    }
    return true;
}
