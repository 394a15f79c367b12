/* test_hostile.c — damaged versions of every real fixture frame (truncated,
 * bit-flipped, lengths/counts inflated) must either decode (and then
 * re-encode to exactly the damaged bytes) or fail cleanly: an error naming
 * the type, a path starting at the top-level type, an offset inside the
 * input and a reason — with the arena bounded by the input size and the
 * skip walker agreeing with the decoder. Runs under ASan/UBSan in CI. */
#include "../testlib.h"
#include "xdr/gen/sx_codec.h"
#include "xdr_fixtures.h"

#define FLIPS_PER_FRAME 24
#define INFLATES_PER_FRAME 24
#define TRUNCATIONS_PER_FRAME 12

typedef struct hostile_stats {
    size_t decoded, rejected;
    double worst_arena_ratio; /* arena bytes / input bytes, on real frames */
} hostile_stats;

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng_next(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Decodes one (possibly damaged) buffer and checks the contract. */
static void check_buffer(const char *what, const xf_frame *f, const sx_type_info *info,
                         const uint8_t *buf, size_t len, sx_arena *arena, void *value,
                         hostile_stats *stats)
{
    sx_error err;
    char line[1024];
    sx_arena_reset(arena);
    int rc = info->decode(buf, len, arena, value, &err);
    size_t bound = len * SX_ARENA_BYTES_PER_INPUT_BYTE + SX_ARENA_SLACK;
    CHECK_MSG(sx_arena_used(arena) <= bound, "%s %s: arena %zu > bound %zu", f->name, what,
              sx_arena_used(arena), bound);
    size_t consumed;
    sx_error skip_err;
    int skip_ok = info->skip(buf, len, &consumed, &skip_err) == 0 && consumed == len;
    CHECK_MSG(skip_ok == (rc == 0), "%s %s: skip (%d) and decode (%d) disagree", f->name, what,
              skip_ok, rc == 0);
    if (rc == 0) {
        stats->decoded++;
        sx_buf out;
        sx_buf_init(&out);
        CHECK_MSG(info->encode(value, &out) == 0 && out.len == len && memcmp(out.data, buf, len) == 0,
                  "%s %s: decoded but does not re-encode to the same bytes", f->name, what);
        sx_buf_free(&out);
        return;
    }
    stats->rejected++;
    CHECK_MSG(err.type[0] && err.reason[0], "%s %s: error without type or reason", f->name, what);
    CHECK_MSG(strncmp(err.path, info->name, strlen(info->name)) == 0,
              "%s %s: path does not start at %s: %s", f->name, what, info->name,
              sx_error_format(&err, line, sizeof(line)));
    CHECK_MSG(err.offset <= len, "%s %s: offset %zu past the end (%zu)", f->name, what, err.offset, len);
}

static void hostile_frame(const xf_frame *f, sx_arena *arena, hostile_stats *stats)
{
    const sx_type_info *info = sx_registry_find(f->type);
    void *value = malloc(info->size);
    uint8_t *copy = malloc(f->len);
    char what[64];

    sx_arena_reset(arena);
    sx_error err;
    if (info->decode(f->data, f->len, arena, value, &err) == 0) {
        double ratio = (double)sx_arena_used(arena) / (double)f->len;
        if (ratio > stats->worst_arena_ratio)
            stats->worst_arena_ratio = ratio;
    }
    for (int i = 0; i < TRUNCATIONS_PER_FRAME; i++) {
        size_t cut = i == 0 ? f->len - 1 : (size_t)(rng_next() % f->len);
        snprintf(what, sizeof(what), "truncated to %zu", cut);
        check_buffer(what, f, info, f->data, cut, arena, value, stats);
    }
    for (int i = 0; i < FLIPS_PER_FRAME; i++) {
        memcpy(copy, f->data, f->len);
        size_t at = (size_t)(rng_next() % f->len);
        copy[at] ^= (uint8_t)(1u << (rng_next() % 8));
        snprintf(what, sizeof(what), "bit flip at %zu", at);
        check_buffer(what, f, info, copy, f->len, arena, value, stats);
    }
    static const uint32_t inflated[] = {0xffffffffu, 0x7fffffffu, 0x10000000u, 0x00100000u};
    for (int i = 0; i < INFLATES_PER_FRAME && f->len >= 4; i++) {
        memcpy(copy, f->data, f->len);
        size_t at = (size_t)(rng_next() % (f->len / 4)) * 4;
        uint32_t v = inflated[rng_next() % 4];
        copy[at] = (uint8_t)(v >> 24);
        copy[at + 1] = (uint8_t)(v >> 16);
        copy[at + 2] = (uint8_t)(v >> 8);
        copy[at + 3] = (uint8_t)v;
        snprintf(what, sizeof(what), "word at %zu set to %#x", at, v);
        check_buffer(what, f, info, copy, f->len, arena, value, stats);
    }
    free(copy);
    free(value);
}

/* A hand-made hostile frame: a huge array count must be refused before
 * any allocation, with the exact path and offset. */
static void check_count_guard(sx_arena *arena)
{
    /* LedgerCloseMetaBatch{start=1, end=1, ledgerCloseMetas<0x40000000>} */
    static const uint8_t frame[] = {0, 0, 0, 1, 0, 0, 0, 1, 0x40, 0, 0, 0};
    sx_LedgerCloseMetaBatch batch;
    sx_error err;
    sx_arena_reset(arena);
    CHECK(sx_decode_LedgerCloseMetaBatch(frame, sizeof(frame), arena, &batch, &err) == -1);
    CHECK_STR_CONTAINS(err.path, "LedgerCloseMetaBatch.ledgerCloseMetas");
    CHECK(err.offset == 8);
    CHECK_STR_CONTAINS(err.reason, "array count");
    CHECK(sx_arena_used(arena) == 0);
}

int main(void)
{
    xf_set set;
    int status = xf_load_for_test(test_fixtures_dir(), &set);
    if (status != 0)
        return status;
    sx_arena *arena = sx_arena_new(0);
    hostile_stats stats = {0, 0, 0.0};
    check_count_guard(arena);
    for (size_t i = 0; i < set.count; i++)
        hostile_frame(&set.frames[i], arena, &stats);
    CHECK(stats.rejected > 0);
    fprintf(stderr, "%zu frames: %zu damaged copies rejected cleanly, %zu still valid; "
                    "worst arena/input ratio on real frames %.2f\n",
            set.count, stats.rejected, stats.decoded, stats.worst_arena_ratio);
    sx_arena_free(arena);
    xf_free(&set);
    return test_finish();
}
