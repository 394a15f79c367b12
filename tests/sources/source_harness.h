/* source_harness.h — test helper: open a source plugin the way `sluice`
 * does (INI file -> setup_load -> real dlopen -> instance_open) and drive
 * it through its callbacks, collecting frames. */
#ifndef TESTS_SOURCES_HARNESS_H
#define TESTS_SOURCES_HARNESS_H

#include "host/instance.h"
#include "host/setup.h"
#include "stream_file.h"

typedef struct source_harness {
    sluice_setup setup;
    plugin_instance instance;
    const sluice_source_ops *ops;
    error_report err;         /* open failures */
    char ini_path[256];
} source_harness;

/* Write ini_text to a temporary file and open its [source].  The status of
 * open; on failure h->err says why. */
sluice_status harness_open(source_harness *h, const char *ini_text);
void harness_close(source_harness *h);

/* The message (or detail) the plugin last reported through host->error. */
const char *harness_message(const source_harness *h);
const char *harness_detail(const source_harness *h);

/* prepare(from, to) then next() until END or an error, appending copies of
 * the frames to out (may be NULL).  Returns the final status (SLUICE_END
 * when the range completed) and the number of frames in *delivered. */
sluice_status harness_drain(source_harness *h, uint32_t from, uint32_t to, stream_frames *out,
                            size_t *delivered);

void frames_free_copies(stream_frames *frames);

/* The [sluice] and [source] lines for a test INI: plugin dir from
 * $PLUGIN_BUILD_DIR and the given passphrase. */
void harness_ini_header(char *out, size_t size, const char *passphrase, const char *plugin);

#endif
