/* test_token_transfers.c — the token_transfers rows over every real fixture
 * ledger:
 *   - where the meta carries stellar-core's CAP-67 events (TransactionMeta
 *     v4 with fee events), the rows derived as if it had none
 *     (indexer_options.derive_transfers) equal the rows of the meta's
 *     events exactly, order included; the first difference of a ledger is
 *     printed with both rows and the operation's type;
 *   - the derived ledger still passes ledger_checks.h;
 *   - on every ledger, both ways: per (operation, holder, asset) the
 *     token_transfers sum to the net balance changes of the BALANCE rows,
 *     and every mint / burn / clawback has exactly one labelled row
 *     (tests/indexer/transfer_checks.h);
 *   - the fixtures hold every kind of movement (transfer, mint, burn, fee
 *     charge and refund), muxed destinations among them. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../testlib.h"
#include "indexer/indexer.h"
#include "ledger_checks.h"
#include "ledger_frames.h"
#include "transfer_checks.h"
#include "xdr/gen/sx_codec.h"

static indexer *indexer_for(const char *passphrase, bool derive)
{
    indexer_options o = {.network_passphrase = passphrase, .derive_transfers = derive};
    return indexer_new(&o);
}

/* Whether a transaction's meta carries CAP-67 fee events. */
static bool meta_has_fee_events(const sx_TransactionMeta *m)
{
    if (m->v != 4)
        return false;
    for (uint32_t i = 0; i < m->v4.events.len; i++) {
        const sx_ContractEvent *e = &m->v4.events.items[i].event;
        if (e->body.v == 0 && e->body.v0.topics.len >= 1 &&
            is_symbol(&e->body.v0.topics.items[0], "fee"))
            return true;
    }
    return false;
}

/* Whether the frame's ledger carries stellar-core's events (any of its
 * transactions has fee events). */
static bool carries_events(const ledger_frame *f, sx_arena *arena)
{
    sx_LedgerCloseMeta lcm;
    sx_error xe;
    sx_arena_reset(arena);
    if (sx_decode_LedgerCloseMeta(f->data, f->len, arena, &lcm, &xe) || lcm.v == 0)
        return false;
    uint32_t n = lcm.v == 1 ? lcm.v1.txProcessing.len : lcm.v2.txProcessing.len;
    for (uint32_t i = 0; i < n; i++) {
        const sx_TransactionMeta *m = lcm.v == 1 ? &lcm.v1.txProcessing.items[i].txApplyProcessing
                                                 : &lcm.v2.txProcessing.items[i].txApplyProcessing;
        if (meta_has_fee_events(m))
            return true;
    }
    return false;
}

static bool rows_equal(const sluice_token_transfer_row *a, const sluice_token_transfer_row *b)
{
    return a->transaction_id == b->transaction_id && a->operation_id == b->operation_id &&
           a->event_index == b->event_index && a->kind == b->kind &&
           strcmp(a->from, b->from) == 0 && strcmp(a->to, b->to) == 0 &&
           (a->asset == b->asset || (a->asset && b->asset && strcmp(a->asset, b->asset) == 0)) &&
           strcmp(a->asset_contract, b->asset_contract) == 0 && a->amount.hi == b->amount.hi &&
           a->amount.lo == b->amount.lo && a->has_to_muxed_id == b->has_to_muxed_id &&
           a->to_muxed_id == b->to_muxed_id;
}

static void print_row(const char *label, const sluice_token_transfer_row *t)
{
    if (!t) {
        fprintf(stderr, "    %s: (none)\n", label);
        return;
    }
    fprintf(stderr,
            "    %s: tx %" PRId64 " op %" PRId64 " #%u %s from=%s to=%s asset=%s contract=%s "
            "amount=%" PRId64 "%s%" PRIu64 "\n",
            label, t->transaction_id, t->operation_id, t->event_index, transfer_kind_name(t->kind),
            t->from, t->to, t->asset ? t->asset : "(null)", t->asset_contract,
            (int64_t)transfer_amount(t), t->has_to_muxed_id ? " to_muxed_id=" : "",
            t->has_to_muxed_id ? t->to_muxed_id : 0);
}

/* Compares the derived rows with the meta's; returns the rows compared. */
static size_t compare_rows(const char *name, const sluice_ledger *meta, const sluice_ledger *derived)
{
    size_t n = meta->token_transfer_count > derived->token_transfer_count
                   ? meta->token_transfer_count
                   : derived->token_transfer_count;
    for (size_t i = 0; i < n; i++) {
        const sluice_token_transfer_row *m =
            i < meta->token_transfer_count ? &meta->token_transfers[i] : NULL;
        const sluice_token_transfer_row *d =
            i < derived->token_transfer_count ? &derived->token_transfers[i] : NULL;
        if (m && d && rows_equal(m, d))
            continue;
        const sluice_token_transfer_row *any = m ? m : d;
        CHECK_MSG(0, "%s: derived token_transfers differ from the meta's events at row %zu of "
                     "%zu / %zu (operation type %d)",
                  name, i, meta->token_transfer_count, derived->token_transfer_count,
                  transfer_operation_type(meta, any->operation_id));
        print_row("meta   ", m);
        print_row("derived", d);
        return i;
    }
    return n;
}

int main(void)
{
    ledger_frames set;
    int status = ledger_frames_load_for_test(test_fixtures_dir(), &set);
    if (status != 0)
        return status;
    sx_arena *arena = sx_arena_new(0);
    size_t ledgers = 0, event_ledgers = 0, compared = 0, sums = 0, labelled = 0, kinds[6] = {0},
           refunds = 0, muxed = 0;
    for (size_t i = 0; i < set.count; i++) {
        const ledger_frame *f = &set.frames[i];
        indexer *from_meta = indexer_for(f->passphrase, false);
        indexer *derive = indexer_for(f->passphrase, true);
        sluice_ledger m, d;
        error_report err;
        if (indexer_index_frame(from_meta, f->data, f->len, &m, &err) ||
            indexer_index_frame(derive, f->data, f->len, &d, &err)) {
            CHECK_MSG(0, "%s: %s", f->name, err.message);
        } else {
            char where[700];
            snprintf(where, sizeof(where), "%s (meta)", f->name);
            sums += check_transfer_sums(where, &m);
            labelled += check_transfer_labels(where, &m);
            snprintf(where, sizeof(where), "%s (derived)", f->name);
            /* deriving the movements leaves the other rows as they were */
            check_ledger(derive, where, &d, fees_of(derive, where, &d));
            check_fee_events(derive, where, f->data, f->len, &d, arena);
            sums += check_transfer_sums(where, &d);
            labelled += check_transfer_labels(where, &d);
            if (carries_events(f, arena)) {
                event_ledgers++;
                compared += compare_rows(f->name, &m, &d);
            }
            for (size_t r = 0; r < m.token_transfer_count; r++) {
                const sluice_token_transfer_row *t = &m.token_transfers[r];
                kinds[(unsigned)t->kind < 6 ? t->kind : 0]++;
                refunds += t->kind == SLUICE_TRANSFER_FEE && t->amount.hi < 0;
                muxed += t->has_to_muxed_id;
            }
            ledgers++;
        }
        indexer_free(from_meta);
        indexer_free(derive);
    }
    CHECK_MSG(event_ledgers > 0 && compared > 0, "no fixture ledger carries core's events");
    CHECK_MSG(kinds[SLUICE_TRANSFER] && kinds[SLUICE_TRANSFER_MINT] && kinds[SLUICE_TRANSFER_BURN] &&
                  kinds[SLUICE_TRANSFER_FEE] && refunds && muxed,
              "the fixtures lack a kind of movement: transfer %zu mint %zu burn %zu fee %zu "
              "refund %zu muxed %zu",
              kinds[SLUICE_TRANSFER], kinds[SLUICE_TRANSFER_MINT], kinds[SLUICE_TRANSFER_BURN],
              kinds[SLUICE_TRANSFER_FEE], refunds, muxed);
    CHECK_MSG(labelled > 0, "no mint or burn labelled a balance row");
    fprintf(stderr,
            "%zu ledgers (%zu with core's events, %zu rows compared), %zu balance sums, "
            "%zu labelled; rows: transfer %zu mint %zu burn %zu clawback %zu fee %zu "
            "(refunds %zu), to_muxed_id %zu\n",
            ledgers, event_ledgers, compared, sums, labelled, kinds[SLUICE_TRANSFER],
            kinds[SLUICE_TRANSFER_MINT], kinds[SLUICE_TRANSFER_BURN],
            kinds[SLUICE_TRANSFER_CLAWBACK], kinds[SLUICE_TRANSFER_FEE], refunds, muxed);
    sx_arena_free(arena);
    ledger_frames_free(&set);
    return test_finish();
}
