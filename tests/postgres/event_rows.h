/* event_rows.h — what the PostgreSQL sink's contract_events test and the
 * getEvents benchmark share: contract_events rows built by hand
 * (deterministic events of a ledger spread over a few contracts and first
 * topics, with valid XDR — a symbol and a u32 topic, i128 data — and the
 * JSON `sluice decode` renders for them; the builder owns every row and
 * byte, free it after the sink call), and the getEvents query of
 * doc/sink-postgres.md, read from the document and run page by page. */
#ifndef SLUICE_TEST_EVENT_ROWS_H
#define SLUICE_TEST_EVENT_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>
#include <sluice/rows.h>

typedef struct event_ledger {
    sluice_ledger ledger;           /* the ledger row and the events, nothing else */
    sluice_contract_event_row *rows;
    sluice_bytes *topics;           /* 2 per row */
    uint8_t *xdr;                   /* EVENT_XDR_SIZE per row */
    char *json;                     /* EVENT_JSON_SIZE per row */
} event_ledger;

/* Which contract and first topic event `index` of ledger `sequence` has
 * (numbers below `contracts` and `topics`). */
unsigned event_contract_of(uint32_t sequence, size_t index, unsigned contracts);
unsigned event_topic_of(uint32_t sequence, size_t index, unsigned topics);

/* `count` events of ledger `sequence`: event i is the (i % per_tx)-th event
 * of operation 1 of transaction i / per_tx + 1; its contract and first
 * topic as above, its second topic u32 i, its data i128 sequence * 1000 + i.
 * Every fourth transaction's events are filed under operation_id 0 (a
 * transaction-level event). */
void event_ledger_build(event_ledger *out, uint32_t sequence, size_t count, unsigned per_tx,
                        unsigned contracts, unsigned topics);
void event_ledger_free(event_ledger *ledger);

/* The strkey of contract number n, and the XDR (16 bytes) of first topic
 * number n: the symbol "topic" followed by n in 3 digits, padded. */
void event_contract_name(unsigned n, char out[SLUICE_STRKEY_SIZE]);
void event_topic_xdr(unsigned n, uint8_t out[16]);
#define EVENT_TOPIC_XDR_SIZE 16

/* The SQL of the ```sql block of doc/sink-postgres.md whose first line is
 * "-- getEvents" ($TOP_SRCDIR, else the source tree it was built from);
 * malloc'd; exits 99 when it cannot be read. */
char *event_documented_query(void);

/* Runs `query` (the documented one, or a variant with its parameters) for
 * contract number c, first topic number t, ledgers from..to, `page` rows
 * a page, from the first cursor to the last page; appends each row's
 * "transaction_id/operation_id/event_index;" to out (size bytes).  Returns
 * the pages fetched; exits 99 on a query error. */
int event_paginate(PGconn *db, const char *query, unsigned c, unsigned t, uint32_t from,
                   uint32_t to, int page, char *out, size_t size);

#endif
