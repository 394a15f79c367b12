/* bench_sink_alone.c — the sink-alone limit for bench_core.sh: index every
 * ledger of a captive-core stream file (untimed), then time only the sink's
 * work for it (begin, write_ledger, commit every BATCH ledgers, update-min
 * at the end, as a backfill batch does).  Prints "sink_alone_ledgers_per_s N".
 * usage: bench_sink_alone CONFIG STREAM BATCH   (CONFIG names the sink) */
#include "config.h"

#include "engine/session.h"
#include "indexer/indexer.h"
#include "base/metrics.h"
#include "host/setup.h"
#include "xdr/sx_input.h"

#include <stdio.h>
#include <stdlib.h>

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *data = malloc(size > 0 ? (size_t)size : 1);
    *len = data ? fread(data, 1, (size_t)size, f) : 0;
    fclose(f);
    return data;
}

#define SINK_CALL(call, what)                                                 \
    do {                                                                      \
        if ((call) != SLUICE_OK) {                                            \
            fprintf(stderr, "bench_sink_alone: %s failed: %s\n", what,        \
                    s.sink.error.message);                                    \
            return 1;                                                         \
        }                                                                     \
    } while (0)

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_sink_alone CONFIG STREAM BATCH\n");
        return 2;
    }
    uint32_t batch = (uint32_t)atoi(argv[3]);
    sluice_setup setup;
    diag_list diags = {0};
    if (setup_load(&setup, argv[1], &diags) != ENGINE_OK) {
        for (size_t i = 0; i < diags.count; i++)
            fprintf(stderr, "%s\n", diags.items[i]);
        return 1;
    }
    session s;
    error_report err;
    if (session_open(&s, &setup, SLUICE_MODE_BACKFILL, 0, &err) != ENGINE_OK) {
        report_print(&err);
        return 1;
    }
    size_t len, pos = 0;
    uint8_t *stream = read_file(argv[2], &len);
    if (!stream) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 1;
    }
    indexer *ix = indexer_new(&s.indexing);
    const uint8_t *frame;
    size_t frame_len, ledgers = 0, in_batch = 0;
    uint32_t first = 0;
    char why[256];
    uint64_t sink_us = 0;
    for (int more; (more = sx_frame_next(stream, len, &pos, &frame, &frame_len, why,
                                         sizeof why)) == 1;) {
        sluice_ledger ledger;
        if (indexer_index_frame(ix, frame, frame_len, &ledger, &err) != 0) {
            report_print(&err);
            return 1;
        }
        if (!first)
            first = ledger.ledger.sequence;
        uint64_t started = metric_now_us();
        if (!in_batch)
            SINK_CALL(s.sink_ops->begin(s.sink.handle), "begin");
        SINK_CALL(s.sink_ops->write_ledger(s.sink.handle, &ledger), "write_ledger");
        if (++in_batch == batch) {
            SINK_CALL(s.sink_ops->commit(s.sink.handle), "commit");
            in_batch = 0;
        }
        sink_us += metric_now_us() - started;
        ledgers++;
    }
    uint64_t started = metric_now_us();
    if (!in_batch)
        SINK_CALL(s.sink_ops->begin(s.sink.handle), "begin");
    SINK_CALL(s.sink_ops->cursor_update_min(s.sink.handle, SLUICE_CURSOR_OLDEST, first),
              "update-min");
    SINK_CALL(s.sink_ops->commit(s.sink.handle), "commit");
    sink_us += metric_now_us() - started;
    printf("sink_alone_ledgers %zu\nsink_alone_seconds %.3f\nsink_alone_ledgers_per_s %.1f\n",
           ledgers, (double)sink_us / 1e6, (double)ledgers * 1e6 / (double)sink_us);
    indexer_free(ix);
    free(stream);
    session_close(&s);
    setup_free(&setup);
    return 0;
}
