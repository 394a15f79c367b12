/* sink_checks.h — the sink guarantees (doc/design.md G1-G8, sluice-plugin(7))
 * checked through the sink API against any sink: one function per
 * guarantee, each writing the factory's ledgers into its own region of
 * ledger sequences (so the checks share one store without seeing each
 * other's ledgers) and comparing what the sink's read callbacks (cursors,
 * gaps, ledger_chain) return with what a correct sink returns.
 *
 * The store must be empty when a run starts (the first check says so
 * otherwise): the checks move its cursors and leave ledgers in it. */
#ifndef SLUICE_SINK_CHECKS_H
#define SLUICE_SINK_CHECKS_H

#include "conformance/check_result.h"
#include "conformance/sink_target.h"

typedef check_outcome (*sink_check_fn)(const sink_target *target, uint32_t base,
                                       check_run *run);

typedef struct sink_check {
    const char *guarantee;     /* "G7" */
    const char *name;          /* "cursor_advance" */
    sink_check_fn run;
} sink_check;

/* Every check, in the order a run makes them (region i starts at
 * SINK_CHECK_BASE + i * SINK_CHECK_REGION; the gaps check is last, as its
 * queries reach the highest ledger sequence). */
extern const sink_check sink_checks[];
extern const size_t sink_check_count;

#define SINK_CHECK_BASE 10000u
#define SINK_CHECK_REGION 1000u

/* Run every check in order, reporting each to tally; stops after the
 * empty-store check when it fails.  Returns the number of failures. */
unsigned sink_checks_run(const sink_target *target, check_tally *tally);

/* The crash check (sink_crash.c): a writer process killed with SIGKILL at
 * a random instant, restarted, and compared with a clean run. */
check_outcome sink_check_crash_restart(const sink_target *target, uint32_t base,
                                       check_run *run);

/* The shared expectations of the checks, for sink_crash.c. */
check_outcome sink_expect_gaps(sink_conn *c, uint32_t from, uint32_t to, const char *expected,
                               check_run *run);
check_outcome sink_expect_chain(sink_conn *c, uint32_t from, uint32_t to, const char *expected,
                                check_run *run);
check_outcome sink_get_cursor(sink_conn *c, const char *name, uint32_t *value, int *present,
                              check_run *run);
check_outcome sink_expect_cursor(sink_conn *c, const char *name, int present, uint32_t value,
                                 check_run *run);

#endif
