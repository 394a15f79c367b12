/* row_vec.c — growable row arrays (see row_vec.h). */
#include "indexer/row_vec.h"

#include <stdlib.h>

#include "base/xalloc.h"

void row_vec_init(row_vec *v, size_t item_size)
{
    v->items = NULL;
    v->count = 0;
    v->capacity = 0;
    v->item_size = item_size;
}

void row_vec_free(row_vec *v)
{
    free(v->items);
    row_vec_init(v, v->item_size);
}

void row_vec_grow(row_vec *v)
{
    xgrow(&v->items, &v->capacity, v->count + 1, v->item_size);
}
