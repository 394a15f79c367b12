/* test_participants.c — participants the indexer finds beyond sources and
 * owners, each kind checked against the XDR the test decodes itself:
 *   - over every real fixture ledger (store_xdr = all keeps each
 *     transaction's envelope and meta): the sponsor of every entry a
 *     transaction's meta creates or changes (LedgerEntry ext v1
 *     sponsoringID), the sponsors of an account's signers, and every
 *     claimant of a claimable balance entry in it are participants of the
 *     transaction; the sponsored account of begin_sponsoring_future_reserves
 *     is a participant of the operation; every account passed as an
 *     Address argument to invoke_host_function and every account address
 *     in its auth entries' credentials is a participant of the operation,
 *     and so are the contract it invokes and every contract its auth
 *     entries' invocation trees call; end_sponsoring_future_reserves lists
 *     the sponsor: the source of the latest earlier
 *     begin_sponsoring_future_reserves of the transaction whose sponsored
 *     account is the end operation's source (as Horizon finds it);
 *   - what no fixture holds, rewritten into fixture transactions (hash
 *     recomputed, result re-paired): revoke_sponsorship of a trustline and
 *     of a signer lists the trustline's owner, the signer's account and the
 *     ed25519 signer; auth entries with address credentials (plain and with
 *     a delegate) list the addresses, the delegate, the contract and an
 *     account argument of the invocation they authorize. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../testlib.h"
#include "indexer/indexer.h"
#include "stellar/sha256.h"
#include "ledger_frames.h"
#include "stellar/strkey.h"
#include "xdr/gen/sx_codec.h"

static bool listed(const sluice_participant_row *rows, size_t n, int64_t id, const char *account)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].id == id && strcmp(rows[i].account, account) == 0)
            return true;
    return false;
}

/* The ed25519 key of an account or muxed account address, else NULL. */
static const uint8_t *address_account(const sx_SCAddress *a)
{
    return a->type == SX_SC_ADDRESS_TYPE_ACCOUNT         ? a->accountId.ed25519
           : a->type == SX_SC_ADDRESS_TYPE_MUXED_ACCOUNT ? a->muxedAccount.ed25519
                                                         : NULL;
}

enum kind {
    ENTRY_SPONSOR, SIGNER_SPONSOR, CLAIMANT, SPONSORED, INVOKE_ARGUMENT, AUTH_ADDRESS, REVOKE_TARGET,
    END_SPONSOR, INVOKED_CONTRACT, AUTH_CONTRACT, KINDS
};
static const char *const kind_names[KINDS] = {
    "entry sponsor", "signer sponsor", "claimant", "sponsored account", "invoke argument",
    "auth address", "revoke_sponsorship target", "sponsor of end_sponsoring", "invoked contract",
    "contract of an authorized invocation"};
static size_t checked[KINDS];

/* Checks that the strkey of (version, key) is listed under `id`; counts
 * the check. */
static void expect_key(const sluice_ledger *l, const char *where, enum kind kind, bool operation,
                       int64_t id, uint8_t version, const uint8_t key[32])
{
    char account[SLUICE_STRKEY_SIZE];
    strkey_encode(version, key, 32, account, SLUICE_STRKEY_SIZE);
    bool ok = operation ? listed(l->operation_participants, l->operation_participant_count, id, account)
                        : listed(l->transaction_participants, l->transaction_participant_count, id, account);
    CHECK_MSG(ok, "%s: %s %s is not a participant of %s %lld", where, kind_names[kind], account,
              operation ? "operation" : "transaction", (long long)id);
    checked[kind]++;
}

static void expect(const sluice_ledger *l, const char *where, enum kind kind, bool operation,
                   int64_t id, const uint8_t key[32])
{
    expect_key(l, where, kind, operation, id, STRKEY_ACCOUNT, key);
}

static void entry_participants(const sluice_ledger *l, const char *where, int64_t tx_id,
                               const sx_LedgerEntryChanges *changes)
{
    for (uint32_t i = 0; i < changes->len; i++) {
        const sx_LedgerEntryChange *c = &changes->items[i];
        const sx_LedgerEntry *e = c->type == SX_LEDGER_ENTRY_CREATED   ? &c->created
                                  : c->type == SX_LEDGER_ENTRY_UPDATED ? &c->updated
                                  : c->type == SX_LEDGER_ENTRY_STATE   ? &c->state
                                                                       : NULL;
        if (!e)
            continue;
        if (e->ext.v == 1 && e->ext.v1.sponsoringID)
            expect(l, where, ENTRY_SPONSOR, false, tx_id, e->ext.v1.sponsoringID->ed25519);
        const sx_AccountEntryExt *ext = &e->data.account.ext;
        if (e->data.type == SX_ACCOUNT && ext->v == 1 && ext->v1.ext.v == 2)
            for (uint32_t k = 0; k < ext->v1.ext.v2.signerSponsoringIDs.len; k++)
                if (ext->v1.ext.v2.signerSponsoringIDs.items[k])
                    expect(l, where, SIGNER_SPONSOR, false, tx_id,
                           ext->v1.ext.v2.signerSponsoringIDs.items[k]->ed25519);
        if (e->data.type == SX_CLAIMABLE_BALANCE)
            for (uint32_t k = 0; k < e->data.claimableBalance.claimants.len; k++)
                expect(l, where, CLAIMANT, false, tx_id,
                       e->data.claimableBalance.claimants.items[k].v0.destination.ed25519);
    }
}

/* The change lists of a TransactionMeta (any version) but fee processing. */
static void meta_participants(const sluice_ledger *l, const char *where, int64_t tx_id,
                              const sx_TransactionMeta *m)
{
    const sx_LedgerEntryChanges *lists[LEDGER_META_CHANGES_MAX];
    size_t n = ledger_meta_changes(m, lists, LEDGER_META_CHANGES_MAX);
    for (size_t i = 0; i < n; i++)
        entry_participants(l, where, tx_id, lists[i]);
}

static const sx_vec_Operation *operations_of(const sx_TransactionEnvelope *env)
{
    return env->type == SX_ENVELOPE_TYPE_TX_V0 ? &env->v0.tx.operations
           : env->type == SX_ENVELOPE_TYPE_TX  ? &env->v1.tx.operations
                                               : &env->feeBump.tx.innerTx.v1.tx.operations;
}

/* The ed25519 key of a muxed account. */
static const uint8_t *muxed_key(const sx_MuxedAccount *m)
{
    return m->type == SX_KEY_TYPE_MUXED_ED25519 ? m->med25519.ed25519 : m->ed25519;
}

static const uint8_t *tx_source_key(const sx_TransactionEnvelope *env)
{
    return env->type == SX_ENVELOPE_TYPE_TX_V0 ? env->v0.tx.sourceAccountEd25519
           : env->type == SX_ENVELOPE_TYPE_TX  ? muxed_key(&env->v1.tx.sourceAccount)
                                               : muxed_key(&env->feeBump.tx.innerTx.v1.tx.sourceAccount);
}

static const uint8_t *op_source_key(const sx_TransactionEnvelope *env, const sx_Operation *op)
{
    return op->sourceAccount ? muxed_key(op->sourceAccount) : tx_source_key(env);
}

/* end_sponsoring_future_reserves at index i: the source of the latest
 * begin_sponsoring_future_reserves before it sponsoring its source. */
static void end_sponsor(const sluice_ledger *l, const char *where, int64_t tx_id,
                        const sx_TransactionEnvelope *env, const sx_vec_Operation *ops, uint32_t i)
{
    const uint8_t *sponsored = op_source_key(env, &ops->items[i]);
    for (uint32_t k = i; k-- > 0;) {
        const sx_OperationBody *b = &ops->items[k].body;
        if (b->type == SX_BEGIN_SPONSORING_FUTURE_RESERVES &&
            memcmp(b->beginSponsoringFutureReservesOp.sponsoredID.ed25519, sponsored, 32) == 0) {
            expect(l, where, END_SPONSOR, true, tx_id + i + 1, op_source_key(env, &ops->items[k]));
            return;
        }
    }
}

/* The contracts an authorized invocation tree calls. */
static void auth_contracts(const sluice_ledger *l, const char *where, int64_t op_id,
                           const sx_SorobanAuthorizedInvocation *inv)
{
    const sx_SorobanAuthorizedFunction *f = &inv->function;
    if (f->type == SX_SOROBAN_AUTHORIZED_FUNCTION_TYPE_CONTRACT_FN &&
        f->contractFn.contractAddress.type == SX_SC_ADDRESS_TYPE_CONTRACT)
        expect_key(l, where, AUTH_CONTRACT, true, op_id, STRKEY_CONTRACT,
                   f->contractFn.contractAddress.contractId);
    for (uint32_t i = 0; i < inv->subInvocations.len; i++)
        auth_contracts(l, where, op_id, &inv->subInvocations.items[i]);
}

static void host_function_participants(const sluice_ledger *l, const char *where, int64_t op_id,
                                       const sx_InvokeHostFunctionOp *op)
{
    if (op->hostFunction.type == SX_HOST_FUNCTION_TYPE_INVOKE_CONTRACT) {
        const sx_SCAddress *invoked = &op->hostFunction.invokeContract.contractAddress;
        if (invoked->type == SX_SC_ADDRESS_TYPE_CONTRACT)
            expect_key(l, where, INVOKED_CONTRACT, true, op_id, STRKEY_CONTRACT, invoked->contractId);
        const sx_vec_SCVal *args = &op->hostFunction.invokeContract.args;
        for (uint32_t i = 0; i < args->len; i++) {
            const uint8_t *key =
                args->items[i].type == SX_SCV_ADDRESS ? address_account(&args->items[i].address) : NULL;
            if (key)
                expect(l, where, INVOKE_ARGUMENT, true, op_id, key);
        }
    }
    for (uint32_t i = 0; i < op->auth.len; i++) {
        const sx_SorobanCredentials *c = &op->auth.items[i].credentials;
        const uint8_t *key = c->type == SX_SOROBAN_CREDENTIALS_ADDRESS ? address_account(&c->address.address)
                                                                       : NULL;
        if (key)
            expect(l, where, AUTH_ADDRESS, true, op_id, key);
        auth_contracts(l, where, op_id, &op->auth.items[i].rootInvocation);
    }
}

static void check_fixture_ledger(const ledger_frame *f, const sluice_ledger *l, sx_arena *arena)
{
    for (size_t t = 0; t < l->transaction_count; t++) {
        const sluice_transaction_row *tx = &l->transactions[t];
        sx_TransactionEnvelope env;
        sx_TransactionMeta meta;
        sx_error err;
        char where[700];
        snprintf(where, sizeof(where), "%s tx %u", f->name, tx->application_order);
        sx_arena_reset(arena);
        if (sx_decode_TransactionEnvelope(tx->envelope_xdr.data, tx->envelope_xdr.len, arena, &env, &err) ||
            sx_decode_TransactionMeta(tx->meta_xdr.data, tx->meta_xdr.len, arena, &meta, &err)) {
            CHECK_MSG(0, "%s: kept XDR does not decode", where);
            continue;
        }
        meta_participants(l, where, tx->id, &meta);
        const sx_vec_Operation *ops = operations_of(&env);
        for (uint32_t i = 0; i < ops->len; i++) {
            const sx_OperationBody *body = &ops->items[i].body;
            if (body->type == SX_INVOKE_HOST_FUNCTION)
                host_function_participants(l, where, tx->id + i + 1, &body->invokeHostFunctionOp);
            if (body->type == SX_BEGIN_SPONSORING_FUTURE_RESERVES)
                expect(l, where, SPONSORED, true, tx->id + i + 1,
                       body->beginSponsoringFutureReservesOp.sponsoredID.ed25519);
            if (body->type == SX_END_SPONSORING_FUTURE_RESERVES)
                end_sponsor(l, where, tx->id, &env, ops, i);
        }
    }
}

/* ---- operations rewritten into fixture transactions ---------------------
 * A fixture transaction (V1 envelope) is rewritten in the decoded ledger,
 * its hash recomputed and set on its result, and the ledger re-encoded:
 * the indexer pairs it as it would a real one. */

/* Rewrites `tx` in place (allocating from arena); false if it does not fit. */
typedef bool (*rewriter)(sx_Transaction *tx, sx_arena *arena);

/* The frame with its first transaction that `rewrite` accepts rewritten;
 * NULL when none does.  *tx_order is that transaction's order. */
static uint8_t *rewritten_frame(const ledger_frame *f, sx_arena *arena, rewriter rewrite,
                                uint32_t *tx_order, size_t *len)
{
    static uint8_t hash[32]; /* fixed-size opaque fields point at their bytes */
    uint8_t network_id[32];
    sha256(f->passphrase, strlen(f->passphrase), network_id);
    sx_LedgerCloseMeta lcm;
    sx_error err;
    if (sx_decode_LedgerCloseMeta(f->data, f->len, arena, &lcm, &err))
        return NULL;
    for (uint32_t i = 0; i < ledger_transaction_count(&lcm); i++) {
        sx_TransactionResultPair *result = ledger_result_pair(&lcm, i);
        sx_TransactionEnvelope *env = ledger_v1_envelope(&lcm, network_id, result->transactionHash);
        if (!env || !rewrite(&env->v1.tx, arena) || envelope_hash(network_id, env, hash))
            continue;
        result->transactionHash = hash;
        *tx_order = i + 1;
        return ledger_encoded(&lcm, len);
    }
    return NULL;
}

/* Account keys of the rewritten operations: 32 copies of one byte. */
static const uint8_t *account_key(uint8_t byte)
{
    static uint8_t keys[256][32];
    memset(keys[byte], byte, 32);
    return keys[byte];
}

/* Operations 1 and 2 become revoke_sponsorship of trustline (0x11, USD of
 * issuer 0x22) and of signer 0x44 of account 0x33. */
static bool as_revoke_sponsorship(sx_Transaction *tx, sx_arena *arena)
{
    (void)arena;
    static const uint8_t code[4] = "USD";
    if (tx->operations.len < 2)
        return false;
    sx_OperationBody *first = &tx->operations.items[0].body, *second = &tx->operations.items[1].body;
    memset(first, 0, sizeof(*first));
    first->type = SX_REVOKE_SPONSORSHIP;
    first->revokeSponsorshipOp.type = SX_REVOKE_SPONSORSHIP_LEDGER_ENTRY;
    sx_LedgerKey *key = &first->revokeSponsorshipOp.ledgerKey;
    key->type = SX_TRUSTLINE;
    key->trustLine.accountID.ed25519 = account_key(0x11);
    key->trustLine.asset.type = SX_ASSET_TYPE_CREDIT_ALPHANUM4;
    key->trustLine.asset.alphaNum4.assetCode = code;
    key->trustLine.asset.alphaNum4.issuer.ed25519 = account_key(0x22);
    memset(second, 0, sizeof(*second));
    second->type = SX_REVOKE_SPONSORSHIP;
    second->revokeSponsorshipOp.type = SX_REVOKE_SPONSORSHIP_SIGNER;
    second->revokeSponsorshipOp.signer.accountID.ed25519 = account_key(0x33);
    second->revokeSponsorshipOp.signer.signerKey.type = SX_KEY_TYPE_ED25519;
    second->revokeSponsorshipOp.signer.signerKey.ed25519 = account_key(0x44);
    return true;
}

static sx_SCVal account_value(uint8_t byte)
{
    sx_SCVal v;
    memset(&v, 0, sizeof(v));
    v.type = SX_SCV_ADDRESS;
    v.address.type = SX_SC_ADDRESS_TYPE_ACCOUNT;
    v.address.accountId.ed25519 = account_key(byte);
    return v;
}

/* An invoke_host_function gains two auth entries: address credentials of
 * 0x55 authorizing a call with argument 0x88, and credentials of 0x66 with
 * delegate 0x77. */
static bool with_address_auth(sx_Transaction *tx, sx_arena *arena)
{
    static const uint8_t symbol[] = "f";
    if (tx->operations.len != 1 || tx->operations.items[0].body.type != SX_INVOKE_HOST_FUNCTION)
        return false;
    sx_vec_SorobanAuthorizationEntry *auth = &tx->operations.items[0].body.invokeHostFunctionOp.auth;
    sx_SorobanAuthorizationEntry *items = sx_arena_alloc(arena, (auth->len + 2) * sizeof(*items));
    sx_SCVal *argument = sx_arena_alloc(arena, sizeof(*argument));
    sx_SorobanDelegateSignature *delegate = sx_arena_alloc(arena, sizeof(*delegate));
    memcpy(items, auth->items, auth->len * sizeof(*items));
    sx_SorobanAuthorizationEntry *a = &items[auth->len], *b = &items[auth->len + 1];
    memset(a, 0, 2 * sizeof(*a));
    *argument = account_value(0x88);
    a->credentials.type = SX_SOROBAN_CREDENTIALS_ADDRESS;
    a->credentials.address.address = account_value(0x55).address;
    a->rootInvocation.function.type = SX_SOROBAN_AUTHORIZED_FUNCTION_TYPE_CONTRACT_FN;
    a->rootInvocation.function.contractFn.contractAddress.type = SX_SC_ADDRESS_TYPE_CONTRACT;
    a->rootInvocation.function.contractFn.contractAddress.contractId = account_key(0x99);
    a->rootInvocation.function.contractFn.functionName.data = symbol;
    a->rootInvocation.function.contractFn.functionName.len = 1;
    a->rootInvocation.function.contractFn.args.items = argument;
    a->rootInvocation.function.contractFn.args.len = 1;
    memset(delegate, 0, sizeof(*delegate));
    delegate->address = account_value(0x77).address;
    b->credentials.type = SX_SOROBAN_CREDENTIALS_ADDRESS_WITH_DELEGATES;
    b->credentials.addressWithDelegates.addressCredentials.address = account_value(0x66).address;
    b->credentials.addressWithDelegates.delegates.items = delegate;
    b->credentials.addressWithDelegates.delegates.len = 1;
    b->rootInvocation = a->rootInvocation;
    auth->items = items;
    auth->len += 2;
    return true;
}

/* Rewrites the first fixture transaction `rewrite` accepts and checks that
 * accounts[i] (keys of one byte; contracts for AUTH_CONTRACT) are
 * participants of operation ops[i] (1-based) and of the transaction. */
static void check_rewritten(const ledger_frames *set, const char *what, rewriter rewrite,
                            enum kind kinds[], const uint8_t accounts[], const int ops[], size_t n)
{
    sx_arena *arena = sx_arena_new(0);
    bool done = false;
    for (size_t i = 0; i < set->count && !done; i++) {
        const ledger_frame *f = &set->frames[i];
        uint32_t tx_order = 0;
        size_t len = 0;
        sx_arena_reset(arena);
        uint8_t *frame = rewritten_frame(f, arena, rewrite, &tx_order, &len);
        if (!frame)
            continue;
        indexer_options o = {.network_passphrase = f->passphrase};
        indexer *ix = indexer_new(&o);
        sluice_ledger l;
        error_report err;
        int rc = indexer_index_frame(ix, frame, len, &l, &err);
        CHECK_MSG(rc == 0, "%s with %s: %s (%s)", f->name, what, err.message, err.detail);
        if (rc == 0) {
            int64_t tx_id = l.transactions[tx_order - 1].id;
            char where[700];
            snprintf(where, sizeof(where), "%s tx %u with %s", f->name, tx_order, what);
            for (size_t k = 0; k < n; k++) {
                uint8_t version = kinds[k] == AUTH_CONTRACT ? STRKEY_CONTRACT : STRKEY_ACCOUNT;
                expect_key(&l, where, kinds[k], true, tx_id + ops[k], version, account_key(accounts[k]));
                expect_key(&l, where, kinds[k], false, tx_id, version, account_key(accounts[k]));
            }
            fprintf(stderr, "%s rewritten into %s transaction %u\n", what, f->name, tx_order);
            done = true;
        }
        indexer_free(ix);
        free(frame);
    }
    CHECK_MSG(done, "no fixture transaction could be rewritten with %s", what);
    sx_arena_free(arena);
}

static void check_revoke_sponsorship(const ledger_frames *set)
{
    enum kind kinds[] = {REVOKE_TARGET, REVOKE_TARGET, REVOKE_TARGET};
    const uint8_t accounts[] = {0x11, 0x33, 0x44};
    const int ops[] = {1, 2, 2};
    check_rewritten(set, "revoke_sponsorship", as_revoke_sponsorship, kinds, accounts, ops, 3);
}

static void check_auth_addresses(const ledger_frames *set)
{
    enum kind kinds[] = {AUTH_ADDRESS, AUTH_ADDRESS, AUTH_ADDRESS, INVOKE_ARGUMENT, AUTH_CONTRACT};
    const uint8_t accounts[] = {0x55, 0x66, 0x77, 0x88, 0x99};
    const int ops[] = {1, 1, 1, 1, 1};
    check_rewritten(set, "address auth entries", with_address_auth, kinds, accounts, ops, 5);
}

int main(void)
{
    ledger_frames set;
    int status = ledger_frames_load_for_test(test_fixtures_dir(), &set);
    if (status != 0)
        return status;
    sx_arena *arena = sx_arena_new(0);
    for (size_t i = 0; i < set.count; i++) {
        const ledger_frame *f = &set.frames[i];
        indexer_options o = {.network_passphrase = f->passphrase, .store_xdr = INDEXER_STORE_XDR_ALL};
        indexer *ix = indexer_new(&o);
        sluice_ledger l;
        error_report err;
        int rc = indexer_index_frame(ix, f->data, f->len, &l, &err);
        CHECK_MSG(rc == 0, "%s: %s (%s)", f->name, err.message, err.detail);
        if (rc == 0)
            check_fixture_ledger(f, &l, arena);
        indexer_free(ix);
    }
    check_revoke_sponsorship(&set);
    check_auth_addresses(&set);
    for (int k = 0; k < KINDS; k++) {
        fprintf(stderr, "%s: %zu checked\n", kind_names[k], checked[k]);
        CHECK_MSG(checked[k] > 0, "no %s checked", kind_names[k]);
    }
    sx_arena_free(arena);
    ledger_frames_free(&set);
    return test_finish();
}
