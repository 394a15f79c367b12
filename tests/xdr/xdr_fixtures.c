/* xdr_fixtures.c — loads the real frames of the shared fixtures (see
 * xdr_fixtures.h).  Files are visited in sorted order so runs are stable. */
#define _DEFAULT_SOURCE
#include "xdr_fixtures.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xdr/sx_input.h"

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int read_file(const char *path, sx_buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    uint8_t chunk[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (sx_buf_put(out, chunk, n))
            rc = -1;
    if (ferror(f))
        rc = -1;
    fclose(f);
    return rc;
}

static int add_frame(xf_set *set, const char *rel, size_t index, const char *type,
                     const uint8_t *data, size_t len)
{
    xf_frame *frames = realloc(set->frames, (set->count + 1) * sizeof(*frames));
    if (!frames)
        return -1;
    set->frames = frames;
    xf_frame *f = &frames[set->count];
    snprintf(f->name, sizeof(f->name), "%s#%zu", rel, index);
    f->type = type;
    f->len = len;
    f->data = malloc(len ? len : 1);
    if (!f->data)
        return -1;
    memcpy(f->data, data, len);
    set->count++;
    return 0;
}

/* Adds the frames of one file; 0 also for files that hold no frames. */
static int load_file(xf_set *set, const char *path, const char *rel, char *why, size_t why_size)
{
    int stream = ends_with(rel, ".xdr");
    int base64 = ends_with(rel, ".b64");
    int packed = ends_with(rel, ".xdr.gz") || ends_with(rel, ".xdr.zstd") || ends_with(rel, ".xdr.zst");
    if (!stream && !base64 && !packed)
        return 0;
    sx_buf raw, plain;
    sx_buf_init(&raw);
    sx_buf_init(&plain);
    int rc = -1, unpacked = 0;
    if (read_file(path, &raw)) {
        snprintf(why, why_size, "%s: cannot read", rel);
    } else if (base64) {
        if (sx_base64_decode((const char *)raw.data, raw.len, &plain, why, why_size) == 0)
            rc = add_frame(set, rel, 0, "LedgerCloseMeta", plain.data, plain.len);
    } else if (packed) {
        if (sx_input_unpack(raw.data, raw.len, (size_t)1 << 30, &plain, &unpacked, why, why_size) == 0)
            rc = add_frame(set, rel, 0, ends_with(rel, ".gz") ? "LedgerCloseMeta" : "LedgerCloseMetaBatch",
                           plain.data, plain.len);
    } else {
        size_t pos = 0, len, index = 0;
        const uint8_t *frame;
        int more;
        rc = 0;
        while (rc == 0 && (more = sx_frame_next(raw.data, raw.len, &pos, &frame, &len, why, why_size)) != 0)
            rc = more < 0 ? -1 : add_frame(set, rel, index++, "LedgerCloseMeta", frame, len);
    }
    set->files += rc == 0;
    sx_buf_free(&raw);
    sx_buf_free(&plain);
    return rc;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(xf_set *set, const char *dir, const char *rel, char *why, size_t why_size)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(why, why_size, "%s: cannot open folder", dir);
        return -1;
    }
    char **names = NULL;
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char **grown = realloc(names, (count + 1) * sizeof(*names));
        if (!grown)
            break;
        names = grown;
        names[count++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, count, sizeof(*names), compare_names);
    int rc = 0;
    for (size_t i = 0; i < count; i++) {
        char path[4096], sub[4096];
        struct stat st;
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", names[i]);
        if (rc == 0 && stat(path, &st) == 0)
            rc = S_ISDIR(st.st_mode) ? load_dir(set, path, sub, why, why_size)
                                     : load_file(set, path, sub, why, why_size);
        free(names[i]);
    }
    free(names);
    return rc;
}

int xf_load(const char *dir, xf_set *set, char *why, size_t why_size)
{
    memset(set, 0, sizeof(*set));
    if (load_dir(set, dir, "", why, why_size) == 0)
        return 0;
    xf_free(set);
    return -1;
}

void xf_free(xf_set *set)
{
    for (size_t i = 0; i < set->count; i++)
        free(set->frames[i].data);
    free(set->frames);
    memset(set, 0, sizeof(*set));
}

int xf_load_for_test(const char *dir, xf_set *set)
{
    char why[512];
    if (!dir)
        return 77;
    if (xf_load(dir, set, why, sizeof why) != 0) {
        fprintf(stderr, "cannot load the fixtures in %s: %s\n", dir, why);
        return 1;
    }
    return 0;
}
