/* pg_balances.c — current-state balances: a set of balance changes is
 * netted per (account, asset) (the highest operation ID wins, later input
 * breaks ties), then applied with two set-based statements inside the open
 * transaction: one upsert `INSERT ... SELECT FROM unnest(...) ON CONFLICT
 * DO UPDATE` and one `DELETE ... USING unnest(...)`.  A stored balance
 * newer than a change (higher operation_id) is left alone, so re-applying
 * an older ledger never moves a balance back (G6). */
#include "config.h"

#include "pg_sink.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_key_then_position(const void *a, const void *b)
{
    const sluice_balance_change *x = *(const sluice_balance_change *const *)a;
    const sluice_balance_change *y = *(const sluice_balance_change *const *)b;
    int c = strcmp(x->account, y->account);
    if (!c)
        c = strcmp(x->asset, y->asset);
    if (!c)
        c = (x->operation_id > y->operation_id) - (x->operation_id < y->operation_id);
    if (!c)
        c = (x > y) - (x < y); /* same array: input order */
    return c;
}

static int same_key(const sluice_balance_change *x, const sluice_balance_change *y)
{
    return strcmp(x->account, y->account) == 0 && strcmp(x->asset, y->asset) == 0;
}

/* The array literals of one statement's parameters. */
typedef struct balance_arrays {
    text_buffer account, asset, balance, limit, flags, operation_id;
    size_t count;
} balance_arrays;

static void array_separator(text_buffer *t, size_t count)
{
    text_buffer_char(t, count ? ',' : '{');
}

static void arrays_add(balance_arrays *a, const sluice_balance_change *c)
{
    array_separator(&a->account, a->count);
    pg_array_string(&a->account, c->account);
    array_separator(&a->asset, a->count);
    pg_array_string(&a->asset, c->asset);
    array_separator(&a->balance, a->count);
    pg_text_int128(&a->balance, c->balance);
    array_separator(&a->limit, a->count);
    pg_text_int(&a->limit, c->limit);
    array_separator(&a->flags, a->count);
    pg_text_uint(&a->flags, c->flags);
    array_separator(&a->operation_id, a->count);
    pg_text_int(&a->operation_id, c->operation_id);
    a->count++;
}

/* Close the literals; 0 after an allocation failure. */
static int arrays_finish(balance_arrays *a)
{
    text_buffer *all[] = {&a->account, &a->asset, &a->balance, &a->limit, &a->flags, &a->operation_id};
    int ok = 1;
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        text_buffer_char(all[i], '}');
        ok &= text_buffer_ok(all[i]);
    }
    return ok;
}

static void arrays_free(balance_arrays *a)
{
    text_buffer *all[] = {&a->account, &a->asset, &a->balance, &a->limit, &a->flags, &a->operation_id};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        text_buffer_free(all[i]);
}

/* Run `before` <schema>.balances `after`. */
static sluice_status run_statement(pg_sink *sink, const char *before, const char *after,
                                   int nparams, const char *const *params, const char *what)
{
    char table[192], sql[1024];
    pg_qualified(sink, "balances", table, sizeof table);
    snprintf(sql, sizeof sql, "%s%s%s", before, table, after);
    PGresult *res = NULL;
    sluice_status status = pg_query(sink, sql, nparams, params, 0, &res, what);
    PQclear(res);
    return status;
}

static sluice_status apply(pg_sink *sink, balance_arrays *upserts, balance_arrays *removals)
{
    if (!arrays_finish(upserts) || !arrays_finish(removals)) {
        sink->host->error(sink->host, "out of memory building balance changes", NULL, NULL);
        return SLUICE_ERROR;
    }
    sluice_status status = SLUICE_OK;
    if (upserts->count) {
        const char *params[] = {upserts->account.data, upserts->asset.data, upserts->balance.data,
                                upserts->limit.data, upserts->flags.data,
                                upserts->operation_id.data};
        status = run_statement(sink,
            "INSERT INTO ", " AS b (account, asset, balance, \"limit\", flags, operation_id) "
            "SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::bigint[], "
            "$5::bigint[], $6::bigint[]) "
            "ON CONFLICT (account, asset) DO UPDATE SET balance = EXCLUDED.balance, "
            "\"limit\" = EXCLUDED.\"limit\", flags = EXCLUDED.flags, "
            "operation_id = EXCLUDED.operation_id WHERE b.operation_id <= EXCLUDED.operation_id",
            6, params, "cannot upsert into balances");
    }
    if (status == SLUICE_OK && removals->count) {
        const char *params[] = {removals->account.data, removals->asset.data,
                                removals->operation_id.data};
        status = run_statement(sink,
            "DELETE FROM ", " AS b USING unnest($1::text[], $2::text[], $3::bigint[]) "
            "AS r(account, asset, operation_id) WHERE b.account = r.account "
            "AND b.asset = r.asset AND b.operation_id <= r.operation_id",
            3, params, "cannot delete from balances");
    }
    return status;
}

static sluice_status invalid_change(pg_sink *sink, size_t index, const char *why)
{
    sink->host->errorf(sink->host, "invalid balance change",
                       "Nothing of the transaction was committed.", "balance change %zu: %s",
                       index, why);
    return SLUICE_ERROR_DATA;
}

sluice_status pg_write_balances(void *instance, const sluice_balance_change *changes,
                                size_t count, size_t element_size)
{
    pg_sink *sink = instance;
    sluice_status status = pg_require_transaction(sink, "write_balances");
    if (status != SLUICE_OK || count == 0)
        return status;
    const sluice_balance_change **order = malloc(count * sizeof *order);
    if (!order) {
        sink->host->error(sink->host, "out of memory sorting balance changes", NULL, NULL);
        return SLUICE_ERROR;
    }
    for (size_t i = 0; i < count; i++) {
        const sluice_balance_change *change = SLUICE_ROW_AT(changes, element_size, i);
        const char *why = !change->asset ? "no asset"
                          : !memchr(change->account, '\0', SLUICE_STRKEY_SIZE)
                              ? "unterminated account"
                          : change->kind < SLUICE_BALANCE_ADD || change->kind > SLUICE_BALANCE_REMOVE
                              ? "unknown kind" : NULL;
        if (why) {
            free(order);
            return invalid_change(sink, i, why);
        }
        order[i] = change;
    }
    qsort(order, count, sizeof *order, by_key_then_position);
    balance_arrays upserts = {0}, removals = {0};
    for (size_t i = 0; i < count; i++) {
        if (i + 1 < count && same_key(order[i], order[i + 1]))
            continue; /* a later change of the same balance wins */
        arrays_add(order[i]->kind == SLUICE_BALANCE_REMOVE ? &removals : &upserts, order[i]);
    }
    free(order);
    status = apply(sink, &upserts, &removals);
    arrays_free(&upserts);
    arrays_free(&removals);
    return status;
}
