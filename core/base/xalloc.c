/* xalloc.c — allocation wrappers that abort on exhaustion (see xalloc.h). */
#include "config.h"

#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *checked(void *ptr, size_t size)
{
    if (!ptr && size) {
        fprintf(stderr, "sluice: fatal: out of memory allocating %zu bytes\n", size);
        abort();
    }
    return ptr;
}

void *xmalloc(size_t size) { return checked(malloc(size), size); }
void *xcalloc(size_t count, size_t size) { return checked(calloc(count, size), count * size); }
void *xrealloc(void *ptr, size_t size) { return checked(realloc(ptr, size), size); }
char *xstrdup(const char *text) { return checked(strdup(text), strlen(text) + 1); }

void xgrow(void **items, size_t *capacity, size_t needed, size_t item_size)
{
    if (needed <= *capacity)
        return;
    size_t grown = *capacity ? *capacity : 8;
    while (grown < needed)
        grown *= 2;
    *items = xrealloc(*items, grown * item_size);
    *capacity = grown;
}

void xgrow_zeroed(void **items, size_t *capacity, size_t needed, size_t item_size)
{
    size_t before = *capacity;
    xgrow(items, capacity, needed, item_size);
    if (*capacity > before)
        memset((char *)*items + before * item_size, 0, (*capacity - before) * item_size);
}
