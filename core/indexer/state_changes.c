/* state_changes.c — the non-balance state changes a (before, after) pair of
 * one account, trustline or data entry shows, each with its value before
 * and after: ACCOUNT create (funder) / merge (destination), signers and
 * thresholds (signer_state.c), FLAGS set / clear per flag, HOME_DOMAIN
 * set / update / clear, TRUSTLINE add / remove / limit update,
 * BALANCE_AUTHORIZATION set / clear per trustline flag (a new trustline's
 * initial flags included), DATA_ENTRY add / update / remove; and the
 * accounts an entry names besides its owner (participants: sponsors,
 * claimants).  details_json keys: doc/data-model.md. */
#include <stdio.h>
#include <string.h>

#include "indexer/emit.h"
#include "indexer/ix_internal.h"
#include "stellar/strkey.h"

/* Flag names by bit (AccountFlags, TrustLineFlags). */
static const char *const account_flags[] = {"auth_required", "auth_revocable", "auth_immutable",
                                            "auth_clawback_enabled"};
static const char *const trustline_flags[] = {"authorized", "authorized_to_maintain_liabilities",
                                              "clawback_enabled"};

/* One row per flag bit that differs: SET when it is set in `after`. */
static void flag_changes(ix_ctx *ctx, sluice_state_category category, const ix_name *account,
                         const char *asset, const char *const names[], int name_count,
                         uint32_t before, uint32_t after)
{
    for (uint32_t differ = before ^ after; differ; differ &= differ - 1) {
        int bit = __builtin_ctz(differ);
        uint32_t mask = 1u << bit;
        char unknown[16];
        snprintf(unknown, sizeof(unknown), "bit_%d", bit);
        bool set = (after & mask) != 0;
        ix_json j;
        ix_json_start(&j);
        ix_json_text(&j, "flag", bit < name_count ? names[bit] : unknown);
        ix_json_bool(&j, "old", !set);
        ix_json_bool(&j, "new", set);
        ix_state_change(ctx, category, set ? SLUICE_SR_SET : SLUICE_SR_CLEAR, account, asset,
                        ix_json_done(ctx, &j));
    }
}

/* The operation being applied when it is of `type`, else NULL. */
static const sx_Operation *current_op(const ix_ctx *ctx, sx_OperationType type)
{
    return ctx->phase == IX_PHASE_OPERATION && ctx->op && ctx->op->body.type == type ? ctx->op : NULL;
}

/* ACCOUNT CREATE: the funder (create_account's source) and starting
 * balance; the master key becomes a signer. */
static void account_created(ix_ctx *ctx, const ix_name *account, const sx_AccountEntry *a)
{
    const sx_Operation *op = current_op(ctx, SX_CREATE_ACCOUNT);
    const char *details = NULL;
    if (op && memcmp(op->body.createAccountOp.destination.ed25519, account->id, 32) == 0) {
        ix_json j;
        ix_json_start(&j);
        ix_json_text(&j, "funder", ctx->op_source->text);
        ix_json_int(&j, "starting_balance", a->balance, true);
        details = ix_json_done(ctx, &j);
    }
    ix_state_change(ctx, SLUICE_SC_ACCOUNT, SLUICE_SR_CREATE, account, NULL, details);
    ix_signer_state(ctx, account, NULL, a);
}

/* ACCOUNT MERGE: the destination of the account_merge that removed it. */
static void account_merged(ix_ctx *ctx, const ix_name *account)
{
    const sx_Operation *op = current_op(ctx, SX_ACCOUNT_MERGE);
    const char *details = NULL;
    if (op && ctx->op_source == account) {
        bool has_id;
        uint64_t muxed_id;
        ix_json j;
        ix_json_start(&j);
        ix_json_text(&j, "destination",
                     ix_muxed_name(ctx->ix, &op->body.destination, &has_id, &muxed_id)->text);
        details = ix_json_done(ctx, &j);
    }
    ix_state_change(ctx, SLUICE_SC_ACCOUNT, SLUICE_SR_MERGE, account, NULL, details);
}

static bool same_bytes(const uint8_t *x, size_t x_len, const uint8_t *y, size_t y_len)
{
    return x_len == y_len && (x_len == 0 || memcmp(x, y, x_len) == 0);
}

/* HOME_DOMAIN SET (was empty) / CLEAR (now empty) / UPDATE. */
static void home_domain(ix_ctx *ctx, const ix_name *account, const sx_AccountEntry *b,
                        const sx_AccountEntry *a)
{
    if (same_bytes(b->homeDomain.data, b->homeDomain.len, a->homeDomain.data, a->homeDomain.len))
        return;
    ix_json j;
    ix_json_start(&j);
    if (b->homeDomain.len)
        ix_json_bytes(&j, "old", b->homeDomain.data, b->homeDomain.len);
    if (a->homeDomain.len)
        ix_json_bytes(&j, "new", a->homeDomain.data, a->homeDomain.len);
    ix_state_change(ctx, SLUICE_SC_HOME_DOMAIN,
                    !b->homeDomain.len   ? SLUICE_SR_SET
                    : !a->homeDomain.len ? SLUICE_SR_CLEAR
                                         : SLUICE_SR_UPDATE,
                    account, NULL, ix_json_done(ctx, &j));
}

void ix_account_state(ix_ctx *ctx, const ix_pair *pair)
{
    const sx_AccountEntry *b = pair->before ? &pair->before->account : NULL;
    const sx_AccountEntry *a = pair->after ? &pair->after->account : NULL;
    const ix_name *account = pair->owner;
    if (!b) {
        account_created(ctx, account, a);
        return;
    }
    if (!a) {
        account_merged(ctx, account);
        return;
    }
    ix_signer_state(ctx, account, b, a);
    flag_changes(ctx, SLUICE_SC_FLAGS, account, NULL, account_flags, 4, b->flags, a->flags);
    home_domain(ctx, account, b, a);
}

void ix_trustline_state(ix_ctx *ctx, const ix_pair *pair)
{
    const sx_TrustLineEntry *b = pair->before ? &pair->before->trustLine : NULL;
    const sx_TrustLineEntry *a = pair->after ? &pair->after->trustLine : NULL;
    const ix_name *account = pair->owner;
    const char *asset = pair->asset;
    if (!b || !a || b->limit != a->limit) {
        ix_json j;
        ix_json_start(&j);
        if (b)
            ix_json_int(&j, "old", b->limit, true);
        if (a)
            ix_json_int(&j, "new", a->limit, true);
        ix_state_change(ctx, SLUICE_SC_TRUSTLINE,
                        !b ? SLUICE_SR_ADD : !a ? SLUICE_SR_REMOVE : SLUICE_SR_UPDATE, account, asset,
                        ix_json_done(ctx, &j));
    }
    /* a new trustline's initial flags are set from nothing; a removed
     * one's are not cleared (the TRUSTLINE REMOVE row says it) */
    if (a)
        flag_changes(ctx, SLUICE_SC_BALANCE_AUTHORIZATION, account, asset, trustline_flags, 3,
                     b ? b->flags : 0, a->flags);
}

void ix_data_state(ix_ctx *ctx, const ix_pair *pair)
{
    const sx_DataEntry *b = pair->before ? &pair->before->data : NULL;
    const sx_DataEntry *a = pair->after ? &pair->after->data : NULL;
    const sx_DataEntry *any = &pair->any->data;
    if (b && a && same_bytes(b->dataValue.data, b->dataValue.len, a->dataValue.data, a->dataValue.len))
        return;
    char value[4 * 22 + 1];
    ix_json j;
    ix_json_start(&j);
    ix_json_bytes(&j, "name", any->dataName.data, any->dataName.len);
    if (b) {
        ix_base64(ctx->ix, b->dataValue.data, b->dataValue.len, value, sizeof(value));
        ix_json_text(&j, "old", value);
    }
    if (a) {
        ix_base64(ctx->ix, a->dataValue.data, a->dataValue.len, value, sizeof(value));
        ix_json_text(&j, "new", value);
    }
    ix_state_change(ctx, SLUICE_SC_DATA_ENTRY,
                    !b ? SLUICE_SR_ADD : !a ? SLUICE_SR_REMOVE : SLUICE_SR_UPDATE, pair->owner, NULL,
                    ix_json_done(ctx, &j));
}

void ix_entry_participants(ix_ctx *ctx, const sx_LedgerEntry *entry)
{
    if (entry->ext.v == 1 && entry->ext.v1.sponsoringID)
        ix_add_participant(ctx, ix_account_name(ctx->ix, entry->ext.v1.sponsoringID));
    const sx_LedgerEntryData *d = &entry->data;
    if (d->type == SX_ACCOUNT && d->account.ext.v == 1 && d->account.ext.v1.ext.v == 2) {
        const sx_vec_SponsorshipDescriptor *sponsors = &d->account.ext.v1.ext.v2.signerSponsoringIDs;
        for (uint32_t i = 0; i < sponsors->len; i++)
            if (sponsors->items[i])
                ix_add_participant(ctx, ix_account_name(ctx->ix, sponsors->items[i]));
    }
    if (d->type == SX_CLAIMABLE_BALANCE)
        for (uint32_t i = 0; i < d->claimableBalance.claimants.len; i++)
            ix_add_participant(ctx, ix_account_name(ctx->ix, &d->claimableBalance.claimants.items[i].v0.destination));
}
