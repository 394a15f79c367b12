/* verify.c — cursors, gaps, hash chain and rows of a store (see verify.h). */
#include "config.h"

#include "engine/verify.h"

#include <stdio.h>
#include <string.h>

/* The hash chain walk, stopping at the first fault. */
typedef struct chain_walk {
    int has_previous;
    sluice_chain_link previous;
    uint64_t links;
    char fault[512];
} chain_walk;

static void hex32(const uint8_t *bytes, char *out)
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", bytes[i]);
}

static int check_link(void *context, const sluice_chain_link *link)
{
    chain_walk *walk = context;
    walk->links++;
    if (walk->has_previous && link->sequence == walk->previous.sequence + 1 &&
        memcmp(link->previous_hash, walk->previous.hash, 32) != 0) {
        char stored[65], claimed[65];
        hex32(walk->previous.hash, stored);
        hex32(link->previous_hash, claimed);
        snprintf(walk->fault, sizeof walk->fault,
                 "hash chain broken at ledger %u: its previous hash %s is not the stored hash "
                 "%s of ledger %u", link->sequence, claimed, stored, walk->previous.sequence);
        return 1;
    }
    /* member by member: the sink's struct may be shorter than ours */
    walk->previous.sequence = link->sequence;
    memcpy(walk->previous.hash, link->hash, 32);
    walk->has_previous = 1;
    return 0;
}

/* The first fault of the cursors or the gaps into fault (empty: none). */
static engine_status find_store_fault(session *s, const store_cursors *c,
                                      const ledger_range *range, char *fault, size_t size,
                                      error_report *err)
{
    if (c->has_oldest && c->has_latest && c->oldest > c->latest) {
        snprintf(fault, size, "cursor oldest %u is after latest %u", c->oldest, c->latest);
        return ENGINE_OK;
    }
    gap_list gaps;
    engine_status result = gap_list_read(s, range->from, range->to, &gaps, err);
    if (result == ENGINE_OK && gaps.count)
        snprintf(fault, size, "ledgers %u..%u are missing (%zu gaps in %u..%u)",
                 gaps.gaps[0].from, gaps.gaps[0].to, gaps.count, range->from, range->to);
    gap_list_free(&gaps);
    return result;
}

engine_status store_verify(session *s, ledger_range *range, verify_outcome *outcome,
                           error_report *err)
{
    memset(outcome, 0, sizeof *outcome);
    store_cursors c;
    engine_status result = store_read_cursors(s, &c, err);
    if (result != ENGINE_OK)
        return result;
    if (!store_resolve_range(&c, range)) {
        outcome->empty = 1;
        return ENGINE_OK;
    }
    char fault[600] = "";
    result = find_store_fault(s, &c, range, fault, sizeof fault, err);
    if (result != ENGINE_OK)
        return result;
    chain_walk walk;
    memset(&walk, 0, sizeof walk);
    if (!fault[0] && s->sink_ops->ledger_chain) {
        sluice_status status = s->sink_ops->ledger_chain(s->sink.handle, range->from, range->to,
                                                         check_link, &walk);
        if (status != SLUICE_OK)
            return engine_plugin_failure(&s->sink, status, err, "sink: ledger chain");
        snprintf(fault, sizeof fault, "%s", walk.fault);
        outcome->chain_checked = 1;
        outcome->links = walk.links;
    }
    if (!fault[0] && s->sink_ops->check_rows) {
        sluice_status status = s->sink_ops->check_rows(s->sink.handle, range->from, range->to,
                                                       fault, sizeof fault);
        if (status != SLUICE_OK)
            return engine_plugin_failure(&s->sink, status, err, "sink: check rows");
        fault[sizeof fault - 1] = 0; /* the sink's text: bounded whatever it did */
        outcome->rows_checked = 1;
    }
    if (fault[0]) {
        report_set(err, NULL, NULL, "verify: FAULT: %s", fault);
        return ENGINE_DATA;
    }
    return ENGINE_OK;
}
