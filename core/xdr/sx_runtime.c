/* sx_runtime.c — arena, error record, reader failure paths and output
 * buffer of the XDR codec (see sx_runtime.h).  Nothing here prints: errors
 * are recorded in the caller's sx_error and returned up. */
#include "sx_runtime.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- arena -------------------------------------------------------------- */

struct sx_arena_chunk {
    sx_arena_chunk *next;
    size_t size;
    /* data follows, 8-aligned because the header is two words */
};

#define SX_ARENA_DEFAULT_CHUNK ((size_t)64 * 1024)

static uint8_t *chunk_data(sx_arena_chunk *c)
{
    return (uint8_t *)(c + 1);
}

static int arena_add_chunk(sx_arena *a, size_t size)
{
    if (size > SIZE_MAX - sizeof(sx_arena_chunk))
        return -1;
    sx_arena_chunk *c = malloc(sizeof(*c) + size);
    if (!c)
        return -1;
    c->next = a->chunks;
    c->size = size;
    a->chunks = c;
    a->capacity += size;
    a->cur = chunk_data(c);
    a->end = a->cur + size;
    return 0;
}

static void arena_free_chunks(sx_arena *a)
{
    while (a->chunks) {
        sx_arena_chunk *next = a->chunks->next;
        free(a->chunks);
        a->chunks = next;
    }
    a->capacity = 0;
    a->cur = a->end = NULL;
}

sx_arena *sx_arena_new(size_t hint)
{
    sx_arena *a = calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    if (arena_add_chunk(a, hint ? hint : SX_ARENA_DEFAULT_CHUNK)) {
        free(a);
        return NULL;
    }
    return a;
}

void *sx_arena_alloc_slow(sx_arena *a, size_t size)
{
    size_t next = a->capacity < SX_ARENA_DEFAULT_CHUNK ? SX_ARENA_DEFAULT_CHUNK : a->capacity;
    if (next < size)
        next = size;
    if (arena_add_chunk(a, next))
        return NULL;
    void *p = a->cur;
    a->cur += size;
    a->used += size;
    return p;
}

void sx_arena_reset(sx_arena *a)
{
    if (a->chunks && a->chunks->next) {
        /* several chunks: replace them by one that holds them all, so a
         * steady stream of similar ledgers runs in a single chunk */
        size_t total = a->capacity;
        arena_free_chunks(a);
        if (arena_add_chunk(a, total))
            arena_add_chunk(a, SX_ARENA_DEFAULT_CHUNK); /* best effort */
    } else if (a->chunks) {
        a->cur = chunk_data(a->chunks);
    }
    a->used = 0;
}

void sx_arena_free(sx_arena *a)
{
    if (!a)
        return;
    arena_free_chunks(a);
    free(a);
}

size_t sx_arena_used(const sx_arena *a)
{
    return a->used;
}

/* ---- errors ------------------------------------------------------------- */

char *sx_error_format(const sx_error *err, char *out, size_t size)
{
    snprintf(out, size, "%s: %s at byte %zu: %s", err->type[0] ? err->type : "?",
             err->path, err->offset, err->reason);
    return out;
}

static void error_clear(sx_error *err)
{
    err->type[0] = '\0';
    err->path[0] = '\0';
    err->reason[0] = '\0';
    err->offset = 0;
    err->path_start = SX_ERR_PATH_MAX - 1;
    err->path[SX_ERR_PATH_MAX - 1] = '\0';
}

/* Prepends `seg` to the right-aligned path; drops segments that no longer
 * fit (the innermost ones are kept, with a leading "...") */
static void path_prepend(sx_error *err, const char *seg)
{
    size_t n = strlen(seg);
    if (n > err->path_start) {
        memcpy(err->path, "...", 3);
        err->path_start = 0;
        return;
    }
    err->path_start -= n;
    memcpy(err->path + err->path_start, seg, n);
}

__attribute__((format(printf, 3, 4)))
static int fail(sx_reader *r, size_t at, const char *fmt, ...)
{
    va_list ap;
    r->err->offset = at;
    va_start(ap, fmt);
    vsnprintf(r->err->reason, sizeof(r->err->reason), fmt, ap);
    va_end(ap);
    return -1;
}

void sx_reader_init(sx_reader *r, const uint8_t *buf, size_t len, sx_arena *arena,
                    sx_error *err)
{
    r->p = r->base = buf;
    r->end = buf + len;
    r->arena = arena;
    r->err = err;
    r->depth = 0;
    r->budget_end = arena ? arena->used + len * SX_ARENA_BYTES_PER_INPUT_BYTE + SX_ARENA_SLACK : 0;
    error_clear(err);
}

int sx_fail_short(sx_reader *r, size_t need)
{
    return fail(r, sx_offset(r, r->p), "truncated: need %zu bytes, %zu left", need,
                (size_t)(r->end - r->p));
}

int sx_fail_value(sx_reader *r, size_t at, const char *what, int64_t value)
{
    return fail(r, at, "invalid %s value %" PRId64, what, value);
}

int sx_fail_padding(sx_reader *r, size_t at)
{
    return fail(r, at, "non-zero padding byte");
}

int sx_fail_length(sx_reader *r, size_t at, uint32_t len, uint32_t max)
{
    return fail(r, at, "length %" PRIu32 " exceeds limit %" PRIu32, len, max);
}

int sx_fail_count(sx_reader *r, size_t at, uint32_t n, uint32_t max, size_t min_size)
{
    if (n > max)
        return fail(r, at, "array count %" PRIu32 " exceeds limit %" PRIu32, n, max);
    return fail(r, at, "array count %" PRIu32 " x %zu bytes exceeds the %zu bytes left", n,
                min_size, (size_t)(r->end - r->p));
}

int sx_fail_depth(sx_reader *r)
{
    return fail(r, sx_offset(r, r->p), "nesting deeper than %d", SX_MAX_DEPTH);
}

int sx_fail_alloc(sx_reader *r)
{
    return fail(r, sx_offset(r, r->p), "arena budget exhausted or out of memory");
}

static int sx_fail_trailing(sx_reader *r)
{
    return fail(r, sx_offset(r, r->p), "%zu trailing bytes after the value",
                (size_t)(r->end - r->p));
}

static void note_type(sx_reader *r, const char *type)
{
    if (!r->err->type[0])
        snprintf(r->err->type, sizeof(r->err->type), "%s", type);
}

int sx_unwind(sx_reader *r, const char *type, const char *member)
{
    note_type(r, type);
    path_prepend(r->err, member);
    path_prepend(r->err, ".");
    return -1;
}

int sx_unwind_index(sx_reader *r, uint32_t index)
{
    char seg[16];
    snprintf(seg, sizeof(seg), "[%" PRIu32 "]", index);
    path_prepend(r->err, seg);
    return -1;
}

int sx_unwind_at(sx_reader *r, const char *type, const char *member, uint32_t index)
{
    sx_unwind_index(r, index);
    return sx_unwind(r, type, member);
}

int sx_finish(sx_reader *r, const char *type, int rc)
{
    if (rc == 0 && r->p != r->end)
        rc = sx_fail_trailing(r);
    if (rc == 0)
        return 0;
    note_type(r, type);
    path_prepend(r->err, type);
    memmove(r->err->path, r->err->path + r->err->path_start,
            SX_ERR_PATH_MAX - r->err->path_start);
    r->err->path_start = 0;
    return -1;
}

/* ---- output buffer ------------------------------------------------------ */

void sx_buf_init(sx_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->fail = NULL;
}

void sx_buf_free(sx_buf *b)
{
    free(b->data);
    sx_buf_init(b);
}

int sx_buf_grow(sx_buf *b, size_t extra)
{
    if (extra > SIZE_MAX / 2 - b->len)
        return sx_buf_fail(b, "buffer size overflow");
    size_t cap = b->cap ? b->cap : 4096;
    while (cap - b->len < extra)
        cap *= 2;
    uint8_t *p = realloc(b->data, cap);
    if (!p)
        return sx_buf_fail(b, "out of memory");
    b->data = p;
    b->cap = cap;
    return 0;
}

int sx_buf_fail(sx_buf *b, const char *why)
{
    if (!b->fail)
        b->fail = why;
    return -1;
}
