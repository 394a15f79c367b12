/* sponsor_state.c — RESERVES SPONSOR / UNSPONSOR rows from one (before,
 * after) pair, the changes Horizon's sponsorship effects (and the wallet
 * backend's RESERVES rows) show: the sponsor of an account, trustline,
 * data entry or claimable balance (LedgerEntry ext v1 sponsoringID) and
 * of each account signer (signerSponsoringIDs) appearing, disappearing or
 * changing; a created entry has no sponsor before, a removed one none
 * after.  The new sponsor gets a SPONSOR row, the old one an UNSPONSOR
 * row, and the sponsored account (the entry's owner; a claimable balance
 * has none) one row of each too.  All rows of one change carry the same
 * details_json: {"entry", "name" / "balance_id" / "signer",
 * "sponsored", "old", "new"} (doc/data-model.md). */
#include "indexer/emit.h"
#include "indexer/ix_internal.h"

/* The sponsored entry: who owns it, its asset (trustlines) and the
 * members of details_json that name it. */
typedef struct sponsored_entry {
    const ix_name *owner;
    const char *asset;
    ix_json what;
} sponsored_entry;

static const ix_name *sponsor_of(indexer *ix, sx_SponsorshipDescriptor id)
{
    return id ? ix_account_name(ix, id) : NULL;
}

/* The rows of one sponsorship going from `old` to `new_sponsor` (NULL: none). */
static void sponsorship_rows(ix_ctx *ctx, const sponsored_entry *e, const ix_name *old,
                             const ix_name *new_sponsor)
{
    if (old == new_sponsor) /* names are interned per ledger */
        return;
    ix_json j = e->what;
    if (e->owner)
        ix_json_text(&j, "sponsored", e->owner->text);
    if (old)
        ix_json_text(&j, "old", old->text);
    if (new_sponsor)
        ix_json_text(&j, "new", new_sponsor->text);
    const char *details = ix_json_done(ctx, &j);
    if (new_sponsor)
        ix_state_change(ctx, SLUICE_SC_RESERVES, SLUICE_SR_SPONSOR, new_sponsor, e->asset, details);
    if (old)
        ix_state_change(ctx, SLUICE_SC_RESERVES, SLUICE_SR_UNSPONSOR, old, e->asset, details);
    if (e->owner && new_sponsor)
        ix_state_change(ctx, SLUICE_SC_RESERVES, SLUICE_SR_SPONSOR, e->owner, e->asset, details);
    if (e->owner && old)
        ix_state_change(ctx, SLUICE_SC_RESERVES, SLUICE_SR_UNSPONSOR, e->owner, e->asset, details);
}

/* Signer sponsors exist only in AccountEntry ext v1 ext v2. */
static const sx_vec_SponsorshipDescriptor *signer_sponsors(const sx_AccountEntry *a)
{
    return a && a->ext.v == 1 && a->ext.v1.ext.v == 2 && a->ext.v1.ext.v2.signerSponsoringIDs.len
               ? &a->ext.v1.ext.v2.signerSponsoringIDs
               : NULL;
}

/* Index of `key` among a's signers, or -1. */
static int64_t signer_index(const sx_AccountEntry *a, const sx_SignerKey *key)
{
    for (uint32_t i = 0; a && i < a->signers.len; i++)
        if (ix_signer_keys_equal(&a->signers.items[i].key, key))
            return i;
    return -1;
}

/* The sponsor of a's signer `key` (NULL: none, or not a signer). */
static const ix_name *signer_sponsor(indexer *ix, const sx_AccountEntry *a, const sx_SignerKey *key)
{
    const sx_vec_SponsorshipDescriptor *ids = signer_sponsors(a);
    int64_t at = signer_index(a, key);
    return ids && at >= 0 && (uint64_t)at < ids->len ? sponsor_of(ix, ids->items[at]) : NULL;
}

/* One signer's sponsorship from `before` to `after`. */
static void signer_sponsorship(ix_ctx *ctx, const ix_name *account, const sx_AccountEntry *before,
                               const sx_AccountEntry *after, const sx_SignerKey *key)
{
    const ix_name *old = signer_sponsor(ctx->ix, before, key);
    const ix_name *new_sponsor = signer_sponsor(ctx->ix, after, key);
    if (old == new_sponsor)
        return;
    char text[128];
    ix_signer_text(ctx->ix, key, text, sizeof(text));
    sponsored_entry e = {.owner = account};
    ix_json_start(&e.what);
    ix_json_text(&e.what, "entry", "signer");
    ix_json_text(&e.what, "signer", text);
    sponsorship_rows(ctx, &e, old, new_sponsor);
}

static void signer_sponsorships(ix_ctx *ctx, const ix_pair *pair)
{
    const sx_AccountEntry *b = pair->before ? &pair->before->account : NULL;
    const sx_AccountEntry *a = pair->after ? &pair->after->account : NULL;
    if (!signer_sponsors(b) && !signer_sponsors(a))
        return;
    for (uint32_t i = 0; a && i < a->signers.len; i++)
        signer_sponsorship(ctx, pair->owner, b, a, &a->signers.items[i].key);
    for (uint32_t i = 0; b && i < b->signers.len; i++)
        if (signer_index(a, &b->signers.items[i].key) < 0)
            signer_sponsorship(ctx, pair->owner, b, a, &b->signers.items[i].key);
}

static sx_SponsorshipDescriptor entry_sponsor(const sx_LedgerEntry *entry)
{
    return entry && entry->ext.v == 1 ? entry->ext.v1.sponsoringID : NULL;
}

/* Names the entry in e; false for types Horizon shows no sponsorship of
 * (offers: their sponsor stays a participant only). */
static bool describe(ix_ctx *ctx, const ix_pair *pair, sponsored_entry *e)
{
    const sx_LedgerEntryData *d = pair->any;
    e->owner = pair->owner;
    e->asset = NULL;
    ix_json_start(&e->what);
    switch (d->type) {
    case SX_ACCOUNT:
        ix_json_text(&e->what, "entry", "account");
        return true;
    case SX_TRUSTLINE:
        e->asset = pair->asset ? pair->asset : ix_trustline_asset_name(ctx->ix, &d->trustLine.asset);
        ix_json_text(&e->what, "entry", "trustline");
        return true;
    case SX_DATA:
        ix_json_text(&e->what, "entry", "data");
        ix_json_bytes(&e->what, "name", d->data.dataName.data, d->data.dataName.len);
        return true;
    case SX_CLAIMABLE_BALANCE: {
        const ix_name *id = ix_claimable_balance_name(ctx->ix, &d->claimableBalance.balanceID);
        ix_json_text(&e->what, "entry", "claimable_balance");
        if (id)
            ix_json_text(&e->what, "balance_id", id->text);
        return true;
    }
    default:
        return false;
    }
}

void ix_sponsor_state(ix_ctx *ctx, const ix_pair *pair, const sx_LedgerEntry *before,
                      const sx_LedgerEntry *after)
{
    const ix_name *old = sponsor_of(ctx->ix, entry_sponsor(before));
    const ix_name *new_sponsor = sponsor_of(ctx->ix, entry_sponsor(after));
    sponsored_entry e;
    if (old != new_sponsor && describe(ctx, pair, &e))
        sponsorship_rows(ctx, &e, old, new_sponsor);
    if (pair->any->type == SX_ACCOUNT)
        signer_sponsorships(ctx, pair);
}
