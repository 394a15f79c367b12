/* test_synth_ledgers.c — the indexer over ledgers from sluice-synth (the
 * real generator, run as a process): 10,000 consecutive LedgerCloseMeta V2
 * ledgers (protocol 23, TransactionMeta v4) and 2,000 V1 ledgers (protocol
 * 21, TransactionMeta v3).  For every ledger: it indexes (every result
 * pairs with its envelope), every fee charged equals its derived fee
 * debit (and the CAP-67 fee events' sum, where sluice-synth emits them), native lumens are conserved, the header's fee pool grows by
 * exactly the fees, the ledger row counts agree with the rows, the
 * token_transfers sum to the net balance changes per (operation, holder,
 * asset) and every mint / burn has its labelled row.  Then
 * the balance merge property over the indexer's balance changes of the
 * whole range: random batch splits and completion orders give exactly the
 * balances of sequential application. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../testlib.h"
#include "ledger_checks.h"
#include "ledger_frames.h"
#include "merge_property.h"
#include "transfer_checks.h"
#include "xdr/sx_input.h"

/* Runs sluice-synth with `args` writing a stream to stdout; returns the
 * bytes (owned) or NULL. */
static uint8_t *run_synth(const char *args, size_t *len)
{
    const char *build = getenv("TOP_BUILDDIR");
    char command[1024];
    snprintf(command, sizeof(command), "'%s/sluice-synth' --quiet --stream - %s", build ? build : ".",
             args);
    FILE *p = popen(command, "r");
    if (!p)
        return NULL;
    size_t capacity = 1 << 20, used = 0;
    uint8_t *data = malloc(capacity);
    size_t n;
    while (data && (n = fread(data + used, 1, capacity - used, p)) > 0) {
        used += n;
        if (used == capacity)
            data = realloc(data, capacity *= 2);
    }
    if (pclose(p) != 0) {
        fprintf(stderr, "%s failed\n", command);
        free(data);
        return NULL;
    }
    *len = used;
    return data;
}

static void synth_range(const char *name, const char *args, size_t expected_ledgers, int trials)
{
    size_t len = 0, pos = 0, ledgers = 0, transactions = 0, fee_event_transactions = 0,
           transfers = 0, labelled = 0;
    uint8_t *stream = run_synth(args, &len);
    CHECK_MSG(stream != NULL, "%s: sluice-synth %s did not run", name, args);
    if (!stream)
        return;
    indexer_options o = {.network_passphrase = PUBNET_PASSPHRASE};
    indexer *ix = indexer_new(&o);
    sx_arena *arena = sx_arena_new(0);
    history h = {0};
    const uint8_t *frame;
    size_t frame_len;
    char why[256];
    int64_t previous_fee_pool = 0;
    uint32_t previous_sequence = 0;
    int rc;
    while ((rc = sx_frame_next(stream, len, &pos, &frame, &frame_len, why, sizeof(why))) == 1) {
        sluice_ledger l;
        error_report err;
        if (indexer_index_frame(ix, frame, frame_len, &l, &err)) {
            CHECK_MSG(0, "%s ledger %zu: %s (%s)", name, ledgers, err.message, err.detail);
            break;
        }
        char where[64];
        snprintf(where, sizeof(where), "%s ledger %u", name, l.ledger.sequence);
        int64_t fees = fees_of(ix, where, &l);
        check_ledger(ix, where, &l, fees);
        fee_event_transactions += check_fee_events(ix, where, frame, frame_len, &l, arena);
        check_transfer_sums(where, &l);
        labelled += check_transfer_labels(where, &l);
        transfers += l.token_transfer_count;
        if (ledgers > 0) {
            CHECK_MSG(l.ledger.sequence == previous_sequence + 1, "%s: not consecutive", where);
            CHECK_MSG(l.ledger.fee_pool - previous_fee_pool == fees,
                      "%s: fee pool grew by %" PRId64 ", fees charged %" PRId64, where,
                      l.ledger.fee_pool - previous_fee_pool, fees);
        }
        previous_fee_pool = l.ledger.fee_pool;
        previous_sequence = l.ledger.sequence;
        history_begin_ledger(&h);
        for (size_t c = 0; c < l.balance_change_count; c++)
            history_push(&h, &l.balance_changes[c]);
        ledgers++;
        transactions += l.transaction_count;
    }
    CHECK_MSG(rc == 0, "%s: stream framing: %s", name, why);
    CHECK_MSG(ledgers == expected_ledgers, "%s: %zu ledgers, expected %zu", name, ledgers,
              expected_ledgers);
    indexer_free(ix);
    sx_arena_free(arena);
    free(stream);
    property(&h, name, trials);
    CHECK_MSG(transfers > 0, "%s: no token_transfers rows", name);
    fprintf(stderr, "%s: %zu ledgers, %zu transactions (%zu with CAP-67 fee events), %zu balance changes, "
            "%zu token_transfers (%zu mint/burn labels), %d merge trials\n",
            name, ledgers, transactions, fee_event_transactions, h.count, transfers, labelled, trials);
    history_free(&h);
}

int main(void)
{
    const char *seed_text = getenv("SLUICE_TEST_SEED");
    rng_state = seed_text ? strtoull(seed_text, NULL, 10) : (unsigned long long)time(NULL);
    fprintf(stderr, "seed %llu (rerun with SLUICE_TEST_SEED)\n", rng_state);
    synth_range("synth-v2", "--ledgers 10000 --txs-per-ledger 6 --accounts 3000 --seed 7", 10000, 40);
    synth_range("synth-v1", "--ledgers 2000 --txs-per-ledger 10 --accounts 1000 --seed 3 --meta-version 1",
                 2000, 100);
    return test_finish();
}
