/* core_tip.h — the newest ledger captive core can catch up to: the
 * currentLedger of a history archive's ".well-known/stellar-history.json"
 * (its History Archive State), from the first archive that answers, each
 * asked once within a bounded time.  Fetched with the archive source's
 * HTTP store (archive_store.h: proxies and CA from the environment) and
 * read with json_members.h (jansson). */
#ifndef CAPTIVE_CORE_TIP_H
#define CAPTIVE_CORE_TIP_H

#include <stddef.h>
#include <stdint.h>

#define CORE_TIP_MAX_BYTES (1024 * 1024)

/* 0 with *latest, or -1 with why naming every archive and what it
 * answered.  A state naming another networkPassphrase is refused. */
int core_tip_fetch(char *const *urls, size_t count, const char *passphrase, long timeout_s,
                   uint32_t *latest, char *why, size_t why_size);

#endif
