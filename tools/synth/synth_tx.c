/* synth_tx.c — planning, fee charging and applying one transaction (see
 * synth_tx.h).  Hashes are computed as the network does: SHA-256 of the
 * TransactionSignaturePayload {networkId, taggedTransaction} XDR. */
#include "synth_tx.h"

#include "synth_claimable.h"
#include "synth_ops.h"

#include "synth_events.h"

#include <math.h>
#include <string.h>

static bool can_source(const synth_world *w, uint32_t i, uint32_t seq)
{
    const synth_account *a = &w->accounts[i];
    return a->exists && !a->issuer && a->busy_ledger != seq;
}

static bool pick_any(synth_ctx *ctx, uint32_t *out)
{
    synth_world *w = ctx->world;
    for (int tries = 0; tries < 16; tries++) {
        uint32_t i = (uint32_t)synth_rng_below(&w->rng, w->count);
        if (can_source(w, i, ctx->seq)) {
            *out = i;
            return true;
        }
    }
    return false;
}

/* A holder of credit asset a with a balance (or, when `funded` is false,
 * with the trustline only). */
static bool pick_holder(synth_ctx *ctx, unsigned a, bool funded, uint32_t *out)
{
    synth_world *w = ctx->world;
    for (int tries = 0; tries < 16 && w->holder_count[a]; tries++) {
        uint32_t i = w->holders[a][synth_rng_below(&w->rng, w->holder_count[a])];
        if (can_source(w, i, ctx->seq) && (w->accounts[i].trusted >> a & 1) &&
            (!funded || w->accounts[i].trust_balance[a] > 0)) {
            *out = i;
            return true;
        }
    }
    return false;
}

static bool pick_mergeable(synth_ctx *ctx, uint32_t *out)
{
    for (int tries = 0; tries < 16; tries++)
        if (pick_any(ctx, out) && ctx->world->accounts[*out].num_sub == 0)
            return true;
    return false;
}

static bool moves_any_asset(synth_kind kind)
{
    return kind == SYNTH_PATH_PAYMENT_SEND || kind == SYNTH_PATH_PAYMENT_RECEIVE ||
           kind == SYNTH_MANAGE_SELL_OFFER || kind == SYNTH_MANAGE_BUY_OFFER;
}

static bool is_multi_op(synth_kind kind)
{
    return moves_any_asset(kind) || kind == SYNTH_PAYMENT_CREDIT || kind == SYNTH_PAYMENT_NATIVE;
}

/* A live claimable balance and who claims it: the creator (when it may
 * already claim back, one time in two) or the recipient. */
static bool pick_claim(synth_ctx *ctx, synth_op_spec *spec)
{
    synth_world *w = ctx->world;
    for (int tries = 0; tries < 16 && w->claimable_count; tries++) {
        uint32_t i = (uint32_t)synth_rng_below(&w->rng, w->claimable_count);
        const synth_claimable *b = &w->claimables[i];
        uint32_t who = synth_rng_below(&w->rng, 2) && synth_claimable_claimer(ctx, b, b->creator)
                     ? b->creator : b->claimant;
        if (b->live && can_source(w, who, ctx->seq)) {
            spec->source = who;
            spec->claimable = i;
            return true;
        }
    }
    return false;
}

/* Source and asset for the kind; may turn the kind into a feasible one
 * (no funded holder: the issuer pays; nothing to merge: a payment). */
static bool pick_source(synth_ctx *ctx, synth_op_spec *spec)
{
    synth_world *w = ctx->world;
    spec->asset = SYNTH_NATIVE;
    spec->claimable = UINT32_MAX;
    switch (spec->kind) {
    case SYNTH_CLAIM_CLAIMABLE:
        if (!spec->fail && pick_claim(ctx, spec))
            return true;
        return pick_any(ctx, &spec->source); /* claims a balance that does not exist */
    case SYNTH_CREATE_CLAIMABLE:
        if (synth_rng_below(&w->rng, 2))
            spec->asset = 1 + (unsigned)synth_rng_below(&w->rng, SYNTH_CREDIT_ASSETS);
        break;
    case SYNTH_PAYMENT_CREDIT:
        spec->asset = 1 + (unsigned)synth_rng_below(&w->rng, SYNTH_CREDIT_ASSETS);
        break;
    case SYNTH_PATH_PAYMENT_SEND:
    case SYNTH_PATH_PAYMENT_RECEIVE:
    case SYNTH_MANAGE_SELL_OFFER:
    case SYNTH_MANAGE_BUY_OFFER:
        spec->asset = (unsigned)synth_rng_below(&w->rng, SYNTH_ASSET_SLOTS);
        break;
    case SYNTH_CHANGE_TRUST:
        spec->asset = 1 + (unsigned)synth_rng_below(&w->rng, SYNTH_CREDIT_ASSETS);
        return pick_any(ctx, &spec->source);
    case SYNTH_ACCOUNT_MERGE:
        if (pick_mergeable(ctx, &spec->source))
            return true;
        spec->kind = SYNTH_PAYMENT_NATIVE;
        return pick_any(ctx, &spec->source);
    case SYNTH_SAC_INVOKE: {
        /* 70% transfers, 20% mints (by the issuer, the SAC admin), 10% burns */
        uint64_t r = synth_rng_below(&w->rng, 10);
        spec->asset = 1 + (unsigned)synth_rng_below(&w->rng, SYNTH_CREDIT_ASSETS);
        spec->function = r < 7 ? SYNTH_SAC_TRANSFER : r < 9 ? SYNTH_SAC_MINT : SYNTH_SAC_BURN;
        if (spec->function == SYNTH_SAC_MINT) {
            spec->source = w->assets[spec->asset].issuer;
            return true;
        }
        return pick_any(ctx, &spec->source);
    }
    default:
        return pick_any(ctx, &spec->source);
    }
    if (spec->asset == SYNTH_NATIVE)
        return pick_any(ctx, &spec->source);
    if (pick_holder(ctx, spec->asset, true, &spec->source))
        return true;
    bool offer = spec->kind == SYNTH_MANAGE_SELL_OFFER || spec->kind == SYNTH_MANAGE_BUY_OFFER;
    if (offer) {
        spec->asset = SYNTH_NATIVE;
        return pick_any(ctx, &spec->source);
    }
    spec->source = w->assets[spec->asset].issuer; /* mints: issuers are never busy */
    return true;
}

/* 1 + round(Exp(mean - 1)), at most the protocol's 100. */
static uint32_t draw_count(synth_ctx *ctx, double mean)
{
    double extra = mean - 1;
    if (extra <= 0)
        return 1;
    double u = synth_rng_unit(&ctx->world->rng);
    double n = 1 + floor(-log(1 - u) * extra + 0.5);
    return n > SX_MAX_OPS_PER_TX ? SX_MAX_OPS_PER_TX : (uint32_t)n;
}

static uint32_t draw_ops(synth_ctx *ctx, const synth_op_spec *spec)
{
    const synth_params *p = ctx->params;
    if (spec->fail)
        return 1;
    if (is_multi_op(spec->kind))
        return draw_count(ctx, p->ops_per_tx);
    if (spec->kind == SYNTH_CREATE_CLAIMABLE)
        return draw_count(ctx, p->creates_per_tx);
    if (spec->kind != SYNTH_CLAIM_CLAIMABLE || spec->claimable == UINT32_MAX ||
        ctx->world->claimables[spec->claimable].creator != spec->source)
        return 1;
    /* the creator claims back as many of its balances as follow, up to the draw */
    uint32_t wanted = draw_count(ctx, p->claims_per_tx), ops = 1;
    for (uint32_t i = spec->claimable; ops < wanted; ops++)
        if ((i = synth_claimable_next_of(ctx, i + 1, spec->source)) == UINT32_MAX)
            break;
    return ops;
}

static void mark_busy(synth_world *w, uint32_t account, uint32_t seq)
{
    if (!w->accounts[account].issuer)
        w->accounts[account].busy_ledger = seq;
}

bool synth_tx_plan_next(synth_ctx *ctx, const double *cumulative_mix, synth_tx_plan *plan)
{
    synth_world *w = ctx->world;
    const synth_params *p = ctx->params;
    memset(plan, 0, sizeof *plan);
    double r = synth_rng_unit(&w->rng) * cumulative_mix[SYNTH_KIND_COUNT - 1];
    int kind = 0;
    while (kind < SYNTH_KIND_COUNT - 1 && r >= cumulative_mix[kind])
        kind++;
    plan->spec.kind = (synth_kind)kind;
    plan->spec.fail = synth_rng_unit(&w->rng) < p->failed_fraction;
    if (!pick_source(ctx, &plan->spec))
        return false;
    mark_busy(w, plan->spec.source, ctx->seq);
    plan->ops = draw_ops(ctx, &plan->spec);
    plan->fee_bid = SYNTH_BASE_FEE * (uint32_t)synth_rng_range(&w->rng, 1, 100);
    plan->fee_source = plan->spec.source;
    plan->fee_charged = (int64_t)SYNTH_BASE_FEE * plan->ops;
    if (synth_plan_is_soroban(plan)) {
        plan->resource_fee = synth_rng_range(&w->rng, 20000, 200000);
        plan->fee_charged += plan->resource_fee;
        plan->refund = synth_rng_range(&w->rng, plan->resource_fee / 5, plan->resource_fee * 4 / 5);
        return true; /* not fee-bumped */
    }
    if (synth_rng_unit(&w->rng) < p->fee_bump_fraction && pick_any(ctx, &plan->fee_source)) {
        plan->fee_bump = true;
        mark_busy(w, plan->fee_source, ctx->seq);
        plan->fee_charged = (int64_t)SYNTH_BASE_FEE * (plan->ops + 1);
    }
    return true;
}

void synth_tx_charge_fee(synth_ctx *ctx, const synth_tx_plan *plan, synth_tx *tx)
{
    synth_world *w = ctx->world;
    synth_undo_begin(w);
    synth_change_before(ctx, &tx->fee_changes, synth_account_ref(plan->fee_source));
    w->accounts[plan->fee_source].balance -= plan->fee_charged;
    synth_change_after(ctx, &tx->fee_changes, synth_account_ref(plan->fee_source));
    w->fee_pool += plan->fee_charged;
}

/* 64 signature bytes: not an ed25519 signature (no keys are modelled),
 * but derived from the hash like one, so equal transactions sign equally. */
static sx_vec_DecoratedSignature signature(synth_ctx *ctx, uint32_t signer, const uint8_t *hash)
{
    sx_DecoratedSignature *sig = SYNTH_NEW(ctx, sx_DecoratedSignature, 1);
    uint8_t bytes[64];
    memcpy(bytes, hash, 32);
    for (int i = 0; i < 32; i++)
        bytes[32 + i] = (uint8_t)(hash[31 - i] ^ 0x5c);
    sig->hint = synth_dup(ctx, ctx->world->accounts[signer].key + 28, 4);
    sig->signature = (sx_bytes){synth_dup(ctx, bytes, 64), 64};
    return (sx_vec_DecoratedSignature){sig, 1};
}

static const uint8_t *payload_hash(synth_ctx *ctx, const sx_TransactionSignaturePayloadTaggedTransaction *tagged)
{
    sx_TransactionSignaturePayload payload = {.networkId = ctx->network_id, .taggedTransaction = *tagged};
    return synth_hash_of(ctx, (synth_encode_fn)sx_encode_TransactionSignaturePayload, &payload);
}

void synth_tx_apply(synth_ctx *ctx, const synth_tx_plan *plan, synth_tx *tx)
{
    synth_world *w = ctx->world;
    uint32_t source = plan->spec.source;
    synth_undo_begin(w);
    synth_change_before(ctx, &tx->changes_before, synth_account_ref(source));
    w->accounts[source].seq++;
    w->accounts[source].seq_ledger = ctx->seq;
    w->accounts[source].seq_time = ctx->close_time;
    synth_change_after(ctx, &tx->changes_before, synth_account_ref(source));

    synth_undo_begin(w);
    tx->ops = plan->ops;
    tx->op_changes = SYNTH_NEW(ctx, synth_changes, plan->ops);
    sx_Operation *ops = SYNTH_NEW(ctx, sx_Operation, plan->ops);
    sx_OperationResult *results = SYNTH_NEW(ctx, sx_OperationResult, plan->ops);
    bool success = true;
    sx_TransactionExt ext = {0};
    tx->soroban = synth_plan_is_soroban(plan);
    if (tx->soroban) {
        ext.v = 1;
        ext.sorobanData.resourceFee = plan->resource_fee;
        success = synth_sac_build(ctx, &plan->spec, &ops[0], &results[0], &tx->op_changes[0],
                                  &tx->events, &ext.sorobanData);
    } else {
        synth_op_spec spec = plan->spec; /* claims move spec.claimable along */
        tx->op_events = SYNTH_NEW(ctx, synth_events, plan->ops);
        for (uint32_t i = 0; i < plan->ops; i++) {
            spec.op_index = i;
            ctx->events = ctx->params->meta_version == 2 ? &tx->op_events[i] : NULL;
            success &= synth_op_build(ctx, &spec, &ops[i], &results[i], &tx->op_changes[i]);
        }
        ctx->events = NULL;
    }
    if (!success) {
        synth_undo_rollback(w);
        memset(tx->op_changes, 0, plan->ops * sizeof *tx->op_changes);
        if (tx->op_events)
            memset(tx->op_events, 0, plan->ops * sizeof *tx->op_events);
    }
    tx->success = success;

    sx_Transaction t = {
        .sourceAccount = synth_muxed(ctx, source),
        .fee = (uint32_t)(plan->fee_bid * plan->ops + plan->resource_fee),
        .seqNum = w->accounts[source].seq,
        .cond = {.type = SX_PRECOND_TIME, .timeBounds = {0, ctx->close_time + 300}},
        .operations = {ops, plan->ops},
        .ext = ext,
    };
    sx_TransactionSignaturePayloadTaggedTransaction tagged = {.type = SX_ENVELOPE_TYPE_TX, .tx = t};
    const uint8_t *hash = payload_hash(ctx, &tagged);
    sx_TransactionV1Envelope inner = {t, signature(ctx, source, hash)};
    sx_TransactionResultResult outcome = {.code = success ? SX_txSUCCESS : SX_txFAILED,
                                          .results = {results, plan->ops}};
    tx->result.result.feeCharged = plan->fee_charged - plan->refund;
    if (!plan->fee_bump) {
        tx->envelope = (sx_TransactionEnvelope){.type = SX_ENVELOPE_TYPE_TX, .v1 = inner};
        tx->result.transactionHash = hash;
        tx->result.result.result = outcome;
        return;
    }
    sx_FeeBumpTransaction bump = {
        .feeSource = synth_muxed(ctx, plan->fee_source),
        .fee = (int64_t)plan->fee_bid * (plan->ops + 1) * 2,
        .innerTx = {.type = SX_ENVELOPE_TYPE_TX, .v1 = inner},
    };
    tagged = (sx_TransactionSignaturePayloadTaggedTransaction){.type = SX_ENVELOPE_TYPE_TX_FEE_BUMP,
                                                                .feeBump = bump};
    const uint8_t *outer = payload_hash(ctx, &tagged);
    tx->envelope = (sx_TransactionEnvelope){.type = SX_ENVELOPE_TYPE_TX_FEE_BUMP,
                                            .feeBump = {bump, signature(ctx, plan->fee_source, outer)}};
    tx->result.transactionHash = outer;
    tx->result.result.result.code = success ? SX_txFEE_BUMP_INNER_SUCCESS : SX_txFEE_BUMP_INNER_FAILED;
    tx->result.result.result.innerResultPair = (sx_InnerTransactionResultPair){
        .transactionHash = hash,
        .result = {.feeCharged = 0, .result = {.code = outcome.code, .results = outcome.results}},
    };
}

void synth_tx_refund(synth_ctx *ctx, const synth_tx_plan *plan, synth_tx *tx)
{
    if (plan->refund == 0)
        return;
    synth_change_before(ctx, &tx->refund_changes, synth_account_ref(plan->fee_source));
    ctx->world->accounts[plan->fee_source].balance += plan->refund;
    synth_change_after(ctx, &tx->refund_changes, synth_account_ref(plan->fee_source));
    ctx->world->fee_pool -= plan->refund;
}

void synth_tx_fee_events(synth_ctx *ctx, const synth_tx_plan *plan, synth_tx *tx)
{
    sx_TransactionEvent *events = SYNTH_NEW(ctx, sx_TransactionEvent, 2);
    uint32_t n = 0;
    events[n++] = (sx_TransactionEvent){SX_TRANSACTION_EVENT_STAGE_BEFORE_ALL_TXS,
                                        synth_fee_event(ctx, plan->fee_source, plan->fee_charged)};
    if (plan->refund)
        events[n++] = (sx_TransactionEvent){SX_TRANSACTION_EVENT_STAGE_AFTER_ALL_TXS,
                                            synth_fee_event(ctx, plan->fee_source, -plan->refund)};
    tx->fee_events = (sx_vec_TransactionEvent){events, n};
}
