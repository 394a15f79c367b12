/* pg_copy.c — append-only rows: write_ledger encodes a ledger's rows into
 * per-table COPY buffers (text or binary format, pg_fields.c); pg_flush sends them with one
 * `COPY ... FROM STDIN` per table once copy_rows rows are buffered (and at
 * commit), after deleting any earlier copy of the same ledgers inside the
 * same transaction, so re-writing a ledger leaves one copy (G6).
 *
 * Every id is a SEP-35 TOID (ledger << 32 | ...), so "the rows of ledgers
 * a..b" is one id range per table; write_ledger refuses a row whose id lies
 * outside its ledger, which would escape that delete. */
#include "config.h"

#include "pg_sink.h"
#include "pg_fields.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const pg_table_spec pg_tables[PG_TABLE_COUNT] = {
    [PG_LEDGERS] = {"ledgers",
                    "sequence, hash, previous_hash, close_time, protocol_version, base_fee, "
                    "base_reserve, successful_transaction_count, failed_transaction_count, "
                    "operation_count, total_coins, fee_pool", "sequence", 0},
    [PG_TRANSACTIONS] = {"transactions",
                         "id, hash, ledger_sequence, application_order, source_account, "
                         "is_fee_bump, fee_account, inner_hash, max_fee, fee_charged, successful, "
                         "result_code, memo_type, memo_value, operation_count, envelope_xdr, "
                         "result_xdr, meta_xdr", "id", 1},
    [PG_OPERATIONS] = {"operations",
                       "id, transaction_id, operation_type, source_account, source_muxed_id, "
                       "successful, result_code, operation_result_code, has_result", "id", 1},
    [PG_TRANSACTION_PARTICIPANTS] = {"transaction_participants", "id, account", "id", 1},
    [PG_OPERATION_PARTICIPANTS] = {"operation_participants", "id, account", "id", 1},
    [PG_STATE_CHANGES] = {"state_changes",
                          "operation_id, \"order\", category, reason, account, asset, amount, "
                          "details_json", "operation_id", 1},
    [PG_TOKEN_TRANSFERS] = {"token_transfers",
                            "transaction_id, operation_id, event_index, kind, \"from\", \"to\", "
                            "asset, asset_contract, amount, to_muxed_id", "transaction_id", 1},
    [PG_CONTRACT_EVENTS] = {"contract_events",
                            "transaction_id, operation_id, event_index, event_type, contract, "
                            "in_successful_call, topic1_xdr, topics_xdr, data_xdr, topics_json, "
                            "data_json", "transaction_id", 1},
};

/* ---- encoding ------------------------------------------------------------ */

/* Start a row of `table` that belongs to ledger `sequence`. */
static void row_start(pg_sink *sink, pg_row *row, pg_table table, uint32_t sequence,
                      int16_t columns)
{
    pg_copy_buffer *b = &sink->buffers[table];
    if (b->lines == b->line_capacity) {
        size_t capacity = b->line_capacity ? 2 * b->line_capacity : 1024;
        uint32_t *grown = realloc(b->line_ledgers, capacity * sizeof *grown);
        if (grown) {
            b->line_ledgers = grown;
            b->line_capacity = capacity;
        }
    }
    if (b->lines < b->line_capacity) {
        if (b->lines == 0 && sink->copy_format == PG_COPY_BINARY)
            pg_binary_header(&b->text);
        b->line_ledgers[b->lines++] = sequence;
    } else {
        b->text.failed = 1; /* the row's fields become no-ops */
    }
    pg_row_begin(row, &b->text, sink->copy_format, columns);
}

static void field_optional_text(pg_row *row, const char *value_or_empty)
{
    if (value_or_empty && value_or_empty[0])
        pg_field_text(row, value_or_empty);
    else
        pg_field_null(row);
}

/* A muxed id (numeric(20,0)), or NULL when the row has none. */
static void field_optional_muxed_id(pg_row *row, bool present, uint64_t id)
{
    if (present)
        pg_field_numeric_uint(row, id);
    else
        pg_field_null(row);
}

static void field_optional_bytes(pg_row *row, sluice_bytes bytes)
{
    if (bytes.len)
        pg_field_bytea(row, bytes.data, bytes.len);
    else
        pg_field_null(row);
}

static void encode_ledger(pg_sink *sink, const sluice_ledger_row *r)
{
    pg_row row;
    row_start(sink, &row, PG_LEDGERS, r->sequence, 12);
    pg_field_int8(&row, r->sequence);
    pg_field_bytea(&row, r->hash, sizeof r->hash);
    pg_field_bytea(&row, r->previous_hash, sizeof r->previous_hash);
    pg_field_timestamptz(&row, r->close_time);
    pg_field_int8(&row, r->protocol_version);
    pg_field_int8(&row, r->base_fee);
    pg_field_int8(&row, r->base_reserve);
    pg_field_int8(&row, r->successful_transaction_count);
    pg_field_int8(&row, r->failed_transaction_count);
    pg_field_int8(&row, r->operation_count);
    pg_field_int8(&row, r->total_coins);
    pg_field_int8(&row, r->fee_pool);
    pg_row_end(&row);
}

static void encode_transaction(pg_sink *sink, uint32_t sequence, const sluice_transaction_row *r)
{
    pg_row row;
    row_start(sink, &row, PG_TRANSACTIONS, sequence, 18);
    pg_field_int8(&row, r->id);
    pg_field_bytea(&row, r->hash, sizeof r->hash);
    pg_field_int8(&row, r->ledger_sequence);
    pg_field_int8(&row, r->application_order);
    pg_field_text(&row, r->source_account);
    pg_field_bool(&row, r->is_fee_bump);
    field_optional_text(&row, r->is_fee_bump ? r->fee_account : NULL);
    if (r->is_fee_bump)
        pg_field_bytea(&row, r->inner_hash, sizeof r->inner_hash);
    else
        pg_field_null(&row);
    pg_field_int8(&row, r->max_fee);
    pg_field_int8(&row, r->fee_charged);
    pg_field_bool(&row, r->successful);
    pg_field_int4(&row, r->result_code);
    pg_field_int2(&row, (int16_t)r->memo_type);
    if (r->memo_type == SLUICE_MEMO_NONE)
        pg_field_null(&row);
    else
        pg_field_bytea(&row, r->memo_value.data, r->memo_value.len);
    pg_field_int8(&row, r->operation_count);
    field_optional_bytes(&row, r->envelope_xdr);
    field_optional_bytes(&row, r->result_xdr);
    field_optional_bytes(&row, r->meta_xdr);
    pg_row_end(&row);
}

static void encode_operation(pg_sink *sink, uint32_t sequence, const sluice_operation_row *r)
{
    pg_row row;
    row_start(sink, &row, PG_OPERATIONS, sequence, 9);
    pg_field_int8(&row, r->id);
    pg_field_int8(&row, r->transaction_id);
    pg_field_int8(&row, r->type);
    pg_field_text(&row, r->source_account);
    field_optional_muxed_id(&row, r->has_source_muxed_id, r->source_muxed_id);
    pg_field_bool(&row, r->successful);
    pg_field_int4(&row, r->result_code);
    pg_field_int4(&row, r->operation_result_code);
    pg_field_bool(&row, r->has_result);
    pg_row_end(&row);
}

static void encode_participant(pg_sink *sink, pg_table table, uint32_t sequence,
                               const sluice_participant_row *r)
{
    pg_row row;
    row_start(sink, &row, table, sequence, 2);
    pg_field_int8(&row, r->id);
    pg_field_text(&row, r->account);
    pg_row_end(&row);
}

static void encode_state_change(pg_sink *sink, uint32_t sequence, const sluice_state_change_row *r)
{
    pg_row row;
    row_start(sink, &row, PG_STATE_CHANGES, sequence, 8);
    pg_field_int8(&row, r->operation_id);
    pg_field_int8(&row, r->order);
    pg_field_int2(&row, (int16_t)r->category);
    pg_field_int2(&row, (int16_t)r->reason);
    pg_field_text(&row, r->account);
    field_optional_text(&row, r->asset);
    if (r->category == SLUICE_SC_BALANCE || r->category == SLUICE_SC_ALLOWANCE)
        pg_field_numeric(&row, r->amount);
    else
        pg_field_null(&row);
    if (r->details_json && r->details_json[0])
        pg_field_jsonb(&row, r->details_json);
    else
        pg_field_null(&row);
    pg_row_end(&row);
}

static void encode_token_transfer(pg_sink *sink, uint32_t sequence,
                                  const sluice_token_transfer_row *r)
{
    pg_row row;
    row_start(sink, &row, PG_TOKEN_TRANSFERS, sequence, 10);
    pg_field_int8(&row, r->transaction_id);
    if (r->operation_id)
        pg_field_int8(&row, r->operation_id);
    else
        pg_field_null(&row); /* a transaction-level event */
    pg_field_int8(&row, r->event_index);
    pg_field_int2(&row, (int16_t)r->kind);
    field_optional_text(&row, r->from);
    field_optional_text(&row, r->to);
    field_optional_text(&row, r->asset);
    field_optional_text(&row, r->asset_contract);
    pg_field_numeric(&row, r->amount);
    field_optional_muxed_id(&row, r->has_to_muxed_id, r->to_muxed_id);
    pg_row_end(&row);
}

/* topics_xdr: the topics as the XDR of an SCVec (count, then each SCVal). */
static void field_topics_xdr(pg_sink *sink, pg_row *row, const sluice_contract_event_row *r)
{
    text_buffer *topics = &sink->event_topics;
    text_buffer_clear(topics);
    const uint8_t count[4] = {(uint8_t)(r->topic_count >> 24), (uint8_t)(r->topic_count >> 16),
                              (uint8_t)(r->topic_count >> 8), (uint8_t)r->topic_count};
    text_buffer_append(topics, count, sizeof count);
    for (uint32_t i = 0; i < r->topic_count; i++)
        text_buffer_append(topics, r->topics[i].data, r->topics[i].len);
    if (text_buffer_failed(topics))
        row->out->failed = 1; /* reported as out of memory with the row's buffer */
    else
        pg_field_bytea(row, (const uint8_t *)topics->data, topics->len);
}

static void encode_contract_event(pg_sink *sink, uint32_t sequence,
                                  const sluice_contract_event_row *r)
{
    pg_row row;
    row_start(sink, &row, PG_CONTRACT_EVENTS, sequence, 11);
    pg_field_int8(&row, r->transaction_id);
    pg_field_int8(&row, r->operation_id);
    pg_field_int8(&row, r->event_index);
    pg_field_int2(&row, (int16_t)r->type);
    field_optional_text(&row, r->contract);
    pg_field_bool(&row, r->in_successful_call);
    if (r->topic_count)
        pg_field_bytea(&row, r->topics[0].data, r->topics[0].len);
    else
        pg_field_null(&row);
    field_topics_xdr(sink, &row, r);
    pg_field_bytea(&row, r->data.data, r->data.len);
    pg_field_jsonb(&row, r->topics_json);
    pg_field_jsonb(&row, r->data_json);
    pg_row_end(&row);
}

/* ---- validation ---------------------------------------------------------- */

static int strkey_terminated(const char *strkey)
{
    return memchr(strkey, '\0', SLUICE_STRKEY_SIZE) != NULL;
}

/* SLUICE_ERROR_DATA naming the ledger, table and row. */
static sluice_status invalid_row(pg_sink *sink, uint32_t sequence, const char *table, size_t row,
                                 const char *why)
{
    char message[256], detail[256];
    snprintf(message, sizeof message, "ledger %" PRIu32 ": invalid %s row", sequence, table);
    snprintf(detail, sizeof detail, "row %zu: %s", row, why);
    sink->host->error(sink->host, message, detail,
                      "The indexer produced a row this sink cannot store; nothing of the "
                      "transaction was committed.");
    return SLUICE_ERROR_DATA;
}

static int toid_in_ledger(int64_t id, uint32_t sequence)
{
    return id >= 0 && (uint64_t)id >> 32 == sequence;
}

/* Token transfers: in this ledger, an operation of their own transaction
 * (or none), strkeys terminated, a kind that fits the smallint column. */
static sluice_status validate_token_transfers(pg_sink *sink, const sluice_ledger *l)
{
    uint32_t seq = l->ledger.sequence;
    for (size_t i = 0; i < l->token_transfer_count; i++) {
        const sluice_token_transfer_row *r =
            SLUICE_ROW_AT(l->token_transfers, l->token_transfer_row_size, i);
        if (!toid_in_ledger(r->transaction_id, seq))
            return invalid_row(sink, seq, "token_transfers", i, "transaction_id is not in this "
                               "ledger");
        if (r->operation_id && (!toid_in_ledger(r->operation_id, seq) ||
                                (r->operation_id & ~(int64_t)0xfff) != r->transaction_id ||
                                r->operation_id == r->transaction_id))
            return invalid_row(sink, seq, "token_transfers", i, "operation_id is not an "
                               "operation of the row's transaction");
        if (!strkey_terminated(r->from) || !strkey_terminated(r->to) ||
            !strkey_terminated(r->asset_contract))
            return invalid_row(sink, seq, "token_transfers", i, "unterminated from, to or "
                               "asset_contract");
        if ((uint32_t)r->kind > INT16_MAX)
            return invalid_row(sink, seq, "token_transfers", i, "kind out of range");
    }
    return SLUICE_OK;
}

static sluice_status validate_contract_events(pg_sink *sink, const sluice_ledger *l)
{
    uint32_t seq = l->ledger.sequence;
    for (size_t i = 0; i < l->contract_event_count; i++) {
        const sluice_contract_event_row *r =
            SLUICE_ROW_AT(l->contract_events, l->contract_event_row_size, i);
        if (!toid_in_ledger(r->transaction_id, seq) ||
            (r->operation_id != 0 && !toid_in_ledger(r->operation_id, seq)))
            return invalid_row(sink, seq, "contract_events", i, "transaction_id or "
                               "operation_id is not in this ledger");
        if (!strkey_terminated(r->contract))
            return invalid_row(sink, seq, "contract_events", i, "unterminated contract");
        if ((r->topic_count && !r->topics) || !r->data.data || !r->topics_json || !r->data_json)
            return invalid_row(sink, seq, "contract_events", i, "topics, data or their JSON "
                               "missing");
        size_t topics_len = 4;
        for (uint32_t t = 0; t < r->topic_count; t++) {
            if (!r->topics[t].data || r->topics[t].len > INT32_MAX - topics_len)
                return invalid_row(sink, seq, "contract_events", i, "a topic has no data, or "
                                   "the topics exceed a bytea field");
            topics_len += r->topics[t].len;
        }
    }
    return SLUICE_OK;
}

static sluice_status validate(pg_sink *sink, const sluice_ledger *l)
{
    uint32_t seq = l->ledger.sequence;
    if (!pg_close_time_valid(l->ledger.close_time))
        return invalid_row(sink, seq, "ledgers", 0, "close_time is outside years 1970..9999");
    for (size_t i = 0; i < l->transaction_count; i++) {
        const sluice_transaction_row *r = SLUICE_ROW_AT(l->transactions, l->transaction_row_size, i);
        if (!toid_in_ledger(r->id, seq) || r->ledger_sequence != seq)
            return invalid_row(sink, seq, "transactions", i, "id or ledger_sequence is not in "
                               "this ledger");
        if (!strkey_terminated(r->source_account) || !strkey_terminated(r->fee_account))
            return invalid_row(sink, seq, "transactions", i, "unterminated account");
        if (r->memo_type != SLUICE_MEMO_NONE && r->memo_value.len && !r->memo_value.data)
            return invalid_row(sink, seq, "transactions", i, "memo_value has no data");
    }
    for (size_t i = 0; i < l->operation_count; i++) {
        const sluice_operation_row *r = SLUICE_ROW_AT(l->operations, l->operation_row_size, i);
        if (!toid_in_ledger(r->id, seq) || !toid_in_ledger(r->transaction_id, seq))
            return invalid_row(sink, seq, "operations", i, "id is not in this ledger");
        if (!strkey_terminated(r->source_account))
            return invalid_row(sink, seq, "operations", i, "unterminated account");
    }
    const struct {
        const char *table;
        const sluice_participant_row *rows;
        size_t count, row_size;
    } participants[] = {
        {"transaction_participants", l->transaction_participants, l->transaction_participant_count,
         l->transaction_participant_row_size},
        {"operation_participants", l->operation_participants, l->operation_participant_count,
         l->operation_participant_row_size},
    };
    for (size_t p = 0; p < 2; p++)
        for (size_t i = 0; i < participants[p].count; i++) {
            const sluice_participant_row *r =
                SLUICE_ROW_AT(participants[p].rows, participants[p].row_size, i);
            if (!toid_in_ledger(r->id, seq) || !strkey_terminated(r->account))
                return invalid_row(sink, seq, participants[p].table, i,
                                   "id not in this ledger or unterminated account");
        }
    for (size_t i = 0; i < l->state_change_count; i++) {
        const sluice_state_change_row *r =
            SLUICE_ROW_AT(l->state_changes, l->state_change_row_size, i);
        if (!toid_in_ledger(r->operation_id, seq) || !strkey_terminated(r->account))
            return invalid_row(sink, seq, "state_changes", i,
                               "operation_id not in this ledger or unterminated account");
    }
    sluice_status status = validate_token_transfers(sink, l);
    return status != SLUICE_OK ? status : validate_contract_events(sink, l);
}

/* ---- buffering ------------------------------------------------------------ */

/* Remember that ledger `sequence` must be deleted before the next COPY. */
static int add_to_runs(pg_sink *sink, uint32_t sequence)
{
    if (sink->run_count && sink->runs[sink->run_count - 1].to + 1 == sequence) {
        sink->runs[sink->run_count - 1].to = sequence;
        return 1;
    }
    if (sink->run_count == sink->run_capacity) {
        size_t capacity = sink->run_capacity ? 2 * sink->run_capacity : 8;
        pg_ledger_run *grown = realloc(sink->runs, capacity * sizeof *grown);
        if (!grown)
            return 0;
        sink->runs = grown;
        sink->run_capacity = capacity;
    }
    sink->runs[sink->run_count++] = (pg_ledger_run){sequence, sequence};
    return 1;
}

static sluice_status out_of_memory(pg_sink *sink, uint32_t sequence)
{
    char message[128];
    snprintf(message, sizeof message, "ledger %" PRIu32 ": out of memory buffering rows", sequence);
    sink->host->error(sink->host, message, NULL, "Lower copy_rows.");
    return SLUICE_ERROR;
}

sluice_status pg_write_ledger(void *instance, const sluice_ledger *l)
{
    pg_sink *sink = instance;
    sluice_status status = pg_require_transaction(sink, "write_ledger");
    if (status != SLUICE_OK)
        return status;
    uint32_t seq = l->ledger.sequence;
    if (sink->has_written && seq <= sink->last_written) {
        sink->host->errorf(sink->host, "ledgers must be written in ascending order within a "
                           "transaction", NULL, "ledger %" PRIu32 " after ledger %" PRIu32, seq,
                           sink->last_written);
        return SLUICE_ERROR;
    }
    /* checked before its partition is made (a refused ledger makes none) */
    if ((status = pg_encode_ledger(sink, l)) != SLUICE_OK ||
        (status = pg_partition_ensure(sink, seq)) != SLUICE_OK)
        return status;
    if (!add_to_runs(sink, seq))
        return out_of_memory(sink, seq);
    sink->has_written = 1;
    sink->last_written = seq;
    sink->buffered_rows += 1 + l->transaction_count + l->operation_count +
                           l->transaction_participant_count + l->operation_participant_count +
                           l->state_change_count + l->token_transfer_count +
                           l->contract_event_count;
    if ((int64_t)sink->buffered_rows >= sink->copy_rows)
        return pg_flush(sink);
    return SLUICE_OK;
}

sluice_status pg_encode_ledger(pg_sink *sink, const sluice_ledger *l)
{
    uint32_t seq = l->ledger.sequence;
    sluice_status status = validate(sink, l);
    if (status != SLUICE_OK)
        return status;
    encode_ledger(sink, &l->ledger);
    for (size_t i = 0; i < l->transaction_count; i++)
        encode_transaction(sink, seq, SLUICE_ROW_AT(l->transactions, l->transaction_row_size, i));
    for (size_t i = 0; i < l->operation_count; i++)
        encode_operation(sink, seq, SLUICE_ROW_AT(l->operations, l->operation_row_size, i));
    for (size_t i = 0; i < l->transaction_participant_count; i++)
        encode_participant(sink, PG_TRANSACTION_PARTICIPANTS, seq,
                           SLUICE_ROW_AT(l->transaction_participants,
                                         l->transaction_participant_row_size, i));
    for (size_t i = 0; i < l->operation_participant_count; i++)
        encode_participant(sink, PG_OPERATION_PARTICIPANTS, seq,
                           SLUICE_ROW_AT(l->operation_participants,
                                         l->operation_participant_row_size, i));
    for (size_t i = 0; i < l->state_change_count; i++)
        encode_state_change(sink, seq, SLUICE_ROW_AT(l->state_changes, l->state_change_row_size, i));
    for (size_t i = 0; i < l->token_transfer_count; i++)
        encode_token_transfer(sink, seq,
                              SLUICE_ROW_AT(l->token_transfers, l->token_transfer_row_size, i));
    for (size_t i = 0; i < l->contract_event_count; i++)
        encode_contract_event(sink, seq,
                              SLUICE_ROW_AT(l->contract_events, l->contract_event_row_size, i));
    for (int t = 0; t < PG_TABLE_COUNT; t++)
        if (sink->buffers[t].text.failed)
            return out_of_memory(sink, seq);
    return SLUICE_OK;
}

/* ---- sending -------------------------------------------------------------- */

/* The first key of the per-ledger write locks: FNV-1a of the schema name. */
static int32_t ledger_lock_space(const pg_sink *sink)
{
    uint32_t hash = 2166136261u;
    for (const char *p = "sluice ledgers\n"; *p; p++)
        hash = (hash ^ (uint8_t)*p) * 16777619u;
    for (const char *p = sink->schema; *p; p++)
        hash = (hash ^ (uint8_t)*p) * 16777619u;
    return (int32_t)hash;
}

/* Append to sql the deletes of every row of ledgers from..to, after each
 * ledger's transaction-level advisory lock, taken in ascending order (so
 * two writers cannot deadlock on them): a concurrent writer of the same
 * ledgers (overlapping backfills, the reaper) waits for this transaction,
 * and its DELETE then sees and removes these rows instead of colliding
 * with them on a primary key. */
static void append_ledger_delete(const pg_sink *sink, text_buffer *sql, uint64_t from,
                                 uint64_t to)
{
    char locks[256];
    int locks_len = snprintf(locks, sizeof locks,
        "SELECT count(pg_advisory_xact_lock(%" PRId32 ", (seq - 2147483648)::int))"
        " FROM generate_series(%" PRIu64 "::bigint, %" PRIu64 "::bigint) AS seq;",
        ledger_lock_space(sink), from, to);
    text_buffer_append(sql, locks, (size_t)locks_len);
    for (int t = 0; t < PG_TABLE_COUNT; t++) {
        char statement[256], table[192];
        pg_qualified(sink, pg_tables[t].name, table, sizeof table);
        uint64_t low = pg_tables[t].key_is_toid ? from << 32 : from;
        uint64_t high = pg_tables[t].key_is_toid ? ((to + 1) << 32) - 1 : to;
        int n = snprintf(statement, sizeof statement,
                         "DELETE FROM %s WHERE %s BETWEEN %" PRIu64 " AND %" PRIu64 ";",
                         table, pg_tables[t].ledger_key, low, high);
        text_buffer_append(sql, statement, (size_t)n);
    }
}

/* Run the deletes built in sql (one round trip) and free it. */
static sluice_status run_deletes(pg_sink *sink, text_buffer *sql, uint32_t first_ledger,
                                 const char *what)
{
    sluice_status status;
    if (!text_buffer_ok(sql))
        status = out_of_memory(sink, first_ledger);
    else
        status = pg_exec(sink, sink->conn, sql->data, what);
    text_buffer_free(sql);
    return status;
}

/* Delete every row of the buffered ledger runs: one round trip. */
static sluice_status delete_runs(pg_sink *sink)
{
    text_buffer sql = {0};
    for (size_t r = 0; r < sink->run_count; r++)
        append_ledger_delete(sink, &sql, sink->runs[r].from, sink->runs[r].to);
    sluice_status status = run_deletes(sink, &sql, sink->runs[0].from,
                                       "cannot delete earlier copies of the ledgers being "
                                       "written");
    if (status == SLUICE_OK)
        sink->run_count = 0;
    return status;
}

sluice_status pg_delete_ledgers(pg_sink *sink, uint32_t from, uint32_t to)
{
    text_buffer sql = {0};
    append_ledger_delete(sink, &sql, from, to);
    return run_deletes(sink, &sql, from, "cannot delete the ledgers below the retention floor");
}

/* The ledger of the COPY line an error's context names ("line N"). */
static uint32_t ledger_of_failed_line(const pg_copy_buffer *b, const PGresult *res)
{
    const char *context = res ? PQresultErrorField(res, PG_DIAG_CONTEXT) : NULL;
    const char *at = context ? strstr(context, ", line ") : NULL;
    unsigned long line = at ? strtoul(at + 7, NULL, 10) : 0;
    if (line >= 1 && line <= b->lines)
        return b->line_ledgers[line - 1];
    return b->lines ? b->line_ledgers[0] : 0;
}

/* Whether tuple routing found no partition for a row (SQLSTATE 23514, "no
 * partition of relation ... found for row") in a partitioned store.  Every
 * ledger's partitions are made (or found) before its rows are buffered, so
 * the partition exists, attached by another worker's session: CI saw two
 * backfill workers at a partition boundary where the one that had not
 * attached it could not route to it yet.  That is transient: the work is
 * retried from its start, its partitions looked up again. */
static int partition_not_routable(const pg_sink *sink, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    return sink->partition_ledgers > 0 && state && strcmp(state, "23514") == 0 && primary &&
           strncmp(primary, "no partition of relation", 24) == 0;
}

static sluice_status copy_failed(pg_sink *sink, pg_table table, PGresult *res)
{
    const pg_copy_buffer *b = &sink->buffers[table];
    int retry_partition = partition_not_routable(sink, res);
    sluice_status status = pg_report(
        sink, sink->conn, res,
        retry_partition ? "The ledger's partition was being attached by another session; the "
                          "work is retried from its start." : NULL,
        "ledger %" PRIu32 ": COPY into %s failed", ledger_of_failed_line(b, res),
        pg_tables[table].name);
    if (retry_partition) {
        sink->partition_ensured = -1;
        status = SLUICE_ERROR_RETRY;
    }
    PQclear(res);
    while ((res = PQgetResult(sink->conn)) != NULL) /* drain to the idle state */
        PQclear(res);
    return status;
}

sluice_status pg_copy_into(pg_sink *sink, pg_table table, const char *target)
{
    pg_copy_buffer *b = &sink->buffers[table];
    if (sink->copy_format == PG_COPY_BINARY)
        pg_binary_trailer(&b->text); /* the header went in with the first row */
    if (!text_buffer_ok(&b->text))
        return out_of_memory(sink, b->line_ledgers[0]);
    char sql[512];
    snprintf(sql, sizeof sql, "COPY %s (%s) FROM STDIN%s", target, pg_tables[table].columns,
             sink->copy_format == PG_COPY_BINARY ? " WITH (FORMAT binary)" : "");
    PGresult *res = PQexec(sink->conn, sql);
    if (PQresultStatus(res) != PGRES_COPY_IN)
        return copy_failed(sink, table, res);
    PQclear(res);
    /* libpq takes int lengths: send in slices */
    const size_t slice = (size_t)1 << 30;
    int sent = 1;
    for (size_t offset = 0; sent == 1 && offset < b->text.len; offset += slice) {
        size_t n = b->text.len - offset < slice ? b->text.len - offset : slice;
        sent = PQputCopyData(sink->conn, b->text.data + offset, (int)n);
    }
    PQputCopyEnd(sink->conn, sent == 1 ? NULL : "sluice: sending the COPY data failed");
    res = PQgetResult(sink->conn);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return copy_failed(sink, table, res);
    PQclear(res);
    while ((res = PQgetResult(sink->conn)) != NULL)
        PQclear(res);
    text_buffer_clear(&b->text);
    b->lines = 0;
    return SLUICE_OK;
}

sluice_status pg_flush(pg_sink *sink)
{
    sluice_status status = SLUICE_OK;
    if (sink->run_count && (status = delete_runs(sink)) != SLUICE_OK)
        return status;
    for (int t = 0; t < PG_TABLE_COUNT && status == SLUICE_OK; t++) {
        char qualified[192];
        pg_qualified(sink, pg_tables[t].name, qualified, sizeof qualified);
        if (sink->buffers[t].lines)
            status = pg_copy_into(sink, (pg_table)t, qualified);
    }
    if (status == SLUICE_OK)
        sink->buffered_rows = 0;
    return status;
}

void pg_discard_buffers(pg_sink *sink)
{
    for (int t = 0; t < PG_TABLE_COUNT; t++) {
        text_buffer_clear(&sink->buffers[t].text);
        sink->buffers[t].lines = 0;
    }
    sink->buffered_rows = 0;
    sink->run_count = 0;
    sink->has_written = 0;
}

void pg_free_buffers(pg_sink *sink)
{
    for (int t = 0; t < PG_TABLE_COUNT; t++) {
        text_buffer_free(&sink->buffers[t].text);
        free(sink->buffers[t].line_ledgers);
    }
    free(sink->runs);
    text_buffer_free(&sink->event_topics);
    memset(sink->buffers, 0, sizeof sink->buffers);
    sink->runs = NULL;
    sink->run_capacity = sink->run_count = 0;
}
