/* row_format.c — rows to NDJSON objects (see row_format.h).  Each row
 * kind has one function writing its fields; the two formats differ only
 * in how those fields are wrapped. */
#include "config.h"

#include "row_format.h"
#include "json_text.h"

#include <inttypes.h>
#include <string.h>

static void key(text_buffer *out, const char *name)
{
    text_buffer_printf(out, ",\"%s\":", name);
}

static void key_u32(text_buffer *out, const char *name, uint32_t value)
{
    text_buffer_printf(out, ",\"%s\":%" PRIu32, name, value);
}

/* ,"NAME":"the code's name" (host->code_name), or null when the code has
 * none (absent, or newer than the core). */
static void key_code_name(text_buffer *out, const char *name, const sluice_host *host,
                          sluice_name_set set, int32_t context, int32_t code, int present)
{
    const char *text = present && host && SLUICE_HOST_HAS(host, code_name)
        ? host->code_name(host, set, context, code) : NULL;
    key(out, name);
    json_cstring_or_null(out, text);
}

/* ---- the fields of each row kind.  The wrapper writes '{' and the first
 * key; a fields function writes that key's value, then ",key:value" for
 * the rest (ledger_fields: only the rest, after "sequence"). */

static void ledger_fields(text_buffer *out, const sluice_ledger_row *row)
{
    key(out, "hash");
    json_hex(out, row->hash, sizeof row->hash);
    key(out, "previous_hash");
    json_hex(out, row->previous_hash, sizeof row->previous_hash);
    text_buffer_printf(out, ",\"close_time\":%" PRId64, row->close_time);
    key_u32(out, "protocol_version", row->protocol_version);
    key_u32(out, "base_fee", row->base_fee);
    key_u32(out, "base_reserve", row->base_reserve);
    key_u32(out, "successful_transaction_count", row->successful_transaction_count);
    key_u32(out, "failed_transaction_count", row->failed_transaction_count);
    key_u32(out, "operation_count", row->operation_count);
    key(out, "total_coins");
    json_int64_string(out, row->total_coins);
    key(out, "fee_pool");
    json_int64_string(out, row->fee_pool);
}

static void transaction_fields(text_buffer *out, const sluice_host *host,
                               const sluice_transaction_row *row)
{
    json_int64_string(out, row->id);
    key(out, "hash");
    json_hex(out, row->hash, sizeof row->hash);
    key_u32(out, "ledger_sequence", row->ledger_sequence);
    key_u32(out, "application_order", row->application_order);
    key(out, "source_account");
    json_cstring(out, row->source_account);
    key(out, "is_fee_bump");
    json_bool(out, row->is_fee_bump);
    key(out, "fee_account");
    json_cstring_or_null(out, row->is_fee_bump ? row->fee_account : NULL);
    key(out, "inner_hash");
    if (row->is_fee_bump)
        json_hex(out, row->inner_hash, sizeof row->inner_hash);
    else
        text_buffer_puts(out, "null");
    key(out, "max_fee");
    json_int64_string(out, row->max_fee);
    key(out, "fee_charged");
    json_int64_string(out, row->fee_charged);
    key(out, "successful");
    json_bool(out, row->successful);
    text_buffer_printf(out, ",\"result_code\":%" PRId32, row->result_code);
    key_code_name(out, "result_code_name", host, SLUICE_NAMES_TRANSACTION_RESULT, 0,
                  row->result_code, 1);
    key_u32(out, "memo_type", (uint32_t)row->memo_type);
    key(out, "memo_value");
    if (row->memo_type == SLUICE_MEMO_NONE)
        text_buffer_puts(out, "null");
    else
        json_hex(out, row->memo_value.data, row->memo_value.len);
    key_u32(out, "operation_count", row->operation_count);
    key(out, "envelope_xdr");
    json_base64_or_null(out, row->envelope_xdr.data, row->envelope_xdr.len);
    key(out, "result_xdr");
    json_base64_or_null(out, row->result_xdr.data, row->result_xdr.len);
    key(out, "meta_xdr");
    json_base64_or_null(out, row->meta_xdr.data, row->meta_xdr.len);
}

static void operation_fields(text_buffer *out, const sluice_host *host,
                             const sluice_operation_row *row)
{
    json_int64_string(out, row->id);
    key(out, "transaction_id");
    json_int64_string(out, row->transaction_id);
    key_u32(out, "operation_type", row->type); /* "type" names the object kind */
    key_code_name(out, "operation_type_name", host, SLUICE_NAMES_OPERATION_TYPE, 0,
                  (int32_t)row->type, 1);
    key(out, "source_account");
    json_cstring(out, row->source_account);
    key(out, "source_muxed_id");
    if (row->has_source_muxed_id)
        json_uint64_string(out, row->source_muxed_id);
    else
        text_buffer_puts(out, "null");
    key(out, "successful");
    json_bool(out, row->successful);
    text_buffer_printf(out, ",\"result_code\":%" PRId32, row->result_code);
    /* the type's own code means something only when the operation ran */
    key_code_name(out, "result_code_name", host, SLUICE_NAMES_OPERATION_TYPE_RESULT,
                  (int32_t)row->type, row->result_code,
                  row->has_result && row->operation_result_code == 0);
    text_buffer_printf(out, ",\"operation_result_code\":%" PRId32, row->operation_result_code);
    key_code_name(out, "operation_result_code_name", host, SLUICE_NAMES_OPERATION_RESULT, 0,
                  row->operation_result_code, row->has_result);
    key(out, "has_result");
    json_bool(out, row->has_result);
}

static void participant_fields(text_buffer *out, const sluice_host *host,
                               const sluice_participant_row *row)
{
    (void)host;
    json_int64_string(out, row->id);
    key(out, "account");
    json_cstring(out, row->account);
}

static void state_change_fields(text_buffer *out, const sluice_host *host,
                                const sluice_state_change_row *row)
{
    json_int64_string(out, row->operation_id);
    key_u32(out, "order", row->order);
    key_u32(out, "category", (uint32_t)row->category);
    key_code_name(out, "category_name", host, SLUICE_NAMES_STATE_CATEGORY, 0,
                  (int32_t)row->category, 1);
    key_u32(out, "reason", (uint32_t)row->reason);
    key_code_name(out, "reason_name", host, SLUICE_NAMES_STATE_REASON, 0, (int32_t)row->reason,
                  1);
    key(out, "account");
    json_cstring(out, row->account);
    key(out, "asset");
    json_cstring_or_null(out, row->asset);
    key(out, "amount");
    if (row->category == SLUICE_SC_BALANCE || row->category == SLUICE_SC_ALLOWANCE)
        json_int128_string(out, row->amount);
    else
        text_buffer_puts(out, "null");
    key(out, "details_json");
    text_buffer_puts(out, row->details_json && *row->details_json ? row->details_json : "null");
}

/* Token transfers (ABI 3.2): an operation id of 0 (a transaction-level
 * event), an empty from or to and a NULL asset are null. */
static void token_transfer_fields(text_buffer *out, const sluice_host *host,
                                  const sluice_token_transfer_row *row)
{
    json_int64_string(out, row->transaction_id);
    key(out, "operation_id");
    if (row->operation_id)
        json_int64_string(out, row->operation_id);
    else
        text_buffer_puts(out, "null");
    key_u32(out, "event_index", row->event_index);
    key_u32(out, "kind", (uint32_t)row->kind);
    key_code_name(out, "kind_name", host, SLUICE_NAMES_TRANSFER_KIND, 0, (int32_t)row->kind, 1);
    const struct {
        const char *name, *value;
    } texts[] = {{"from", row->from}, {"to", row->to}, {"asset", row->asset},
                 {"asset_contract", row->asset_contract}};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        key(out, texts[i].name);
        json_cstring_or_null(out, texts[i].value);
    }
    key(out, "amount");
    json_int128_string(out, row->amount);
    key(out, "to_muxed_id");
    if (row->has_to_muxed_id)
        json_uint64_string(out, row->to_muxed_id);
    else
        text_buffer_puts(out, "null");
}

static void balance_fields(text_buffer *out, const sluice_host *host,
                           const sluice_balance_change *row)
{
    (void)host;
    text_buffer_printf(out, "%u", (unsigned)row->kind);
    key(out, "operation_id");
    json_int64_string(out, row->operation_id);
    key(out, "account");
    json_cstring(out, row->account);
    key(out, "asset");
    json_cstring_or_null(out, row->asset);
    key(out, "balance");
    json_int128_string(out, row->balance);
    key(out, "limit");
    json_int64_string(out, row->limit);
    key_u32(out, "flags", row->flags);
}

/* ---- wrapping ------------------------------------------------------------ */

/* Rows are element_size bytes apart (SLUICE_ROW_AT: they may have grown). */

/* One row per line: {"type":TYPE,[extra,]FIRST_KEY:...}.  host names codes. */
#define ROW_LINES(out, host, type_name, extra, first_key, rows, count, element_size, fields) \
    for (size_t i_ = 0; i_ < (count); i_++) {                                         \
        text_buffer_puts((out), "{\"type\":\"" type_name "\"" extra ",\"" first_key "\":"); \
        fields((out), (host), SLUICE_ROW_AT((rows), (element_size), i_));             \
        text_buffer_puts((out), "}\n");                                               \
    }

/* A nested array: ,"NAME":[{FIRST_KEY:...},...]. */
#define ROW_ARRAY(out, host, name, first_key, rows, count, element_size, fields)      \
    do {                                                                              \
        text_buffer_puts((out), ",\"" name "\":[");                                   \
        for (size_t i_ = 0; i_ < (count); i_++) {                                     \
            text_buffer_puts((out), i_ ? ",{\"" first_key "\":" : "{\"" first_key "\":"); \
            fields((out), (host), SLUICE_ROW_AT((rows), (element_size), i_));         \
            text_buffer_puts((out), "}");                                             \
        }                                                                             \
        text_buffer_puts((out), "]");                                                 \
    } while (0)

void row_format_ledger(text_buffer *out, const sluice_host *host, const sluice_ledger *ledger,
                       row_format format, int include_frame)
{
    text_buffer_printf(out, "{\"type\":\"ledger\",\"sequence\":%" PRIu32,
                       ledger->ledger.sequence);
    ledger_fields(out, &ledger->ledger);
    if (include_frame) {
        key(out, "frame_xdr");
        json_base64_or_null(out, ledger->frame.data, ledger->frame.len);
    }
    if (format == ROW_FORMAT_LEDGER) {
        ROW_ARRAY(out, host, "transactions", "id", ledger->transactions, ledger->transaction_count,
                  ledger->transaction_row_size, transaction_fields);
        ROW_ARRAY(out, host, "operations", "id", ledger->operations, ledger->operation_count,
                  ledger->operation_row_size, operation_fields);
        ROW_ARRAY(out, host, "transaction_participants", "id", ledger->transaction_participants,
                  ledger->transaction_participant_count,
                  ledger->transaction_participant_row_size, participant_fields);
        ROW_ARRAY(out, host, "operation_participants", "id", ledger->operation_participants,
                  ledger->operation_participant_count, ledger->operation_participant_row_size,
                  participant_fields);
        ROW_ARRAY(out, host, "state_changes", "operation_id", ledger->state_changes,
                  ledger->state_change_count, ledger->state_change_row_size,
                  state_change_fields);
        ROW_ARRAY(out, host, "token_transfers", "transaction_id", ledger->token_transfers,
                  ledger->token_transfer_count, ledger->token_transfer_row_size,
                  token_transfer_fields);
        text_buffer_puts(out, "}\n");
        return;
    }
    text_buffer_puts(out, "}\n");
    ROW_LINES(out, host, "transaction", "", "id", ledger->transactions, ledger->transaction_count,
              ledger->transaction_row_size, transaction_fields);
    ROW_LINES(out, host, "operation", "", "id", ledger->operations, ledger->operation_count,
              ledger->operation_row_size, operation_fields);
    ROW_LINES(out, host, "participant", ",\"table\":\"transaction_participants\"", "id",
              ledger->transaction_participants, ledger->transaction_participant_count,
              ledger->transaction_participant_row_size, participant_fields);
    ROW_LINES(out, host, "participant", ",\"table\":\"operation_participants\"", "id",
              ledger->operation_participants, ledger->operation_participant_count,
              ledger->operation_participant_row_size, participant_fields);
    ROW_LINES(out, host, "state_change", "", "operation_id", ledger->state_changes,
              ledger->state_change_count, ledger->state_change_row_size, state_change_fields);
    ROW_LINES(out, host, "token_transfer", "", "transaction_id", ledger->token_transfers,
              ledger->token_transfer_count, ledger->token_transfer_row_size,
              token_transfer_fields);
}

void row_format_balances(text_buffer *out, const sluice_balance_change *changes, size_t count,
                         size_t element_size)
{
    ROW_LINES(out, NULL, "balance", "", "kind", changes, count, element_size, balance_fields);
}
