/* fuzz_decode.c — libFuzzer target over the frame decoder.
 *
 * Each input is decoded as a LedgerCloseMeta and as a LedgerCloseMetaBatch.
 * The contract checked: no crash/leak/UB (sanitizers), the arena stays
 * within its bound, the skip walker agrees with the decoder, and a value
 * that decodes re-encodes to exactly the input and renders as JSON.
 * Built and run by tests/fuzz/run_fuzz.sh (clang -fsanitize=fuzzer). */
#include <stdlib.h>
#include <string.h>

#include "xdr/gen/sx_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_type(const sx_type_info *info, const uint8_t *data, size_t size,
                       sx_arena *arena, void *value, sx_buf *out)
{
    sx_error err;
    size_t consumed;
    sx_arena_reset(arena);
    int rc = info->decode(data, size, arena, value, &err);
    if (sx_arena_used(arena) > size * SX_ARENA_BYTES_PER_INPUT_BYTE + SX_ARENA_SLACK)
        abort();
    int skip_ok = info->skip(data, size, &consumed, &err) == 0 && consumed == size;
    if (skip_ok != (rc == 0))
        abort();
    if (rc != 0)
        return;
    out->len = 0;
    if (info->encode(value, out) || out->len != size || memcmp(out->data, data, size) != 0)
        abort();
    out->len = 0;
    if (info->json(value, out))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sx_arena *arena;
    static sx_buf out;
    static void *value;
    const sx_type_info *lcm = sx_registry_find("LedgerCloseMeta");
    const sx_type_info *batch = sx_registry_find("LedgerCloseMetaBatch");
    if (!arena) {
        arena = sx_arena_new(0);
        sx_buf_init(&out);
        value = malloc(lcm->size > batch->size ? lcm->size : batch->size);
    }
    check_type(lcm, data, size, arena, value, &out);
    check_type(batch, data, size, arena, value, &out);
    return 0;
}
