/* source_skeleton.c — a minimal source to copy and adapt: it delivers the
 * ledgers stored as <directory>/<sequence>.xdr (one raw LedgerCloseMeta per
 * file, as the skeleton sink writes them with frames_dir).
 *
 * What every source does, in order (see sluice-plugin(7); when and by
 * which command each callback is called, sluice-source(7)):
 *   open      read the config through the host table, allocate the instance
 *   prepare   remember the range from..to (to == 0: unbounded, wait for more)
 *   next      hand out one frame, in order; SLUICE_END after a bounded range
 *   close     free everything; must not fail
 * Errors: call host->error(message, detail, hint) once, then return the
 * status.  Never print, never exit.  Frames are untrusted input: check them
 * with host->frame_walk before handing them to the core. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sluice/plugin.h>

#define SKELETON_MAX_FRAME_BYTES (256u * 1024 * 1024)
#define SKELETON_PATH_MAX 4096

/* The settings: one field per key, filled by host->config_load(). */
typedef struct skeleton_settings {
    const char *directory;   /* owned by the host, valid until close */
    int64_t poll_ms;         /* a DURATION: milliseconds */
} skeleton_settings;

/* The config map: the core validates the [source] section against it
 * before open() runs, so open() can trust types, ranges and required keys.
 * Each key is bound to its settings field; its default is written here only. */
static const sluice_config_key skeleton_source_keys[] = {
    {"directory", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, SLUICE_CONFIG_REQUIRED,
     "directory holding one <sequence>.xdr LedgerCloseMeta file per ledger",
     offsetof(skeleton_settings, directory)},
    {"poll_ms", SLUICE_CONFIG_DURATION, "200ms", NULL, 10, 60000, 0,
     "unbounded ranges: wait between looks for the next file",
     offsetof(skeleton_settings, poll_ms)},
    SLUICE_CONFIG_END,
};

typedef struct skeleton_source {
    const sluice_host *host;
    skeleton_settings settings;
    uint32_t next_sequence;  /* the ledger next() delivers */
    uint32_t last_sequence;  /* 0: unbounded */
    uint8_t *frame;          /* the frame last delivered; ours until the next call */
} skeleton_source;

static sluice_status skeleton_open(const sluice_host *host, void **instance)
{
    skeleton_source *source = calloc(1, sizeof *source);
    if (!source) {
        host->error(host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    source->host = host;
    if (host->config_load(host, &source->settings, sizeof source->settings) != SLUICE_OK) {
        free(source);
        return SLUICE_ERROR;
    }
    *instance = source;
    return SLUICE_OK;
}

static sluice_status skeleton_prepare(void *instance, uint32_t from, uint32_t to)
{
    skeleton_source *source = instance;
    source->next_sequence = from;
    source->last_sequence = to;
    return SLUICE_OK;
}

/* Read the whole file into a fresh buffer; SLUICE_END when it does not
 * exist (yet), SLUICE_ERROR (reported) when it cannot be read. */
static sluice_status read_file(skeleton_source *source, const char *path, uint8_t **data,
                               size_t *len)
{
    FILE *in = fopen(path, "rb");
    if (!in && errno == ENOENT)
        return SLUICE_END;
    char detail[SKELETON_PATH_MAX + 128];
    long size = -1;
    if (in && fseek(in, 0, SEEK_END) == 0)
        size = ftell(in);
    int too_large = size > 0 && (unsigned long)size > SKELETON_MAX_FRAME_BYTES;
    if (!in || size < 0 || too_large || fseek(in, 0, SEEK_SET) != 0) {
        snprintf(detail, sizeof detail, "%s: %s", path,
                 too_large ? "larger than 256 MiB" : strerror(errno));
        source->host->error(source->host, "cannot read ledger file", detail, NULL);
        if (in)
            fclose(in);
        return SLUICE_ERROR;
    }
    *data = malloc(size ? (size_t)size : 1);
    size_t got = *data ? fread(*data, 1, (size_t)size, in) : 0;
    fclose(in);
    if (!*data || got != (size_t)size) {
        snprintf(detail, sizeof detail, "%s: read %zu of %ld bytes", path, got, size);
        source->host->error(source->host, "cannot read ledger file", detail, NULL);
        free(*data);
        *data = NULL;
        return SLUICE_ERROR;
    }
    *len = (size_t)size;
    return SLUICE_OK;
}

static sluice_status skeleton_next(void *instance, sluice_frame *frame)
{
    skeleton_source *source = instance;
    if (source->last_sequence && source->next_sequence > source->last_sequence)
        return SLUICE_END;
    char path[SKELETON_PATH_MAX];
    snprintf(path, sizeof path, "%s/%u.xdr", source->settings.directory, source->next_sequence);
    free(source->frame); /* the previous frame is no longer the core's */
    source->frame = NULL;
    size_t len = 0;
    sluice_status status;
    /* Unbounded: wait for the file, checking cancellation at every poll. */
    while ((status = read_file(source, path, &source->frame, &len)) == SLUICE_END) {
        if (source->last_sequence) {
            source->host->error(source->host, "ledger file missing", path,
                                "write the range first, or ask for a range the directory has");
            return SLUICE_ERROR;
        }
        if (source->host->cancelled(source->host))
            return SLUICE_ERROR_CANCELLED;
        struct timespec pause = {source->settings.poll_ms / 1000, (source->settings.poll_ms % 1000) * 1000000};
        nanosleep(&pause, NULL);
    }
    if (status != SLUICE_OK)
        return status;
    sluice_frame_info info = {.struct_size = sizeof info};
    char why[512];
    if (source->host->frame_walk(source->host, source->frame, len, 0, NULL, &info, why,
                                 sizeof why) != SLUICE_OK) {
        source->host->error(source->host, "invalid LedgerCloseMeta", why, path);
        return SLUICE_ERROR_DATA;
    }
    if (info.sequence != source->next_sequence) {
        source->host->errorf(source->host, "ledger file holds another ledger", NULL,
                             "%s holds ledger %u", path, info.sequence);
        return SLUICE_ERROR_DATA;
    }
    frame->sequence = info.sequence;
    frame->data = source->frame;
    frame->len = len;
    source->next_sequence++;
    return SLUICE_OK;
}

static void skeleton_close(void *instance)
{
    skeleton_source *source = instance;
    if (!source)
        return;
    free(source->frame);
    free(source);
}

static const sluice_source_ops skeleton_source_ops = {
    .struct_size = sizeof(sluice_source_ops),
    .open = skeleton_open,
    .prepare = skeleton_prepare,
    .next = skeleton_next,
    .latest_available = NULL, /* optional: without it, no parallel catchup */
    .close = skeleton_close,
};

/* The one exported symbol.  "plugin = skeleton" in [source] loads
 * <plugin_dir>/source_skeleton.so. */
SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SOURCE,
    .name = "skeleton",
    .version = "0.1.0",
    .description = "skeleton: LedgerCloseMeta files <directory>/<sequence>.xdr",
    .config_keys = skeleton_source_keys,
    .source = &skeleton_source_ops,
};
