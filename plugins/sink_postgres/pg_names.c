/* pg_names.c — the lookup tables of names beside codes (operation_types,
 * transaction_result_codes, ...; created by migration 5 of pg_schema.c),
 * filled at every open from the core's names (host->code_names), inside
 * the migration's transaction: a newer core's new codes appear without a
 * migration, and the rows are written only when they differ, so an open
 * that changes nothing leaves no dead tuples. */
#include "config.h"

#include "pg_sink.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

typedef struct lookup_table {
    const char *name;
    sluice_name_set set;
    int has_context;             /* keyed by (operation_type, code) */
} lookup_table;

static const lookup_table lookup_tables[] = {
    {"operation_types", SLUICE_NAMES_OPERATION_TYPE, 0},
    {"transaction_result_codes", SLUICE_NAMES_TRANSACTION_RESULT, 0},
    {"operation_result_codes", SLUICE_NAMES_OPERATION_RESULT, 0},
    {"operation_type_result_codes", SLUICE_NAMES_OPERATION_TYPE_RESULT, 1},
    {"state_change_categories", SLUICE_NAMES_STATE_CATEGORY, 0},
    {"state_change_reasons", SLUICE_NAMES_STATE_REASON, 0},
    {"token_transfer_kinds", SLUICE_NAMES_TRANSFER_KIND, 0},
    {"contract_event_types", SLUICE_NAMES_CONTRACT_EVENT_TYPE, 0},
};

/* Names are the core's identifiers; anything else is refused rather than quoted. */
static int plain_name(const char *name)
{
    if (!name || !*name)
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return 1;
}

/* The upsert of one table's names into sql; 0 when a name is not plain. */
static int append_upsert(pg_sink *sink, const lookup_table *table, const sluice_code_name *names,
                         size_t count, size_t element_size, text_buffer *sql)
{
    char qualified[192];
    pg_qualified(sink, table->name, qualified, sizeof qualified);
    text_buffer_printf(sql, "INSERT INTO %s AS t (%scode, name) VALUES ", qualified,
                       table->has_context ? "operation_type, " : "");
    for (size_t i = 0; i < count; i++) {
        const sluice_code_name *n = SLUICE_ROW_AT(names, element_size, i);
        if (!plain_name(n->name))
            return 0;
        text_buffer_puts(sql, i ? ",(" : "(");
        if (table->has_context)
            text_buffer_printf(sql, "%" PRId32 ",", n->context);
        text_buffer_printf(sql, "%" PRId32 ",'%s')", n->code, n->name);
    }
    text_buffer_printf(sql, " ON CONFLICT (%scode) DO UPDATE SET name = EXCLUDED.name"
                       " WHERE t.name IS DISTINCT FROM EXCLUDED.name;",
                       table->has_context ? "operation_type, " : "");
    return 1;
}

sluice_status pg_names_fill(pg_sink *sink, text_buffer *sql)
{
    const sluice_host *host = sink->host;
    if (!SLUICE_HOST_HAS(host, code_names))
        return SLUICE_OK; /* a core without names: the tables stay as they are */
    text_buffer_clear(sql);
    for (size_t t = 0; t < sizeof lookup_tables / sizeof *lookup_tables; t++) {
        size_t count = 0, element_size = 0;
        const sluice_code_name *names =
            host->code_names(host, lookup_tables[t].set, &count, &element_size);
        if (!names || count == 0)
            continue;
        if (element_size < SLUICE_SIZE_THROUGH(sluice_code_name, name) ||
            !append_upsert(sink, &lookup_tables[t], names, count, element_size, sql)) {
            host->errorf(host, "the core's names cannot be stored", NULL,
                         "table %s: an element of %zu bytes or a name not made of a-z, 0-9 "
                         "and _", lookup_tables[t].name, element_size);
            return SLUICE_ERROR;
        }
    }
    if (!text_buffer_ok(sql)) {
        host->error(host, "out of memory building the lookup tables", NULL, NULL);
        return SLUICE_ERROR;
    }
    return sql->len ? pg_exec(sink, sink->conn, sql->data, "cannot fill the lookup tables")
                    : SLUICE_OK;
}
