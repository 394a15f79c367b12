/* test_roundtrip.c — every real fixture frame decodes, its skip walker
 * agrees on the size, and encode(decode(frame)) == frame byte for byte. */
#include "../testlib.h"
#include "xdr/gen/sx_codec.h"
#include "xdr_fixtures.h"

static void check_frame(const xf_frame *f, sx_arena *arena)
{
    const sx_type_info *info = sx_registry_find(f->type);
    CHECK_MSG(info != NULL, "type %s is registered", f->type);
    if (!info)
        return;
    void *value = malloc(info->size);
    sx_error err;
    char line[1024];
    sx_arena_reset(arena);
    int rc = info->decode(f->data, f->len, arena, value, &err);
    CHECK_MSG(rc == 0, "%s: decode: %s", f->name, sx_error_format(&err, line, sizeof(line)));
    size_t consumed = 0;
    CHECK_MSG(info->skip(f->data, f->len, &consumed, &err) == 0 && consumed == f->len,
              "%s: skip consumed %zu of %zu: %s", f->name, consumed, f->len,
              sx_error_format(&err, line, sizeof(line)));
    if (rc == 0) {
        sx_buf out;
        sx_buf_init(&out);
        CHECK_MSG(info->encode(value, &out) == 0, "%s: encode failed: %s", f->name,
                  out.fail ? out.fail : "?");
        CHECK_MSG(out.len == f->len && memcmp(out.data, f->data, f->len) == 0,
                  "%s: round trip differs (%zu vs %zu bytes)", f->name, out.len, f->len);
        sx_buf_free(&out);
    }
    free(value);
}

int main(void)
{
    xf_set set;
    int status = xf_load_for_test(test_fixtures_dir(), &set);
    if (status != 0)
        return status;
    CHECK_MSG(set.count > 1000, "expected the >1000 real frames, found %zu", set.count);
    sx_arena *arena = sx_arena_new(0);
    size_t bytes = 0;
    for (size_t i = 0; i < set.count; i++) {
        check_frame(&set.frames[i], arena);
        bytes += set.frames[i].len;
    }
    fprintf(stderr, "%zu frames from %zu files, %zu bytes\n", set.count, set.files, bytes);
    sx_arena_free(arena);
    xf_free(&set);
    return test_finish();
}
