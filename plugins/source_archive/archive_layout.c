/* archive_layout.c — file names of a SEP-54 data lake (see archive_layout.h). */
#include "config.h"

#include "archive_layout.h"

#include <stdio.h>

const char *const archive_extensions[ARCHIVE_EXTENSION_COUNT] = {".xdr.zst", ".xdr.zstd"};

uint32_t archive_file_start(const archive_layout *layout, uint32_t seq)
{
    return seq / layout->ledgers_per_file * layout->ledgers_per_file;
}

/* first + count - 1, clamped to UINT32_MAX. */
static uint32_t range_end(uint32_t first, uint64_t count)
{
    uint64_t end = (uint64_t)first + count - 1;
    return end > UINT32_MAX ? UINT32_MAX : (uint32_t)end;
}

uint32_t archive_file_end(const archive_layout *layout, uint32_t file_start)
{
    return range_end(file_start, layout->ledgers_per_file);
}

int archive_object_key(const archive_layout *layout, uint32_t file_start, const char *extension,
                       char *out, size_t out_size)
{
    int used = 0;
    if (layout->files_per_partition > 1) {
        uint64_t part_size = (uint64_t)layout->ledgers_per_file * layout->files_per_partition;
        uint32_t part_start = (uint32_t)(file_start / part_size * part_size);
        used = snprintf(out, out_size, "%08X--%u-%u/", 0xFFFFFFFFu - part_start, part_start,
                        range_end(part_start, part_size));
        if (used < 0 || (size_t)used >= out_size)
            return -1;
    }
    uint32_t file_end = archive_file_end(layout, file_start);
    int more = layout->ledgers_per_file == 1
                   ? snprintf(out + used, out_size - (size_t)used, "%08X--%u%s",
                              0xFFFFFFFFu - file_start, file_start, extension)
                   : snprintf(out + used, out_size - (size_t)used, "%08X--%u-%u%s",
                              0xFFFFFFFFu - file_start, file_start, file_end, extension);
    return more < 0 || (size_t)more >= out_size - (size_t)used ? -1 : 0;
}
