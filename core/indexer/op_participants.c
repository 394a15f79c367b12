/* op_participants.c — accounts an operation names in its body
 * (destinations, trustors, the sponsored account, a clawback's holder,
 * claimants, a signer or inflation destination being set): participants
 * even when the operation failed and changed no ledger entry. */
#include "indexer/ix_internal.h"

static void account(ix_ctx *ctx, const sx_AccountID *id)
{
    char text[SLUICE_STRKEY_SIZE];
    ix_account_strkey(ctx->ix, id, text);
    ix_add_participant(ctx, text);
}

static void muxed(ix_ctx *ctx, const sx_MuxedAccount *m)
{
    char text[SLUICE_STRKEY_SIZE];
    bool has_id;
    uint64_t id;
    ix_muxed_strkey(ctx->ix, m, text, &has_id, &id);
    ix_add_participant(ctx, text);
}

void ix_operation_body_participants(ix_ctx *ctx, const sx_Operation *op)
{
    const sx_OperationBody *b = &op->body;
    switch (b->type) {
    case SX_CREATE_ACCOUNT:
        account(ctx, &b->createAccountOp.destination);
        break;
    case SX_PAYMENT:
        muxed(ctx, &b->paymentOp.destination);
        break;
    case SX_PATH_PAYMENT_STRICT_RECEIVE:
        muxed(ctx, &b->pathPaymentStrictReceiveOp.destination);
        break;
    case SX_PATH_PAYMENT_STRICT_SEND:
        muxed(ctx, &b->pathPaymentStrictSendOp.destination);
        break;
    case SX_ACCOUNT_MERGE:
        muxed(ctx, &b->destination);
        break;
    case SX_ALLOW_TRUST:
        account(ctx, &b->allowTrustOp.trustor);
        break;
    case SX_SET_TRUST_LINE_FLAGS:
        account(ctx, &b->setTrustLineFlagsOp.trustor);
        break;
    case SX_BEGIN_SPONSORING_FUTURE_RESERVES:
        account(ctx, &b->beginSponsoringFutureReservesOp.sponsoredID);
        break;
    case SX_CLAWBACK:
        muxed(ctx, &b->clawbackOp.from);
        break;
    case SX_CREATE_CLAIMABLE_BALANCE:
        for (uint32_t i = 0; i < b->createClaimableBalanceOp.claimants.len; i++)
            account(ctx, &b->createClaimableBalanceOp.claimants.items[i].v0.destination);
        break;
    case SX_SET_OPTIONS:
        if (b->setOptionsOp.inflationDest)
            account(ctx, b->setOptionsOp.inflationDest);
        if (b->setOptionsOp.signer && b->setOptionsOp.signer->key.type == SX_KEY_TYPE_ED25519) {
            char text[SLUICE_STRKEY_SIZE];
            ix_ed25519_strkey(ctx->ix, b->setOptionsOp.signer->key.ed25519, text);
            ix_add_participant(ctx, text);
        }
        break;
    default:
        break;
    }
}
