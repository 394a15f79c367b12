/* ledger_factory.h — sluice_ledger values built by hand, for
 * `sluice check-plugin` (which needs ledgers to write on an installed
 * system without test data), the sink tests and the benchmarks:
 * deterministic rows of every table (SEP-35 ids, participants, state
 * changes with int128 amounts and JSON details, balance changes, token
 * transfers: a fee per transaction, a transfer per operation) and a
 * valid hash chain (hash of N = previous_hash of
 * N+1).  The factory owns every row; free it after the sink call. */
#ifndef SLUICE_LEDGER_FACTORY_H
#define SLUICE_LEDGER_FACTORY_H

#include <stddef.h>
#include <stdint.h>

#include <sluice/rows.h>

typedef struct factory_ledger {
    sluice_ledger ledger;
    sluice_transaction_row *transactions;
    sluice_operation_row *operations;
    sluice_participant_row *transaction_participants;
    sluice_participant_row *operation_participants;
    sluice_state_change_row *state_changes;
    sluice_balance_change *balance_changes;
    sluice_token_transfer_row *token_transfers;
    char (*assets)[32];          /* storage for asset strings */
} factory_ledger;

/* Rows per ledger for `transactions` transactions of `operations_per_tx`
 * operations each (what the tests expect to count). */
typedef struct factory_counts {
    size_t transactions, operations, transaction_participants, operation_participants,
        state_changes, balance_changes, token_transfers;
} factory_counts;

void factory_build(factory_ledger *out, uint32_t sequence, unsigned transactions,
                   unsigned operations_per_tx);
void factory_free(factory_ledger *ledger);
factory_counts factory_expected(unsigned transactions, unsigned operations_per_tx);

/* The deterministic hash of ledger `sequence` the factory uses. */
void factory_ledger_hash(uint32_t sequence, uint8_t hash[32]);
/* The account strkey-shaped text number n. */
void factory_account(unsigned n, char out[SLUICE_STRKEY_SIZE]);

#endif
