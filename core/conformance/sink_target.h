/* sink_target.h — the sink under conformance test: how to open instances
 * of it, and the writes and reads every sink check is made of, each
 * through the sink API only (so any sink can be checked).
 *
 * Ledgers written are the ledger factory's (conformance/ledger_factory.h):
 * ledger N has N % 3 transactions of 2 operations (so every third ledger
 * is empty, which the sink must store too, G5) and the factory's hash
 * chain.  Reads are rendered as text ("10-12 15") so that a check can
 * say exactly what it expected and what it got.
 *
 * Ownership: a sink_target points at a plugin_section the caller keeps
 * loaded; a sink_conn owns its instance until sink_conn_close. */
#ifndef SLUICE_SINK_TARGET_H
#define SLUICE_SINK_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "host/setup.h"
#include "host/instance.h"

typedef struct sink_target {
    const plugin_section *section;   /* the loaded sink and its config */
    const char *network_passphrase;
    /* A shell command that takes the writer lock away from its holder
     * (e.g. removes the lock file, terminates the locking session); NULL:
     * the lost-lock check is skipped. */
    const char *lose_lock_command;
} sink_target;

typedef struct sink_conn {
    plugin_instance instance;
    const sluice_sink_ops *ops;
    void *handle;                    /* NULL when not open */
    char error[3200];                /* the last error, as "message (detail)" */
} sink_conn;

/* Open an instance.  SLUICE_OK, or the plugin's status with c->error set. */
sluice_status sink_conn_open(sink_conn *c, const sink_target *target);
void sink_conn_close(sink_conn *c);

/* Fill c->error from what the plugin reported for status; returns it. */
const char *sink_conn_error(sink_conn *c, sluice_status status);

/* write_ledger of the factory ledgers from..to in the open transaction.
 * The first failing status (c->error set; no rollback) or SLUICE_OK. */
sluice_status sink_write_ledgers(sink_conn *c, uint32_t from, uint32_t to);

/* One transaction writing the factory ledgers from..to; when latest is not
 * NULL it also advances SLUICE_CURSOR_LATEST from *latest (0: unset) to
 * to, and stores to there after the commit.  The first failing status
 * (after a rollback, c->error set) or SLUICE_OK. */
sluice_status sink_write_range(sink_conn *c, uint32_t from, uint32_t to, uint32_t *latest);

/* One transaction of update-min of SLUICE_CURSOR_OLDEST to value. */
sluice_status sink_update_min(sink_conn *c, uint32_t value);

/* Read a cursor; 0, or -1 with c->error set. */
int sink_read_cursor(sink_conn *c, const char *name, uint32_t *value, int *present);

/* The gaps in from..to as "A-B C-C" ("" when none); 0, or -1 with
 * c->error set. */
int sink_read_gaps(sink_conn *c, uint32_t from, uint32_t to, char *text, size_t size);

/* ledger_chain(from, to) as the runs of sequences reported ("A-B C-C"),
 * with every link checked against the factory's hashes: a wrong hash or
 * previous hash, a repeated or descending sequence, or a sequence outside
 * from..to is added to the text as "!bad N (why)".  0, or -1 with
 * c->error set.  The sink must have ledger_chain. */
int sink_read_chain(sink_conn *c, uint32_t from, uint32_t to, char *text, size_t size);

/* "A-B" (or "A-A") for the range, as the read functions render it. */
void sink_range_text(uint32_t from, uint32_t to, char *text, size_t size);

#endif
