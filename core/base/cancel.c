/* cancel.c — the stop flag and its signal handlers (see cancel.h); SIGHUP
 * asks the logger to reopen its file. */
#include "config.h"

#include "base/cancel.h"
#include "base/log.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

static atomic_int stop_requested;

static void on_stop_signal(int signo)
{
    if (atomic_exchange(&stop_requested, 1)) {
        static const char message[] = "sluice: second signal, exiting now\n";
        ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
        (void)ignored;
        _exit(128 + signo);
    }
}

static void on_hangup_signal(int signo)
{
    (void)signo;
    log_request_reopen();
}

void cancel_install_signal_handlers(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    action.sa_handler = on_hangup_signal;
    action.sa_flags = SA_RESTART;
    sigaction(SIGHUP, &action, NULL);
}

void cancel_request(void) { atomic_store(&stop_requested, 1); }
int cancel_requested(void) { return atomic_load(&stop_requested); }
