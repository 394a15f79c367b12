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

/* Text that sx_json_escaped copies as it is (printable ASCII but '"' and
 * '\\'): a symbol of [A-Za-z0-9_] (what the host allows), or a string
 * such as a Stellar Asset Contract's "CODE:ISSUER" topic. */
static bool plain_text(const sx_bytes *text)
{
    /* eight bytes a step: `bad & highs` is non-zero when some byte is
     * below 0x20, above 0x7e, '"' or '\\' (exact as a boolean: "Bit
     * Twiddling Hacks", hasless / hasmore / haszero) */
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint32_t i = 0;
    for (; i + 8 <= text->len; i += 8) {
        uint64_t w;
        memcpy(&w, text->data + i, 8);
        uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
        uint64_t bad = ((w - ones * 0x20) & ~w) | ((w + ones) | w) | ((quote - ones) & ~quote) |
                       ((backslash - ones) & ~backslash);
        if (bad & highs)
            return false;
    }
    for (; i < text->len; i++) {
        uint8_t c = text->data[i];
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
            return false;
    }
    return true;
}

/* `{"<kind>":"<text>"}` of text that needs no escaping. */
static int text_json(const char *open, size_t open_len, const sx_bytes *text, sx_buf *b)
{
    return sx_buf_put(b, open, open_len) || sx_buf_put(b, text->data, text->len) ||
           sx_buf_put(b, "\"}", 2);
}

/* An i128 that fits in 64 bits as `"digits"` (with '-'); false otherwise. */
static bool small_i128_json(const sx_Int128Parts *v, sx_buf *b, int *rc)
{
    bool negative = v->hi == -1 && v->lo >= (uint64_t)1 << 63;
    if (!(v->hi == 0 || negative))
        return false;
    uint64_t magnitude = negative ? ~v->lo + 1 : v->lo;
    char text[24];
    size_t at = sizeof text;
    text[--at] = '"';
    do {
        text[--at] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (negative)
        text[--at] = '-';
    text[--at] = '"';
    *rc = sx_buf_put(b, text + at, sizeof text - at);
    return true;
}

static int value_json(indexer *ix, const sx_SCVal *v, sx_buf *b);

/* `{"vec":[...]}` of a present vector, its items through value_json. */
static int vec_json(indexer *ix, const sx_SCVec *vec, sx_buf *b)
{
    if (sx_buf_put(b, "{\"vec\":[", 8))
        return -1;
    for (uint32_t i = 0; i < vec->len; i++)
        if ((i && sx_buf_put(b, ",", 1)) || value_json(ix, &vec->items[i], b))
            return -1;
    return sx_buf_put(b, "]}", 2);
}

/* `{"map":[{"key":..,"val":..},...]}` of a present map, its keys and
 * values through value_json. */
static int map_json(indexer *ix, const sx_SCMap *map, sx_buf *b)
{
    if (sx_buf_put(b, "{\"map\":[", 8))
        return -1;
    for (uint32_t i = 0; i < map->len; i++)
        if ((i && sx_buf_put(b, ",", 1)) || sx_buf_put(b, "{\"key\":", 7) ||
            value_json(ix, &map->items[i].key, b) || sx_buf_put(b, ",\"val\":", 7) ||
            value_json(ix, &map->items[i].val, b) || sx_buf_put(b, "}", 1))
            return -1;
    return sx_buf_put(b, "]}", 2);
}

/* Exactly sx_json_SCVal of `v` (tests/indexer/test_contract_events compares
 * them on every fixture event), faster for what events hold most: symbols
 * and strings without escapes, i128 amounts that fit in 64 bits, and
 * addresses (but muxed ones), whose strkeys come from this ledger's
 * interned names (names.c) instead of being encoded again, also inside
 * vectors and maps (a transfer's data is often a map of symbols to amounts
 * and addresses). */
static int value_json(indexer *ix, const sx_SCVal *v, sx_buf *b)
{
    int rc = 0;
    switch (v->type) {
    case SX_SCV_VEC:
        if (!v->vec)
            break;
        return vec_json(ix, v->vec, b);
    case SX_SCV_MAP:
        if (!v->map)
            break;
        return map_json(ix, v->map, b);
    case SX_SCV_SYMBOL:
        if (!plain_text(&v->sym))
            break;
        return text_json("{\"symbol\":\"", 11, &v->sym, b);
    case SX_SCV_STRING:
        if (!plain_text(&v->str))
            break;
        return text_json("{\"string\":\"", 11, &v->str, b);
    case SX_SCV_I128:
        if (sx_buf_put(b, "{\"i128\":", 8))
            return -1;
        if (!small_i128_json(&v->i128, b, &rc)) {
            b->len -= 8;
            break;
        }
        return rc || sx_buf_put(b, "}", 1);
    case SX_SCV_ADDRESS: {
        /* G, C, L and (V0) B strkeys are interned names; M is not */
        bool interned = v->address.type != SX_SC_ADDRESS_TYPE_MUXED_ACCOUNT &&
                        (v->address.type != SX_SC_ADDRESS_TYPE_ACCOUNT ||
                         v->address.accountId.type == SX_PUBLIC_KEY_TYPE_ED25519);
        const ix_name *name = interned ? ix_address_name(ix, &v->address) : NULL;
        if (!name)
            break;
        return sx_buf_put(b, "{\"address\":\"", 12) ||
               sx_buf_put(b, name->text, strlen(name->text)) || sx_buf_put(b, "\"}", 2);
    }
    default:
        break;
    }
    return sx_json_SCVal(v, b);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* XDR size of variable-length bytes: length, bytes, padding to 4. */
static size_t opaque_size(const sx_bytes *b)
{
    return 4 + ((size_t)b->len + 3) / 4 * 4;
}

/* The size of `v`'s XDR, from its decoded form (XDR sizes follow from the
 * values; padding is to 4 bytes), for the kinds events hold; 0 for the
 * others (the skip walker measures those). */
static size_t xdr_size(const sx_SCVal *v)
{
    static const uint8_t address_body[] = {
        [SX_SC_ADDRESS_TYPE_ACCOUNT] = 36,           /* key type, key */
        [SX_SC_ADDRESS_TYPE_CONTRACT] = 32,          /* hash */
        [SX_SC_ADDRESS_TYPE_MUXED_ACCOUNT] = 40,     /* id, key */
        [SX_SC_ADDRESS_TYPE_CLAIMABLE_BALANCE] = 36, /* id type, hash */
        [SX_SC_ADDRESS_TYPE_LIQUIDITY_POOL] = 32,    /* hash */
    };
    size_t size = 4; /* the value's type */
    switch (v->type) {
    case SX_SCV_VOID:
        return size;
    case SX_SCV_BOOL:
    case SX_SCV_U32:
    case SX_SCV_I32:
        return size + 4;
    case SX_SCV_U64:
    case SX_SCV_I64:
    case SX_SCV_TIMEPOINT:
    case SX_SCV_DURATION:
        return size + 8;
    case SX_SCV_U128:
    case SX_SCV_I128:
        return size + 16;
    case SX_SCV_U256:
    case SX_SCV_I256:
        return size + 32;
    case SX_SCV_BYTES:
        return size + opaque_size(&v->bytes);
    case SX_SCV_STRING:
        return size + opaque_size(&v->str);
    case SX_SCV_SYMBOL:
        return size + opaque_size(&v->sym);
    case SX_SCV_ADDRESS:
        return v->address.type >= 0 && (size_t)v->address.type < sizeof address_body
                   ? size + 4 + address_body[v->address.type]
                   : 0;
    case SX_SCV_VEC:
        size += 4; /* optional: present or not */
        if (v->vec) {
            size += 4;
            for (uint32_t i = 0; i < v->vec->len; i++) {
                size_t item = xdr_size(&v->vec->items[i]);
                if (!item)
                    return 0;
                size += item;
            }
        }
        return size;
    case SX_SCV_MAP:
        size += 4;
        if (v->map) {
            size += 4;
            for (uint32_t i = 0; i < v->map->len; i++) {
                size_t key = xdr_size(&v->map->items[i].key), val = xdr_size(&v->map->items[i].val);
                if (!key || !val)
                    return 0;
                size += key + val;
            }
        }
        return size;
    default:
        return 0;
    }
}

/* The XDR of each topic and of the data where the frame holds them, without
 * encoding them again: the decoder keeps a contract id as a pointer into the
 * frame, and a ContractEvent continues after it with its type, body version,
 * topic count, topics and data.  Every step is checked against the decoded
 * event, each value's extent is its decoded value's XDR size (the skip
 * walker's where xdr_size does not know the kind), bounded by the frame;
 * false (nothing set) when the event cannot be located so: no contract id,
 * or one that is not in this frame. */
static bool frame_spans(const indexer *ix, const sx_ContractEvent *e, sluice_bytes *topics,
                        sluice_bytes *data)
{
    if (!e->contractID)
        return false;
    uintptr_t start = (uintptr_t)ix->frame, end = start + ix->frame_len;
    uintptr_t id = (uintptr_t)e->contractID[0];
    if (id < start || id > end || end - id < 32 + 12)
        return false;
    const uint8_t *at = ix->frame + (id - start) + 32;
    const sx_vec_SCVal *decoded = &e->body.v0.topics;
    if (be32(at) != (uint32_t)e->type || be32(at + 4) != 0 || be32(at + 8) != decoded->len)
        return false;
    at += 12;
    const uint8_t *stop = ix->frame + ix->frame_len;
    for (uint32_t i = 0; i <= decoded->len; i++) {
        size_t used = xdr_size(i < decoded->len ? &decoded->items[i] : &e->body.v0.data);
        sx_error err;
        if (used ? used > (size_t)(stop - at)
                 : sx_skip_SCVal(at, (size_t)(stop - at), &used, &err) != 0)
            return false;
        sluice_bytes *span = i < decoded->len ? &topics[i] : data;
        span->data = at;
        span->len = used;
        at += used;
    }
    return true;
}

/* Renders the topics and data of `row`'s event: each topic's XDR and the
 * data's (their bytes in the frame, else encoded into the scratch buffer),
 * then the topics as a JSON array and the data as JSON, one after the other
 * in the scratch buffer (offsets noted) and copied into one arena block;
 * false on OOM or a value that does not render (scratch.fail says why).
 * This runs for every event of every transaction: no more passes or
 * allocations than that. */
static bool render_event(indexer *ix, const sx_ContractEvent *e, sluice_contract_event_row *row)
{
    const sx_ContractEventBodyV0 *body = &e->body.v0;
    const sx_vec_SCVal *topics = &body->topics;
    sluice_bytes *xdr = sx_arena_alloc(ix->arena, (topics->len ? topics->len : 1) * sizeof *xdr);
    sx_buf *b = &ix->scratch;
    b->len = 0;
    if (!xdr)
        return false;
    bool in_frame = frame_spans(ix, e, xdr, &row->data);
    for (uint32_t i = 0; !in_frame && i <= topics->len; i++) {
        size_t from = b->len;
        if (sx_encode_SCVal(i < topics->len ? &topics->items[i] : &body->data, b))
            return false;
        sluice_bytes *span = i < topics->len ? &xdr[i] : &row->data;
        span->data = (const uint8_t *)(uintptr_t)from; /* an offset until the copy below */
        span->len = b->len - from;
    }
    size_t topics_json_at = b->len;
    if (sx_buf_put(b, "[", 1))
        return false;
    for (uint32_t i = 0; i < topics->len; i++)
        if ((i && sx_buf_put(b, ",", 1)) || value_json(ix, &topics->items[i], b))
            return false;
    if (sx_buf_put(b, "]", 2)) /* with the NUL */
        return false;
    size_t data_json_at = b->len;
    if (value_json(ix, &body->data, b) || sx_buf_put(b, "", 1))
        return false;
    uint8_t *text = sx_arena_alloc(ix->arena, b->len);
    if (!text)
        return false;
    memcpy(text, b->data, b->len);
    for (uint32_t i = 0; !in_frame && i <= topics->len; i++) {
        sluice_bytes *span = i < topics->len ? &xdr[i] : &row->data;
        span->data = text + (uintptr_t)span->data;
    }
    row->topic_count = topics->len;
    row->topics = xdr;
    row->topics_json = (const char *)text + topics_json_at;
    row->data_json = (const char *)text + data_json_at;
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
    if (e->body.v == 0 && render_event(ix, e, row))
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
