/* row_vec.h — a growable array of fixed-size rows, reused from ledger to
 * ledger (cleared, not freed, between ledgers).  Growth aborts on
 * out-of-memory like xmalloc.  Rows are zeroed in bulk when cleared and
 * when the array grows, so a push only hands out the next row. */
#ifndef SLUICE_ROW_VEC_H
#define SLUICE_ROW_VEC_H

#include <stddef.h>

typedef struct row_vec {
    void *items;
    size_t count;
    size_t capacity;
    size_t item_size;
} row_vec;

void row_vec_init(row_vec *v, size_t item_size);
void row_vec_free(row_vec *v);
/* Makes room for one more row (zeroed). */
void row_vec_grow(row_vec *v);
/* Zeroes the rows in use (row_vec_clear). */
void row_vec_zero(row_vec *v);

/* Forgets every row (and zeroes them for reuse). */
static inline void row_vec_clear(row_vec *v)
{
    if (v->count)
        row_vec_zero(v);
    v->count = 0;
}

/* A new zeroed row at the end. */
static inline void *row_vec_push(row_vec *v)
{
    if (v->count == v->capacity)
        row_vec_grow(v);
    return (char *)v->items + v->count++ * v->item_size;
}

#endif
