/* ledger_factory.c — deterministic hand-built ledgers (see ledger_factory.h). */
#include "config.h"

#include "conformance/ledger_factory.h"
#include "base/xalloc.h"
#include "indexer/indexer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *zeroed(size_t count, size_t size)
{
    return xcalloc(count ? count : 1, size);
}

static void fill_hash(uint8_t hash[32], uint64_t seed)
{
    for (int i = 0; i < 32; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        hash[i] = (uint8_t)(seed >> 56);
    }
}

void factory_ledger_hash(uint32_t sequence, uint8_t hash[32])
{
    fill_hash(hash, sequence);
}

void factory_account(unsigned n, char out[SLUICE_STRKEY_SIZE])
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    out[0] = 'G';
    uint64_t x = n * 2654435761ULL + 12345;
    for (int i = 1; i < 56; i++) { /* the length of a G... strkey */
        out[i] = alphabet[x % 32];
        x = x / 32 + (uint64_t)(i * 7919 + n);
    }
    out[56] = '\0';
}

factory_counts factory_expected(unsigned transactions, unsigned operations_per_tx)
{
    factory_counts c;
    c.transactions = transactions;
    c.operations = (size_t)transactions * operations_per_tx;
    c.transaction_participants = 2 * c.transactions;
    c.operation_participants = 2 * c.operations;
    c.state_changes = c.transactions + 2 * c.operations; /* fee + debit/credit */
    c.balance_changes = c.operations;
    c.token_transfers = c.transactions + c.operations; /* a fee each, a transfer each */
    return c;
}

/* The fee the transaction's source pays (a transaction-level event). */
static void factory_fee_transfer(sluice_token_transfer_row *r, const sluice_transaction_row *tx)
{
    r->transaction_id = tx->id;
    r->kind = SLUICE_TRANSFER_FEE;
    memcpy(r->from, tx->source_account, sizeof r->from);
    r->asset = "native";
    factory_account(5000, r->asset_contract);
    r->asset_contract[0] = 'C';
    r->amount = (sluice_int128){0, (uint64_t)tx->fee_charged};
}

/* The operation's payment of asset from its source to the other side:
 * 2^64 + o, to a muxed destination for the first operation. */
static void factory_payment_transfer(sluice_token_transfer_row *r,
                                     const sluice_operation_row *operation, unsigned o,
                                     const char *asset)
{
    unsigned t = (unsigned)(((uint64_t)operation->transaction_id >> 12 & 0xfffff) - 1);
    r->transaction_id = operation->transaction_id;
    r->operation_id = operation->id;
    r->kind = SLUICE_TRANSFER;
    factory_account(t, r->from);
    factory_account(1000 + t, r->to);
    r->asset = asset;
    factory_account(5001 + t, r->asset_contract);
    r->asset_contract[0] = 'C';
    r->amount = (sluice_int128){1, o};
    r->has_to_muxed_id = o == 0;
    r->to_muxed_id = 18446744073709551615ULL - o;
}

void factory_build(factory_ledger *out, uint32_t sequence, unsigned transactions,
                   unsigned operations_per_tx)
{
    memset(out, 0, sizeof *out);
    ledger_init_empty(&out->ledger);
    factory_counts c = factory_expected(transactions, operations_per_tx);
    out->transactions = zeroed(c.transactions, sizeof *out->transactions);
    out->operations = zeroed(c.operations, sizeof *out->operations);
    out->transaction_participants = zeroed(c.transaction_participants,
                                           sizeof *out->transaction_participants);
    out->operation_participants = zeroed(c.operation_participants,
                                         sizeof *out->operation_participants);
    out->state_changes = zeroed(c.state_changes, sizeof *out->state_changes);
    out->balance_changes = zeroed(c.balance_changes, sizeof *out->balance_changes);
    out->token_transfers = zeroed(c.token_transfers, sizeof *out->token_transfers);
    out->assets = zeroed(c.operations ? c.operations : 1, sizeof *out->assets);

    sluice_ledger_row *row = &out->ledger.ledger;
    row->sequence = sequence;
    factory_ledger_hash(sequence, row->hash);
    factory_ledger_hash(sequence - 1, row->previous_hash);
    row->close_time = 1700000000 + 5 * (int64_t)sequence;
    row->protocol_version = 22;
    row->base_fee = 100;
    row->base_reserve = 5000000;
    row->successful_transaction_count = transactions;
    row->operation_count = (uint32_t)c.operations;
    row->total_coins = INT64_MAX - sequence;
    row->fee_pool = 7 * (int64_t)sequence;

    size_t op = 0, sc = 0, tt = 0;
    for (unsigned t = 0; t < transactions; t++) {
        sluice_transaction_row *tx = &out->transactions[t];
        tx->id = (int64_t)((uint64_t)sequence << 32 | (uint64_t)(t + 1) << 12);
        fill_hash(tx->hash, (uint64_t)tx->id);
        tx->ledger_sequence = sequence;
        tx->application_order = t + 1;
        factory_account(t, tx->source_account);
        tx->max_fee = 1000;
        tx->fee_charged = 100;
        tx->successful = true;
        tx->memo_type = t % 2 ? SLUICE_MEMO_TEXT : SLUICE_MEMO_NONE;
        tx->memo_value.data = (const uint8_t *)"tab\there \\ and\nnewline";
        tx->memo_value.len = t % 2 ? strlen((const char *)tx->memo_value.data) : 0;
        tx->operation_count = operations_per_tx;
        out->transaction_participants[2 * t].id = tx->id;
        factory_account(t, out->transaction_participants[2 * t].account);
        out->transaction_participants[2 * t + 1].id = tx->id;
        factory_account(1000 + t, out->transaction_participants[2 * t + 1].account);

        sluice_state_change_row *fee = &out->state_changes[sc++];
        fee->operation_id = tx->id;
        fee->category = SLUICE_SC_BALANCE;
        fee->reason = SLUICE_SR_FEE;
        factory_account(t, fee->account);
        fee->asset = "native";
        fee->amount = (sluice_int128){-1, (uint64_t)-100}; /* -100 */
        factory_fee_transfer(&out->token_transfers[tt++], tx);

        for (unsigned o = 0; o < operations_per_tx; o++, op++) {
            sluice_operation_row *operation = &out->operations[op];
            operation->id = tx->id + o + 1;
            operation->transaction_id = tx->id;
            operation->type = 1; /* PAYMENT */
            factory_account(t, operation->source_account);
            operation->has_source_muxed_id = o == 0;
            operation->source_muxed_id = 18446744073709551615ULL;
            operation->successful = true;
            operation->has_result = true;
            operation->operation_result_code = -(int32_t)o; /* opINNER, then opBAD_AUTH */
            for (int side = 0; side < 2; side++) {
                sluice_participant_row *p = &out->operation_participants[2 * op + (size_t)side];
                p->id = operation->id;
                factory_account(side ? 1000 + t : t, p->account);
                sluice_state_change_row *s = &out->state_changes[sc++];
                s->operation_id = operation->id;
                s->order = (uint32_t)side;
                s->category = SLUICE_SC_BALANCE;
                s->reason = side ? SLUICE_SR_CREDIT : SLUICE_SR_DEBIT;
                factory_account(side ? 1000 + t : t, s->account);
                snprintf(out->assets[op], sizeof out->assets[op], "USD:%.20s", s->account);
                s->asset = out->assets[op];
                /* 2^64 + o stroops: needs the high word */
                s->amount = side ? (sluice_int128){1, o} : (sluice_int128){-2, UINT64_MAX - o + 1};
                s->details_json = side ? "{\"memo\": \"a\\tb\", \"n\": 1}" : NULL;
            }
            factory_payment_transfer(&out->token_transfers[tt++], operation, o,
                                     out->assets[op]);
            sluice_balance_change *b = &out->balance_changes[op];
            b->kind = SLUICE_BALANCE_UPDATE;
            b->operation_id = operation->id;
            factory_account(1000 + t, b->account);
            b->asset = out->assets[op];
            b->balance = (sluice_int128){0, (uint64_t)sequence * 1000 + o};
            b->limit = INT64_MAX;
            b->flags = 1;
        }
    }
    sluice_ledger *l = &out->ledger;
    l->transactions = out->transactions;
    l->transaction_count = c.transactions;
    l->operations = out->operations;
    l->operation_count = c.operations;
    l->transaction_participants = out->transaction_participants;
    l->transaction_participant_count = c.transaction_participants;
    l->operation_participants = out->operation_participants;
    l->operation_participant_count = c.operation_participants;
    l->state_changes = out->state_changes;
    l->state_change_count = c.state_changes;
    l->balance_changes = out->balance_changes;
    l->balance_change_count = c.balance_changes;
    l->token_transfers = out->token_transfers;
    l->token_transfer_count = c.token_transfers;
}

void factory_free(factory_ledger *l)
{
    free(l->transactions);
    free(l->operations);
    free(l->transaction_participants);
    free(l->operation_participants);
    free(l->state_changes);
    free(l->balance_changes);
    free(l->token_transfers);
    free(l->assets);
    memset(l, 0, sizeof *l);
}
