/* op_participants.c — accounts an operation names in its body
 * (destinations, trustors, the sponsored account, a clawback's holder,
 * claimants, a signer or inflation destination being set, the owner of an
 * entry or signer whose sponsorship is revoked, account addresses passed
 * to a host function, the invoked contract and every address its auth
 * entries name: credentials, delegates, the contracts of the invocations
 * they authorize and deployers of the contracts they create), and the
 * sponsor of end_sponsoring_future_reserves (the source of the matching
 * begin_sponsoring_future_reserves earlier in the transaction, as Horizon
 * finds it): participants even when the operation failed and changed no
 * ledger entry. */
#include "indexer/emit.h"
#include "indexer/ix_internal.h"
#include "stellar/strkey.h"

static void account(ix_ctx *ctx, const sx_AccountID *id)
{
    ix_add_participant(ctx, ix_account_name(ctx->ix, id));
}

static void muxed(ix_ctx *ctx, const sx_MuxedAccount *m)
{
    bool has_id;
    uint64_t id;
    ix_add_participant(ctx, ix_muxed_name(ctx->ix, m, &has_id, &id));
}

static void ed25519_signer(ix_ctx *ctx, const sx_SignerKey *key)
{
    if (key->type == SX_KEY_TYPE_ED25519)
        ix_add_participant(ctx, ix_name_of(ctx->ix, STRKEY_ACCOUNT, key->ed25519));
}

/* The account that owns the entry of `key`, if any. */
static const sx_AccountID *key_owner(const sx_LedgerKey *key)
{
    switch (key->type) {
    case SX_ACCOUNT: return &key->account.accountID;
    case SX_TRUSTLINE: return &key->trustLine.accountID;
    case SX_OFFER: return &key->offer.sellerID;
    case SX_DATA: return &key->data.accountID;
    default: return NULL;
    }
}

static void revoke_sponsorship(ix_ctx *ctx, const sx_RevokeSponsorshipOp *op)
{
    if (op->type == SX_REVOKE_SPONSORSHIP_SIGNER) {
        account(ctx, &op->signer.accountID);
        ed25519_signer(ctx, &op->signer.signerKey);
        return;
    }
    const sx_AccountID *owner = key_owner(&op->ledgerKey);
    if (owner)
        account(ctx, owner);
}

/* An account (or muxed account, resolved) address. */
static void account_address(ix_ctx *ctx, const sx_SCAddress *a)
{
    if (a->type == SX_SC_ADDRESS_TYPE_ACCOUNT || a->type == SX_SC_ADDRESS_TYPE_MUXED_ACCOUNT)
        ix_add_participant(ctx, ix_address_name(ctx->ix, a));
}

/* Any address: account (muxed resolved), contract, pool, balance. */
static void any_address(ix_ctx *ctx, const sx_SCAddress *a)
{
    ix_add_participant(ctx, ix_address_name(ctx->ix, a));
}

/* The deployer address of a create-contract preimage. */
static void preimage_address(ix_ctx *ctx, const sx_ContractIDPreimage *p)
{
    if (p->type == SX_CONTRACT_ID_PREIMAGE_FROM_ADDRESS)
        any_address(ctx, &p->fromAddress.address);
}

/* Account addresses among the arguments (not inside vectors or maps). */
static void address_arguments(ix_ctx *ctx, const sx_vec_SCVal *args)
{
    for (uint32_t i = 0; i < args->len; i++)
        if (args->items[i].type == SX_SCV_ADDRESS)
            account_address(ctx, &args->items[i].address);
}

static void delegates(ix_ctx *ctx, const sx_vec_SorobanDelegateSignature *list)
{
    for (uint32_t i = 0; i < list->len; i++) {
        any_address(ctx, &list->items[i].address);
        delegates(ctx, &list->items[i].nestedDelegates);
    }
}

/* What a call or a contract creation names: the contract called and its
 * account arguments; the deployer of the preimage and the constructor's
 * account arguments (NULL: not that kind of function). */
static void function_addresses(ix_ctx *ctx, const sx_InvokeContractArgs *call,
                               const sx_ContractIDPreimage *preimage, const sx_vec_SCVal *constructor_args)
{
    if (call) {
        any_address(ctx, &call->contractAddress);
        address_arguments(ctx, &call->args);
    }
    if (preimage)
        preimage_address(ctx, preimage);
    if (constructor_args)
        address_arguments(ctx, constructor_args);
}

static void authorized_invocation(ix_ctx *ctx, const sx_SorobanAuthorizedInvocation *inv)
{
    const sx_SorobanAuthorizedFunction *f = &inv->function;
    function_addresses(ctx, f->type == SX_SOROBAN_AUTHORIZED_FUNCTION_TYPE_CONTRACT_FN ? &f->contractFn : NULL,
                       ix_authorized_function_preimage(f),
                       f->type == SX_SOROBAN_AUTHORIZED_FUNCTION_TYPE_CREATE_CONTRACT_V2_HOST_FN
                           ? &f->createContractV2HostFn.constructorArgs
                           : NULL);
    for (uint32_t i = 0; i < inv->subInvocations.len; i++)
        authorized_invocation(ctx, &inv->subInvocations.items[i]);
}

/* The invoked contract and the account addresses it is called with
 * (contract arguments, constructor arguments); every address its auth
 * entries name (credentials, delegates, the contracts and deployers of
 * the invocations they authorize) and their invocations' account
 * arguments. */
static void host_function(ix_ctx *ctx, const sx_InvokeHostFunctionOp *op)
{
    const sx_HostFunction *f = &op->hostFunction;
    function_addresses(ctx, f->type == SX_HOST_FUNCTION_TYPE_INVOKE_CONTRACT ? &f->invokeContract : NULL,
                       ix_host_function_preimage(f),
                       f->type == SX_HOST_FUNCTION_TYPE_CREATE_CONTRACT_V2 ? &f->createContractV2.constructorArgs
                                                                           : NULL);
    for (uint32_t i = 0; i < op->auth.len; i++) {
        const sx_SorobanCredentials *c = &op->auth.items[i].credentials;
        if (c->type == SX_SOROBAN_CREDENTIALS_ADDRESS)
            any_address(ctx, &c->address.address);
        else if (c->type == SX_SOROBAN_CREDENTIALS_ADDRESS_V2)
            any_address(ctx, &c->addressV2.address);
        else if (c->type == SX_SOROBAN_CREDENTIALS_ADDRESS_WITH_DELEGATES) {
            any_address(ctx, &c->addressWithDelegates.addressCredentials.address);
            delegates(ctx, &c->addressWithDelegates.delegates);
        }
        authorized_invocation(ctx, &op->auth.items[i].rootInvocation);
    }
}

/* The source of the latest begin_sponsoring_future_reserves before ctx's
 * operation whose sponsored account is that operation's source. */
static void sponsor_of_end(ix_ctx *ctx)
{
    for (uint32_t i = ctx->op_index; i-- > 0;) {
        const sx_Operation *begin = &ctx->operations->items[i];
        if (begin->body.type != SX_BEGIN_SPONSORING_FUTURE_RESERVES ||
            ix_account_name(ctx->ix, &begin->body.beginSponsoringFutureReservesOp.sponsoredID) !=
                ctx->op_source)
            continue;
        bool has_id;
        uint64_t muxed_id;
        ix_add_participant(ctx, ix_operation_source(ctx->ix, begin, ctx->tx_source, &has_id, &muxed_id));
        return;
    }
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
    case SX_END_SPONSORING_FUTURE_RESERVES:
        sponsor_of_end(ctx);
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
        if (b->setOptionsOp.signer)
            ed25519_signer(ctx, &b->setOptionsOp.signer->key);
        break;
    case SX_REVOKE_SPONSORSHIP:
        revoke_sponsorship(ctx, &b->revokeSponsorshipOp);
        break;
    case SX_INVOKE_HOST_FUNCTION:
        host_function(ctx, &b->invokeHostFunctionOp);
        break;
    default:
        break;
    }
}
