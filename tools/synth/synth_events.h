/* synth_events.h — contract events of the generated meta: CAP-67 events
 * of classic operations in V2 (transfer / mint / burn by each asset's
 * Stellar Asset Contract, as protocol 23 emits them for payments, offers
 * crossed, account creation and merges, claimable balances), fee events,
 * and the SCVal pieces they share with the SAC calls. */
#ifndef SYNTH_EVENTS_H
#define SYNTH_EVENTS_H

#include "synth_build.h"

/* SEP-11 asset string: "native" or "CODE:ISSUER" (SCV_STRING). */
sx_SCVal synth_scv_asset_string(synth_ctx *ctx, unsigned asset);
/* An account (G...) address. */
sx_SCAddress synth_sc_account(synth_ctx *ctx, uint32_t account);
/* A claimable balance's (B...) address. */
sx_SCAddress synth_sc_claimable(synth_ctx *ctx, const uint8_t id[32]);

/* Appends to ctx->events (when it is set: V2 classic operations) the
 * event of `amount` of `asset` moving from -> to: "transfer", or "mint"
 * when `from` is the issuer, "burn" when `to` is (issuers given as
 * account numbers, UINT32_MAX for a non-account side). */
void synth_event_transfer(synth_ctx *ctx, sx_SCAddress from, uint32_t from_account, sx_SCAddress to,
                          uint32_t to_account, unsigned asset, int64_t amount);
/* The same between two accounts. */
void synth_event_payment(synth_ctx *ctx, uint32_t from, uint32_t to, unsigned asset, int64_t amount);

/* A fee event of the native asset's contract: topics ["fee", account],
 * data i128 amount (> 0 charged, < 0 refunded). */
sx_ContractEvent synth_fee_event(synth_ctx *ctx, uint32_t account, int64_t amount);

#endif
