/* pipeline.c — the three-stage ledger pipeline (see pipeline.h).
 *
 * Slots are used round-robin.  Each slot moves EMPTY → FETCHED (fetcher)
 * → BUILT (builder) → EMPTY (writer's release).  A stage that ends (end of
 * range, error, cancel) marks the slot it was about to fill with that
 * outcome; later stages pass the outcome on in order, so the writer sees
 * every ledger before the range's end or the failure that stopped it. */
#include "config.h"

#include "engine/pipeline.h"
#include "base/cancel.h"
#include "engine/ledger_builder.h"
#include "engine/source_watch.h"
#include "base/metrics.h"
#include "base/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef enum slot_state { SLOT_EMPTY, SLOT_FETCHED, SLOT_BUILT } slot_state;

typedef struct slot {
    slot_state state;
    pipeline_result outcome;   /* PIPELINE_ITEM, or how the stream ended */
    engine_status failure;     /* PIPELINE_FAILED: how */
    error_report err;
    uint8_t *frame;            /* owned copy of the source's frame */
    size_t frame_len, frame_capacity;
    ledger_builder *builder;
    pipeline_item item;
} slot;

struct pipeline {
    plugin_instance *source;
    const sluice_source_ops *ops;
    slot *slots;
    size_t depth;
    pthread_mutex_t mutex;
    pthread_cond_t changed;
    int stopping;
    uint32_t first_sequence;
    size_t consume_index;
    pthread_t fetcher, builder;
    source_watch watch;
};

static slot *slot_at(pipeline *p, size_t index)
{
    return &p->slots[index % p->depth];
}

#define STALL_CHECK_NS 250000000L

/* Wait until the slot is in `state` or the pipeline stops; 0 or -1.
 * watch: the consumer's wait, which looks for source stalls every
 * STALL_CHECK_NS. */
static int wait_for(pipeline *p, slot *s, slot_state state, source_watch *watch)
{
    pthread_mutex_lock(&p->mutex);
    while (s->state != state && !p->stopping) {
        if (!watch) {
            pthread_cond_wait(&p->changed, &p->mutex);
            continue;
        }
        struct timespec deadline;
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_nsec += STALL_CHECK_NS;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p->changed, &p->mutex, &deadline);
        source_watch_check(watch);
    }
    if (watch)
        source_watch_check(watch);
    int stopped = s->state != state;
    pthread_mutex_unlock(&p->mutex);
    return stopped ? -1 : 0;
}

static void publish(pipeline *p, slot *s, slot_state state)
{
    pthread_mutex_lock(&p->mutex);
    s->state = state;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->mutex);
}

static void copy_frame(slot *s, const sluice_frame *frame)
{
    xgrow((void **)&s->frame, &s->frame_capacity, frame->len ? frame->len : 1, 1);
    memcpy(s->frame, frame->data, frame->len);
    s->frame_len = frame->len;
    s->item.sequence = frame->sequence;
}

static void *fetch_stage(void *arg)
{
    pipeline *p = arg;
    for (size_t index = 0;; index++) {
        slot *s = slot_at(p, index);
        if (wait_for(p, s, SLOT_EMPTY, NULL) != 0)
            return NULL;
        sluice_frame frame = {.struct_size = sizeof frame};
        source_watch_poll_tip(&p->watch, p->source);
        source_watch_begin(&p->watch, p->first_sequence + (uint32_t)index);
        uint64_t started = metric_now_us();
        sluice_status status = p->ops->next(p->source->handle, &frame);
        metric_observe_us(METRIC_FETCH_SECONDS, metric_now_us() - started);
        source_watch_end(&p->watch, status == SLUICE_OK ? frame.sequence : 0);
        s->outcome = PIPELINE_ITEM;
        if (status == SLUICE_OK) {
            s->item.fetched_us = metric_now_us();
            copy_frame(s, &frame);
        } else if (status == SLUICE_END) {
            s->outcome = PIPELINE_END;
        } else if (status == SLUICE_ERROR_CANCELLED || cancel_requested()) {
            s->outcome = PIPELINE_CANCELLED;
        } else {
            s->outcome = PIPELINE_FAILED;
            s->failure = engine_plugin_failure(p->source, status, &s->err, "source: ledger %u",
                                               p->first_sequence + (uint32_t)index);
        }
        publish(p, s, SLOT_FETCHED);
        if (s->outcome != PIPELINE_ITEM)
            return NULL;
    }
}

static void *build_stage(void *arg)
{
    pipeline *p = arg;
    for (size_t index = 0;; index++) {
        slot *s = slot_at(p, index);
        if (wait_for(p, s, SLOT_FETCHED, NULL) != 0)
            return NULL;
        if (s->outcome == PIPELINE_ITEM) {
            uint64_t started = metric_now_us();
            uint32_t expected = p->first_sequence + (uint32_t)index;
            if (ledger_builder_build(s->builder, s->frame, s->frame_len, expected,
                                     &s->item.ledger, &s->err) != 0 ||
                s->item.sequence != expected) {
                if (s->item.sequence != expected)
                    report_set(&s->err, NULL, "The source skipped or repeated a ledger; "
                               "nothing of it was committed.",
                               "source delivered ledger %u where %u was expected",
                               s->item.sequence, expected);
                s->outcome = PIPELINE_FAILED;
                s->failure = ENGINE_DATA;
            }
            metric_observe_us(METRIC_BUILD_SECONDS, metric_now_us() - started);
            if (s->outcome == PIPELINE_ITEM)
                metric_add(METRIC_QUEUE_DEPTH, 1);
        }
        pipeline_result outcome = s->outcome;
        publish(p, s, SLOT_BUILT);
        if (outcome != PIPELINE_ITEM)
            return NULL;
    }
}

engine_status pipeline_start(plugin_instance *source, const indexer_options *indexing,
                             uint32_t from, uint32_t to, size_t depth, uint64_t stall_warning_ms,
                             pipeline **started, error_report *err)
{
    const sluice_source_ops *ops = source->section->plugin.descriptor->source;
    atomic_store(&source->stop, 0);
    *started = NULL;
    sluice_status status = ops->prepare(source->handle, from, to);
    if (status != SLUICE_OK && to)
        return engine_plugin_failure(source, status, err, "source: prepare ledgers %u..%u", from,
                                     to);
    if (status != SLUICE_OK)
        return engine_plugin_failure(source, status, err, "source: prepare from ledger %u", from);
    pipeline *p = xcalloc(1, sizeof *p);
    p->source = source;
    p->ops = ops;
    p->depth = depth < 2 ? 2 : depth;
    p->first_sequence = from;
    source_watch_init(&p->watch, to == 0, stall_warning_ms);
    p->slots = xcalloc(p->depth, sizeof *p->slots);
    for (size_t i = 0; i < p->depth; i++)
        p->slots[i].builder = ledger_builder_new(indexing);
    pthread_mutex_init(&p->mutex, NULL);
    pthread_cond_init(&p->changed, NULL);
    pthread_create(&p->fetcher, NULL, fetch_stage, p);
    pthread_create(&p->builder, NULL, build_stage, p);
    *started = p;
    return ENGINE_OK;
}

pipeline_result pipeline_next(pipeline *p, pipeline_item **item, error_report *err,
                              engine_status *failure)
{
    slot *s = slot_at(p, p->consume_index);
    if (wait_for(p, s, SLOT_BUILT, &p->watch) != 0)
        return PIPELINE_CANCELLED;
    if (s->outcome == PIPELINE_FAILED) {
        *err = s->err;
        *failure = s->failure;
    }
    if (s->outcome == PIPELINE_ITEM)
        *item = &s->item;
    return s->outcome;
}

void pipeline_release(pipeline *p, pipeline_item *item)
{
    slot *s = slot_at(p, p->consume_index);
    (void)item; /* items are released in order: it is the current slot's */
    p->consume_index++;
    metric_add(METRIC_QUEUE_DEPTH, (uint64_t)-1);
    publish(p, s, SLOT_EMPTY);
}

void pipeline_finish(pipeline *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mutex);
    p->stopping = 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->mutex);
    instance_request_stop(p->source);
    pthread_join(p->fetcher, NULL);
    pthread_join(p->builder, NULL);
    source_watch_finish(&p->watch);
    for (size_t i = 0; i < p->depth; i++) {
        if (p->slots[i].state == SLOT_BUILT && p->slots[i].outcome == PIPELINE_ITEM)
            metric_add(METRIC_QUEUE_DEPTH, (uint64_t)-1); /* built, never written */
        ledger_builder_free(p->slots[i].builder);
        free(p->slots[i].frame);
    }
    free(p->slots);
    pthread_mutex_destroy(&p->mutex);
    pthread_cond_destroy(&p->changed);
    free(p);
}
