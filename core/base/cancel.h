/* cancel.h — process-wide stop request: SIGINT/SIGTERM set it, every long
 * loop and every plugin (through host->cancelled) polls it.  A second
 * signal exits at once; that is safe because every commit is atomic (G1).
 * SIGHUP reopens the log file (log rotation). */
#ifndef SLUICE_CANCEL_H
#define SLUICE_CANCEL_H

void cancel_install_signal_handlers(void);
/* Ask all work to stop (also used when a sibling worker fails). */
void cancel_request(void);
int cancel_requested(void);

#endif
