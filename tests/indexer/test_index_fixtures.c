/* test_index_fixtures.c — the indexer over every real fixture ledger:
 *   - every ledger indexes; row counts agree with the ledger row;
 *   - every transaction's fee charged equals its derived fee debit
 *     (FEE rows minus fee refunds filed under the transaction);
 *   - native lumens are conserved: the signed sum of native BALANCE rows
 *     (accounts, claimable balances, pools, native SAC balances) equals
 *     minus the fees charged in the ledger;
 *   - wherever a transaction has CAP-67 fee events (TransactionMeta v4),
 *     they name its fee payer and sum to its derived fee debit;
 *   - every CAP-67 SAC mint / burn / clawback event ([name, address,
 *     asset]; mint without admin; muxed amount in a data map) has its
 *     MINT / BURN row, same holder and amount;
 *   - in consecutive stream ledgers the header's fee pool grows by exactly
 *     the fees charged (inflation before protocol 12 excepted);
 *   - indexing is deterministic: the same ledger indexed again, by the same
 *     indexer after other ledgers or by a fresh one, dumps identically;
 *   - every kind of state change the fixtures hold is derived, mints and
 *     burns from token events included;
 *   - every BALANCE row names its holder; a claimable balance's rows name
 *     its B... id (58 characters: SLUICE_STRKEY_SIZE holds it);
 *   - store_xdr=all keeps result XDR that decodes to the row's fee;
 *   - a damaged frame and a wrong network passphrase fail with a message.
 * With --summary it prints instead, per ledger, "L name seq txs" and per
 * transaction "T hash op_count types [inner=hash]" (tests/indexer/crosscheck.sh compares
 * that with @stellar/stellar-xdr-json). */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../testlib.h"
#include "indexer/indexer.h"
#include "ledger_checks.h"
#include "ledger_frames.h"
#include "row_dump.h"
#include "stellar/strkey.h"
#include "xdr/gen/sx_codec.h"

/* Categories and reasons counted (values below it; rows.h has fewer). */
#define SEEN_KINDS 32

static indexer *indexer_for(const char *passphrase, indexer_store_xdr store_xdr)
{
    indexer_options o = {.network_passphrase = passphrase, .store_xdr = store_xdr};
    return indexer_new(&o);
}

static char *dump(const sluice_ledger *l)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    row_dump(l, f);
    fclose(f);
    return text;
}

static bool has_participant(const sluice_participant_row *rows, size_t n, int64_t id,
                            const char *account)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].id == id && strcmp(rows[i].account, account) == 0)
            return true;
    return false;
}

/* Every transaction lists its source (and fee account), every operation
 * its source (and create_account its destination), and every account a state change names is a participant of
 * its transaction; counts every (category, reason) seen. */
static void check_participants(const ledger_frame *f, const sluice_ledger *l,
                               size_t seen[SEEN_KINDS][SEEN_KINDS])
{
    for (size_t t = 0; t < l->transaction_count; t++) {
        const sluice_transaction_row *tx = &l->transactions[t];
        CHECK_MSG(has_participant(l->transaction_participants, l->transaction_participant_count,
                                  tx->id, tx->source_account) &&
                      (!tx->is_fee_bump ||
                       has_participant(l->transaction_participants,
                                       l->transaction_participant_count, tx->id, tx->fee_account)),
                  "%s tx %u: source or fee account is not a participant", f->name,
                  tx->application_order);
    }
    for (size_t i = 0; i < l->operation_count; i++) {
        const sluice_operation_row *op = &l->operations[i];
        size_t count = 0;
        for (size_t p = 0; p < l->operation_participant_count; p++)
            count += l->operation_participants[p].id == op->id;
        CHECK_MSG(has_participant(l->operation_participants, l->operation_participant_count, op->id,
                                  op->source_account),
                  "%s op %" PRId64 ": source is not a participant", f->name, op->id);
        /* create_account names another account: a participant even when
         * the operation failed */
        CHECK_MSG(op->type != 0 /* CREATE_ACCOUNT */ || count >= 2,
                  "%s op %" PRId64 ": create_account without its destination", f->name, op->id);
    }
    for (size_t i = 0; i < l->state_change_count; i++) {
        const sluice_state_change_row *s = &l->state_changes[i];
        int64_t tx_id = s->operation_id & ~(int64_t)0xfff;
        seen[s->category % SEEN_KINDS][s->reason % SEEN_KINDS]++;
        if (s->account[0])
            CHECK_MSG(has_participant(l->transaction_participants,
                                      l->transaction_participant_count, tx_id, s->account),
                      "%s: %s changed in %" PRId64 " is not a participant", f->name, s->account,
                      s->operation_id);
    }
}

/* Every BALANCE row has a holder; returns how many name a claimable
 * balance (B..., 58 characters, no details). */
static size_t check_balance_holders(const ledger_frame *f, const sluice_ledger *l)
{
    size_t claimable = 0;
    for (size_t i = 0; i < l->state_change_count; i++) {
        const sluice_state_change_row *s = &l->state_changes[i];
        if (s->category != SLUICE_SC_BALANCE)
            continue;
        CHECK_MSG(s->account[0], "%s: BALANCE row %zu without a holder", f->name, i);
        if (s->account[0] == 'B') {
            claimable++;
            CHECK_MSG(strlen(s->account) == 58 && !s->details_json,
                      "%s: claimable balance row %zu: %s (%s)", f->name, i, s->account,
                      s->details_json ? s->details_json : "no details");
        }
    }
    return claimable;
}

/* Strkey of an event address (muxed accounts resolve to their G...). */
static void address_text(const sx_SCAddress *a, char out[SLUICE_STRKEY_SIZE])
{
    uint8_t payload[33];
    out[0] = '\0';
    switch (a->type) {
    case SX_SC_ADDRESS_TYPE_ACCOUNT:
        strkey_encode(STRKEY_ACCOUNT, a->accountId.ed25519, 32, out, SLUICE_STRKEY_SIZE);
        break;
    case SX_SC_ADDRESS_TYPE_MUXED_ACCOUNT:
        strkey_encode(STRKEY_ACCOUNT, a->muxedAccount.ed25519, 32, out, SLUICE_STRKEY_SIZE);
        break;
    case SX_SC_ADDRESS_TYPE_CONTRACT:
        strkey_encode(STRKEY_CONTRACT, a->contractId, 32, out, SLUICE_STRKEY_SIZE);
        break;
    case SX_SC_ADDRESS_TYPE_LIQUIDITY_POOL:
        strkey_encode(STRKEY_LIQUIDITY_POOL, a->liquidityPoolId, 32, out, SLUICE_STRKEY_SIZE);
        break;
    case SX_SC_ADDRESS_TYPE_CLAIMABLE_BALANCE:
        payload[0] = (uint8_t)a->claimableBalanceId.type;
        memcpy(payload + 1, a->claimableBalanceId.v0, 32);
        strkey_encode(STRKEY_CLAIMABLE_BALANCE, payload, 33, out, SLUICE_STRKEY_SIZE);
        break;
    default:
        break;
    }
}

/* Stellar Asset Contract token events the fixtures hold, by shape. */
enum sac_shape { SAC_MINT, SAC_MINT_MUXED, SAC_BURN, SAC_SHAPES };
static size_t sac_checked[SAC_SHAPES];

/* Every SAC mint / burn / clawback event of an operation (CAP-67 shapes:
 * [name, address, asset] topics; mint without admin; a muxed destination's
 * amount in a data map) has its MINT / BURN row in that operation: same
 * holder, same amount. */
static void check_sac_event(const ledger_frame *f, const sluice_ledger *l, int64_t op_id,
                            const sx_ContractEvent *e)
{
    const sx_vec_SCVal *topics = &e->body.v0.topics;
    if (e->body.v != 0 || !e->contractID || topics->len != 3 ||
        topics->items[2].type != SX_SCV_STRING || topics->items[1].type != SX_SCV_ADDRESS)
        return;
    bool mint = is_symbol(&topics->items[0], "mint");
    if (!mint && !is_symbol(&topics->items[0], "burn") && !is_symbol(&topics->items[0], "clawback"))
        return;
    const sx_SCVal *amount = &e->body.v0.data;
    bool muxed = amount->type == SX_SCV_MAP;
    for (uint32_t i = 0; muxed && amount->map && i < amount->map->len; i++)
        if (is_symbol(&amount->map->items[i].key, "amount"))
            amount = &amount->map->items[i].val;
    if (amount->type != SX_SCV_I128)
        return;
    char holder[SLUICE_STRKEY_SIZE];
    address_text(&topics->items[1].address, holder);
    bool found = false;
    for (size_t i = 0; i < l->state_change_count && !found; i++) {
        const sluice_state_change_row *s = &l->state_changes[i];
        found = s->operation_id == op_id && s->category == SLUICE_SC_BALANCE &&
                s->reason == (mint ? SLUICE_SR_MINT : SLUICE_SR_BURN) &&
                strcmp(s->account, holder) == 0 && s->amount.hi == amount->i128.hi &&
                s->amount.lo == amount->i128.lo;
    }
    CHECK_MSG(found, "%s operation %" PRId64 ": SAC %s event of %s has no %s row", f->name, op_id,
              mint ? "mint" : "burn", holder, mint ? "MINT" : "BURN");
    sac_checked[mint ? (muxed ? SAC_MINT_MUXED : SAC_MINT) : SAC_BURN]++;
}

static void check_sac_events(const ledger_frame *f, const sluice_ledger *l, sx_arena *arena)
{
    sx_LedgerCloseMeta lcm;
    sx_error err;
    sx_arena_reset(arena);
    if (sx_decode_LedgerCloseMeta(f->data, f->len, arena, &lcm, &err) || lcm.v != 2)
        return;
    for (uint32_t t = 0; t < lcm.v2.txProcessing.len && t < l->transaction_count; t++) {
        const sx_TransactionMeta *m = &lcm.v2.txProcessing.items[t].txApplyProcessing;
        for (uint32_t o = 0; m->v == 4 && o < m->v4.operations.len; o++)
            for (uint32_t k = 0; k < m->v4.operations.items[o].events.len; k++)
                check_sac_event(f, l, l->transactions[t].id + o + 1,
                                &m->v4.operations.items[o].events.items[k]);
    }
}

static void check_result_xdr(const ledger_frame *f, const sluice_ledger *l)
{
    sx_arena *arena = sx_arena_new(0);
    for (size_t t = 0; t < l->transaction_count; t++) {
        const sluice_transaction_row *tx = &l->transactions[t];
        sx_TransactionResult r;
        sx_TransactionEnvelope env;
        sx_error err;
        CHECK_MSG(sx_decode_TransactionResult(tx->result_xdr.data, tx->result_xdr.len, arena, &r, &err) == 0 &&
                      r.feeCharged == tx->fee_charged,
                  "%s tx %u: result_xdr does not decode to the row's fee", f->name, tx->application_order);
        CHECK_MSG(sx_decode_TransactionEnvelope(tx->envelope_xdr.data, tx->envelope_xdr.len, arena, &env, &err) == 0,
                  "%s tx %u: envelope_xdr does not decode", f->name, tx->application_order);
        CHECK_MSG(tx->meta_xdr.len > 0, "%s tx %u: meta_xdr empty", f->name, tx->application_order);
    }
    sx_arena_free(arena);
}

static void summary(const ledger_frames *set)
{
    for (size_t i = 0; i < set->count; i++) {
        const ledger_frame *f = &set->frames[i];
        indexer *ix = indexer_for(f->passphrase, INDEXER_STORE_XDR_NONE);
        sluice_ledger l;
        error_report err;
        if (indexer_index_frame(ix, f->data, f->len, &l, &err)) {
            printf("E %s %s\n", f->name, err.message);
            indexer_free(ix);
            continue;
        }
        printf("L %s %u %zu\n", f->name, l.ledger.sequence, l.transaction_count);
        size_t op = 0;
        for (size_t t = 0; t < l.transaction_count; t++) {
            const sluice_transaction_row *tx = &l.transactions[t];
            printf("T ");
            for (int b = 0; b < 32; b++)
                printf("%02x", tx->hash[b]);
            printf(" %u ", tx->operation_count);
            for (uint32_t k = 0; k < tx->operation_count; k++, op++)
                printf("%s%u", k ? "," : "", l.operations[op].type);
            if (tx->is_fee_bump) {
                printf(" inner=");
                for (int b = 0; b < 32; b++)
                    printf("%02x", tx->inner_hash[b]);
            }
            printf("\n");
        }
        indexer_free(ix);
    }
}

static void check_failures(const ledger_frames *set)
{
    for (size_t i = 0; i < set->count; i++) {
        const ledger_frame *f = &set->frames[i];
        indexer *ix = indexer_for(f->passphrase, INDEXER_STORE_XDR_NONE);
        sluice_ledger l;
        error_report err;
        CHECK(indexer_index_frame(ix, f->data, f->len / 2, &l, &err) == -1);
        CHECK_STR_CONTAINS(err.message, "cannot decode a LedgerCloseMeta");
        CHECK(l.transaction_count == 0 && l.ledger.sequence == 0);
        indexer_free(ix);
        if (strcmp(f->passphrase, PUBNET_PASSPHRASE) != 0)
            continue;
        ix = indexer_for("Test SDF Network ; September 2015", INDEXER_STORE_XDR_NONE);
        int rc = indexer_index_frame(ix, f->data, f->len, &l, &err);
        if (rc == -1) {
            CHECK_STR_CONTAINS(err.message, "is not in the ledger's transaction set");
            CHECK_STR_CONTAINS(err.hint, "network_passphrase");
        }
        indexer_free(ix);
    }
}

int main(int argc, char **argv)
{
    ledger_frames set;
    int status = ledger_frames_load_for_test(test_fixtures_dir(), &set);
    if (status != 0)
        return status;
    if (argc > 1 && strcmp(argv[1], "--summary") == 0) {
        summary(&set);
        ledger_frames_free(&set);
        return 0;
    }
    size_t ledgers = 0, transactions = 0, fee_pool_checks = 0, claimable_rows = 0,
           fee_event_transactions = 0;
    sx_arena *arena = sx_arena_new(0);
    int64_t previous_fee_pool = 0;
    uint32_t previous_sequence = 0;
    const char *previous_file = "";
    size_t seen[SEEN_KINDS][SEEN_KINDS] = {{0}};
    for (size_t i = 0; i < set.count; i++) {
        const ledger_frame *f = &set.frames[i];
        indexer *ix = indexer_for(f->passphrase, INDEXER_STORE_XDR_ALL);
        indexer *fresh = indexer_for(f->passphrase, INDEXER_STORE_XDR_ALL);
        sluice_ledger l;
        error_report err;
        int rc = indexer_index_frame(ix, f->data, f->len, &l, &err);
        CHECK_MSG(rc == 0, "%s: %s (%s)", f->name, err.message, err.detail);
        if (rc == 0) {
            ledgers++;
            transactions += l.transaction_count;
            int64_t fees = fees_of(ix, f->name, &l);
            check_ledger(ix, f->name, &l, fees);
            fee_event_transactions += check_fee_events(ix, f->name, f->data, f->len, &l, arena);
            check_sac_events(f, &l, arena);
            check_result_xdr(f, &l);
            check_participants(f, &l, seen);
            claimable_rows += check_balance_holders(f, &l);
            if (strcmp(f->file, previous_file) == 0 && l.ledger.sequence == previous_sequence + 1 &&
                !(l.ledger.protocol_version < 12 && has_inflation(&l))) {
                CHECK_MSG(l.ledger.fee_pool - previous_fee_pool == fees,
                          "%s: fee pool grew by %" PRId64 ", fees charged %" PRId64, f->name,
                          l.ledger.fee_pool - previous_fee_pool, fees);
                fee_pool_checks++;
            }
            previous_fee_pool = l.ledger.fee_pool;
            previous_sequence = l.ledger.sequence;
            previous_file = f->file;
            /* determinism: again on the same indexer after another ledger,
             * and on a fresh indexer */
            char *first = dump(&l);
            const ledger_frame *other = &set.frames[(i + 1) % set.count];
            indexer_index_frame(ix, other->data, other->len, &l, &err);
            CHECK(indexer_index_frame(ix, f->data, f->len, &l, &err) == 0);
            char *second = dump(&l);
            CHECK(indexer_index_frame(fresh, f->data, f->len, &l, &err) == 0);
            char *third = dump(&l);
            CHECK_MSG(strcmp(first, second) == 0 && strcmp(first, third) == 0,
                      "%s: indexing twice gave different rows", f->name);
            free(first);
            free(second);
            free(third);
        }
        indexer_free(ix);
        indexer_free(fresh);
    }
    check_failures(&set);
    /* every kind of state change these fixtures hold is derived */
    static const int expected_kinds[][2] = {
        {SLUICE_SC_ACCOUNT, SLUICE_SR_CREATE}, {SLUICE_SC_ACCOUNT, SLUICE_SR_MERGE},
        {SLUICE_SC_TRUSTLINE, SLUICE_SR_ADD}, {SLUICE_SC_TRUSTLINE, SLUICE_SR_REMOVE},
        {SLUICE_SC_SIGNER, SLUICE_SR_ADD}, {SLUICE_SC_SIGNER, SLUICE_SR_UPDATE},
        {SLUICE_SC_SIGNATURE_THRESHOLD, SLUICE_SR_LOW},
        {SLUICE_SC_SIGNATURE_THRESHOLD, SLUICE_SR_MEDIUM},
        {SLUICE_SC_SIGNATURE_THRESHOLD, SLUICE_SR_HIGH}, {SLUICE_SC_ALLOWANCE, SLUICE_SR_UPDATE},
        {SLUICE_SC_FLAGS, SLUICE_SR_SET}, {SLUICE_SC_FLAGS, SLUICE_SR_CLEAR},
        {SLUICE_SC_BALANCE_AUTHORIZATION, SLUICE_SR_SET},
        {SLUICE_SC_BALANCE_AUTHORIZATION, SLUICE_SR_CLEAR},
        {SLUICE_SC_BALANCE, SLUICE_SR_CREDIT}, {SLUICE_SC_BALANCE, SLUICE_SR_DEBIT},
        {SLUICE_SC_BALANCE, SLUICE_SR_FEE}, {SLUICE_SC_BALANCE, SLUICE_SR_MINT},
        {SLUICE_SC_BALANCE, SLUICE_SR_BURN}, {SLUICE_SC_RESERVES, SLUICE_SR_SPONSOR},
        {SLUICE_SC_RESERVES, SLUICE_SR_UNSPONSOR}};
    for (size_t k = 0; k < sizeof(expected_kinds) / sizeof(expected_kinds[0]); k++)
        CHECK_MSG(seen[expected_kinds[k][0]][expected_kinds[k][1]] > 0,
                  "no state change of category %d reason %d derived", expected_kinds[k][0],
                  expected_kinds[k][1]);
    fprintf(stderr, "%zu ledgers, %zu transactions, %zu fee-pool checks\n", ledgers, transactions,
            fee_pool_checks);
    CHECK(ledgers == set.count && ledgers > 100 && fee_pool_checks > 50);
    CHECK_MSG(claimable_rows > 100, "%zu claimable balance rows", claimable_rows);
    fprintf(stderr, "%zu transactions with CAP-67 fee events\n", fee_event_transactions);
    CHECK_MSG(fee_event_transactions > 100, "%zu transactions with fee events",
              fee_event_transactions);
    static const char *const shapes[SAC_SHAPES] = {"mint", "mint to a muxed account", "burn"};
    for (int k = 0; k < SAC_SHAPES; k++) {
        fprintf(stderr, "SAC %s events checked: %zu\n", shapes[k], sac_checked[k]);
        CHECK_MSG(sac_checked[k] > 0, "no SAC %s event checked", shapes[k]);
    }
    sx_arena_free(arena);
    ledger_frames_free(&set);
    return test_finish();
}
