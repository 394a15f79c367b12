/* verify_liabilities.h — the synth verifier's liabilities check: what every
 * account and trustline must show as selling / buying liabilities follows
 * from the offers the meta created, updated and removed (an offer sells
 * `amount` and buys ceil(amount * n / d)); at the end of each transaction
 * each holding whose offers or entry changed in it must show exactly that. */
#ifndef VERIFY_LIABILITIES_H
#define VERIFY_LIABILITIES_H

#include <stdbool.h>
#include <stddef.h>

#include "verify_state.h"
#include "xdr/gen/sx_codec.h"

typedef struct vl_tracker {
    vs_table expected;   /* holding key -> {buying, selling} from the offers */
    vs_table shown;      /* holding key -> {buying, selling} its entry shows */
    uint8_t *dirty;      /* holding keys touched in the current transaction */
    size_t dirty_len, dirty_cap;
} vl_tracker;

void vl_init(vl_tracker *t);
void vl_free(vl_tracker *t);
/* An offer appears (sign +1) or goes (sign -1). */
void vl_offer(vl_tracker *t, const sx_OfferEntry *offer, int sign);
/* An account or trustline entry's value (other entries are ignored);
 * removed: the entry is gone (shows nothing). */
void vl_entry(vl_tracker *t, const sx_LedgerEntry *entry, bool removed);
/* Compares the touched holdings and forgets them; the number of
 * mismatches, the first described in why. */
int vl_check(vl_tracker *t, char *why, size_t why_size);

#endif
