/* bench_decode.c — decode throughput of the generated XDR decoder on the
 * real fixture frames (one core): every frame decoded into a reused arena,
 * repeated until the time budget is spent.  Also times the skip walker,
 * encode and JSON rendering of the same frames for reference.
 * usage: bench_decode FIXTURES_DIR [SECONDS]   (prints one line per phase) */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "xdr/gen/sx_codec.h"
#include "../../tests/xdr/xdr_fixtures.h"

typedef enum { PHASE_DECODE, PHASE_SKIP, PHASE_ENCODE, PHASE_JSON } phase;
static const char *const phase_names[] = {"decode", "skip", "decode+encode", "decode+json"};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One pass over every frame; returns -1 if any frame fails. */
static int run_pass(const xf_set *set, phase ph, sx_arena *arena, void *value, sx_buf *out)
{
    for (size_t i = 0; i < set->count; i++) {
        const xf_frame *f = &set->frames[i];
        const sx_type_info *info = sx_registry_find(f->type);
        sx_error err;
        size_t consumed;
        if (ph == PHASE_SKIP) {
            if (info->skip(f->data, f->len, &consumed, &err))
                return -1;
            continue;
        }
        sx_arena_reset(arena);
        if (info->decode(f->data, f->len, arena, value, &err))
            return -1;
        out->len = 0;
        if (ph == PHASE_ENCODE && info->encode(value, out))
            return -1;
        if (ph == PHASE_JSON && info->json(value, out))
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_decode FIXTURES_DIR [SECONDS]\n");
        return 2;
    }
    double budget = argc > 2 ? atof(argv[2]) : 3.0;
    xf_set set;
    char why[512];
    if (xf_load(argv[1], &set, why, sizeof(why))) {
        fprintf(stderr, "bench_decode: %s\n", why);
        return 1;
    }
    size_t bytes = 0;
    for (size_t i = 0; i < set.count; i++)
        bytes += set.frames[i].len;
    sx_arena *arena = sx_arena_new((size_t)16 << 20);
    void *value = malloc(sx_registry_find("LedgerCloseMeta")->size + sx_registry_find("LedgerCloseMetaBatch")->size);
    sx_buf out;
    sx_buf_init(&out);
    int rc = 0;
    printf("frames %zu bytes %zu\n", set.count, bytes);
    for (phase ph = PHASE_DECODE; ph <= PHASE_JSON && rc == 0; ph++) {
        rc = run_pass(&set, ph, arena, value, &out); /* warm-up */
        size_t passes = 0;
        double start = now(), elapsed = 0;
        while (rc == 0 && elapsed < budget) {
            rc = run_pass(&set, ph, arena, value, &out);
            passes++;
            elapsed = now() - start;
        }
        printf("%s MB/s %.1f frames/s %.0f passes %zu seconds %.2f\n", phase_names[ph],
               (double)bytes * (double)passes / elapsed / 1e6,
               (double)set.count * (double)passes / elapsed, passes, elapsed);
    }
    if (rc)
        fprintf(stderr, "bench_decode: a frame failed to decode\n");
    sx_buf_free(&out);
    free(value);
    sx_arena_free(arena);
    xf_free(&set);
    return rc ? 1 : 0;
}
