/* source_watch.h — what the engine watches of a pipeline's source while
 * it fetches: the source's tip (sluice_source_tip_ledger, raised by every
 * ledger an unbounded range delivers and by latest_available, asked at
 * most every SOURCE_TIP_POLL_MS), and stalls: a next() call that has
 * delivered nothing for longer than stall_warning is logged once as a
 * warning and counted in sluice_source_stalled until the source delivers
 * again.
 *
 * Threads: begin/end/poll_tip run on the fetching thread (the one calling
 * the source); check and finish on the consuming thread. */
#ifndef SLUICE_SOURCE_WATCH_H
#define SLUICE_SOURCE_WATCH_H

#include <stdatomic.h>
#include <stdint.h>

#include "host/instance.h"

#define SOURCE_TIP_POLL_MS 10000

typedef struct source_watch {
    int unbounded;                      /* live: the tip is followed */
    uint64_t stall_us;                  /* 0: stalls are not watched */
    atomic_uint_fast64_t waiting_since; /* metric clock (µs) of the next() in progress; 0: none */
    atomic_uint_fast32_t awaited;       /* the ledger that next() is to deliver */
    uint64_t last_tip_poll;             /* fetching thread's */
    uint64_t stalled_since;             /* consuming thread's: the wait logged as a stall */
} source_watch;

void source_watch_init(source_watch *w, int unbounded, uint64_t stall_warning_ms);
/* The fetching thread calls the source's next() for ledger sequence. */
void source_watch_begin(source_watch *w, uint32_t sequence);
/* next() returned; delivered: the ledger it delivered (0: none). */
void source_watch_end(source_watch *w, uint32_t delivered);
/* Ask the source's latest_available when it is due (unbounded ranges). */
void source_watch_poll_tip(source_watch *w, plugin_instance *source);
/* Log and count a stall that began, or the end of one. */
void source_watch_check(source_watch *w);
/* The pipeline ends: a stall it counted is no longer one. */
void source_watch_finish(source_watch *w);

#endif
