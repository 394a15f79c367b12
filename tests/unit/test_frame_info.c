/* test_frame_info.c — the walker behind host->frame_walk over every real
 * fixture frame: it validates, finds the sequence (the one in the file
 * name where the name has it), and consecutive frames of a stellar-core
 * stream chain by hash.  Damaged frames fail with a reason.  With
 * SLUICE_WALK_PREFIX it reads the same header and the length from a frame
 * followed by more bytes; it writes no member past the info's struct_size
 * (a plugin's older, shorter struct). */
#include "config.h"

#include "host/frame_info.h"
#include "testlib.h"
#include "xdr/xdr_fixtures.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The ledger number in "…ledger-NNN…" or "…--NNN…" names, else 0. */
static uint32_t sequence_in_name(const char *name)
{
    const char *p = strstr(name, "ledger-");
    if (p)
        return (uint32_t)strtoul(p + 7, NULL, 10);
    p = strstr(name, "--");
    return p ? (uint32_t)strtoul(p + 2, NULL, 10) : 0;
}

static void check_damaged_frames(const xf_frame *frame)
{
    sluice_frame_info info = {.struct_size = sizeof info};
    char why[512];
    CHECK(frame_walk(frame->data, frame->len - 1, 0, NULL, &info, why, sizeof why) == -1);
    CHECK_STR_CONTAINS(why, "LedgerCloseMeta");
    uint8_t *longer = malloc(frame->len + 4);
    memcpy(longer, frame->data, frame->len);
    memset(longer + frame->len, 0, 4);
    CHECK(frame_walk(longer, frame->len + 4, 0, NULL, &info, why, sizeof why) == -1);
    CHECK_STR_CONTAINS(why, "4 trailing bytes");
    free(longer);
}

/* The frame followed by 8 more bytes: with SLUICE_WALK_PREFIX the walker
 * finds its length and the header the whole-buffer walk found; without,
 * it refuses the trailing bytes. */
static void check_prefix(const xf_frame *frame, const sluice_frame_info *expected)
{
    sluice_frame_info info = {.struct_size = sizeof info};
    char why[512];
    size_t frame_len = 0;
    uint8_t *longer = malloc(frame->len + 8);
    memcpy(longer, frame->data, frame->len);
    memset(longer + frame->len, 0xff, 8);
    CHECK_MSG(frame_walk(longer, frame->len + 8, SLUICE_WALK_PREFIX, &frame_len, &info, why,
                         sizeof why) == 0, "%s: %s", frame->name, why);
    CHECK_MSG(frame_len == frame->len, "%s: length %zu, expected %zu", frame->name, frame_len,
              frame->len);
    CHECK_MSG(memcmp(&info, expected, sizeof info) == 0, "%s: another header", frame->name);
    frame_len = 0;
    CHECK(frame_walk(longer, frame->len + 8, SLUICE_WALK_PREFIX, &frame_len, NULL, why,
                     sizeof why) == 0 && frame_len == frame->len);
    CHECK(frame_walk(longer, frame->len + 8, 0, &frame_len, &info, why, sizeof why) == -1);
    CHECK_STR_CONTAINS(why, "8 trailing bytes");
    CHECK(frame_walk(longer, frame->len - 1, SLUICE_WALK_PREFIX, &frame_len, &info, why,
                     sizeof why) == -1);
    CHECK_STR_CONTAINS(why, "LedgerCloseMeta");
    free(longer);
}

/* An info struct declared shorter (a plugin built when it ended before
 * hash) gets the members it has and nothing past them. */
static void check_short_info(const xf_frame *frame, const sluice_frame_info *expected)
{
    sluice_frame_info info;
    memset(&info, 0xee, sizeof info);
    info.struct_size = (uint32_t)offsetof(sluice_frame_info, hash);
    char why[512];
    CHECK(frame_walk(frame->data, frame->len, 0, NULL, &info, why, sizeof why) == 0);
    CHECK(info.sequence == expected->sequence && info.close_time == expected->close_time);
    CHECK(info.hash[0] == 0xee && info.hash[31] == 0xee && info.previous_hash[31] == 0xee);
}

int main(void)
{
    xf_set set;
    int status = xf_load_for_test(test_fixtures_dir(), &set);
    if (status != 0)
        return status;
    char why[512];
    size_t checked = 0, chained = 0;
    sluice_frame_info previous;
    const char *previous_file = "";
    for (size_t i = 0; i < set.count; i++) {
        const xf_frame *frame = &set.frames[i];
        if (strcmp(frame->type, "LedgerCloseMeta") != 0)
            continue;
        sluice_frame_info info = {.struct_size = sizeof info};
        int ok = frame_walk(frame->data, frame->len, 0, NULL, &info, why, sizeof why) == 0;
        CHECK_MSG(ok, "%s: %s", frame->name, why);
        if (!ok)
            continue;
        checked++;
        check_prefix(frame, &info);
        uint32_t named = sequence_in_name(frame->name);
        if (named)
            CHECK_MSG(info.sequence == named, "%s: sequence %u", frame->name, info.sequence);
        size_t file_len = strcspn(frame->name, "#");
        if (strncmp(previous_file, frame->name, file_len) == 0 && strstr(frame->name, "test-lcm")) {
            CHECK_MSG(info.sequence == previous.sequence + 1, "%s: %u after %u", frame->name,
                      info.sequence, previous.sequence);
            CHECK_MSG(memcmp(info.previous_hash, previous.hash, 32) == 0,
                      "%s: previous hash does not chain", frame->name);
            chained++;
        }
        previous = info;
        previous_file = frame->name;
        if (checked == 1) {
            check_damaged_frames(frame);
            check_short_info(frame, &info);
        }
    }
    fprintf(stderr, "%zu frames read, %zu chained to their predecessor\n", checked, chained);
    CHECK(checked > 100);
    CHECK(chained > 50);
    xf_free(&set);
    return test_finish();
}
