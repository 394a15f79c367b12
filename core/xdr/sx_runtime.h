/* sx_runtime.h — hand-written runtime of the generated XDR codec.
 *
 * What lives here:
 *   sx_arena   per-ledger bump allocator; every decoded node comes from it
 *              and one sx_arena_reset/sx_arena_free releases them all.
 *   sx_error   a decode error: innermost type, field path, byte offset and
 *              reason, in fixed-size arrays (no allocation on the error path).
 *   sx_reader  the bounded input cursor the generated decoders and skip
 *              walkers use; the inline sx_get_* primitives below check every
 *              read against the remaining input.
 *   sx_buf     the growable output buffer the encoders and the JSON emitter
 *              write into (owned by the caller, freed with sx_buf_free).
 *
 * Ownership: decoded values point into the input buffer (opaque and string
 * data are zero-copy) and into the arena; both must outlive the value.
 */
#ifndef SX_RUNTIME_H
#define SX_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- arena -------------------------------------------------------------- */

typedef struct sx_arena_chunk sx_arena_chunk;

/* Fields are private; the struct is visible only so allocation inlines. */
typedef struct sx_arena {
    uint8_t *cur;            /* next free byte in the current chunk */
    uint8_t *end;            /* end of the current chunk */
    sx_arena_chunk *chunks;  /* list of chunks, newest first */
    size_t used;             /* bytes handed out since the last reset */
    size_t capacity;         /* bytes held in all chunks */
} sx_arena;

/* A new arena whose first chunk holds `hint` bytes (0: a default). NULL on OOM. */
sx_arena *sx_arena_new(size_t hint);
/* Forget every allocation; keeps (merged) memory for the next ledger. */
void sx_arena_reset(sx_arena *arena);
void sx_arena_free(sx_arena *arena);
/* Bytes handed out since the last reset. */
size_t sx_arena_used(const sx_arena *arena);
/* Slow path of sx_arena_alloc: adds a chunk. */
void *sx_arena_alloc_slow(sx_arena *arena, size_t size);

/* `size` bytes aligned to 8, uninitialised; NULL on OOM. */
static inline void *sx_arena_alloc(sx_arena *arena, size_t size)
{
    size = (size + 7) & ~(size_t)7;
    if ((size_t)(arena->end - arena->cur) >= size) {
        void *p = arena->cur;
        arena->cur += size;
        arena->used += size;
        return p;
    }
    return sx_arena_alloc_slow(arena, size);
}

/* ---- errors ------------------------------------------------------------- */

#define SX_ERR_TYPE_MAX 64
#define SX_ERR_PATH_MAX 512
#define SX_ERR_REASON_MAX 160

typedef struct sx_error {
    char type[SX_ERR_TYPE_MAX];     /* innermost type whose member failed */
    char path[SX_ERR_PATH_MAX];     /* e.g. LedgerCloseMeta.v1.txProcessing[17] */
    size_t offset;                  /* byte offset in the input */
    char reason[SX_ERR_REASON_MAX]; /* why */
    /* private: the path is built right-aligned while unwinding */
    size_t path_start;
} sx_error;

/* One line: "TYPE: PATH at byte OFFSET: REASON". Returns `out`. */
char *sx_error_format(const sx_error *err, char *out, size_t size);

/* ---- values ------------------------------------------------------------- */

/* Variable-length opaque or string: points into the decoded input. */
typedef struct sx_bytes {
    const uint8_t *data;
    uint32_t len;
} sx_bytes;

/* ---- reader ------------------------------------------------------------- */

/* Nesting limit for recursive types (SCVal, ClaimPredicate, ...). */
#define SX_MAX_DEPTH 256
/* A decode may take at most this many arena bytes per input byte, plus the
 * slack: the explicit bound that keeps hostile frames from ballooning. */
#define SX_ARENA_BYTES_PER_INPUT_BYTE 16
#define SX_ARENA_SLACK 65536

typedef struct sx_reader {
    const uint8_t *p;
    const uint8_t *end;
    const uint8_t *base;
    sx_arena *arena;       /* NULL for skip walkers */
    sx_error *err;
    size_t budget_end;     /* arena->used must stay <= this */
    unsigned depth;
} sx_reader;

void sx_reader_init(sx_reader *r, const uint8_t *buf, size_t len,
                    sx_arena *arena, sx_error *err);

/* Cold failure paths: each records the reason/offset and returns -1. */
int sx_fail_short(sx_reader *r, size_t need);
int sx_fail_value(sx_reader *r, size_t at, const char *what, int64_t value);
int sx_fail_padding(sx_reader *r, size_t at);
int sx_fail_length(sx_reader *r, size_t at, uint32_t len, uint32_t max);
int sx_fail_count(sx_reader *r, size_t at, uint32_t n, uint32_t max, size_t min_size);
int sx_fail_depth(sx_reader *r);
int sx_fail_alloc(sx_reader *r);
/* Unwinding: prepend ".member" (and "[index]") to the error path, record
 * `type` if no inner type did, and return -1. */
int sx_unwind(sx_reader *r, const char *type, const char *member);
int sx_unwind_at(sx_reader *r, const char *type, const char *member, uint32_t index);
int sx_unwind_index(sx_reader *r, uint32_t index);
/* Top level: prepend the type name, left-align the path, check trailing bytes. */
int sx_finish(sx_reader *r, const char *type, int rc);

static inline size_t sx_offset(const sx_reader *r, const uint8_t *at)
{
    return (size_t)(at - r->base);
}

static inline uint32_t sx_load_be32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return __builtin_bswap32(v);
}

static inline uint64_t sx_load_be64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return __builtin_bswap64(v);
}

static inline int sx_need(sx_reader *r, size_t n)
{
    if (__builtin_expect((size_t)(r->end - r->p) < n, 0))
        return sx_fail_short(r, n);
    return 0;
}

static inline int sx_get_u32(sx_reader *r, uint32_t *v)
{
    if (sx_need(r, 4))
        return -1;
    *v = sx_load_be32(r->p);
    r->p += 4;
    return 0;
}

static inline int sx_get_i32(sx_reader *r, int32_t *v)
{
    uint32_t u;
    if (sx_get_u32(r, &u))
        return -1;
    *v = (int32_t)u;
    return 0;
}

static inline int sx_get_u64(sx_reader *r, uint64_t *v)
{
    if (sx_need(r, 8))
        return -1;
    *v = sx_load_be64(r->p);
    r->p += 8;
    return 0;
}

static inline int sx_get_i64(sx_reader *r, int64_t *v)
{
    uint64_t u;
    if (sx_get_u64(r, &u))
        return -1;
    *v = (int64_t)u;
    return 0;
}

static inline int sx_get_bool(sx_reader *r, bool *v)
{
    uint32_t u;
    if (sx_get_u32(r, &u))
        return -1;
    if (__builtin_expect(u > 1, 0))
        return sx_fail_value(r, sx_offset(r, r->p - 4), "bool", u);
    *v = u != 0;
    return 0;
}

/* Checks that the `pad` bytes after `n` data bytes are zero. */
static inline int sx_check_padding(sx_reader *r, size_t n)
{
    size_t pad = (4 - (n & 3)) & 3;
    for (size_t i = 0; i < pad; i++)
        if (__builtin_expect(r->p[n + i] != 0, 0))
            return sx_fail_padding(r, sx_offset(r, r->p + n + i));
    return 0;
}

/* Fixed opaque[n]: *out points into the input. */
static inline int sx_get_fixed(sx_reader *r, size_t n, const uint8_t **out)
{
    size_t padded = (n + 3) & ~(size_t)3;
    if (sx_need(r, padded) || sx_check_padding(r, n))
        return -1;
    *out = r->p;
    r->p += padded;
    return 0;
}

/* opaque<max> / string<max>: out->data points into the input. */
static inline int sx_get_bytes(sx_reader *r, uint32_t max, sx_bytes *out)
{
    uint32_t len;
    if (sx_get_u32(r, &len))
        return -1;
    if (__builtin_expect(len > max, 0))
        return sx_fail_length(r, sx_offset(r, r->p - 4), len, max);
    size_t padded = ((size_t)len + 3) & ~(size_t)3;
    if (sx_need(r, padded) || sx_check_padding(r, len))
        return -1;
    out->data = r->p;
    out->len = len;
    r->p += padded;
    return 0;
}

/* Array count: <= max, and n elements of at least min_size bytes each must
 * fit in the remaining input (this bounds every allocation by the input). */
static inline int sx_get_count(sx_reader *r, uint32_t max, size_t min_size, uint32_t *n)
{
    if (sx_get_u32(r, n))
        return -1;
    if (__builtin_expect(*n > max || (uint64_t)*n * min_size > (uint64_t)(r->end - r->p), 0))
        return sx_fail_count(r, sx_offset(r, r->p - 4), *n, max, min_size);
    return 0;
}

/* n * size bytes from the arena within the decode budget. */
static inline int sx_alloc(sx_reader *r, size_t n, size_t size, void **out)
{
    size_t bytes = n * size; /* n <= input length and size is a struct size */
    if (__builtin_expect(r->arena->used + bytes > r->budget_end, 0))
        return sx_fail_alloc(r);
    *out = sx_arena_alloc(r->arena, bytes);
    if (__builtin_expect(*out == NULL && bytes != 0, 0))
        return sx_fail_alloc(r);
    return 0;
}

/* Optional T*: reads the presence flag and, when set, allocates one T. */
static inline int sx_get_optional(sx_reader *r, size_t size, void **out)
{
    bool present = false;
    if (sx_get_bool(r, &present))
        return -1;
    if (!present) {
        *out = NULL;
        return 0;
    }
    return sx_alloc(r, 1, size, out);
}

/* Skip walkers: advance over n validated bytes. */
static inline int sx_skip_bytes(sx_reader *r, size_t n)
{
    if (sx_need(r, n))
        return -1;
    r->p += n;
    return 0;
}

static inline int sx_skip_bool(sx_reader *r)
{
    bool v = false;
    return sx_get_bool(r, &v);
}

static inline int sx_skip_fixed(sx_reader *r, size_t n)
{
    const uint8_t *p;
    return sx_get_fixed(r, n, &p);
}

static inline int sx_skip_var(sx_reader *r, uint32_t max)
{
    sx_bytes v;
    return sx_get_bytes(r, max, &v);
}

/* ---- output buffer ------------------------------------------------------ */

typedef struct sx_buf {
    uint8_t *data;
    size_t len;
    size_t cap;
    const char *fail; /* set when an encode/JSON write failed: why */
} sx_buf;

void sx_buf_init(sx_buf *b);
void sx_buf_free(sx_buf *b);
/* Grows so that `extra` more bytes fit; -1 (and b->fail) on OOM. */
int sx_buf_grow(sx_buf *b, size_t extra);
int sx_buf_fail(sx_buf *b, const char *why);

static inline int sx_buf_reserve(sx_buf *b, size_t extra)
{
    if (__builtin_expect(b->cap - b->len >= extra, 1))
        return 0;
    return sx_buf_grow(b, extra);
}

static inline int sx_buf_put(sx_buf *b, const void *data, size_t n)
{
    if (sx_buf_reserve(b, n))
        return -1;
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    return 0;
}

static inline int sx_put_u32(sx_buf *b, uint32_t v)
{
    if (sx_buf_reserve(b, 4))
        return -1;
    v = __builtin_bswap32(v);
    memcpy(b->data + b->len, &v, 4);
    b->len += 4;
    return 0;
}

static inline int sx_put_u64(sx_buf *b, uint64_t v)
{
    if (sx_buf_reserve(b, 8))
        return -1;
    v = __builtin_bswap64(v);
    memcpy(b->data + b->len, &v, 8);
    b->len += 8;
    return 0;
}

static inline int sx_put_bool(sx_buf *b, bool v)
{
    return sx_put_u32(b, v ? 1u : 0u);
}

/* n data bytes followed by zero padding to a multiple of 4. */
static inline int sx_put_padded(sx_buf *b, const uint8_t *data, size_t n)
{
    static const uint8_t zeros[4];
    if (sx_buf_put(b, data, n))
        return -1;
    return sx_buf_put(b, zeros, (4 - (n & 3)) & 3);
}

static inline int sx_put_bytes(sx_buf *b, const sx_bytes *v, uint32_t max)
{
    if (v->len > max)
        return sx_buf_fail(b, "opaque/string longer than its bound");
    if (sx_put_u32(b, v->len))
        return -1;
    return sx_put_padded(b, v->data, v->len);
}

static inline int sx_put_count(sx_buf *b, uint32_t n, uint32_t max)
{
    if (n > max)
        return sx_buf_fail(b, "array longer than its bound");
    return sx_put_u32(b, n);
}

#endif
