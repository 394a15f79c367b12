/* sink_harness.h — drive the built stdout sink plugin the way the core
 * does: a real INI file, the real loader (dlopen of plugins/sink_stdout.so
 * from $PLUGIN_BUILD_DIR) and the real host table (instance_open), so the
 * tests exercise the sink API directly and nothing is mocked. */
#ifndef TESTS_STDOUT_SINK_HARNESS_H
#define TESTS_STDOUT_SINK_HARNESS_H

#include <sluice/plugin.h>

#include "host/instance.h"
#include "host/setup.h"

typedef struct sink_under_test {
    sluice_setup setup;
    plugin_instance instance;
    const sluice_sink_ops *ops;
    void *handle;               /* instance.handle, or NULL when open failed */
    error_report open_error;    /* why open failed */
} sink_under_test;

/* A fresh private directory for one test (removed by harness_cleanup). */
const char *harness_dir(void);
void harness_cleanup(void);

/* Write DIR/NAME.ini with a [sink] section of stdout plus the given extra
 * lines (e.g. "output = /x/y"), load it and open a sink instance.  Returns
 * the open status; the sink's error is in open_error on failure. */
sluice_status harness_open(sink_under_test *sink, const char *name, const char *sink_lines);
/* The last error the plugin reported, as the core would show it. */
const char *harness_error(sink_under_test *sink, sluice_status status);
void harness_close(sink_under_test *sink);

/* A ledger with only its header row filled (sequence and hash). */
sluice_ledger harness_ledger(uint32_t sequence);

/* The whole file (NUL-terminated, caller frees), or NULL. */
char *harness_read_file(const char *path, size_t *len);
/* Number of lines of path that begin with prefix. */
size_t harness_count_lines(const char *path, const char *prefix);

#endif
