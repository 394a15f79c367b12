/* ledger_key.h — the LedgerKey of a LedgerEntry: the one derivation the
 * indexer (pairing a change with the entry's prior state) and sluice-synth
 * (REMOVED changes, TTL key hashes, footprints) share.
 * tests/synth/synth_verify.c keeps its own on purpose: it checks the
 * generator independently of the code the generator uses. */
#ifndef SLUICE_LEDGER_KEY_H
#define SLUICE_LEDGER_KEY_H

#include "xdr/gen/sx_codec.h"

/* Sets key to the entry's key: 0, or -1 for an entry of an unknown type
 * (key->type is then the entry's type and nothing else is set).  Shallow:
 * the key points into the entry; only the arm of its type is set. */
int ledger_key_of_entry(const sx_LedgerEntry *entry, sx_LedgerKey *key);

#endif
