/* indexer.c — the indexer object and the per-ledger walk: decode the
 * frame, make the ledger row, then for each transaction in apply order its
 * rows and the changes of every phase (fee processing, before, each
 * operation, after, post-apply fee processing), then this ledger's net
 * balance changes.  See indexer.h and doc/data-model.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/emit.h"
#include "indexer/ix_internal.h"
#include "stellar/sha256.h"
#include "stellar/strkey.h"
#include "base/xalloc.h"

int indexer_parse_store_xdr(const char *text, indexer_store_xdr *out)
{
    static const char *const names[] = {"none", "envelope", "all"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(text, names[i]) == 0) {
            *out = (indexer_store_xdr)i;
            return 0;
        }
    }
    return -1;
}

indexer *indexer_new(const indexer_options *options)
{
    indexer *ix = xcalloc(1, sizeof(*ix));
    const char *passphrase = options->network_passphrase ? options->network_passphrase : "";
    ix->store_xdr = options->store_xdr;
    ix->derive_transfers = options->derive_transfers;
    sha256(passphrase, strlen(passphrase), ix->network_id);
    ix_hash_prefixes_init(ix);
    sx_Asset native = {.type = SX_ASSET_TYPE_NATIVE};
    ix_asset_contract_id(ix->network_id, &native, ix->native_contract_id);
    strkey_encode(STRKEY_CONTRACT, ix->native_contract_id, 32, ix->native_contract,
                  sizeof(ix->native_contract));
    ix->arena = sx_arena_new(0);
    if (!ix->arena) {
        fputs("sluice: out of memory\n", stderr);
        abort();
    }
    sx_buf_init(&ix->scratch);
    sx_buf_init(&ix->scratch_other);
    row_vec_init(&ix->transactions, sizeof(sluice_transaction_row));
    row_vec_init(&ix->operations, sizeof(sluice_operation_row));
    row_vec_init(&ix->transaction_participants, sizeof(sluice_participant_row));
    row_vec_init(&ix->operation_participants, sizeof(sluice_participant_row));
    row_vec_init(&ix->state_changes, sizeof(sluice_state_change_row));
    row_vec_init(&ix->token_transfers, sizeof(sluice_token_transfer_row));
    row_vec_init(&ix->contract_events, sizeof(sluice_contract_event_row));
    ix->asset_names = xcalloc(IX_ASSET_NAME_CACHE, sizeof(*ix->asset_names));
    ix->envelope_type = sx_registry_find("TransactionEnvelope");
    ix->result_type = sx_registry_find("TransactionResult");
    ix->meta_type = sx_registry_find("TransactionMeta");
    return ix;
}

void indexer_free(indexer *ix)
{
    if (!ix)
        return;
    sx_arena_free(ix->arena);
    sx_buf_free(&ix->scratch);
    sx_buf_free(&ix->scratch_other);
    free(ix->envelopes);
    row_vec_free(&ix->transactions);
    row_vec_free(&ix->operations);
    row_vec_free(&ix->transaction_participants);
    row_vec_free(&ix->operation_participants);
    row_vec_free(&ix->state_changes);
    row_vec_free(&ix->token_transfers);
    row_vec_free(&ix->contract_events);
    ix_net_free(ix);
    ix_names_free(ix);
    free(ix->asset_names);
    free(ix);
}

const char *indexer_native_asset_contract(const indexer *ix)
{
    return ix->native_contract;
}

/* One transaction's processing, whatever the LedgerCloseMeta version. */
typedef struct tx_processing {
    const sx_TransactionResultPair *result;
    const sx_LedgerEntryChanges *fee_processing;
    const sx_TransactionMeta *meta;
    const sx_LedgerEntryChanges *post_apply_fee_processing; /* NULL before V2 */
} tx_processing;

static int walk(ix_ctx *ctx, ix_phase phase, int64_t operation_id, uint32_t *order,
                const char *list_name, const sx_LedgerEntryChanges *changes, error_report *err)
{
    ctx->phase = phase;
    ctx->operation_id = operation_id;
    ctx->order = order;
    ctx->list_name = list_name;
    return ix_walk_changes(ctx, changes, err);
}

/* Where an operation's token movements come from. */
typedef enum transfer_source {
    TRANSFERS_NONE,        /* a failed transaction moves nothing but fees */
    TRANSFERS_META,        /* the meta's CAP-67 events */
    TRANSFERS_DERIVED,     /* derived from the operation (transfers_derive.c) */
} transfer_source;

/* Each operation: its source and the accounts its body names as
 * participants, then its change list (a TransactionMeta of any version;
 * none when the transaction failed), then its token movements (from its
 * events: TransactionMeta v4 each operation's, v3 the Soroban events of its
 * single operation; or derived), which relabel its balance rows. */
static int walk_operations(ix_ctx *ctx, const sx_TransactionMeta *meta,
                           const sx_vec_Operation *operations,
                           const sx_vec_OperationResult *results, transfer_source transfers,
                           ix_name *tx_source, int64_t tx_id, uint32_t tx_order, error_report *err)
{
    uint32_t operation_count = operations->len;
    uint32_t n = meta->v == 0   ? meta->operations.len
                 : meta->v == 1 ? meta->v1.operations.len
                 : meta->v == 2 ? meta->v2.operations.len
                 : meta->v == 3 ? meta->v3.operations.len
                                : meta->v4.operations.len;
    if (n != 0 && n != operation_count) {
        report_set(err, NULL, NULL,
                   "ledger %u transaction %u: meta holds %u operations, the envelope %u",
                   ctx->ledger_sequence, tx_order, n, operation_count);
        return -1;
    }
    for (uint32_t i = 0; i < operation_count; i++) {
        uint32_t order = 0;
        ix_operation_view view = {.op = &operations->items[i]};
        ctx->phase = IX_PHASE_OPERATION;
        ctx->operation_id = tx_id + i + 1;
        ctx->transfer_index = 0;
        view.source = ix_operation_source(ctx->ix, view.op, tx_source, &view.source_has_id,
                                          &view.source_muxed_id);
        ix_add_participant(ctx, view.source);
        ix_operation_body_participants(ctx, view.op);
        if (i >= n)
            continue;
        view.changes = meta->v == 0   ? &meta->operations.items[i].changes
                       : meta->v == 1 ? &meta->v1.operations.items[i].changes
                       : meta->v == 2 ? &meta->v2.operations.items[i].changes
                       : meta->v == 3 ? &meta->v3.operations.items[i].changes
                                      : &meta->v4.operations.items[i].changes;
        view.events = meta->v == 4                          ? &meta->v4.operations.items[i].events
                      : meta->v == 3 && meta->v3.sorobanMeta ? &meta->v3.sorobanMeta->events
                                                              : NULL;
        ctx->first_state_row = ctx->ix->state_changes.count;
        if (walk(ctx, IX_PHASE_OPERATION, tx_id + i + 1, &order, "operation", view.changes, err))
            return -1;
        if (transfers == TRANSFERS_META && view.events) {
            ix_event_transfers(ctx, view.events);
        } else if (transfers == TRANSFERS_DERIVED && results && i < results->len &&
                   results->items[i].code == SX_opINNER) {
            view.result = &results->items[i];
            ix_operation_transfers(ctx, &view);
        }
    }
    return 0;
}

static const sx_LedgerEntryChanges *changes_before(const sx_TransactionMeta *meta)
{
    switch (meta->v) {
    case 1: return &meta->v1.txChanges;
    case 2: return &meta->v2.txChangesBefore;
    case 3: return &meta->v3.txChangesBefore;
    case 4: return &meta->v4.txChangesBefore;
    default: return NULL;
    }
}

static const sx_LedgerEntryChanges *changes_after(const sx_TransactionMeta *meta)
{
    switch (meta->v) {
    case 2: return &meta->v2.txChangesAfter;
    case 3: return &meta->v3.txChangesAfter;
    case 4: return &meta->v4.txChangesAfter;
    default: return NULL;
    }
}

static int index_transaction(indexer *ix, uint32_t sequence, uint32_t tx_order,
                             const tx_processing *p, sluice_ledger_row *ledger, error_report *err)
{
    const ix_envelope *found = ix_find_envelope(ix, p->result->transactionHash);
    sluice_transaction_row *tx;
    ix_tx_accounts accounts;
    if (!found) {
        char hex[65];
        for (int i = 0; i < 32; i++)
            snprintf(hex + 2 * i, 3, "%02x", p->result->transactionHash[i]);
        report_set(err, "every result in txProcessing must match an envelope of the transaction set",
                   "check network_passphrase: transaction hashes depend on it",
                   "ledger %u transaction %u (hash %s) is not in the ledger's transaction set",
                   sequence, tx_order, hex);
        return -1;
    }
    const sx_TransactionEnvelope *env = found->envelope;
    if (ix_transaction_rows(ix, sequence, tx_order, found, p->result, &tx, &accounts, err))
        return -1;
    if (ix->store_xdr == INDEXER_STORE_XDR_ALL &&
        (ix_keep_xdr(ix, ix->result_type, &p->result->result, &tx->result_xdr) ||
         ix_keep_xdr(ix, ix->meta_type, p->meta, &tx->meta_xdr))) {
        report_set(err, ix->scratch.fail, NULL, "ledger %u transaction %u: cannot keep its XDR",
                   sequence, tx_order);
        return -1;
    }
    if (tx->successful)
        ledger->successful_transaction_count++;
    else
        ledger->failed_transaction_count++;
    ledger->operation_count += tx->operation_count;

    int64_t tx_id = tx->id;
    uint32_t order = 0;
    ix_ctx ctx = {.ix = ix,
                  .ledger_sequence = sequence,
                  .transaction_id = tx_id,
                  .tx_order = tx_order,
                  .memo = ix_envelope_memo(env),
                  .protocol_version = ledger->protocol_version};
    ctx.phase = IX_PHASE_TX;
    ix_add_participant(&ctx, accounts.source);
    ix_add_participant(&ctx, accounts.fee);
    const sx_LedgerEntryChanges *before = changes_before(p->meta), *after = changes_after(p->meta);
    bool from_meta = !ix->derive_transfers && ix_meta_has_fee_events(p->meta);
    ix_name *fee_source = accounts.fee ? accounts.fee : accounts.source;
    transfer_source transfers = !tx->successful ? TRANSFERS_NONE
                                : from_meta     ? TRANSFERS_META
                                                : TRANSFERS_DERIVED;
    if (walk(&ctx, IX_PHASE_FEE, tx_id, &order, "fee processing", p->fee_processing, err))
        return -1;
    if (from_meta)
        ix_fee_event_transfers(&ctx, p->meta, false);
    else
        ix_fee_transfer(&ctx, p->fee_processing, fee_source, false);
    if ((before && walk(&ctx, IX_PHASE_TX, tx_id, &order, "changes before", before, err)) ||
        walk_operations(&ctx, p->meta, ix_envelope_operations(env),
                        ix_operation_results(&p->result->result), transfers, accounts.source,
                        tx_id, tx_order, err))
        return -1;
    if (after) {
        if (walk(&ctx, IX_PHASE_REFUND, tx_id, &order, "changes after", after, err))
            return -1;
        if (!from_meta)
            ix_fee_transfer(&ctx, after, fee_source, true);
    }
    if (p->post_apply_fee_processing) {
        if (walk(&ctx, IX_PHASE_REFUND, tx_id, &order, "post-apply fee processing",
                 p->post_apply_fee_processing, err))
            return -1;
        if (!from_meta)
            ix_fee_transfer(&ctx, p->post_apply_fee_processing, fee_source, true);
    }
    if (from_meta) {
        ctx.phase = IX_PHASE_REFUND;
        ix_fee_event_transfers(&ctx, p->meta, true);
    }
    return 0;
}

static void ledger_row(const sx_LedgerHeaderHistoryEntry *h, sluice_ledger_row *row)
{
    row->sequence = h->header.ledgerSeq;
    memcpy(row->hash, h->hash, 32);
    memcpy(row->previous_hash, h->header.previousLedgerHash, 32);
    row->close_time = (int64_t)h->header.scpValue.closeTime;
    row->protocol_version = h->header.ledgerVersion;
    row->base_fee = h->header.baseFee;
    row->base_reserve = h->header.baseReserve;
    row->total_coins = h->header.totalCoins;
    row->fee_pool = h->header.feePool;
}

static int index_ledger(indexer *ix, const sx_LedgerCloseMeta *lcm, sluice_ledger *out,
                        error_report *err)
{
    const sx_LedgerHeaderHistoryEntry *header = lcm->v == 0   ? &lcm->v0.ledgerHeader
                                                : lcm->v == 1 ? &lcm->v1.ledgerHeader
                                                              : &lcm->v2.ledgerHeader;
    ledger_row(header, &out->ledger);
    uint32_t sequence = out->ledger.sequence;
    if (ix_collect_envelopes(ix, lcm, err)) {
        char why[sizeof(err->message)];
        snprintf(why, sizeof(why), "%s", err->message);
        report_set(err, err->detail[0] ? err->detail : NULL, NULL, "ledger %u: %s", sequence, why);
        return -1;
    }
    uint32_t count = lcm->v == 0 ? lcm->v0.txProcessing.len
                     : lcm->v == 1 ? lcm->v1.txProcessing.len
                                   : lcm->v2.txProcessing.len;
    for (uint32_t i = 0; i < count; i++) {
        tx_processing p = {0};
        if (lcm->v == 2) {
            const sx_TransactionResultMetaV1 *m = &lcm->v2.txProcessing.items[i];
            p.result = &m->result;
            p.fee_processing = &m->feeProcessing;
            p.meta = &m->txApplyProcessing;
            p.post_apply_fee_processing = &m->postTxApplyFeeProcessing;
        } else {
            const sx_TransactionResultMeta *m =
                lcm->v == 0 ? &lcm->v0.txProcessing.items[i] : &lcm->v1.txProcessing.items[i];
            p.result = &m->result;
            p.fee_processing = &m->feeProcessing;
            p.meta = &m->txApplyProcessing;
        }
        if (index_transaction(ix, sequence, i + 1, &p, &out->ledger, err))
            return -1;
    }
    out->transactions = ix->transactions.items;
    out->transaction_count = ix->transactions.count;
    out->operations = ix->operations.items;
    out->operation_count = ix->operations.count;
    out->transaction_participants = ix->transaction_participants.items;
    out->transaction_participant_count = ix->transaction_participants.count;
    out->operation_participants = ix->operation_participants.items;
    out->operation_participant_count = ix->operation_participants.count;
    out->state_changes = ix->state_changes.items;
    out->state_change_count = ix->state_changes.count;
    out->balance_change_count = ix_net_result(ix, &out->balance_changes);
    out->token_transfers = ix->token_transfers.items;
    out->token_transfer_count = ix->token_transfers.count;
    out->contract_events = ix->contract_events.items;
    out->contract_event_count = ix->contract_events.count;
    return 0;
}

void ledger_init_empty(sluice_ledger *ledger)
{
    memset(ledger, 0, sizeof(*ledger));
    ledger->struct_size = sizeof(*ledger);
    ledger->transaction_row_size = sizeof(sluice_transaction_row);
    ledger->operation_row_size = sizeof(sluice_operation_row);
    ledger->transaction_participant_row_size = sizeof(sluice_participant_row);
    ledger->operation_participant_row_size = sizeof(sluice_participant_row);
    ledger->state_change_row_size = sizeof(sluice_state_change_row);
    ledger->balance_change_row_size = sizeof(sluice_balance_change);
    ledger->token_transfer_row_size = sizeof(sluice_token_transfer_row);
    ledger->contract_event_row_size = sizeof(sluice_contract_event_row);
}

int indexer_index_frame(indexer *ix, const uint8_t *frame, size_t len, sluice_ledger *out,
                        error_report *err)
{
    sx_LedgerCloseMeta lcm;
    sx_error xe;
    ledger_init_empty(out);
    sx_arena_reset(ix->arena);
    row_vec_clear(&ix->transactions);
    row_vec_clear(&ix->operations);
    row_vec_clear(&ix->transaction_participants);
    row_vec_clear(&ix->operation_participants);
    row_vec_clear(&ix->state_changes);
    row_vec_clear(&ix->token_transfers);
    row_vec_clear(&ix->contract_events);
    ix_net_clear(ix);
    ix_names_clear(ix);
    ix->frame = frame;
    ix->frame_len = len;
    ix->generation++;
    if (sx_decode_LedgerCloseMeta(frame, len, ix->arena, &lcm, &xe)) {
        char why[sizeof(xe.path) + sizeof(xe.reason) + 128];
        report_set(err, sx_error_format(&xe, why, sizeof(why)), NULL,
                   "cannot decode a LedgerCloseMeta frame of %zu bytes", len);
        return -1;
    }
    if (index_ledger(ix, &lcm, out, err)) {
        ledger_init_empty(out);
        return -1;
    }
    out->frame.data = frame;
    out->frame.len = len;
    return 0;
}
