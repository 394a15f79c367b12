/* make_lake.c — test and benchmark helper: write a data lake.
 *
 *   make_lake DIR LEDGERS_PER_FILE FILES_PER_PARTITION [--manifest PASSPHRASE]
 *             [--ext .xdr.zst|.xdr.zstd] (--stream FILE | --dummy FIRST COUNT)
 *
 * --stream takes the frames of a stellar-core stream file (real ledgers);
 * --dummy takes COUNT chained ledgers from FIRST produced by the dummy
 * source plugin (loaded from $PLUGIN_BUILD_DIR).  Prints the range written. */
#include "config.h"

#include "lake_writer.h"
#include "source_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host/frame_info.h"

static int usage(void)
{
    fprintf(stderr, "usage: make_lake DIR LEDGERS_PER_FILE FILES_PER_PARTITION "
            "[--manifest PASSPHRASE] [--ext EXT] (--stream FILE | --dummy FIRST COUNT)\n");
    return 2;
}

static int dummy_frames(uint32_t first, uint32_t count, stream_frames *out)
{
    char ini[2048], header[1024];
    harness_ini_header(header, sizeof header, "(unused)", "dummy");
    snprintf(ini, sizeof ini, "%sfirst_ledger = %u\nledgers = %u\n", header, first, count);
    source_harness h;
    size_t delivered;
    int result = -1;
    if (harness_open(&h, ini) != SLUICE_OK)
        fprintf(stderr, "make_lake: dummy source: %s\n", h.err.message);
    else if (harness_drain(&h, first, first + count - 1, out, &delivered) != SLUICE_END)
        fprintf(stderr, "make_lake: dummy source: %s\n", harness_message(&h));
    else
        result = 0;
    harness_close(&h);
    return result;
}

int main(int argc, char **argv)
{
    if (argc < 5)
        return usage();
    lake_spec spec = {argv[1], {(uint32_t)atol(argv[2]), (uint32_t)atol(argv[3])}, ".xdr.zst"};
    const char *passphrase = NULL, *stream = NULL;
    uint32_t first = 0, count = 0;
    for (int i = 4; i < argc; i++) {
        if (!strcmp(argv[i], "--manifest") && i + 1 < argc)
            passphrase = argv[++i];
        else if (!strcmp(argv[i], "--ext") && i + 1 < argc)
            spec.extension = argv[++i];
        else if (!strcmp(argv[i], "--stream") && i + 1 < argc)
            stream = argv[++i];
        else if (!strcmp(argv[i], "--dummy") && i + 2 < argc) {
            first = (uint32_t)atol(argv[++i]);
            count = (uint32_t)atol(argv[++i]);
        } else
            return usage();
    }
    if (!spec.layout.ledgers_per_file || !spec.layout.files_per_partition || (!stream && !count))
        return usage();
    mkdir(spec.dir, 0755);
    stream_frames frames;
    memset(&frames, 0, sizeof frames);
    int loaded = stream ? stream_frames_read(stream, &frames) : dummy_frames(first, count, &frames);
    if (loaded != 0)
        return 1;
    sluice_frame_info info = {.struct_size = sizeof info};
    char why[256];
    if (frames.count == 0 || frame_walk(frames.data[0], frames.len[0], 0, NULL, &info, why,
                                        sizeof why) != 0) {
        fprintf(stderr, "make_lake: no usable first frame\n");
        return 1;
    }
    long written = lake_write_frames(&spec, info.sequence, frames.data, frames.len, frames.count);
    if (stream)
        stream_frames_free(&frames);
    else
        frames_free_copies(&frames);
    if (written <= 0 || (passphrase && lake_write_manifest(&spec, passphrase) != 0)) {
        fprintf(stderr, "make_lake: writing %s failed\n", spec.dir);
        return 1;
    }
    printf("%u %u\n", info.sequence, info.sequence + (uint32_t)written - 1);
    return 0;
}
