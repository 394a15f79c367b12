/* contract_events.c — contract_events rows: every contract and system event
 * of a transaction, and (indexer_options.diagnostic_events) its diagnostic
 * events, each with its topics and data as XDR and as the JSON `sluice
 * decode` renders for an SCVal.
 *
 * Where the events sit (doc/data-model.md, contract_events):
 *   meta v3: sorobanMeta.events, filed under the transaction's single
 *            (Soroban) operation; sorobanMeta.diagnosticEvents;
 *   meta v4: operations[i].events under operation i; the transaction-level
 *            `events` (fees: stage before all / after the transaction / after
 *            all) under operation_id 0; diagnosticEvents.
 * Diagnostic events are filed under operation_id 0 with type DIAGNOSTIC
 * whatever the event's own type (the list says what they are; its CONTRACT
 * entries repeat the contract events), numbered after the other events of
 * operation 0, so (transaction_id, operation_id, event_index) is unique and
 * switching them on leaves every other row as it was.  in_successful_call is
 * the transaction's success, for diagnostic events the event's own flag. */
#include <string.h>

#include "indexer/ix_internal.h"
#include "stellar/strkey.h"

/* sx_json_SCVal of `v`, with the strkey of an account or contract address
 * taken from this ledger's interned names (names.c) rather than encoded
 * again: events name the same few accounts and contracts over and over. */
static int value_json(indexer *ix, const sx_SCVal *v, sx_buf *b)
{
    if (v->type != SX_SCV_ADDRESS || (v->address.type != SX_SC_ADDRESS_TYPE_CONTRACT &&
                                      (v->address.type != SX_SC_ADDRESS_TYPE_ACCOUNT ||
                                       v->address.accountId.type != SX_PUBLIC_KEY_TYPE_ED25519)))
        return sx_json_SCVal(v, b);
    const ix_name *name = ix_address_name(ix, &v->address);
    return sx_buf_put(b, "{\"address\":\"", 12) || sx_buf_put(b, name->text, strlen(name->text)) ||
           sx_buf_put(b, "\"}", 2);
}

/* Renders the topics and data of `row`'s event: each topic's XDR, the
 * data's XDR, the topics as a JSON array and the data as JSON, one after
 * the other in the scratch buffer (offsets noted), then copied into one
 * arena block that starts with the topics' sluice_bytes; false on OOM or a
 * value that does not render (scratch.fail says why).  One pass and one
 * allocation per event: this runs for every event of every transaction. */
static bool render_event(indexer *ix, const sx_ContractEventBodyV0 *body,
                         sluice_contract_event_row *row)
{
    enum { TOPICS_INLINE = 8 };
    const sx_vec_SCVal *topics = &body->topics;
    size_t inline_ends[TOPICS_INLINE + 3];
    size_t slots = (size_t)topics->len + 3; /* topic ends, data end, topics JSON end, data JSON end */
    size_t *ends = slots <= TOPICS_INLINE + 3 ? inline_ends
                                                : sx_arena_alloc(ix->arena, slots * sizeof *ends);
    sx_buf *b = &ix->scratch;
    b->len = 0;
    if (!ends)
        return false;
    for (uint32_t i = 0; i < topics->len; i++) {
        if (sx_encode_SCVal(&topics->items[i], b))
            return false;
        ends[i] = b->len;
    }
    if (sx_encode_SCVal(&body->data, b))
        return false;
    ends[topics->len] = b->len;
    if (sx_buf_put(b, "[", 1))
        return false;
    for (uint32_t i = 0; i < topics->len; i++)
        if ((i && sx_buf_put(b, ",", 1)) || value_json(ix, &topics->items[i], b))
            return false;
    if (sx_buf_put(b, "]", 2)) /* with the NUL */
        return false;
    ends[topics->len + 1] = b->len;
    if (value_json(ix, &body->data, b) || sx_buf_put(b, "", 1))
        return false;
    ends[topics->len + 2] = b->len;

    size_t head = (size_t)topics->len * sizeof(sluice_bytes);
    uint8_t *block = sx_arena_alloc(ix->arena, head + b->len);
    if (!block)
        return false;
    sluice_bytes *xdr = (sluice_bytes *)block;
    uint8_t *text = block + head;
    memcpy(text, b->data, b->len);
    size_t start = 0;
    for (uint32_t i = 0; i < topics->len; i++) {
        xdr[i].data = text + start;
        xdr[i].len = ends[i] - start;
        start = ends[i];
    }
    row->topic_count = topics->len;
    row->topics = xdr;
    row->data.data = text + start;
    row->data.len = ends[topics->len] - start;
    row->topics_json = (const char *)text + ends[topics->len];
    row->data_json = (const char *)text + ends[topics->len + 1];
    return true;
}

/* One row for `e` (whose type is `type`); -1 (err set) when it cannot be
 * rendered. */
static int event_row(ix_ctx *ctx, int64_t operation_id, uint32_t event_index,
                     sluice_contract_event_type type, bool in_successful_call,
                     const sx_ContractEvent *e, error_report *err)
{
    indexer *ix = ctx->ix;
    sluice_contract_event_row *row = row_vec_push(&ix->contract_events);
    row->transaction_id = ctx->transaction_id;
    row->operation_id = operation_id;
    row->event_index = event_index;
    row->type = type;
    row->in_successful_call = in_successful_call;
    if (e->contractID)
        memcpy(row->contract, ix_name_of(ix, STRKEY_CONTRACT, e->contractID[0])->text,
               SLUICE_STRKEY_SIZE);
    if (e->body.v == 0 && render_event(ix, &e->body.v0, row))
        return 0;
    report_set(err, e->body.v == 0 ? ix->scratch.fail : NULL, NULL,
               "ledger %u transaction %u: event %u of operation %lld: %s", ctx->ledger_sequence,
               ctx->tx_order, event_index, (long long)(operation_id ? operation_id - ctx->transaction_id : 0),
               e->body.v == 0 ? "cannot render its topics and data" : "unknown event body version");
    return -1;
}

static sluice_contract_event_type type_of(const sx_ContractEvent *e)
{
    return e->type == SX_SYSTEM ? SLUICE_EVENT_SYSTEM
           : e->type == SX_CONTRACT ? SLUICE_EVENT_CONTRACT
                                    : SLUICE_EVENT_DIAGNOSTIC;
}

/* The rows of an operation's contract / system events. */
static int operation_events(ix_ctx *ctx, int64_t operation_id, bool successful,
                            const sx_vec_ContractEvent *events, error_report *err)
{
    for (uint32_t i = 0; i < events->len; i++)
        if (event_row(ctx, operation_id, i, type_of(&events->items[i]), successful,
                      &events->items[i], err))
            return -1;
    return 0;
}

/* Diagnostic events, filed under operation 0 from event_index *index. */
static int diagnostic_events(ix_ctx *ctx, uint32_t *index, const sx_vec_DiagnosticEvent *events,
                             error_report *err)
{
    for (uint32_t i = 0; i < events->len; i++) {
        const sx_DiagnosticEvent *d = &events->items[i];
        if (event_row(ctx, 0, (*index)++, SLUICE_EVENT_DIAGNOSTIC, d->inSuccessfulContractCall,
                      &d->event, err))
            return -1;
    }
    return 0;
}

int ix_contract_events(ix_ctx *ctx, const sx_TransactionMeta *meta, bool successful,
                       error_report *err)
{
    uint32_t transaction_level = 0; /* next event_index of operation_id 0 */
    bool diagnostics = ctx->ix->diagnostic_events;
    if (meta->v == 3 && meta->v3.sorobanMeta) {
        const sx_SorobanTransactionMeta *soroban = meta->v3.sorobanMeta;
        return operation_events(ctx, ctx->transaction_id + 1, successful, &soroban->events, err) ||
               (diagnostics &&
                diagnostic_events(ctx, &transaction_level, &soroban->diagnosticEvents, err))
            ? -1 : 0;
    }
    if (meta->v != 4)
        return 0;
    const sx_TransactionMetaV4 *v4 = &meta->v4;
    for (uint32_t i = 0; i < v4->operations.len; i++)
        if (operation_events(ctx, ctx->transaction_id + i + 1, successful,
                             &v4->operations.items[i].events, err))
            return -1;
    for (; transaction_level < v4->events.len; transaction_level++) {
        const sx_ContractEvent *e = &v4->events.items[transaction_level].event;
        if (event_row(ctx, 0, transaction_level, type_of(e), successful, e, err))
            return -1;
    }
    return diagnostics && diagnostic_events(ctx, &transaction_level, &v4->diagnosticEvents, err)
        ? -1 : 0;
}
