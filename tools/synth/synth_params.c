/* synth_params.c — defaults of a sluice-synth run and the --mix parser. */
#include "synth_params.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[SYNTH_KIND_COUNT] = {
    [SYNTH_PATH_PAYMENT_SEND] = "path_payment_strict_send",
    [SYNTH_PATH_PAYMENT_RECEIVE] = "path_payment_strict_receive",
    [SYNTH_MANAGE_SELL_OFFER] = "manage_sell_offer",
    [SYNTH_MANAGE_BUY_OFFER] = "manage_buy_offer",
    [SYNTH_PAYMENT_CREDIT] = "payment_credit",
    [SYNTH_PAYMENT_NATIVE] = "payment_native",
    [SYNTH_CHANGE_TRUST] = "change_trust",
    [SYNTH_CREATE_ACCOUNT] = "create_account",
    [SYNTH_ACCOUNT_MERGE] = "account_merge",
    [SYNTH_SAC_INVOKE] = "invoke_host_function",
    [SYNTH_CREATE_CLAIMABLE] = "create_claimable_balance",
    [SYNTH_CLAIM_CLAIMABLE] = "claim_claimable_balance",
};

void synth_params_default(synth_params *params)
{
    /* Percent of transactions by kind, measured over the pubnet fixture
     * ledgers (DISTRIBUTION.md); kinds not generated yet are folded into the
     * nearest generated one as described there. */
    static const double pubnet_mix[SYNTH_KIND_COUNT] = {
        [SYNTH_PATH_PAYMENT_SEND] = 25.5,
        [SYNTH_PATH_PAYMENT_RECEIVE] = 19.7,
        [SYNTH_MANAGE_SELL_OFFER] = 24.9,
        [SYNTH_MANAGE_BUY_OFFER] = 20.2,
        [SYNTH_PAYMENT_CREDIT] = 4.1,
        [SYNTH_PAYMENT_NATIVE] = 0.4 + 0.4,
        [SYNTH_CHANGE_TRUST] = 1.1,
        [SYNTH_CREATE_ACCOUNT] = 0.2,
        [SYNTH_ACCOUNT_MERGE] = 0.1,
        [SYNTH_SAC_INVOKE] = 2.7,
        [SYNTH_CREATE_CLAIMABLE] = 0.6,
        [SYNTH_CLAIM_CLAIMABLE] = 0.3,
    };
    *params = (synth_params){
        .seed = 1,
        .start = 2,
        .ledgers = 0,
        .meta_version = 2,
        .passphrase = "Public Global Stellar Network ; September 2015",
        .accounts = 10000,
        .txs_per_ledger = 308,
        .ops_per_tx = 2.5,
        .creates_per_tx = 59.4, /* pubnet: 416 create_claimable_balance in 7 transactions */
        .claims_per_tx = 21.3,  /* pubnet: 85 claim_claimable_balance in 4 transactions */
        .failed_fraction = 0.43, /* + ~8% natural failures = 47.5% (DISTRIBUTION.md) */
        .fee_bump_fraction = 0.047,
        .first_close_time = 1750000000,
        .close_interval = 5,
    };
    memcpy(params->mix, pubnet_mix, sizeof pubnet_mix);
}

static int parse_one(synth_params *params, const char *item, size_t len, char *why, size_t why_size)
{
    const char *eq = memchr(item, '=', len);
    if (eq == NULL) {
        snprintf(why, why_size, "--mix item '%.*s' is not kind=weight", (int)len, item);
        return -1;
    }
    size_t name_len = (size_t)(eq - item);
    for (int k = 0; k < SYNTH_KIND_COUNT; k++) {
        if (strlen(kind_names[k]) != name_len || memcmp(kind_names[k], item, name_len) != 0)
            continue;
        char number[32];
        size_t num_len = len - name_len - 1;
        if (num_len == 0 || num_len >= sizeof number) {
            snprintf(why, why_size, "--mix weight of %s is missing or too long", kind_names[k]);
            return -1;
        }
        memcpy(number, eq + 1, num_len);
        number[num_len] = '\0';
        char *end;
        errno = 0;
        double weight = strtod(number, &end);
        if (errno || *end || !(weight >= 0 && weight <= 1e6)) {
            snprintf(why, why_size, "--mix weight of %s: '%s' is not a number in 0..1000000",
                     kind_names[k], number);
            return -1;
        }
        params->mix[k] = weight;
        return 0;
    }
    char known[512];
    size_t used = 0;
    for (int k = 0; k < SYNTH_KIND_COUNT && used < sizeof known; k++)
        used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", k ? ", " : "", kind_names[k]);
    snprintf(why, why_size, "--mix: unknown kind '%.*s' (known: %s)", (int)name_len, item, known);
    return -1;
}

int synth_params_parse_mix(synth_params *params, const char *text, char *why, size_t why_size)
{
    const char *p = text;
    while (*p) {
        size_t len = strcspn(p, ",");
        if (parse_one(params, p, len, why, why_size))
            return -1;
        p += len;
        if (*p == ',')
            p++;
    }
    double total = 0;
    for (int k = 0; k < SYNTH_KIND_COUNT; k++)
        total += params->mix[k];
    if (total <= 0) {
        snprintf(why, why_size, "--mix: the weights add up to zero");
        return -1;
    }
    return 0;
}
