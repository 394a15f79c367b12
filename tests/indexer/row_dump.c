/* row_dump.c — text dump of an indexed ledger (see row_dump.h). */
#include "row_dump.h"

#include <inttypes.h>

static void hex(FILE *out, const uint8_t *data, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%02x", data[i]);
}

static void i128(FILE *out, sluice_int128 v)
{
    fprintf(out, "%" PRId64 ":%" PRIu64, v.hi, v.lo);
}

void row_dump(const sluice_ledger *l, FILE *out)
{
    const sluice_ledger_row *r = &l->ledger;
    fprintf(out, "ledger %u ", r->sequence);
    hex(out, r->hash, 32);
    fputc(' ', out);
    hex(out, r->previous_hash, 32);
    fprintf(out, " %" PRId64 " %u %u %u %u %u %u %" PRId64 " %" PRId64 "\n", r->close_time,
            r->protocol_version, r->base_fee, r->base_reserve, r->successful_transaction_count,
            r->failed_transaction_count, r->operation_count, r->total_coins, r->fee_pool);
    for (size_t i = 0; i < l->transaction_count; i++) {
        const sluice_transaction_row *t = &l->transactions[i];
        fprintf(out, "tx %" PRId64 " ", t->id);
        hex(out, t->hash, 32);
        fprintf(out, " %u %u %s %d %s ", t->ledger_sequence, t->application_order,
                t->source_account, t->is_fee_bump, t->fee_account);
        hex(out, t->inner_hash, 32);
        fprintf(out, " %" PRId64 " %" PRId64 " %d %d %d ", t->max_fee, t->fee_charged,
                t->successful, t->result_code, (int)t->memo_type);
        hex(out, t->memo_value.data, t->memo_value.len);
        fprintf(out, " %u ", t->operation_count);
        hex(out, t->envelope_xdr.data, t->envelope_xdr.len);
        fputc(' ', out);
        hex(out, t->result_xdr.data, t->result_xdr.len);
        fputc(' ', out);
        hex(out, t->meta_xdr.data, t->meta_xdr.len);
        fputc('\n', out);
    }
    for (size_t i = 0; i < l->operation_count; i++) {
        const sluice_operation_row *o = &l->operations[i];
        fprintf(out, "op %" PRId64 " %" PRId64 " %u %s %d %" PRIu64 " %d %d %d %d\n", o->id,
                o->transaction_id, o->type, o->source_account, o->has_source_muxed_id,
                o->source_muxed_id, o->successful, o->result_code, o->operation_result_code,
                o->has_result);
    }
    for (size_t i = 0; i < l->transaction_participant_count; i++)
        fprintf(out, "txp %" PRId64 " %s\n", l->transaction_participants[i].id,
                l->transaction_participants[i].account);
    for (size_t i = 0; i < l->operation_participant_count; i++)
        fprintf(out, "opp %" PRId64 " %s\n", l->operation_participants[i].id,
                l->operation_participants[i].account);
    for (size_t i = 0; i < l->state_change_count; i++) {
        const sluice_state_change_row *s = &l->state_changes[i];
        fprintf(out, "sc %" PRId64 " %u %d %d %s %s ", s->operation_id, s->order, (int)s->category,
                (int)s->reason, s->account, s->asset ? s->asset : "-");
        i128(out, s->amount);
        fprintf(out, " %s\n", s->details_json ? s->details_json : "-");
    }
    for (size_t i = 0; i < l->balance_change_count; i++) {
        const sluice_balance_change *b = &l->balance_changes[i];
        fprintf(out, "bal %d %" PRId64 " %s %s ", (int)b->kind, b->operation_id, b->account,
                b->asset);
        i128(out, b->balance);
        fprintf(out, " %" PRId64 " %u\n", b->limit, b->flags);
    }
}
