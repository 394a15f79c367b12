/* settings_check.h — one set of settings checks serving both a plugin's
 * open (the first problem becomes the instance's error) and its
 * descriptor->validate (`sluice check-config`: every problem listed), so
 * that check-config checks what open checks. */
#ifndef PLUGINS_SETTINGS_CHECK_H
#define PLUGINS_SETTINGS_CHECK_H

#include <stddef.h>

#include <sluice/plugin.h>

/* Report each problem of a plugin's loaded settings struct through
 * problem; return how many there were.  No side effects. */
typedef int (*settings_problems_fn)(const void *settings, sluice_problem_callback problem,
                                    void *context);

/* descriptor->validate's body: load the instance's settings into settings
 * (settings_size bytes) and report their problems.  OK when none. */
sluice_status settings_validate(const sluice_host *host, void *settings, size_t settings_size,
                                settings_problems_fn problems, sluice_problem_callback problem,
                                void *context);

/* open's: the problems of loaded settings, reported through host->error
 * (context is the host).  SLUICE_OK when none, else SLUICE_ERROR. */
sluice_status settings_check_at_open(const sluice_host *host, const void *settings,
                                     settings_problems_fn problems);

#endif
