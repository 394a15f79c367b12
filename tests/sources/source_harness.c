/* source_harness.c — open and drive a source plugin in tests (see
 * source_harness.h). */
#include "config.h"

#include "source_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

sluice_status harness_open(source_harness *h, const char *ini_text)
{
    memset(h, 0, sizeof *h);
    snprintf(h->ini_path, sizeof h->ini_path, "/tmp/sluice-harness-XXXXXX");
    int fd = mkstemp(h->ini_path);
    if (fd < 0 || write(fd, ini_text, strlen(ini_text)) != (ssize_t)strlen(ini_text)) {
        report_set(&h->err, NULL, NULL, "cannot write %s", h->ini_path);
        if (fd >= 0)
            close(fd);
        return SLUICE_ERROR;
    }
    close(fd);
    diag_list diags = {0};
    int result = setup_load(&h->setup, h->ini_path, &diags);
    if (result != 0) {
        report_set(&h->err, NULL, NULL, "setup failed: %s",
                   diags.count ? diags.items[0] : "(no message)");
        diag_free(&diags);
        return SLUICE_ERROR;
    }
    diag_free(&diags);
    h->ops = h->setup.source.plugin.descriptor->source;
    const char *passphrase = h->setup.core.network_passphrase;
    return instance_open(&h->instance, &h->setup.source, passphrase, &h->err);
}

void harness_close(source_harness *h)
{
    instance_close(&h->instance);
    setup_free(&h->setup);
    if (h->ini_path[0])
        unlink(h->ini_path);
    h->ini_path[0] = '\0';
}

const char *harness_message(const source_harness *h)
{
    return h->instance.error.message;
}

const char *harness_detail(const source_harness *h)
{
    return h->instance.error.detail;
}

/* Append a copy of one frame to frames (bytes owned per frame). */
static int frames_append(stream_frames *frames, const uint8_t *data, size_t len)
{
    size_t n = frames->count + 1;
    const uint8_t **pointers = realloc(frames->data, n * sizeof *pointers);
    if (pointers)
        frames->data = pointers;
    size_t *lengths = realloc(frames->len, n * sizeof *lengths);
    if (lengths)
        frames->len = lengths;
    uint8_t *copy = malloc(len ? len : 1);
    if (!pointers || !lengths || !copy) {
        free(copy);
        return -1;
    }
    memcpy(copy, data, len);
    frames->data[frames->count] = copy;
    frames->len[frames->count++] = len;
    return 0;
}

void frames_free_copies(stream_frames *frames)
{
    for (size_t i = 0; i < frames->count; i++)
        free((void *)frames->data[i]);
    stream_frames_free(frames);
}

sluice_status harness_drain(source_harness *h, uint32_t from, uint32_t to, stream_frames *out,
                            size_t *delivered)
{
    *delivered = 0;
    sluice_status status = h->ops->prepare(h->instance.handle, from, to);
    while (status == SLUICE_OK) {
        sluice_frame frame;
        status = h->ops->next(h->instance.handle, &frame);
        if (status != SLUICE_OK)
            break;
        ++*delivered;
        if (out && frames_append(out, frame.data, frame.len) != 0)
            return SLUICE_ERROR;
    }
    return status;
}

void harness_ini_header(char *out, size_t size, const char *passphrase, const char *plugin)
{
    const char *dir = getenv("PLUGIN_BUILD_DIR");
    snprintf(out, size,
             "[sluice]\nplugin_dir = %s\nnetwork_passphrase = %s\n"
             "[sink]\nplugin = stdout\noutput = /dev/null\n"
             "[source]\nplugin = %s\n",
             dir ? dir : "plugins/.libs", passphrase, plugin);
}
