/* report.c — error records and diagnostics lists (see report.h). */
#include "config.h"

#include "base/report.h"
#include "base/secret.h"
#include "base/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_optional(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

void report_set(error_report *report, const char *detail, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(report->message, sizeof report->message, fmt, ap);
    va_end(ap);
    copy_optional(report->detail, sizeof report->detail, detail);
    copy_optional(report->hint, sizeof report->hint, hint);
    secret_scrub(report->message, sizeof report->message);
    secret_scrub(report->detail, sizeof report->detail);
    secret_scrub(report->hint, sizeof report->hint);
}

void report_print(const error_report *report)
{
    fprintf(stderr, "sluice: error: %s\n", report->message);
    if (report->detail[0])
        fprintf(stderr, "DETAIL: %s\n", report->detail);
    if (report->hint[0])
        fprintf(stderr, "HINT: %s\n", report->hint);
}

void diag_add(diag_list *list, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n < 0)
        text = xstrdup("(out of memory formatting a diagnostic)");
    else
        secret_scrub(text, (size_t)n + 1);
    xgrow((void **)&list->items, &list->capacity, list->count + 1, sizeof *list->items);
    list->items[list->count++] = text;
}

void diag_free(diag_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}
