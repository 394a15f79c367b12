/* test_contract_events.c — contract_events rows against the meta the test
 * decodes itself, over every real fixture ledger, with diagnostic events
 * off (the default) and on:
 *   - each transaction has one row per event of its meta, in meta order:
 *     v3 sorobanMeta.events under its operation, v4 each operation's events
 *     under that operation and the transaction-level events under
 *     operation_id 0, then (switch on) the diagnostic events under
 *     operation_id 0 with type diagnostic, numbered on;
 *   - every row's contract, type, in_successful_call (the transaction's
 *     success; a diagnostic event's own flag) and event_index are the
 *     meta's; each topic's XDR and the data's XDR decode to the meta's
 *     value and encode back to the same bytes; topics_json / data_json are
 *     what `sluice decode` renders for those SCVals;
 *   - (transaction_id, operation_id, event_index) is unique in a ledger;
 *   - the fixtures hold Soroban events (else the test proves nothing and
 *     fails).  They are all in v4 metas, so every fixture ledger is checked
 *     again with each v4 meta of a one-operation transaction rewritten as v3
 *     (sorobanMeta: that operation's events and the diagnostic events; the
 *     transaction-level events have no place there), as stellar-core wrote
 *     Soroban metas before protocol 23, every other event of it without a
 *     contract id (rendered by encoding: the others' XDR is their bytes in
 *     the frame). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../testlib.h"
#include "indexer/indexer.h"
#include "ledger_frames.h"
#include "stellar/strkey.h"
#include "xdr/gen/sx_codec.h"

/* What one meta event is expected to become. */
typedef struct expected_event {
    const sx_ContractEvent *event;
    int64_t transaction_id;
    int64_t operation_id;
    uint32_t event_index;
    sluice_contract_event_type type;
    bool in_successful_call;
} expected_event;

typedef struct expectations {
    expected_event *items;
    size_t count, capacity;
} expectations;

static void expect_event(expectations *x, const sx_ContractEvent *e, int64_t tx_id,
                         int64_t operation_id, uint32_t event_index,
                         sluice_contract_event_type type, bool successful)
{
    if (x->count == x->capacity) {
        x->capacity = x->capacity ? 2 * x->capacity : 64;
        x->items = realloc(x->items, x->capacity * sizeof *x->items);
        if (!x->items)
            abort();
    }
    x->items[x->count++] = (expected_event){e, tx_id, operation_id, event_index, type, successful};
}

static sluice_contract_event_type own_type(const sx_ContractEvent *e)
{
    return (sluice_contract_event_type)e->type;
}

/* The events of one transaction's meta, in the order the indexer files them. */
static void meta_events(const sx_TransactionMeta *m, int64_t tx_id, bool successful,
                        bool diagnostics, expectations *x, size_t versions[5])
{
    uint32_t level = 0;
    const sx_vec_DiagnosticEvent *diagnostic = NULL;
    if (m->v == 3 && m->v3.sorobanMeta) {
        const sx_vec_ContractEvent *events = &m->v3.sorobanMeta->events;
        for (uint32_t i = 0; i < events->len; i++)
            expect_event(x, &events->items[i], tx_id, tx_id + 1, i, own_type(&events->items[i]), successful);
        versions[3] += events->len;
        diagnostic = &m->v3.sorobanMeta->diagnosticEvents;
    } else if (m->v == 4) {
        for (uint32_t op = 0; op < m->v4.operations.len; op++) {
            const sx_vec_ContractEvent *events = &m->v4.operations.items[op].events;
            for (uint32_t i = 0; i < events->len; i++)
                expect_event(x, &events->items[i], tx_id, tx_id + op + 1, i, own_type(&events->items[i]),
                             successful);
            versions[4] += events->len;
        }
        for (; level < m->v4.events.len; level++)
            expect_event(x, &m->v4.events.items[level].event, tx_id, 0, level,
                         own_type(&m->v4.events.items[level].event), successful);
        versions[4] += m->v4.events.len;
        diagnostic = &m->v4.diagnosticEvents;
    }
    if (diagnostics && diagnostic)
        for (uint32_t i = 0; i < diagnostic->len; i++)
            expect_event(x, &diagnostic->items[i].event, tx_id, 0, level++, SLUICE_EVENT_DIAGNOSTIC,
                         diagnostic->items[i].inSuccessfulContractCall);
}

static const sx_TransactionMeta *meta_of(const sx_LedgerCloseMeta *lcm, uint32_t i)
{
    return lcm->v == 0 ? &lcm->v0.txProcessing.items[i].txApplyProcessing
           : lcm->v == 1 ? &lcm->v1.txProcessing.items[i].txApplyProcessing
                         : &lcm->v2.txProcessing.items[i].txApplyProcessing;
}

static size_t diagnostic_rows, topics_checked;

/* `bytes` is the XDR of `want`: it decodes, and it is what encoding `want` gives. */
static bool same_scval(sx_arena *arena, sx_buf *buf, sluice_bytes bytes, const sx_SCVal *want)
{
    sx_SCVal back;
    sx_error xe;
    buf->len = 0;
    if (sx_decode_SCVal(bytes.data, bytes.len, arena, &back, &xe) || sx_encode_SCVal(want, buf))
        return false;
    if (buf->len != bytes.len || memcmp(buf->data, bytes.data, bytes.len) != 0)
        return false;
    buf->len = 0;
    return sx_encode_SCVal(&back, buf) == 0 && buf->len == bytes.len &&
           memcmp(buf->data, bytes.data, bytes.len) == 0;
}

static void check_row(const char *where, const sluice_contract_event_row *r,
                      const expected_event *x, sx_arena *arena)
{
    const sx_ContractEvent *e = x->event;
    CHECK_MSG(r->operation_id == x->operation_id && r->event_index == x->event_index &&
                  r->type == x->type && r->in_successful_call == x->in_successful_call,
              "%s: row (op %lld, index %u, type %d, ok %d) != meta (op %lld, index %u, type %d, ok %d)",
              where, (long long)r->operation_id, r->event_index, r->type, r->in_successful_call,
              (long long)x->operation_id, x->event_index, x->type, x->in_successful_call);
    char contract[SLUICE_STRKEY_SIZE] = "";
    if (e->contractID)
        strkey_encode(STRKEY_CONTRACT, e->contractID[0], 32, contract, sizeof contract);
    CHECK_MSG(strcmp(r->contract, contract) == 0, "%s: contract %s, meta %s", where, r->contract,
              contract);
    const sx_vec_SCVal *topics = &e->body.v0.topics;
    CHECK_MSG(r->topic_count == topics->len, "%s: %u topics, meta %u", where, r->topic_count,
              topics->len);
    sx_buf buf;
    sx_buf_init(&buf);
    for (uint32_t i = 0; i < topics->len && i < r->topic_count; i++) {
        CHECK_MSG(same_scval(arena, &buf, r->topics[i], &topics->items[i]),
                  "%s: topic %u does not round-trip to the meta's", where, i);
        topics_checked++;
    }
    CHECK_MSG(same_scval(arena, &buf, r->data, &e->body.v0.data),
              "%s: data does not round-trip to the meta's", where);
    buf.len = 0;
    sx_buf_put(&buf, "[", 1);
    for (uint32_t i = 0; i < topics->len; i++) {
        if (i)
            sx_buf_put(&buf, ",", 1);
        sx_json_SCVal(&topics->items[i], &buf);
    }
    sx_buf_put(&buf, "]", 2); /* with the NUL */
    CHECK_MSG(!buf.fail && strcmp(r->topics_json, (const char *)buf.data) == 0,
              "%s: topics_json %s, decode renders %s", where, r->topics_json, buf.data);
    buf.len = 0;
    sx_json_SCVal(&e->body.v0.data, &buf);
    sx_buf_put(&buf, "", 1);
    CHECK_MSG(!buf.fail && strcmp(r->data_json, (const char *)buf.data) == 0,
              "%s: data_json %s, decode renders %s", where, r->data_json, buf.data);
    sx_buf_free(&buf);
}

/* The frame with every v4 meta of a one-operation transaction rewritten
 * as v3; malloc'd, NULL when no meta was rewritten. */
static uint8_t *rewritten_as_v3(const ledger_frame *f, sx_arena *arena, size_t *len)
{
    sx_LedgerCloseMeta lcm;
    sx_error xe;
    if (sx_decode_LedgerCloseMeta(f->data, f->len, arena, &lcm, &xe) || lcm.v != 2)
        return NULL;
    size_t rewritten = 0;
    for (uint32_t t = 0; t < lcm.v2.txProcessing.len; t++) {
        sx_TransactionMeta *m = &lcm.v2.txProcessing.items[t].txApplyProcessing;
        if (m->v != 4 || m->v4.operations.len != 1)
            continue;
        sx_TransactionMetaV4 v4 = m->v4;
        sx_SorobanTransactionMeta *soroban = sx_arena_alloc(arena, sizeof *soroban);
        memset(soroban, 0, sizeof *soroban);
        soroban->events = v4.operations.items[0].events;
        /* every other event without its contract id, as an event may be:
         * its row is rendered by encoding, not from the frame's bytes */
        for (uint32_t i = 1; i < soroban->events.len; i += 2)
            soroban->events.items[i].contractID = NULL;
        soroban->returnValue.type = SX_SCV_VOID;
        soroban->diagnosticEvents = v4.diagnosticEvents;
        sx_vec_OperationMeta *ops = &m->v3.operations; /* set below, after the clear */
        memset(m, 0, sizeof *m);
        m->v = 3;
        m->v3.txChangesBefore = v4.txChangesBefore;
        m->v3.txChangesAfter = v4.txChangesAfter;
        ops->len = 1;
        ops->items = sx_arena_alloc(arena, sizeof *ops->items);
        ops->items[0].changes = v4.operations.items[0].changes;
        m->v3.sorobanMeta = soroban->events.len || soroban->diagnosticEvents.len ? soroban : NULL;
        rewritten++;
    }
    return rewritten ? ledger_encoded(&lcm, len) : NULL;
}

/* Every frame; returns the events the meta holds per meta version. */
static void check_frames(const ledger_frames *set, bool diagnostics, bool as_v3,
                         size_t versions[5])
{
    sx_arena *arena = sx_arena_new(0), *rewrite_arena = sx_arena_new(0);
    expectations x = {0};
    for (size_t f = 0; f < set->count; f++) {
        ledger_frame rewritten = set->frames[f];
        const ledger_frame *frame = &set->frames[f];
        if (as_v3) {
            sx_arena_reset(rewrite_arena);
            if (!(rewritten.data = rewritten_as_v3(frame, rewrite_arena, &rewritten.len)))
                continue;
            frame = &rewritten;
        }
        indexer_options o = {.network_passphrase = frame->passphrase,
                             .diagnostic_events = diagnostics};
        indexer *ix = indexer_new(&o);
        sluice_ledger l;
        error_report err;
        sx_LedgerCloseMeta lcm;
        sx_error xe;
        sx_arena_reset(arena);
        int rc = indexer_index_frame(ix, frame->data, frame->len, &l, &err);
        CHECK_MSG(rc == 0, "%s: %s", frame->name, err.message);
        CHECK(sx_decode_LedgerCloseMeta(frame->data, frame->len, arena, &lcm, &xe) == 0);
        if (rc != 0) {
            indexer_free(ix);
            continue;
        }
        x.count = 0;
        uint32_t n = ledger_transaction_count(&lcm);
        CHECK(n == l.transaction_count);
        for (uint32_t t = 0; t < n && t < l.transaction_count; t++)
            meta_events(meta_of(&lcm, t), l.transactions[t].id, l.transactions[t].successful,
                        diagnostics, &x, versions);
        CHECK_MSG(l.contract_event_count == x.count, "%s: %zu contract_events rows, the meta "
                  "holds %zu events", frame->name, l.contract_event_count, x.count);
        /* rows and expectations are both in transaction order */
        for (size_t i = 0; i < l.contract_event_count && i < x.count; i++) {
            const sluice_contract_event_row *r =
                SLUICE_ROW_AT(l.contract_events, l.contract_event_row_size, i);
            char where[700];
            snprintf(where, sizeof where, "%s row %zu", frame->name, i);
            CHECK_MSG(r->transaction_id == x.items[i].transaction_id,
                      "%s: transaction %lld, meta %lld", where, (long long)r->transaction_id,
                      (long long)x.items[i].transaction_id);
            check_row(where, r, &x.items[i], arena);
            diagnostic_rows += r->type == SLUICE_EVENT_DIAGNOSTIC;
            for (size_t j = 0; j < i; j++) {
                const sluice_contract_event_row *o2 =
                    SLUICE_ROW_AT(l.contract_events, l.contract_event_row_size, j);
                CHECK_MSG(!(o2->transaction_id == r->transaction_id &&
                            o2->operation_id == r->operation_id &&
                            o2->event_index == r->event_index),
                          "%s: same (transaction, operation, event_index) as row %zu", where, j);
            }
        }
        indexer_free(ix);
        if (as_v3)
            free(rewritten.data);
    }
    free(x.items);
    sx_arena_free(arena);
    sx_arena_free(rewrite_arena);
}

int main(void)
{
    ledger_frames set;
    int rc = ledger_frames_load_for_test(test_fixtures_dir(), &set);
    if (rc)
        return rc;
    size_t off[5] = {0}, on[5] = {0};
    check_frames(&set, false, false, off);
    check_frames(&set, false, true, off);
    CHECK_MSG(diagnostic_rows == 0, "%zu diagnostic rows with the switch off", diagnostic_rows);
    check_frames(&set, true, false, on);
    check_frames(&set, true, true, on);
    fprintf(stderr, "events: %zu in v3 metas, %zu in v4 metas; %zu diagnostic rows with the "
            "switch on; %zu topics round-tripped\n", off[3], off[4], diagnostic_rows,
            topics_checked);
    CHECK_MSG(off[3] > 0 && off[4] > 0, "no Soroban events in v3 metas (%zu, rewritten) or v4 "
              "metas (%zu): nothing was checked", off[3], off[4]);
    CHECK_MSG(diagnostic_rows > 0, "no fixture holds diagnostic events");
    ledger_frames_free(&set);
    return test_finish();
}
