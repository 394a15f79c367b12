/* lake_writer.c — test helper: write data-lake files (see lake_writer.h).
 * Names come from the plugin's archive_layout.c; that code is checked
 * independently against the real Galexie object and the documented
 * example in test_archive. */
#include "config.h"

#include "lake_writer.h"
#include "stream_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zstd.h>

void lake_file_path(const lake_spec *spec, uint32_t seq, char *out, size_t size)
{
    char key[512];
    archive_object_key(&spec->layout, archive_file_start(&spec->layout, seq), spec->extension,
                       key, sizeof key);
    snprintf(out, size, "%s/%s", spec->dir, key);
}

int lake_write_manifest(const lake_spec *spec, const char *passphrase)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/.config.json", spec->dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "{\n  \"networkPassphrase\": \"%s\",\n  \"version\": \"1.0\",\n"
            "  \"compression\": \"zstd\",\n  \"ledgersPerBatch\": %u,\n"
            "  \"batchesPerPartition\": %u\n}\n", passphrase, spec->layout.ledgers_per_file,
            spec->layout.files_per_partition);
    return fclose(f) == 0 ? 0 : -1;
}

static int make_parent(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    return mkdir(dir, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

int lake_write_file(const lake_spec *spec, uint32_t named_start, uint32_t named_end,
                    const uint8_t *const *frames, const size_t *lens, size_t n)
{
    size_t size = 12;
    for (size_t i = 0; i < n; i++)
        size += lens[i];
    uint8_t *batch = malloc(size);
    size_t bound = ZSTD_compressBound(size);
    uint8_t *packed = malloc(bound);
    int result = -1;
    if (batch && packed) {
        put_be32(batch, named_start);
        put_be32(batch + 4, named_end);
        put_be32(batch + 8, (uint32_t)n);
        size_t at = 12;
        for (size_t i = 0; i < n; i++) {
            memcpy(batch + at, frames[i], lens[i]);
            at += lens[i];
        }
        size_t packed_len = ZSTD_compress(packed, bound, batch, size, 3);
        char path[4096];
        lake_file_path(spec, named_start, path, sizeof path);
        FILE *f = NULL;
        if (!ZSTD_isError(packed_len) && make_parent(path) == 0 && (f = fopen(path, "wb"))) {
            result = fwrite(packed, 1, packed_len, f) == packed_len ? 0 : -1;
            if (fclose(f) != 0)
                result = -1;
        }
    }
    free(batch);
    free(packed);
    return result;
}

long lake_write_frames(const lake_spec *spec, uint32_t first_sequence,
                       const uint8_t *const *frames, const size_t *lens, size_t n)
{
    long written = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t seq = first_sequence + (uint32_t)i;
        uint32_t start = archive_file_start(&spec->layout, seq);
        uint32_t end = archive_file_end(&spec->layout, start);
        size_t in_file = (size_t)(end - seq) + 1;
        if (n - i < in_file)
            break;   /* a partial last file is not written */
        if (lake_write_file(spec, start, end, frames + i, lens + i, in_file) != 0)
            return -1;
        written += (long)in_file;
        i += in_file;
    }
    return written;
}
