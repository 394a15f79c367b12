/* synth_mutate.c — damages one generated ledger in one way, so the tests
 * can show that synth_verify catches that kind of inconsistency.  Reads a
 * V2 captive-core meta stream, changes the first place in it (from the
 * second ledger on) where the damage applies, re-encodes, writes the stream.
 *
 * usage: synth_mutate KIND IN OUT
 *   payment      a successful payment's destination receives 1 stroop more
 *   fee          a fee debit is 1 stroop more than feeCharged
 *   sequence     a sequence-number bump skips a number
 *   trustline    a trustline's CREATED change becomes a STATE (never created)
 *   resurrect    an entry REMOVED by an operation is seen again (STATE) later
 *   sac          a SAC balance (contract data) moves 1 unit more than the call
 *   liabilities  an updated offer sells 1 more than its seller's liabilities say
 *   crossed      a path payment's first crossed offer claims to have sold 1 more
 *   balance-id   a created claimable balance's ID (in the result) is not the
 *                hash of the operation ID
 *   refund       a Soroban refund credits 1 stroop more
 *   fee-event    a CAP-67 fee event charges 1 stroop more
 *   event        a classic operation's CAP-67 transfer event moves 1 more
 *   auth         a SAC transfer's authorization names another nonce
 * Exit 0 when the damage was applied, 1 when no place for it was found. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xdr/gen/sx_codec.h"
#include "xdr/sx_input.h"

typedef struct mutation {
    const char *kind;
    bool done;
    sx_LedgerKey removed;    /* resurrect: the key seen REMOVED */
    sx_LedgerEntry removed_state;
    bool have_removed;
} mutation;

static bool mutate_ops(mutation *m, sx_TransactionResultMetaV1 *t, const sx_Transaction *tx)
{
    sx_vec_OperationMetaV2 *ops = &t->txApplyProcessing.v4.operations;
    for (uint32_t i = 0; i < ops->len; i++) {
        if (!strcmp(m->kind, "auth") && tx->operations.items[i].body.type == SX_INVOKE_HOST_FUNCTION &&
            tx->operations.items[i].body.invokeHostFunctionOp.auth.len == 1 &&
            tx->operations.items[i].body.invokeHostFunctionOp.auth.items[0].credentials.type ==
                SX_SOROBAN_CREDENTIALS_ADDRESS && ops->items[i].changes.len > 0) {
            ((sx_SorobanAuthorizationEntry *)tx->operations.items[i].body.invokeHostFunctionOp.auth.items)[0]
                .credentials.address.nonce += 1;
            return true;
        }
        if (!strcmp(m->kind, "event") && ops->items[i].events.len > 0 &&
            tx->operations.items[i].body.type == SX_PAYMENT) {
            ops->items[i].events.items[0].body.v0.data.i128.lo += 1;
            return true;
        }
        sx_LedgerEntryChanges *c = &ops->items[i].changes;
        for (uint32_t j = 0; j < c->len; j++) {
            sx_LedgerEntryChange *ch = &c->items[j];
            if (!strcmp(m->kind, "payment") && tx->operations.items[i].body.type == SX_PAYMENT &&
                tx->operations.items[i].body.paymentOp.asset.type == SX_ASSET_TYPE_NATIVE &&
                c->len == 4 && j == 3) {
                ch->updated.data.account.balance += 1;
                return true;
            }
            if (!strcmp(m->kind, "sac") && ch->type == SX_LEDGER_ENTRY_UPDATED &&
                ch->updated.data.type == SX_CONTRACT_DATA && ch->updated.data.contractData.val.map) {
                ch->updated.data.contractData.val.map->items[0].val.i128.lo += 1;
                return true;
            }
            if (!strcmp(m->kind, "liabilities") && ch->type == SX_LEDGER_ENTRY_UPDATED &&
                ch->updated.data.type == SX_OFFER) {
                ch->updated.data.offer.amount += 1;
                return true;
            }
            if (!strcmp(m->kind, "trustline") && ch->type == SX_LEDGER_ENTRY_CREATED &&
                ch->created.data.type == SX_TRUSTLINE) {
                ch->type = SX_LEDGER_ENTRY_STATE; /* same arm layout: state follows created */
                ch->state = ch->created;
                return true;
            }
            if (!strcmp(m->kind, "resurrect") && ch->type == SX_LEDGER_ENTRY_REMOVED && !m->have_removed &&
                j > 0 && c->items[j - 1].type == SX_LEDGER_ENTRY_STATE) {
                m->removed_state = c->items[j - 1].state;
                m->have_removed = true;
                return false; /* damage goes into a later transaction */
            }
        }
    }
    return false;
}

static bool mutate_tx(mutation *m, sx_TransactionResultMetaV1 *t, const sx_TransactionEnvelope *env)
{
    const sx_Transaction *tx = env->type == SX_ENVELOPE_TYPE_TX_FEE_BUMP ? &env->feeBump.tx.innerTx.v1.tx
                                                                         : &env->v1.tx;
    if (!strcmp(m->kind, "fee") && t->feeProcessing.len == 2) {
        t->feeProcessing.items[1].updated.data.account.balance -= 1;
        return true;
    }
    if (!strcmp(m->kind, "refund") && t->postTxApplyFeeProcessing.len == 2) {
        t->postTxApplyFeeProcessing.items[1].updated.data.account.balance += 1;
        return true;
    }
    if (!strcmp(m->kind, "fee-event") && t->txApplyProcessing.v4.events.len > 0) {
        t->txApplyProcessing.v4.events.items[0].event.body.v0.data.i128.lo += 1;
        return true;
    }
    if (!strcmp(m->kind, "sequence") && t->txApplyProcessing.v4.txChangesBefore.len == 2) {
        t->txApplyProcessing.v4.txChangesBefore.items[1].updated.data.account.seqNum += 1;
        return true;
    }
    if (!strcmp(m->kind, "resurrect") && m->have_removed && t->txApplyProcessing.v4.txChangesBefore.len == 2) {
        /* the removed entry shows up as a STATE before this sequence bump */
        sx_LedgerEntryChanges *before = &t->txApplyProcessing.v4.txChangesBefore;
        static sx_LedgerEntryChange items[3];
        items[0].type = SX_LEDGER_ENTRY_STATE;
        items[0].state = m->removed_state;
        items[1] = before->items[0];
        items[2] = before->items[1];
        before->items = items;
        before->len = 3;
        return true;
    }
    /* results of a successful transaction (not fee-bumped) */
    sx_vec_OperationResult *results = &t->result.result.result.results;
    for (uint32_t i = 0; env->type == SX_ENVELOPE_TYPE_TX && t->result.result.result.code == SX_txSUCCESS &&
                         i < results->len; i++) {
        sx_OperationResultTr *r = &results->items[i].tr;
        if (!strcmp(m->kind, "crossed") && r->type == SX_PATH_PAYMENT_STRICT_SEND &&
            r->pathPaymentStrictSendResult.success.offers.len > 0) {
            r->pathPaymentStrictSendResult.success.offers.items[0].orderBook.amountSold += 1;
            return true;
        }
        if (!strcmp(m->kind, "balance-id") && r->type == SX_CREATE_CLAIMABLE_BALANCE) {
            uint8_t *id = (uint8_t *)r->createClaimableBalanceResult.balanceID.v0;
            id[0] ^= 1;
            return true;
        }
    }
    return mutate_ops(m, t, tx);
}

static bool mutate_ledger(mutation *m, sx_LedgerCloseMeta *lcm)
{
    if (lcm->v != 2)
        return false;
    /* the generator's sets: classic phase (one component), then the
     * parallel Soroban phase (one stage, one cluster) */
    sx_LedgerCloseMetaV2 *l = &lcm->v2;
    const sx_vec_TransactionEnvelope *lists[2] = {NULL, NULL};
    for (uint32_t p = 0; p < l->txSet.v1TxSet.phases.len && p < 2; p++) {
        sx_TransactionPhase *ph = &l->txSet.v1TxSet.phases.items[p];
        if (ph->v == 0 && ph->v0Components.len)
            lists[p] = &ph->v0Components.items[0].txsMaybeDiscountedFee.txs;
        if (ph->v == 1 && ph->parallelTxsComponent.executionStages.len)
            lists[p] = &ph->parallelTxsComponent.executionStages.items[0].items[0];
    }
    uint32_t i = 0;
    for (int p = 0; p < 2; p++)
        for (uint32_t j = 0; lists[p] && j < lists[p]->len && i < l->txProcessing.len; j++, i++)
            if (mutate_tx(m, &l->txProcessing.items[i], &lists[p]->items[j]))
                return true;
    return false;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: synth_mutate KIND IN OUT\n");
        return 2;
    }
    mutation m = {.kind = argv[1]};
    FILE *in = fopen(argv[2], "rb"), *out = fopen(argv[3], "wb");
    if (!in || !out) {
        fprintf(stderr, "cannot open %s or %s\n", argv[2], argv[3]);
        return 2;
    }
    sx_buf data, enc;
    sx_buf_init(&data);
    sx_buf_init(&enc);
    uint8_t chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
        sx_buf_put(&data, chunk, n);
    fclose(in);
    sx_arena *arena = sx_arena_new(0);
    size_t pos = 0, frame_len;
    const uint8_t *frame;
    char why[256];
    unsigned index = 0;
    while (sx_frame_next(data.data, data.len, &pos, &frame, &frame_len, why, sizeof why) == 1) {
        sx_LedgerCloseMeta lcm;
        sx_error err;
        sx_arena_reset(arena);
        enc.len = 0;
        if (sx_decode_LedgerCloseMeta(frame, frame_len, arena, &lcm, &err)) {
            fprintf(stderr, "frame %u does not decode\n", index);
            return 2;
        }
        if (index++ > 0 && !m.done)
            m.done = mutate_ledger(&m, &lcm);
        sx_encode_LedgerCloseMeta(&lcm, &enc);
        uint32_t mark = 0x80000000u | (uint32_t)enc.len;
        uint8_t header[4] = {(uint8_t)(mark >> 24), (uint8_t)(mark >> 16), (uint8_t)(mark >> 8), (uint8_t)mark};
        fwrite(header, 1, 4, out);
        fwrite(enc.data, 1, enc.len, out);
    }
    fclose(out);
    sx_arena_free(arena);
    sx_buf_free(&data);
    sx_buf_free(&enc);
    if (!m.done)
        fprintf(stderr, "no place for damage '%s' found\n", m.kind);
    return m.done ? 0 : 1;
}
