/* xalloc.h — allocation that cannot return NULL: on exhaustion the process
 * prints one line and aborts (there is no sane way to ingest without
 * memory, and no partial transaction is ever committed by dying). */
#ifndef SLUICE_XALLOC_H
#define SLUICE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *text);
/* Grow *items (of item_size each) so that index `needed - 1` fits. */
void xgrow(void **items, size_t *capacity, size_t needed, size_t item_size);
/* xgrow, with the items it adds zeroed. */
void xgrow_zeroed(void **items, size_t *capacity, size_t needed, size_t item_size);

#endif
