/* synth_ledger.h — the generator: builds consecutive LedgerCloseMeta
 * values (V1 or V2 shape) from the world and encodes each into one XDR
 * frame.  Ledger headers form a real hash chain (hash = SHA-256 of the
 * header XDR); txSetHash and txSetResultHash are the SHA-256 of the
 * GeneralizedTransactionSet and TransactionResultSet XDR. */
#ifndef SYNTH_LEDGER_H
#define SYNTH_LEDGER_H

#include "synth_archive.h"
#include "synth_build.h"

typedef struct synth_gen {
    synth_params params;
    synth_world world;
    sx_arena *arena;
    sx_buf frame;              /* the last encoded LedgerCloseMeta */
    sx_buf scratch;
    uint8_t network_id[32];
    uint8_t prev_hash[32];     /* hash of the previous ledger header */
    uint32_t next_seq;
    double cumulative_mix[SYNTH_KIND_COUNT];
    uint64_t transactions;     /* generated so far */
    double bytes_per_op;       /* frame bytes per operation, averaged over the ledgers */
    uint32_t ledgers_sized;    /* ledgers that went into that average */
    synth_archive *archive;    /* --archive (NULL: none); its checkpoint headers then
                                * commit to its bucket list */
} synth_gen;

/* -1 with a message in why on bad parameters (or OOM). */
int synth_gen_init(synth_gen *gen, const synth_params *params, char *why, size_t why_size);
void synth_gen_free(synth_gen *gen);

/* Starts writing a history archive of the world to dir (and, with dump_dir,
 * the world's entries at each checkpoint there), before the first ledger:
 * 0, or -1 with why.  The archive (the caller's) is closed by
 * synth_gen_free. */
int synth_gen_archive(synth_gen *gen, synth_archive *archive, const char *dir, const char *dump_dir,
                      char *why, size_t why_size);

/* Builds the next ledger; *frame / *len point into gen->frame until the
 * next call.  -1 with a message in why when encoding fails. */
int synth_gen_next(synth_gen *gen, const uint8_t **frame, size_t *len, char *why, size_t why_size);

#endif
