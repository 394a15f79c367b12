/* event_rows.h — contract_events rows built by hand, for the PostgreSQL
 * sink's contract_events test and the getEvents benchmark: deterministic
 * events of a ledger spread over a few contracts and first topics, with
 * valid XDR (a symbol and a u32 topic, i128 data) and the JSON `sluice
 * decode` renders for them.  The builder owns every row and byte; free it
 * after the sink call. */
#ifndef SLUICE_TEST_EVENT_ROWS_H
#define SLUICE_TEST_EVENT_ROWS_H

#include <stddef.h>
#include <stdint.h>

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

#endif
