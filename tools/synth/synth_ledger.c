/* synth_ledger.c — one ledger at a time: plan the transactions, charge all
 * fees (stellar-core charges every fee before applying any transaction),
 * apply them in order, then assemble the transaction set, the results, the
 * header and the LedgerCloseMeta of the requested version. */
#include "synth_ledger.h"

#include <stdio.h>
#include <string.h>

#include "stellar/sha256.h"
#include "synth_tx.h"

/* Protocol of each LedgerCloseMeta shape: V1 as pubnet closed it in 2024
 * (protocol 21, TransactionMeta v3), V2 as of protocol 23 (TransactionMeta
 * v4, TransactionResultMetaV1, parallel Soroban phase). */
#define V1_PROTOCOL 21
#define V2_PROTOCOL 23

/* Frame bytes per operation before any ledger was measured: the default
 * mix's (DISTRIBUTION.md; pubnet's is 1440). */
#define DEFAULT_BYTES_PER_OP 1760.0
#define MAX_TXS_PER_LEDGER 100000

int synth_gen_init(synth_gen *gen, const synth_params *params, char *why, size_t why_size)
{
    memset(gen, 0, sizeof *gen);
    gen->params = *params;
    if (params->meta_version != 1 && params->meta_version != 2) {
        snprintf(why, why_size, "LedgerCloseMeta version %d is not generated (1 or 2)",
                 params->meta_version);
        return -1;
    }
    if (params->start < 2) {
        snprintf(why, why_size, "start ledger %u: ledger 1 is the genesis ledger, start at 2 or later",
                 params->start);
        return -1;
    }
    if ((uint64_t)params->start + params->ledgers > UINT32_MAX) {
        snprintf(why, why_size, "start %u + %u ledgers passes the last ledger sequence %u",
                 params->start, params->ledgers, UINT32_MAX);
        return -1;
    }
    double sum = 0;
    for (int k = 0; k < SYNTH_KIND_COUNT; k++)
        gen->cumulative_mix[k] = sum += params->mix[k];
    if (sum <= 0) {
        snprintf(why, why_size, "the transaction mix is empty (all weights zero)");
        return -1;
    }
    gen->arena = sx_arena_new(1 << 22);
    if (gen->arena == NULL) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    synth_world_init(&gen->world, params->seed, params->accounts, params->start);
    sx_buf_init(&gen->frame);
    sx_buf_init(&gen->scratch);
    sha256(params->passphrase, strlen(params->passphrase), gen->network_id);
    synth_ctx ctx = {.world = &gen->world, .params = &gen->params, .arena = gen->arena,
                     .scratch = gen->scratch};
    memcpy(ctx.network_id, gen->network_id, 32);
    synth_sac_ids(&ctx);
    gen->scratch = ctx.scratch;
    /* the ledger before the first: a hash that only depends on the seed */
    char genesis[64];
    int n = snprintf(genesis, sizeof genesis, "sluice-synth %llu %u",
                     (unsigned long long)params->seed, params->start - 1);
    sha256(genesis, (size_t)n, gen->prev_hash);
    gen->next_seq = params->start;
    gen->bytes_per_op = DEFAULT_BYTES_PER_OP;
    return 0;
}

static uint32_t protocol_of(const synth_gen *gen)
{
    return gen->params.meta_version == 2 ? V2_PROTOCOL : V1_PROTOCOL;
}

int synth_gen_archive(synth_gen *gen, synth_archive *archive, const char *dir, const char *dump_dir,
                      char *why, size_t why_size)
{
    synth_ctx ctx = {.world = &gen->world, .params = &gen->params, .arena = gen->arena,
                     .seq = gen->next_seq - 1};
    memcpy(ctx.network_id, gen->network_id, 32);
    gen->archive = archive;
    return synth_archive_open(archive, &ctx, dir, dump_dir, gen->params.passphrase, protocol_of(gen),
                              why, why_size);
}

void synth_gen_free(synth_gen *gen)
{
    if (gen->archive)
        synth_archive_close(gen->archive);
    synth_world_free(&gen->world);
    if (gen->arena)
        sx_arena_free(gen->arena);
    sx_buf_free(&gen->frame);
    sx_buf_free(&gen->scratch);
    memset(gen, 0, sizeof *gen);
}

/* A frame size drawn from the --frame-bytes distribution (0 when the
 * transaction count is drawn instead). */
static double draw_frame_size(synth_gen *gen)
{
    double mean = gen->params.frame_bytes, spread = gen->params.frame_bytes_spread;
    if (mean <= 0)
        return 0;
    double z = synth_rng_normal(&gen->world.rng);
    z = z < -3 ? -3 : z > 3 ? 3 : z;
    return mean + spread * z > 0 ? mean + spread * z : 0;
}

/* Learns the frame bytes per operation from a ledger just encoded: the
 * first ledgers replace the estimate, later ones move it by 30%. */
static void learn_frame_size(synth_gen *gen, size_t frame_len, uint64_t ops)
{
    if (ops == 0)
        return;
    double weight = 1.0 / ++gen->ledgers_sized;
    if (weight < 0.3)
        weight = 0.3;
    gen->bytes_per_op += weight * ((double)frame_len / (double)ops - gen->bytes_per_op);
}

/* How many transactions to try for: drawn, or (--frame-bytes) as many as
 * one-operation transactions could fill `frame_size` with. */
static uint32_t draw_tx_count(synth_gen *gen, double frame_size)
{
    if (frame_size > 0) {
        double n = frame_size / gen->bytes_per_op + 1;
        return n >= MAX_TXS_PER_LEDGER ? MAX_TXS_PER_LEDGER : (uint32_t)n;
    }
    if (gen->params.frame_bytes > 0)
        return 0;
    double mean = gen->params.txs_per_ledger;
    if (mean <= 0)
        return 0;
    int64_t lo = (int64_t)(mean / 2), hi = (int64_t)(mean * 3 / 2 + 0.5);
    return (uint32_t)synth_rng_range(&gen->world.rng, lo, hi);
}

/* One TxSetComponent (TXS_MAYBE_DISCOUNTED_FEE at the base fee). */
static sx_vec_TxSetComponent component_of(synth_ctx *ctx, sx_TransactionEnvelope *envs, uint32_t count)
{
    if (count == 0)
        return (sx_vec_TxSetComponent){NULL, 0};
    sx_TxSetComponent *component = SYNTH_NEW(ctx, sx_TxSetComponent, 1);
    int64_t *base_fee = SYNTH_NEW(ctx, int64_t, 1);
    *base_fee = SYNTH_BASE_FEE;
    component->type = SX_TXSET_COMP_TXS_MAYBE_DISCOUNTED_FEE;
    component->txsMaybeDiscountedFee = (sx_TxSetComponentTxsMaybeDiscountedFee){base_fee, {envs, count}};
    return (sx_vec_TxSetComponent){component, 1};
}

/* GeneralizedTransactionSet v1: the classic phase, then the Soroban phase
 * (a component list in V1; from protocol 23 a parallel phase of one stage
 * with one cluster).  Transactions [0, classic) are classic, the rest
 * Soroban, in apply order. */
static void build_tx_set(synth_ctx *ctx, int meta_version, const uint8_t *prev_hash,
                         const synth_tx *txs, uint32_t classic, uint32_t count,
                         sx_GeneralizedTransactionSet *set)
{
    sx_TransactionPhase *phases = SYNTH_NEW(ctx, sx_TransactionPhase, 2);
    sx_TransactionEnvelope *envs = SYNTH_NEW(ctx, sx_TransactionEnvelope, count ? count : 1);
    for (uint32_t i = 0; i < count; i++)
        envs[i] = txs[i].envelope;
    phases[0].v0Components = component_of(ctx, envs, classic);
    uint32_t soroban = count - classic;
    if (meta_version == 2) {
        phases[1].v = 1;
        int64_t *base_fee = SYNTH_NEW(ctx, int64_t, 1);
        *base_fee = SYNTH_BASE_FEE;
        phases[1].parallelTxsComponent.baseFee = base_fee;
        if (soroban) {
            sx_DependentTxCluster *cluster = SYNTH_NEW(ctx, sx_DependentTxCluster, 1);
            *cluster = (sx_DependentTxCluster){envs + classic, soroban};
            sx_ParallelTxExecutionStage *stage = SYNTH_NEW(ctx, sx_ParallelTxExecutionStage, 1);
            *stage = (sx_ParallelTxExecutionStage){cluster, 1};
            phases[1].parallelTxsComponent.executionStages = (sx_vec_ParallelTxExecutionStage){stage, 1};
        }
    } else {
        phases[1].v0Components = component_of(ctx, envs + classic, soroban);
    }
    set->v = 1;
    set->v1TxSet = (sx_TransactionSetV1){.previousLedgerHash = synth_dup(ctx, prev_hash, 32),
                                         .phases = {phases, 2}};
}

static sx_TransactionMeta build_tx_meta(synth_ctx *ctx, int meta_version, const synth_tx *tx)
{
    static const sx_SCVal void_value = {.type = SX_SCV_VOID};
    sx_TransactionMeta meta = {.v = meta_version == 2 ? 4 : 3};
    sx_vec_ContractEvent events = tx->success ? tx->events : (sx_vec_ContractEvent){NULL, 0};
    if (meta_version == 2) {
        sx_OperationMetaV2 *ops = SYNTH_NEW(ctx, sx_OperationMetaV2, tx->ops);
        for (uint32_t i = 0; i < tx->ops; i++) {
            ops[i].changes = synth_changes_vec(&tx->op_changes[i]);
            if (tx->op_events)
                ops[i].events = (sx_vec_ContractEvent){tx->op_events[i].items, tx->op_events[i].len};
        }
        if (tx->soroban)
            ops[0].events = events;
        sx_SorobanTransactionMetaV2 *soroban = NULL;
        if (tx->soroban) {
            soroban = SYNTH_NEW(ctx, sx_SorobanTransactionMetaV2, 1);
            soroban->returnValue = tx->success ? (sx_SCVal *)&void_value : NULL;
        }
        meta.v4 = (sx_TransactionMetaV4){.txChangesBefore = synth_changes_vec(&tx->changes_before),
                                         .operations = {ops, tx->ops}, .sorobanMeta = soroban,
                                         .events = tx->fee_events};
    } else {
        sx_OperationMeta *ops = SYNTH_NEW(ctx, sx_OperationMeta, tx->ops);
        for (uint32_t i = 0; i < tx->ops; i++)
            ops[i].changes = synth_changes_vec(&tx->op_changes[i]);
        sx_SorobanTransactionMeta *soroban = NULL;
        if (tx->soroban) {
            soroban = SYNTH_NEW(ctx, sx_SorobanTransactionMeta, 1);
            soroban->events = events;
            soroban->returnValue = void_value;
        }
        meta.v3 = (sx_TransactionMetaV3){.txChangesBefore = synth_changes_vec(&tx->changes_before),
                                         .operations = {ops, tx->ops},
                                         .txChangesAfter = synth_changes_vec(&tx->refund_changes),
                                         .sorobanMeta = soroban};
    }
    return meta;
}

/* The header; its bucketListHash is the archive's at its checkpoints
 * (list_hash), else a stand-in. */
static void build_header(synth_gen *gen, synth_ctx *ctx, const uint8_t *tx_set_hash,
                         const uint8_t *result_hash, const uint8_t *list_hash,
                         sx_LedgerHeaderHistoryEntry *entry)
{
    static const uint8_t zero_hash[32];
    uint8_t bucket_seed[36];
    memcpy(bucket_seed, gen->prev_hash, 32);
    memcpy(bucket_seed + 32, &ctx->seq, 4);
    uint8_t bucket_hash[32];
    if (list_hash)
        memcpy(bucket_hash, list_hash, 32);
    else
        sha256(bucket_seed, sizeof bucket_seed, bucket_hash); /* stands in for the bucket list */
    sx_LedgerHeader *h = &entry->header;
    *h = (sx_LedgerHeader){
        .ledgerVersion = protocol_of(gen),
        .previousLedgerHash = synth_dup(ctx, gen->prev_hash, 32),
        .scpValue = {.txSetHash = tx_set_hash, .closeTime = ctx->close_time},
        .txSetResultHash = result_hash,
        .bucketListHash = synth_dup(ctx, bucket_hash, 32),
        .ledgerSeq = ctx->seq,
        .totalCoins = gen->world.total_coins,
        .feePool = gen->world.fee_pool,
        .inflationSeq = 278,
        .idPool = (uint64_t)gen->world.id_pool,
        .baseFee = SYNTH_BASE_FEE,
        .baseReserve = SYNTH_BASE_RESERVE,
        .maxTxSetSize = 1000,
        .skipList = {zero_hash, zero_hash, zero_hash, zero_hash},
    };
    entry->hash = synth_hash_of(ctx, (synth_encode_fn)sx_encode_LedgerHeader, h);
    memcpy(gen->prev_hash, entry->hash, 32);
}

/* --archive: the ledger's header goes to the archive's header file. */
static int archive_header(synth_gen *gen, synth_ctx *ctx, const sx_LedgerHeaderHistoryEntry *header,
                          char *why, size_t why_size)
{
    ctx->scratch.len = 0;
    if (sx_encode_LedgerHeaderHistoryEntry(header, &ctx->scratch) != 0) {
        snprintf(why, why_size, "ledger %u: its header did not encode", ctx->seq);
        return -1;
    }
    return synth_archive_header(gen->archive, ctx->seq, ctx->scratch.data, ctx->scratch.len, why, why_size);
}

int synth_gen_next(synth_gen *gen, const uint8_t **frame, size_t *len, char *why, size_t why_size)
{
    int version = gen->params.meta_version;
    sx_arena_reset(gen->arena);
    synth_ctx ctx = {
        .world = &gen->world,
        .params = &gen->params,
        .arena = gen->arena,
        .seq = gen->next_seq,
        .close_time = gen->params.first_close_time +
                      (uint64_t)(gen->next_seq - gen->params.start) * gen->params.close_interval,
        .scratch = gen->scratch,
        .journal = gen->archive ? &gen->archive->journal : NULL,
    };
    memcpy(ctx.network_id, gen->network_id, 32);

    /* --frame-bytes: plan until the operations planned, at the bytes per
     * operation seen so far, fill the drawn frame size */
    double frame_size = draw_frame_size(gen), planned_bytes = 0;
    uint32_t wanted = draw_tx_count(gen, frame_size);
    synth_tx_plan *plans = SYNTH_NEW(&ctx, synth_tx_plan, wanted ? wanted : 1);
    synth_tx *txs = SYNTH_NEW(&ctx, synth_tx, wanted ? wanted : 1);
    uint32_t count = 0;
    uint64_t ops = 0;
    for (uint32_t i = 0; i < wanted && (frame_size == 0 || planned_bytes < frame_size); i++)
        if (synth_tx_plan_next(&ctx, gen->cumulative_mix, &plans[count])) {
            ops += plans[count].ops;
            planned_bytes += plans[count].ops * gen->bytes_per_op;
            count++;
        }
    /* classic transactions apply first, then the Soroban phase */
    synth_tx_plan *ordered = SYNTH_NEW(&ctx, synth_tx_plan, count ? count : 1);
    uint32_t classic = 0;
    for (uint32_t i = 0; i < count; i++)
        if (!synth_plan_is_soroban(&plans[i]))
            ordered[classic++] = plans[i];
    for (uint32_t i = 0, j = classic; i < count; i++)
        if (synth_plan_is_soroban(&plans[i]))
            ordered[j++] = plans[i];
    plans = ordered;
    for (uint32_t i = 0; i < count; i++)
        synth_tx_charge_fee(&ctx, &plans[i], &txs[i]);
    /* Soroban refunds: right after each transaction in V1 (protocol 21),
     * after all of them in V2 (protocol 23), with CAP-67 fee events */
    for (uint32_t i = 0; i < count; i++) {
        synth_tx_apply(&ctx, &plans[i], &txs[i]);
        if (version == 1)
            synth_tx_refund(&ctx, &plans[i], &txs[i]);
    }
    for (uint32_t i = 0; version == 2 && i < count; i++) {
        synth_tx_refund(&ctx, &plans[i], &txs[i]);
        synth_tx_fee_events(&ctx, &plans[i], &txs[i]);
    }
    gen->transactions += count;

    /* memset, not an initializer: an initializer zeroes only a union's
     * first arm, and v1/v2 are larger than v0 */
    sx_LedgerCloseMeta lcm;
    memset(&lcm, 0, sizeof lcm);
    lcm.v = version;
    sx_GeneralizedTransactionSet set;
    memset(&set, 0, sizeof set);
    build_tx_set(&ctx, version, gen->prev_hash, txs, classic, count, &set);
    sx_TransactionResultPair *pairs = SYNTH_NEW(&ctx, sx_TransactionResultPair, count ? count : 1);
    for (uint32_t i = 0; i < count; i++)
        pairs[i] = txs[i].result;
    sx_TransactionResultSet result_set = {{pairs, count}};
    const uint8_t *set_hash = synth_hash_of(&ctx, (synth_encode_fn)sx_encode_GeneralizedTransactionSet, &set);
    const uint8_t *result_hash = synth_hash_of(&ctx, (synth_encode_fn)sx_encode_TransactionResultSet, &result_set);
    uint8_t archive_hash[32];
    const uint8_t *list_hash = NULL;
    if (gen->archive && synth_is_checkpoint(ctx.seq)) {
        if (synth_archive_checkpoint(gen->archive, &ctx, archive_hash, why, why_size) != 0) {
            gen->scratch = ctx.scratch;
            return -1;
        }
        list_hash = archive_hash;
    }
    sx_LedgerHeaderHistoryEntry *header;

    if (version == 2) {
        sx_TransactionResultMetaV1 *proc = SYNTH_NEW(&ctx, sx_TransactionResultMetaV1, count ? count : 1);
        for (uint32_t i = 0; i < count; i++) {
            proc[i].result = pairs[i];
            proc[i].feeProcessing = synth_changes_vec(&txs[i].fee_changes);
            proc[i].txApplyProcessing = build_tx_meta(&ctx, version, &txs[i]);
            proc[i].postTxApplyFeeProcessing = synth_changes_vec(&txs[i].refund_changes);
        }
        lcm.v2.txSet = set;
        lcm.v2.txProcessing = (sx_vec_TransactionResultMetaV1){proc, count};
        header = &lcm.v2.ledgerHeader;
    } else {
        sx_TransactionResultMeta *proc = SYNTH_NEW(&ctx, sx_TransactionResultMeta, count ? count : 1);
        for (uint32_t i = 0; i < count; i++) {
            proc[i].result = pairs[i];
            proc[i].feeProcessing = synth_changes_vec(&txs[i].fee_changes);
            proc[i].txApplyProcessing = build_tx_meta(&ctx, version, &txs[i]);
        }
        lcm.v1.txSet = set;
        lcm.v1.txProcessing = (sx_vec_TransactionResultMeta){proc, count};
        header = &lcm.v1.ledgerHeader;
    }
    build_header(gen, &ctx, set_hash, result_hash, list_hash, header);
    int archive_failed = gen->archive && archive_header(gen, &ctx, header, why, why_size) != 0;
    gen->scratch = ctx.scratch;
    if (archive_failed)
        return -1;
    gen->frame.len = 0;
    gen->frame.fail = NULL;
    if (sx_encode_LedgerCloseMeta(&lcm, &gen->frame)) {
        snprintf(why, why_size, "encoding ledger %u failed: %s", ctx.seq,
                 gen->frame.fail ? gen->frame.fail : "unknown reason");
        return -1;
    }
    learn_frame_size(gen, gen->frame.len, ops);
    gen->next_seq++;
    *frame = gen->frame.data;
    *len = gen->frame.len;
    return 0;
}
