/* emit.h — appending the indexer's per-change rows: a state-change row
 * filed under the current operation, a participant of the current
 * transaction (and operation), and where a change sits for messages.
 * Every deriver (balances.c, state_changes.c, events.c, ...) calls these;
 * emit.c calls none of them back. */
#ifndef SLUICE_IX_EMIT_H
#define SLUICE_IX_EMIT_H

#include <stddef.h>

#include "indexer/ix_internal.h"

/* A new state-change row filed under ctx's operation, order assigned. */
sluice_state_change_row *ix_push_state_change(ix_ctx *ctx, sluice_state_category category,
                                              sluice_state_reason reason, const ix_name *account);

/* Records that ctx's transaction (and operation, in an operation phase)
 * touches `account` (none for NULL); duplicates are ignored. */
void ix_add_participant(ix_ctx *ctx, ix_name *account);

/* "ledger L transaction T <list>[ N]" for error messages; returns buf. */
const char *ix_where(const ix_ctx *ctx, char *buf, size_t size);
#define IX_WHERE_SIZE 96

#endif
