/* report.h — error records passed up the call chain and diagnostics lists.
 *
 * An error_report carries one failure as message + DETAIL + HINT (the
 * PostgreSQL convention); functions fill it and return, and only the
 * command at the top prints it.  A diag_list collects many messages where
 * the user wants all of them at once (sluice check-config). */
#ifndef SLUICE_REPORT_H
#define SLUICE_REPORT_H

#include <stddef.h>

typedef struct error_report {
    char message[1024];
    char detail[1024];
    char hint[512];
} error_report;

/* Set message from fmt; detail and hint may be NULL. */
void report_set(error_report *report, const char *detail, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Print "sluice: error: ..." with DETAIL/HINT lines to stderr. */
void report_print(const error_report *report);

typedef struct diag_list {
    char **items;
    size_t count;
    size_t capacity;
} diag_list;

void diag_add(diag_list *list, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_free(diag_list *list);

#endif
