/* tx_rows.c — the transaction row and its operation rows, from the
 * envelope (source, fee, memo, operations) and the result (fee charged,
 * codes).  IDs are SEP-35 TOIDs: ledger << 32 | order << 12 | op index. */
#include <string.h>

#include "indexer/ix_internal.h"
#include "stellar/strkey.h"

/* The parts of an envelope a row needs, whatever its version. */
typedef struct tx_view {
    const sx_MuxedAccount *source;   /* NULL for V0 (source_ed25519 instead) */
    const uint8_t *source_ed25519;
    const sx_Memo *memo;
    const sx_vec_Operation *operations;
} tx_view;

/* The (inner) transaction of a V1 or fee-bump envelope. */
static const sx_Transaction *v1_transaction(const sx_TransactionEnvelope *env)
{
    return env->type == SX_ENVELOPE_TYPE_TX ? &env->v1.tx : &env->feeBump.tx.innerTx.v1.tx;
}

const sx_vec_Operation *ix_envelope_operations(const sx_TransactionEnvelope *env)
{
    return env->type == SX_ENVELOPE_TYPE_TX_V0 ? &env->v0.tx.operations
                                               : &v1_transaction(env)->operations;
}

const sx_Memo *ix_envelope_memo(const sx_TransactionEnvelope *env)
{
    return env->type == SX_ENVELOPE_TYPE_TX_V0 ? &env->v0.tx.memo : &v1_transaction(env)->memo;
}

static void view_of(const sx_TransactionEnvelope *env, tx_view *v)
{
    memset(v, 0, sizeof(*v));
    v->operations = ix_envelope_operations(env);
    if (env->type == SX_ENVELOPE_TYPE_TX_V0) {
        v->source_ed25519 = env->v0.tx.sourceAccountEd25519;
        v->memo = &env->v0.tx.memo;
        return;
    }
    v->source = &v1_transaction(env)->sourceAccount;
    v->memo = ix_envelope_memo(env);
}

static ix_name *source_of(indexer *ix, const tx_view *v, bool *has_id, uint64_t *id)
{
    if (v->source)
        return ix_muxed_name(ix, v->source, has_id, id);
    *has_id = false;
    *id = 0;
    return ix_name_of(ix, STRKEY_ACCOUNT, v->source_ed25519);
}

ix_name *ix_operation_source(indexer *ix, const sx_Operation *op, ix_name *tx_source,
                             bool *has_id, uint64_t *muxed_id)
{
    if (op->sourceAccount)
        return ix_muxed_name(ix, op->sourceAccount, has_id, muxed_id);
    return tx_source;
}

static void memo_of(const sx_Memo *memo, sluice_transaction_row *row)
{
    row->memo_type = (sluice_memo_type)memo->type;
    switch (memo->type) {
    case SX_MEMO_TEXT:
        row->memo_value.data = memo->text.data;
        row->memo_value.len = memo->text.len;
        break;
    case SX_MEMO_ID: /* bytes filled by copy_memo_id */
        row->memo_value.len = 8;
        break;
    case SX_MEMO_HASH:
        row->memo_value.data = memo->hash;
        row->memo_value.len = 32;
        break;
    case SX_MEMO_RETURN:
        row->memo_value.data = memo->retHash;
        row->memo_value.len = 32;
        break;
    default:
        break;
    }
}

/* The operation results of a result, or NULL when the transaction failed
 * before its operations ran. */
const sx_vec_OperationResult *ix_operation_results(const sx_TransactionResult *r)
{
    const sx_TransactionResultResult *rr = &r->result;
    if (rr->code == SX_txSUCCESS || rr->code == SX_txFAILED)
        return &rr->results;
    if (rr->code == SX_txFEE_BUMP_INNER_SUCCESS || rr->code == SX_txFEE_BUMP_INNER_FAILED) {
        const sx_InnerTransactionResultResult *inner = &rr->innerResultPair.result.result;
        if (inner->code == SX_txSUCCESS || inner->code == SX_txFAILED)
            return &inner->results;
    }
    return NULL;
}

/* The operation type's own result code: every XDR result union of an
 * operation switches on an int32 code, its first member, so the code sits
 * at the start of whichever arm is active. */
static int32_t inner_code(const sx_OperationResultTr *tr)
{
    int32_t code;
    memcpy(&code, &tr->createAccountResult, sizeof(code));
    return code;
}

/* The id as 8 big-endian bytes in the arena (the decoded value exists only
 * in host order). */
static int copy_memo_id(indexer *ix, const sx_Memo *memo, sluice_transaction_row *row)
{
    uint8_t *be = sx_arena_alloc(ix->arena, 8);
    if (!be)
        return -1;
    for (int i = 0; i < 8; i++)
        be[i] = (uint8_t)(memo->id >> (56 - 8 * i));
    row->memo_value.data = be;
    return 0;
}

int ix_keep_xdr(indexer *ix, const sx_type_info *type, const void *value, sluice_bytes *out)
{
    ix->scratch.len = 0;
    if (type->encode(value, &ix->scratch))
        return -1;
    uint8_t *copy = sx_arena_alloc(ix->arena, ix->scratch.len ? ix->scratch.len : 1);
    if (!copy)
        return -1;
    memcpy(copy, ix->scratch.data, ix->scratch.len);
    out->data = copy;
    out->len = ix->scratch.len;
    return 0;
}

int ix_transaction_rows(indexer *ix, uint32_t ledger_sequence, uint32_t order,
                        const ix_envelope *found, const sx_TransactionResultPair *result,
                        sluice_transaction_row **tx_out, ix_tx_accounts *accounts,
                        error_report *err)
{
    const sx_TransactionEnvelope *env = found->envelope;
    tx_view v;
    bool tx_has_id;
    uint64_t tx_mux_id;
    view_of(env, &v);

    sluice_transaction_row *row = row_vec_push(&ix->transactions);
    row->id = (int64_t)((uint64_t)ledger_sequence << 32 | (uint64_t)order << 12);
    memcpy(row->hash, result->transactionHash, 32);
    row->ledger_sequence = ledger_sequence;
    row->application_order = order;
    accounts->source = source_of(ix, &v, &tx_has_id, &tx_mux_id);
    accounts->fee = NULL;
    memcpy(row->source_account, accounts->source->text, SLUICE_STRKEY_SIZE);
    if (env->type == SX_ENVELOPE_TYPE_TX_FEE_BUMP) {
        bool fee_has_id;
        uint64_t fee_mux_id;
        row->is_fee_bump = true;
        accounts->fee = ix_muxed_name(ix, &env->feeBump.tx.feeSource, &fee_has_id, &fee_mux_id);
        memcpy(row->fee_account, accounts->fee->text, SLUICE_STRKEY_SIZE);
        row->max_fee = env->feeBump.tx.fee;
        memcpy(row->inner_hash, found->inner_hash, 32);
    } else {
        row->max_fee = env->type == SX_ENVELOPE_TYPE_TX_V0 ? env->v0.tx.fee : env->v1.tx.fee;
    }
    row->fee_charged = result->result.feeCharged;
    row->result_code = result->result.result.code;
    row->successful = row->result_code == SX_txSUCCESS || row->result_code == SX_txFEE_BUMP_INNER_SUCCESS;
    memo_of(v.memo, row);
    if ((v.memo->type == SX_MEMO_ID && copy_memo_id(ix, v.memo, row)) ||
        (ix->store_xdr != INDEXER_STORE_XDR_NONE &&
         ix_keep_xdr(ix, ix->envelope_type, env, &row->envelope_xdr))) {
        report_set(err, ix->scratch.fail, NULL, "transaction %u: out of memory", order);
        return -1;
    }
    row->operation_count = v.operations->len;

    const sx_vec_OperationResult *results = ix_operation_results(&result->result);
    if (results && results->len != v.operations->len) {
        report_set(err, NULL, NULL, "transaction %u has %u operations but %u operation results",
                   order, v.operations->len, results->len);
        return -1;
    }
    for (uint32_t i = 0; i < v.operations->len; i++) {
        const sx_Operation *op = &v.operations->items[i];
        sluice_operation_row *o = row_vec_push(&ix->operations);
        o->id = row->id + i + 1;
        o->transaction_id = row->id;
        o->type = (uint32_t)op->body.type;
        o->has_source_muxed_id = tx_has_id;
        o->source_muxed_id = tx_mux_id;
        memcpy(o->source_account,
               ix_operation_source(ix, op, accounts->source, &o->has_source_muxed_id,
                                   &o->source_muxed_id)->text,
               SLUICE_STRKEY_SIZE);
        if (results) {
            const sx_OperationResult *r = &results->items[i];
            o->has_result = true;
            o->operation_result_code = r->code;
            o->result_code = r->code == SX_opINNER ? inner_code(&r->tr) : 0;
        }
        o->successful = row->successful;
    }
    *tx_out = row;
    return 0;
}
