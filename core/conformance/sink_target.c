/* sink_target.c — instances of the sink under test and the writes and
 * reads the sink checks are made of (see sink_target.h). */
#include "config.h"

#include "conformance/sink_target.h"
#include "conformance/ledger_factory.h"

#include <stdio.h>
#include <string.h>

sluice_status sink_conn_open(sink_conn *c, const sink_target *target)
{
    memset(c, 0, sizeof *c);
    c->ops = target->section->plugin.descriptor->sink;
    error_report err;
    sluice_status status = instance_open(&c->instance, target->section,
                                         target->network_passphrase, &err);
    if (status != SLUICE_OK) {
        snprintf(c->error, sizeof c->error, "%s%s%s%s", err.message, err.detail[0] ? " (" : "",
                 err.detail, err.detail[0] ? ")" : "");
        return status;
    }
    c->handle = c->instance.handle;
    return SLUICE_OK;
}

void sink_conn_close(sink_conn *c)
{
    instance_close(&c->instance);
    c->handle = NULL;
}

const char *sink_conn_error(sink_conn *c, sluice_status status)
{
    error_report err;
    instance_take_error(&c->instance, status, &err, "sink");
    snprintf(c->error, sizeof c->error, "%s%s%s%s", err.message, err.detail[0] ? " (" : "",
             err.detail, err.detail[0] ? ")" : "");
    return c->error;
}

/* Roll back after a failed step and keep the step's error. */
static sluice_status failed(sink_conn *c, sluice_status status)
{
    sink_conn_error(c, status);
    c->ops->rollback(c->handle);
    return status;
}

sluice_status sink_write_ledgers(sink_conn *c, uint32_t from, uint32_t to)
{
    for (uint64_t sequence = from; sequence <= to; sequence++) {
        factory_ledger ledger;
        factory_build(&ledger, (uint32_t)sequence, (unsigned)(sequence % 3), 2);
        sluice_status status = c->ops->write_ledger(c->handle, &ledger.ledger);
        factory_free(&ledger);
        if (status != SLUICE_OK) {
            sink_conn_error(c, status);
            return status;
        }
    }
    return SLUICE_OK;
}

sluice_status sink_write_range(sink_conn *c, uint32_t from, uint32_t to, uint32_t *latest)
{
    sluice_status status = c->ops->begin(c->handle);
    if (status != SLUICE_OK)
        return failed(c, status);
    status = sink_write_ledgers(c, from, to);
    if (status != SLUICE_OK) {
        c->ops->rollback(c->handle);
        return status;
    }
    if (latest) {
        status = c->ops->cursor_advance(c->handle, SLUICE_CURSOR_LATEST, *latest != 0, *latest,
                                        to);
        if (status != SLUICE_OK)
            return failed(c, status);
    }
    status = c->ops->commit(c->handle);
    if (status != SLUICE_OK)
        return failed(c, status);
    if (latest)
        *latest = to;
    return SLUICE_OK;
}

sluice_status sink_update_min(sink_conn *c, uint32_t value)
{
    sluice_status status = c->ops->begin(c->handle);
    if (status == SLUICE_OK)
        status = c->ops->cursor_update_min(c->handle, SLUICE_CURSOR_OLDEST, value);
    if (status == SLUICE_OK)
        status = c->ops->commit(c->handle);
    return status == SLUICE_OK ? SLUICE_OK : failed(c, status);
}

int sink_read_cursor(sink_conn *c, const char *name, uint32_t *value, int *present)
{
    *value = 0;
    *present = 0;
    sluice_status status = c->ops->cursor_get(c->handle, name, value, present);
    if (status == SLUICE_OK)
        return 0;
    sink_conn_error(c, status);
    return -1;
}

void sink_range_text(uint32_t from, uint32_t to, char *text, size_t size)
{
    snprintf(text, size, "%u-%u", from, to);
}

/* Text being built: runs of sequences, appended in order. */
typedef struct run_text {
    char *text;
    size_t size;
    int open;                  /* a run is being extended */
    uint32_t first, last;
} run_text;

static void run_text_append(run_text *r, const char *piece)
{
    size_t used = strlen(r->text);
    snprintf(r->text + used, r->size - used, "%s%s", used ? " " : "", piece);
}

static void run_text_flush(run_text *r)
{
    if (!r->open)
        return;
    char piece[32];
    sink_range_text(r->first, r->last, piece, sizeof piece);
    run_text_append(r, piece);
    r->open = 0;
}

static void run_text_add(run_text *r, uint32_t first, uint32_t last)
{
    if (r->open && r->last != UINT32_MAX && first == r->last + 1) {
        r->last = last;
        return;
    }
    run_text_flush(r);
    r->open = 1;
    r->first = first;
    r->last = last;
}

static int collect_gap(void *context, const sluice_gap *gap)
{
    run_text *r = context;
    run_text_flush(r);  /* gaps are reported as given, not merged */
    r->open = 1;
    r->first = gap->from;
    r->last = gap->to;
    run_text_flush(r);
    return 0;
}

int sink_read_gaps(sink_conn *c, uint32_t from, uint32_t to, char *text, size_t size)
{
    text[0] = '\0';
    run_text r = {text, size, 0, 0, 0};
    sluice_status status = c->ops->gaps(c->handle, from, to, collect_gap, &r);
    if (status == SLUICE_OK)
        return 0;
    sink_conn_error(c, status);
    return -1;
}

typedef struct chain_text {
    run_text runs;
    uint32_t from, to;
    int any;
    uint32_t previous;
} chain_text;

static void chain_bad(chain_text *t, uint32_t sequence, const char *why)
{
    run_text_flush(&t->runs);
    char piece[96];
    snprintf(piece, sizeof piece, "!bad %u (%s)", sequence, why);
    run_text_append(&t->runs, piece);
}

static int collect_link(void *context, const sluice_chain_link *link)
{
    chain_text *t = context;
    uint8_t hash[32], previous[32];
    factory_ledger_hash(link->sequence, hash);
    factory_ledger_hash(link->sequence - 1, previous);
    if (t->any && link->sequence <= t->previous)
        chain_bad(t, link->sequence, link->sequence == t->previous ? "reported twice"
                                                                   : "not ascending");
    else if (link->sequence < t->from || link->sequence > t->to)
        chain_bad(t, link->sequence, "outside the range asked for");
    else if (memcmp(hash, link->hash, 32) != 0)
        chain_bad(t, link->sequence, "hash differs from the one written");
    else if (memcmp(previous, link->previous_hash, 32) != 0)
        chain_bad(t, link->sequence, "previous_hash differs from the one written");
    else
        run_text_add(&t->runs, link->sequence, link->sequence);
    t->any = 1;
    t->previous = link->sequence;
    return 0;
}

int sink_read_chain(sink_conn *c, uint32_t from, uint32_t to, char *text, size_t size)
{
    text[0] = '\0';
    chain_text t = {{text, size, 0, 0, 0}, from, to, 0, 0};
    sluice_status status = c->ops->ledger_chain(c->handle, from, to, collect_link, &t);
    run_text_flush(&t.runs);
    if (status == SLUICE_OK)
        return 0;
    sink_conn_error(c, status);
    return -1;
}
