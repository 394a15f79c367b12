/* row_vec.h — a growable array of fixed-size rows, reused from ledger to
 * ledger (cleared, not freed, between ledgers).  Growth aborts on
 * out-of-memory like xmalloc.  A push zeroes the row it hands out, just
 * before it is written (zeroing every row in bulk when clearing went over
 * hundreds of kilobytes a busy ledger, a pass of their own). */
#ifndef SLUICE_ROW_VEC_H
#define SLUICE_ROW_VEC_H

#include <stddef.h>
#include <string.h>

typedef struct row_vec {
    void *items;
    size_t count;
    size_t capacity;
    size_t item_size;
} row_vec;

void row_vec_init(row_vec *v, size_t item_size);
void row_vec_free(row_vec *v);
/* Makes room for one more row. */
void row_vec_grow(row_vec *v);

/* Forgets every row. */
static inline void row_vec_clear(row_vec *v)
{
    v->count = 0;
}

/* A new zeroed row at the end. */
static inline void *row_vec_push(row_vec *v)
{
    if (v->count == v->capacity)
        row_vec_grow(v);
    return memset((char *)v->items + v->count++ * v->item_size, 0, v->item_size);
}

#endif
