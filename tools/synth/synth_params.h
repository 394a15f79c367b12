/* synth_params.h — what one sluice-synth run generates: ledger range, seed,
 * LedgerCloseMeta shape, network, and the transaction mix (defaults measured
 * from the real pubnet fixtures, see DISTRIBUTION.md). */
#ifndef SYNTH_PARAMS_H
#define SYNTH_PARAMS_H

#include <stddef.h>
#include <stdint.h>

/* Transaction kinds, by the kind of their operations. */
typedef enum synth_kind {
    SYNTH_PATH_PAYMENT_SEND,
    SYNTH_PATH_PAYMENT_RECEIVE,
    SYNTH_MANAGE_SELL_OFFER,
    SYNTH_MANAGE_BUY_OFFER,
    SYNTH_PAYMENT_CREDIT,
    SYNTH_PAYMENT_NATIVE,
    SYNTH_CHANGE_TRUST,
    SYNTH_CREATE_ACCOUNT,
    SYNTH_ACCOUNT_MERGE,
    SYNTH_SAC_INVOKE,          /* Soroban: Stellar Asset Contract transfer / mint / burn */
    SYNTH_CREATE_CLAIMABLE,    /* airdrops: many create_claimable_balance operations */
    SYNTH_CLAIM_CLAIMABLE,     /* a recipient claims, or the creator claims back several */
    SYNTH_KIND_COUNT
} synth_kind;

typedef struct synth_params {
    uint64_t seed;
    uint32_t start;            /* first ledger sequence */
    uint32_t ledgers;          /* how many */
    int meta_version;          /* LedgerCloseMeta arm: 1 or 2 */
    const char *passphrase;    /* network passphrase (network ID = its SHA-256) */
    uint32_t accounts;         /* accounts that exist before the first ledger */
    double txs_per_ledger;     /* mean; each ledger draws from [mean/2, 3*mean/2] */
    double frame_bytes;        /* > 0: instead, each ledger draws its frame size from a
                                * normal distribution of this mean (bytes) ... */
    double frame_bytes_spread; /* ... and this standard deviation (within 3 of them) and
                                * gets as many transactions as fit it */
    double ops_per_tx;         /* mean operations of a payment / offer transaction */
    double creates_per_tx;     /* mean operations of a create_claimable_balance transaction */
    double claims_per_tx;      /* mean operations of a claim-back transaction */
    double failed_fraction;    /* transactions built to fail */
    double fee_bump_fraction;  /* transactions wrapped in a fee bump */
    double mix[SYNTH_KIND_COUNT]; /* relative weights of the kinds */
    uint64_t first_close_time; /* close time of the first ledger */
    uint32_t close_interval;   /* seconds between close times */
} synth_params;

/* The defaults: today's pubnet shape (DISTRIBUTION.md). */
void synth_params_default(synth_params *params);

/* Parses "kind=weight,kind=weight" into params->mix (kinds not named keep
 * their weight).  -1 with a message in why on an unknown kind or bad weight. */
int synth_params_parse_mix(synth_params *params, const char *text, char *why, size_t why_size);

#endif
