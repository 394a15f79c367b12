/* sink_harness.c — open the real stdout sink through the real loader and
 * host table (see sink_harness.h). */
#include "config.h"

#include "sink_harness.h"
#include "indexer/indexer.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char test_dir[PATH_MAX];

const char *harness_dir(void)
{
    if (!test_dir[0]) {
        snprintf(test_dir, sizeof test_dir, "%s/sluice-stdout-XXXXXX",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(test_dir)) {
            perror("mkdtemp");
            exit(99);
        }
    }
    return test_dir;
}

void harness_cleanup(void)
{
    if (!test_dir[0])
        return;
    char command[PATH_MAX + 16];
    snprintf(command, sizeof command, "rm -rf '%s'", test_dir);
    if (system(command) != 0)
        fprintf(stderr, "cannot remove %s\n", test_dir);
}

sluice_status harness_open(sink_under_test *sink, const char *name, const char *sink_lines)
{
    memset(sink, 0, sizeof *sink);
    const char *plugins = getenv("PLUGIN_BUILD_DIR");
    if (!plugins) {
        fprintf(stderr, "PLUGIN_BUILD_DIR is not set (run through make check)\n");
        exit(99);
    }
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s.ini", harness_dir(), name);
    FILE *file = fopen(path, "w");
    if (!file) {
        perror(path);
        exit(99);
    }
    fprintf(file, "[sluice]\nplugin_dir = %s\n[source]\nplugin = dummy\n[sink]\nplugin = stdout\n%s\n",
            plugins, sink_lines);
    fclose(file);
    diag_list diags = {0};
    if (setup_load(&sink->setup, path, &diags) != 0) {
        for (size_t i = 0; i < diags.count; i++)
            fprintf(stderr, "%s\n", diags.items[i]);
        exit(99);
    }
    diag_free(&diags);
    sink->ops = sink->setup.sink.plugin.descriptor->sink;
    sluice_status status = instance_open(&sink->instance, &sink->setup.sink, "test network",
                                         &sink->open_error);
    sink->handle = sink->instance.handle;
    return status;
}

const char *harness_error(sink_under_test *sink, sluice_status status)
{
    instance_take_error(&sink->instance, status, &sink->open_error, "sink");
    static char text[3000];
    snprintf(text, sizeof text, "%s | %s | %s", sink->open_error.message,
             sink->open_error.detail, sink->open_error.hint);
    return text;
}

void harness_close(sink_under_test *sink)
{
    instance_close(&sink->instance);
    setup_free(&sink->setup);
    sink->handle = NULL;
}

sluice_ledger harness_ledger(uint32_t sequence)
{
    sluice_ledger ledger;
    ledger_init_empty(&ledger);
    ledger.ledger.sequence = sequence;
    for (size_t i = 0; i < sizeof ledger.ledger.hash; i++)
        ledger.ledger.hash[i] = (uint8_t)(sequence + i);
    return ledger;
}

char *harness_read_file(const char *path, size_t *len)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    size_t capacity = 4096, used = 0;
    char *data = malloc(capacity);
    size_t got;
    while (data && (got = fread(data + used, 1, capacity - used - 1, file)) > 0) {
        used += got;
        if (capacity - used < 2) {
            char *bigger = realloc(data, capacity * 2);
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            capacity *= 2;
        }
    }
    fclose(file);
    if (data) {
        data[used] = '\0';
        if (len)
            *len = used;
    }
    return data;
}

size_t harness_count_lines(const char *path, const char *prefix)
{
    char *text = harness_read_file(path, NULL);
    size_t count = 0;
    for (char *line = text; line && *line;) {
        if (strncmp(line, prefix, strlen(prefix)) == 0)
            count++;
        char *newline = strchr(line, '\n');
        line = newline ? newline + 1 : line + strlen(line);
    }
    free(text);
    return count;
}
