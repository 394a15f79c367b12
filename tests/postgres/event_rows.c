/* event_rows.c — contract_events rows built by hand, and the documented
 * getEvents query run page by page (see event_rows.h). */
#include "config.h"

#include "event_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/indexer.h"
#include "stellar/strkey.h"

#define EVENT_XDR_SIZE (8 + 20)    /* u32 topic, i128 data */
#define EVENT_JSON_SIZE 128

static uint32_t mix(uint32_t sequence, size_t index)
{
    uint32_t h = sequence * 2654435761u ^ (uint32_t)index * 2246822519u;
    h ^= h >> 15;
    h *= 2246822519u;
    return h ^ (h >> 13);
}

unsigned event_contract_of(uint32_t sequence, size_t index, unsigned contracts)
{
    return mix(sequence, index) % contracts;
}

unsigned event_topic_of(uint32_t sequence, size_t index, unsigned topics)
{
    return (mix(sequence, index) >> 16) % topics;
}

void event_contract_name(unsigned n, char out[SLUICE_STRKEY_SIZE])
{
    uint8_t id[32] = {0};
    id[0] = 0xce;
    id[28] = (uint8_t)(n >> 24);
    id[29] = (uint8_t)(n >> 16);
    id[30] = (uint8_t)(n >> 8);
    id[31] = (uint8_t)n;
    memset(out, 0, SLUICE_STRKEY_SIZE);
    strkey_encode(STRKEY_CONTRACT, id, 32, out, SLUICE_STRKEY_SIZE);
}

static void put_be32(uint8_t *at, uint32_t v)
{
    at[0] = (uint8_t)(v >> 24);
    at[1] = (uint8_t)(v >> 16);
    at[2] = (uint8_t)(v >> 8);
    at[3] = (uint8_t)v;
}

/* SCVal SCV_SYMBOL (15) "topicNNN": type, length 8, the 8 characters. */
void event_topic_xdr(unsigned n, uint8_t out[EVENT_TOPIC_XDR_SIZE])
{
    char symbol[9];
    snprintf(symbol, sizeof symbol, "topic%03u", n % 1000);
    put_be32(out, 15);
    put_be32(out + 4, 8);
    memcpy(out + 8, symbol, 8);
}

void event_ledger_build(event_ledger *out, uint32_t sequence, size_t count, unsigned per_tx,
                        unsigned contracts, unsigned topics)
{
    memset(out, 0, sizeof *out);
    ledger_init_empty(&out->ledger);
    out->ledger.ledger.sequence = sequence;
    out->ledger.ledger.close_time = 1700000000 + (int64_t)sequence * 5;
    out->ledger.ledger.protocol_version = 23;
    put_be32(out->ledger.ledger.hash, sequence);
    put_be32(out->ledger.ledger.previous_hash, sequence - 1);
    size_t n = count ? count : 1;
    out->rows = calloc(n, sizeof *out->rows);
    out->topics = calloc(2 * n, sizeof *out->topics);
    out->xdr = calloc(n, EVENT_TOPIC_XDR_SIZE + EVENT_XDR_SIZE);
    out->json = calloc(n, 2 * EVENT_JSON_SIZE);
    if (!out->rows || !out->topics || !out->xdr || !out->json) {
        fputs("event_rows: out of memory\n", stderr);
        exit(99);
    }
    for (size_t i = 0; i < count; i++) {
        sluice_contract_event_row *r = &out->rows[i];
        uint8_t *xdr = out->xdr + i * (EVENT_TOPIC_XDR_SIZE + EVENT_XDR_SIZE);
        char *json = out->json + i * 2 * EVENT_JSON_SIZE;
        unsigned tx = (unsigned)(i / per_tx) + 1;
        unsigned topic = event_topic_of(sequence, i, topics);
        int64_t value = (int64_t)sequence * 1000 + (int64_t)i;
        r->transaction_id = (int64_t)sequence << 32 | (int64_t)tx << 12;
        r->operation_id = tx % 4 == 0 ? 0 : r->transaction_id + 1;
        r->event_index = (uint32_t)(i % per_tx);
        r->type = SLUICE_EVENT_CONTRACT;
        r->in_successful_call = tx % 7 != 0;
        event_contract_name(event_contract_of(sequence, i, contracts), r->contract);
        event_topic_xdr(topic, xdr);
        uint8_t *u32 = xdr + EVENT_TOPIC_XDR_SIZE, *data = u32 + 8;
        put_be32(u32, 3); /* SCV_U32 */
        put_be32(u32 + 4, (uint32_t)i);
        put_be32(data, 10); /* SCV_I128: hi, lo */
        memset(data + 4, 0, 8);
        put_be32(data + 12, (uint32_t)((uint64_t)value >> 32));
        put_be32(data + 16, (uint32_t)value);
        out->topics[2 * i] = (sluice_bytes){xdr, EVENT_TOPIC_XDR_SIZE};
        out->topics[2 * i + 1] = (sluice_bytes){u32, 8};
        r->topic_count = 2;
        r->topics = &out->topics[2 * i];
        r->data = (sluice_bytes){data, 20};
        snprintf(json, EVENT_JSON_SIZE, "[{\"symbol\":\"topic%03u\"},{\"u32\":%zu}]", topic % 1000,
                 i);
        snprintf(json + EVENT_JSON_SIZE, EVENT_JSON_SIZE, "{\"i128\":\"%lld\"}", (long long)value);
        r->topics_json = json;
        r->data_json = json + EVENT_JSON_SIZE;
    }
    out->ledger.contract_events = out->rows;
    out->ledger.contract_event_count = count;
}

void event_ledger_free(event_ledger *ledger)
{
    free(ledger->rows);
    free(ledger->topics);
    free(ledger->xdr);
    free(ledger->json);
    memset(ledger, 0, sizeof *ledger);
}

char *event_documented_query(void)
{
    const char *top = getenv("TOP_SRCDIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/doc/sink-postgres.md", top ? top : TOP_SRCDIR_FALLBACK);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(99);
    }
    static char text[1 << 17];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *start = strstr(text, "```sql\n-- getEvents");
    char *end = start ? strstr(start + 7, "\n```") : NULL;
    if (!end) {
        fprintf(stderr, "%s has no ```sql block starting with -- getEvents\n", path);
        exit(99);
    }
    start += 7;
    return strndup(start, (size_t)(end - start));
}

int event_paginate(PGconn *db, const char *query, unsigned c, unsigned t, uint32_t from,
                   uint32_t to, int page, char *out, size_t size)
{
    char contract[SLUICE_STRKEY_SIZE], topic_hex[2 + 2 * EVENT_TOPIC_XDR_SIZE + 1];
    uint8_t topic[EVENT_TOPIC_XDR_SIZE];
    event_contract_name(c, contract);
    event_topic_xdr(t, topic);
    strcpy(topic_hex, "\\x");
    for (int i = 0; i < EVENT_TOPIC_XDR_SIZE; i++)
        snprintf(topic_hex + 2 + 2 * i, 3, "%02x", topic[i]);
    char first[16], last[16], cursor[3][24] = {"0", "0", "-1"}, limit[16];
    snprintf(first, sizeof first, "%u", from);
    snprintf(last, sizeof last, "%u", to);
    snprintf(limit, sizeof limit, "%d", page);
    size_t len = 0;
    out[0] = '\0';
    for (int pages = 1;; pages++) {
        const char *params[8] = {contract, topic_hex, first, last,
                                 cursor[0], cursor[1], cursor[2], limit};
        PGresult *res = PQexecParams(db, query, 8, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            fprintf(stderr, "getEvents query failed: %s\n", PQerrorMessage(db));
            exit(99);
        }
        int rows = PQntuples(res);
        for (int r = 0; r < rows && len < size; r++)
            len += (size_t)snprintf(out + len, size - len, "%s/%s/%s;", PQgetvalue(res, r, 0),
                                    PQgetvalue(res, r, 1), PQgetvalue(res, r, 2));
        if (rows > 0)
            for (int k = 0; k < 3; k++)
                snprintf(cursor[k], sizeof cursor[k], "%s", PQgetvalue(res, rows - 1, k));
        PQclear(res);
        if (rows < page)
            return pages;
    }
}
