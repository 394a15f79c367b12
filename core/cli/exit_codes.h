/* exit_codes.h — the process exit codes of sluice, documented in sluice(1).
 * Scripts and service managers rely on them: never renumber. */
#ifndef SLUICE_EXIT_CODES_H
#define SLUICE_EXIT_CODES_H

enum sluice_exit_code {
    EXIT_OK = 0,          /* done (also: live run stopped by SIGINT/SIGTERM) */
    EXIT_FAILURE_ = 1,    /* runtime failure not covered below (I/O, database) */
    EXIT_USAGE = 2,       /* bad command line */
    EXIT_CONFIG = 3,      /* config file missing or invalid */
    EXIT_PLUGIN = 4,      /* a plugin cannot be loaded, is refused, or failed to open */
    EXIT_DATA = 5,        /* invalid input data: corrupt frame, broken chain, verify fault */
    EXIT_LOCK_HELD = 6,   /* another instance holds the store's writer lock */
    EXIT_INTERRUPTED = 7, /* a bounded job (backfill, a live run's catchup) was stopped
                             before it finished */
    EXIT_UNAVAILABLE = 8  /* a source or sink stayed unreachable at start through
                             startup_timeout: transient, the service restarts on it */
};

#endif
