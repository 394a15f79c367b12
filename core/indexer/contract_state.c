/* contract_state.c — state changes of contracts:
 *   - a contract instance created: ACCOUNT CREATE of the contract (C...),
 *     with its executable and its deployer when the operation's host
 *     function or an authorized invocation created it from an address
 *     (the contract id recomputed from the preimage must match);
 *   - SEP-41 / Stellar Asset Contract `approve` events: ALLOWANCE UPDATE
 *     of the owner, asset = the token contract, amount = the allowance,
 *     with the spender and the expiration ledger;
 *   - SAC `set_authorized` of a contract holder: BALANCE_AUTHORIZATION
 *     SET / CLEAR of "authorized", the old value from the balance entry's
 *     state before the operation (false when the entry is new), as the
 *     wallet backend does.  An account holder's trustline flags change in
 *     the same operation and state_changes.c shows them. */
#include <stdio.h>
#include <string.h>

#include "indexer/emit.h"
#include "indexer/ix_internal.h"
#include "stellar/sha256.h"
#include "stellar/strkey.h"

static bool symbol_is(const sx_SCVal *v, const char *name)
{
    size_t n = strlen(name);
    return v->type == SX_SCV_SYMBOL && v->sym.len == n && memcmp(v->sym.data, name, n) == 0;
}

/* Whether `preimage` (from an address) yields contract `id` on this
 * network: SHA-256 of HashIDPreimage ENVELOPE_TYPE_CONTRACT_ID. */
static bool deploys(indexer *ix, const sx_ContractIDPreimage *preimage, const uint8_t id[32])
{
    if (preimage->type != SX_CONTRACT_ID_PREIMAGE_FROM_ADDRESS)
        return false;
    sx_HashIDPreimage h;
    memset(&h, 0, sizeof(h));
    h.type = SX_ENVELOPE_TYPE_CONTRACT_ID;
    h.contractID.networkID = ix->network_id;
    h.contractID.contractIDPreimage = *preimage;
    uint8_t hash[32];
    ix->scratch.len = 0;
    if (sx_encode_HashIDPreimage(&h, &ix->scratch))
        return false;
    sha256(ix->scratch.data, ix->scratch.len, hash);
    return memcmp(hash, id, 32) == 0;
}

const sx_ContractIDPreimage *ix_host_function_preimage(const sx_HostFunction *f)
{
    return f->type == SX_HOST_FUNCTION_TYPE_CREATE_CONTRACT      ? &f->createContract.contractIDPreimage
           : f->type == SX_HOST_FUNCTION_TYPE_CREATE_CONTRACT_V2 ? &f->createContractV2.contractIDPreimage
                                                                 : NULL;
}

const sx_ContractIDPreimage *ix_authorized_function_preimage(const sx_SorobanAuthorizedFunction *f)
{
    return f->type == SX_SOROBAN_AUTHORIZED_FUNCTION_TYPE_CREATE_CONTRACT_HOST_FN
               ? &f->createContractHostFn.contractIDPreimage
           : f->type == SX_SOROBAN_AUTHORIZED_FUNCTION_TYPE_CREATE_CONTRACT_V2_HOST_FN
               ? &f->createContractV2HostFn.contractIDPreimage
               : NULL;
}

/* The deployer of contract `id` among an authorized invocation tree. */
static const sx_SCAddress *tree_deployer(indexer *ix, const sx_SorobanAuthorizedInvocation *inv,
                                         const uint8_t id[32])
{
    const sx_ContractIDPreimage *p = ix_authorized_function_preimage(&inv->function);
    if (p && deploys(ix, p, id))
        return &p->fromAddress.address;
    for (uint32_t i = 0; i < inv->subInvocations.len; i++) {
        const sx_SCAddress *found = tree_deployer(ix, &inv->subInvocations.items[i], id);
        if (found)
            return found;
    }
    return NULL;
}

/* The deployer of contract `id`: the address of the operation's
 * create-contract preimage or of one in its auth entries, else NULL. */
static const sx_SCAddress *deployer(const ix_ctx *ctx, const uint8_t id[32])
{
    if (ctx->phase != IX_PHASE_OPERATION || !ctx->op || ctx->op->body.type != SX_INVOKE_HOST_FUNCTION)
        return NULL;
    const sx_InvokeHostFunctionOp *op = &ctx->op->body.invokeHostFunctionOp;
    const sx_ContractIDPreimage *p = ix_host_function_preimage(&op->hostFunction);
    if (p && deploys(ctx->ix, p, id))
        return &p->fromAddress.address;
    for (uint32_t i = 0; i < op->auth.len; i++) {
        const sx_SCAddress *found = tree_deployer(ctx->ix, &op->auth.items[i].rootInvocation, id);
        if (found)
            return found;
    }
    return NULL;
}

void ix_contract_instance_state(ix_ctx *ctx, const ix_pair *pair)
{
    const sx_ContractDataEntry *a = pair->after ? &pair->after->contractData : NULL;
    if (pair->before || !a || a->key.type != SX_SCV_LEDGER_KEY_CONTRACT_INSTANCE ||
        a->contract.type != SX_SC_ADDRESS_TYPE_CONTRACT || a->val.type != SX_SCV_CONTRACT_INSTANCE)
        return;
    const uint8_t *id = a->contract.contractId;
    ix_name *contract = ix_name_of(ctx->ix, STRKEY_CONTRACT, id);
    const sx_ContractExecutable *exe = &a->val.instance.executable;
    char executable[80] = "stellar_asset";
    if (exe->type == SX_CONTRACT_EXECUTABLE_WASM) {
        memcpy(executable, "wasm:", 5);
        for (int i = 0; i < 32; i++)
            snprintf(executable + 5 + 2 * i, 3, "%02x", exe->wasm_hash[i]);
    }
    const sx_SCAddress *by = deployer(ctx, id);
    ix_name *creator = by ? ix_address_name(ctx->ix, by) : NULL;
    ix_json j;
    ix_json_start(&j);
    ix_json_text(&j, "executable", executable);
    if (creator)
        ix_json_text(&j, "creator", creator->text);
    ix_state_change(ctx, SLUICE_SC_ACCOUNT, SLUICE_SR_CREATE, contract, NULL, ix_json_done(ctx, &j));
    ix_add_participant(ctx, contract);
}

/* approve(from, spender [, asset]) with data [amount: i128, expiration_ledger: u32]. */
static void approve(ix_ctx *ctx, const char *token, const sx_vec_SCVal *topics, const sx_SCVal *data)
{
    if (topics->len < 3 || topics->items[1].type != SX_SCV_ADDRESS ||
        topics->items[2].type != SX_SCV_ADDRESS || data->type != SX_SCV_VEC || !data->vec ||
        data->vec->len != 2 || data->vec->items[0].type != SX_SCV_I128 ||
        data->vec->items[1].type != SX_SCV_U32)
        return;
    ix_name *from = ix_address_name(ctx->ix, &topics->items[1].address);
    ix_name *spender = ix_address_name(ctx->ix, &topics->items[2].address);
    if (!from || !spender)
        return;
    ix_add_participant(ctx, from);
    ix_add_participant(ctx, spender);
    sluice_state_change_row *row = ix_push_state_change(ctx, SLUICE_SC_ALLOWANCE, SLUICE_SR_UPDATE, from);
    row->asset = token;
    row->amount.hi = data->vec->items[0].i128.hi;
    row->amount.lo = data->vec->items[0].i128.lo;
    ix_json j;
    ix_json_start(&j);
    ix_json_text(&j, "spender", spender->text);
    ix_json_int(&j, "expiration_ledger", data->vec->items[1].u32, false);
    row->details_json = ix_json_done(ctx, &j);
}

/* The SAC balance entry of (contract, holder) before the operation: its
 * STATE or RESTORED in `changes` (*found: the entry is among them at all;
 * NULL when it is created). */
static const sx_ContractDataEntry *balance_before(const sx_LedgerEntryChanges *changes,
                                                  const uint8_t contract[32], const ix_name *holder,
                                                  indexer *ix, bool *found)
{
    *found = false;
    for (uint32_t i = 0; i < changes->len; i++) {
        const sx_LedgerEntryChange *c = &changes->items[i];
        const sx_LedgerEntry *e = c->type == SX_LEDGER_ENTRY_STATE      ? &c->state
                                  : c->type == SX_LEDGER_ENTRY_RESTORED ? &c->restored
                                  : c->type == SX_LEDGER_ENTRY_CREATED  ? &c->created
                                                                        : NULL;
        const sx_SCAddress *address;
        bool authorized;
        if (!e || e->data.type != SX_CONTRACT_DATA ||
            !ix_sac_balance_authorized(&e->data.contractData, &address, &authorized) ||
            memcmp(e->data.contractData.contract.contractId, contract, 32) != 0 ||
            ix_address_name(ix, address) != holder)
            continue;
        *found = true;
        if (c->type != SX_LEDGER_ENTRY_CREATED)
            return &e->data.contractData;
    }
    return NULL;
}

/* set_authorized([admin,] id, asset) with data: the new authorized flag. */
static void set_authorized(ix_ctx *ctx, const uint8_t contract_id[32], const sx_vec_SCVal *topics,
                           const sx_SCVal *data, const sx_LedgerEntryChanges *changes)
{
    if (topics->len < 3 || topics->items[topics->len - 1].type != SX_SCV_STRING ||
        topics->items[topics->len - 2].type != SX_SCV_ADDRESS || data->type != SX_SCV_BOOL ||
        topics->items[topics->len - 2].address.type != SX_SC_ADDRESS_TYPE_CONTRACT || !changes)
        return;
    ix_name *holder = ix_address_name(ctx->ix, &topics->items[topics->len - 2].address);
    bool found, was = false;
    const sx_SCAddress *address;
    const sx_ContractDataEntry *before = balance_before(changes, contract_id, holder, ctx->ix, &found);
    if (!found || (before && !ix_sac_balance_authorized(before, &address, &was)) || was == data->b)
        return;
    ix_json j;
    ix_json_start(&j);
    ix_json_text(&j, "flag", "authorized");
    ix_json_bool(&j, "old", was);
    ix_json_bool(&j, "new", data->b);
    ix_state_change(ctx, SLUICE_SC_BALANCE_AUTHORIZATION, data->b ? SLUICE_SR_SET : SLUICE_SR_CLEAR,
                    holder, ix_name_of(ctx->ix, STRKEY_CONTRACT, contract_id)->text,
                    ix_json_done(ctx, &j));
}

void ix_contract_event_state(ix_ctx *ctx, const sx_vec_ContractEvent *events,
                             const sx_LedgerEntryChanges *changes)
{
    for (uint32_t i = 0; i < events->len; i++) {
        const sx_ContractEvent *e = &events->items[i];
        if (e->type != SX_CONTRACT || !e->contractID || e->body.v != 0 || e->body.v0.topics.len == 0)
            continue;
        const sx_vec_SCVal *topics = &e->body.v0.topics;
        if (symbol_is(&topics->items[0], "approve"))
            approve(ctx, ix_name_of(ctx->ix, STRKEY_CONTRACT, e->contractID[0])->text, topics,
                    &e->body.v0.data);
        else if (symbol_is(&topics->items[0], "set_authorized"))
            set_authorized(ctx, e->contractID[0], topics, &e->body.v0.data, changes);
    }
}
