/* sink_text.c — a test sink that writes every row it receives as one text
 * line (the fields after each strkey too, so a layout mismatch shows) to
 * the file named by its `output` key, one transaction at a time; cursors
 * live in memory.  tests/abi/minor_compat.sh builds it twice, against the
 * frozen ABI 3.0 headers (tests/abi/sluice-3.0) and against the current
 * ones, runs both in this core and compares what they wrote.  It uses only
 * what ABI 3.0 has. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sluice/plugin.h>

/* Designated members: the same source builds against the 3.0 headers and
 * against newer ones whose sluice_config_key has more members (an unbound
 * key: this sink reads it with config_string). */
static const sluice_config_key text_keys[] = {
    {.name = "output", .type = SLUICE_CONFIG_STRING, .flags = SLUICE_CONFIG_REQUIRED,
     .description = "file the rows are appended to"
#ifdef SLUICE_CONFIG_UNBOUND
     , .offset = SLUICE_CONFIG_UNBOUND
#endif
    },
    SLUICE_CONFIG_END,
};

typedef struct text_sink {
    const sluice_host *host;
    const char *output;            /* owned by the host */
    int has_latest;
    uint32_t latest;
    FILE *pending;                 /* the open transaction's lines */
    char *pending_text;
    size_t pending_len;
} text_sink;

static sluice_status text_open(const sluice_host *host, void **instance)
{
    text_sink *sink = calloc(1, sizeof *sink);
    if (!sink) {
        host->error(host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    sink->host = host;
    sink->output = host->config_string(host, "output");
    *instance = sink;
    return SLUICE_OK;
}

static sluice_status text_lock(void *instance)
{
    (void)instance;
    return SLUICE_OK;
}

static sluice_status text_cursor_get(void *instance, const char *name, uint32_t *value,
                                     int *present)
{
    text_sink *sink = instance;
    int latest = strcmp(name, SLUICE_CURSOR_LATEST) == 0;
    *present = latest && sink->has_latest;
    *value = latest ? sink->latest : 0;
    return SLUICE_OK;
}

static void drop_pending(text_sink *sink)
{
    if (sink->pending)
        fclose(sink->pending);
    free(sink->pending_text);
    sink->pending = NULL;
    sink->pending_text = NULL;
}

static sluice_status text_begin(void *instance)
{
    text_sink *sink = instance;
    drop_pending(sink);
    sink->pending = open_memstream(&sink->pending_text, &sink->pending_len);
    if (!sink->pending) {
        sink->host->error(sink->host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    return SLUICE_OK;
}

static sluice_status text_write_ledger(void *instance, const sluice_ledger *l)
{
    text_sink *sink = instance;
    FILE *out = sink->pending;
    fprintf(out, "ledger %" PRIu32 " close %" PRId64 " protocol %" PRIu32 " ops %" PRIu32
            " coins %" PRId64 " frame %zu\n", l->ledger.sequence, l->ledger.close_time,
            l->ledger.protocol_version, l->ledger.operation_count, l->ledger.total_coins,
            l->frame.len);
    for (size_t i = 0; i < l->transaction_count; i++) {
        const sluice_transaction_row *t = SLUICE_ROW_AT(l->transactions, l->transaction_row_size, i);
        fprintf(out, "tx %" PRId64 " %s fee_bump %d %s max_fee %" PRId64 " charged %" PRId64
                " ok %d code %" PRId32 " memo %d/%zu ops %" PRIu32 "\n", t->id, t->source_account,
                t->is_fee_bump, t->fee_account, t->max_fee, t->fee_charged, t->successful,
                t->result_code, (int)t->memo_type, t->memo_value.len, t->operation_count);
    }
    for (size_t i = 0; i < l->operation_count; i++) {
        const sluice_operation_row *o = SLUICE_ROW_AT(l->operations, l->operation_row_size, i);
        fprintf(out, "op %" PRId64 " tx %" PRId64 " type %" PRIu32 " %s ok %d code %" PRId32
                " op_code %" PRId32 " has_result %d\n", o->id, o->transaction_id, o->type,
                o->source_account, o->successful, o->result_code, o->operation_result_code,
                o->has_result);
    }
    for (size_t i = 0; i < l->transaction_participant_count; i++) {
        const sluice_participant_row *p = SLUICE_ROW_AT(
            l->transaction_participants, l->transaction_participant_row_size, i);
        fprintf(out, "txp %" PRId64 " %s\n", p->id, p->account);
    }
    for (size_t i = 0; i < l->operation_participant_count; i++) {
        const sluice_participant_row *p = SLUICE_ROW_AT(
            l->operation_participants, l->operation_participant_row_size, i);
        fprintf(out, "opp %" PRId64 " %s\n", p->id, p->account);
    }
    for (size_t i = 0; i < l->state_change_count; i++) {
        const sluice_state_change_row *s =
            SLUICE_ROW_AT(l->state_changes, l->state_change_row_size, i);
        fprintf(out, "sc %" PRId64 " #%" PRIu32 " %d/%d %s %s %" PRId64 ":%" PRIu64 " %s\n",
                s->operation_id, s->order, (int)s->category, (int)s->reason, s->account,
                s->asset ? s->asset : "-", s->amount.hi, s->amount.lo,
                s->details_json ? s->details_json : "-");
    }
    return SLUICE_OK;
}

static sluice_status text_write_balances(void *instance, const sluice_balance_change *changes,
                                         size_t count, size_t element_size)
{
    text_sink *sink = instance;
    for (size_t i = 0; i < count; i++) {
        const sluice_balance_change *b = SLUICE_ROW_AT(changes, element_size, i);
        fprintf(sink->pending, "balance %d %" PRId64 " %s %s %" PRId64 ":%" PRIu64 " limit %"
                PRId64 " flags %" PRIu32 "\n", (int)b->kind, b->operation_id, b->account,
                b->asset, b->balance.hi, b->balance.lo, b->limit, b->flags);
    }
    return SLUICE_OK;
}

static sluice_status text_cursor_advance(void *instance, const char *name, int expected_present,
                                         uint32_t expected, uint32_t value)
{
    text_sink *sink = instance;
    if (strcmp(name, SLUICE_CURSOR_LATEST) != 0)
        return SLUICE_OK;
    if (expected_present != sink->has_latest || (expected_present && expected != sink->latest)) {
        sink->host->error(sink->host, "cursor moved by someone else", NULL, NULL);
        return SLUICE_ERROR;
    }
    sink->has_latest = 1;
    sink->latest = value;
    return SLUICE_OK;
}

static sluice_status text_cursor_update_min(void *instance, const char *name, uint32_t value)
{
    (void)instance;
    (void)name;
    (void)value;
    return SLUICE_OK;
}

static sluice_status text_commit(void *instance)
{
    text_sink *sink = instance;
    fclose(sink->pending);
    sink->pending = NULL;
    FILE *file = fopen(sink->output, "a");
    int ok = file && fwrite(sink->pending_text, 1, sink->pending_len, file) == sink->pending_len;
    if (file && fclose(file) != 0)
        ok = 0;
    drop_pending(sink);
    if (!ok) {
        sink->host->error(sink->host, "cannot append to the output file", sink->output, NULL);
        return SLUICE_ERROR;
    }
    return SLUICE_OK;
}

static void text_rollback(void *instance) { drop_pending(instance); }

static sluice_status text_gaps(void *instance, uint32_t from, uint32_t to,
                               sluice_gap_callback callback, void *context)
{
    (void)instance;
    (void)from;
    (void)to;
    (void)callback;
    (void)context;
    return SLUICE_OK;
}

static void text_close(void *instance)
{
    text_sink *sink = instance;
    if (!sink)
        return;
    drop_pending(sink);
    free(sink);
}

static const sluice_sink_ops text_ops = {
    .struct_size = sizeof(sluice_sink_ops),
    .open = text_open,
    .lock = text_lock,
    .cursor_get = text_cursor_get,
    .begin = text_begin,
    .write_ledger = text_write_ledger,
    .write_balances = text_write_balances,
    .cursor_advance = text_cursor_advance,
    .cursor_update_min = text_cursor_update_min,
    .commit = text_commit,
    .rollback = text_rollback,
    .gaps = text_gaps,
    .close = text_close,
};

SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SINK,
    .name = "text",
    .version = "0",
    .description = "test sink writing every row as a line of text",
    .config_keys = text_keys,
    .sink = &text_ops,
};
