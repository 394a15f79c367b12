/* archive_prefetch.c — the worker pool and ordered window (see
 * archive_prefetch.h).  One mutex guards the window; workers wait on
 * `work`, the consumer on `settled`.  A range restart bumps the
 * generation so a worker finishing a file of the old range drops it. */
#include "config.h"

#include "archive_prefetch.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct prefetch_slot {
    uint32_t file_start;
    prefetch_state state;
    archive_batch batch;
    char key[512];
    char why[1536];
} prefetch_slot;

typedef struct prefetch_worker {
    archive_prefetch *owner;
    pthread_t thread;
    int started;
} prefetch_worker;

struct archive_prefetch {
    archive_lake *lake;
    pthread_mutex_t lock;
    pthread_cond_t work, settled;
    prefetch_slot *slots;
    size_t slot_count;
    size_t head;                 /* slot index of the head file */
    uint64_t head_file;          /* its file start */
    uint64_t last_file;          /* last file start of the range */
    unsigned generation;
    int stopping;
    prefetch_worker *workers;
    int worker_count;
};

/* The file the slot `distance` places after the head should hold. */
static void assign_slot(archive_prefetch *p, size_t distance)
{
    prefetch_slot *slot = &p->slots[(p->head + distance) % p->slot_count];
    uint64_t file = p->head_file + (uint64_t)distance * p->lake->layout.ledgers_per_file;
    slot->state = file <= p->last_file ? PREFETCH_WAITING : PREFETCH_IDLE;
    slot->file_start = (uint32_t)(file <= p->last_file ? file : 0);
    slot->key[0] = slot->why[0] = '\0';
}

/* The lowest waiting slot of the window, or NULL. */
static prefetch_slot *next_waiting(archive_prefetch *p)
{
    for (size_t d = 0; d < p->slot_count; d++) {
        prefetch_slot *slot = &p->slots[(p->head + d) % p->slot_count];
        if (slot->state == PREFETCH_WAITING)
            return slot;
    }
    return NULL;
}

typedef struct worker_tools {
    store_session *session;
    ZSTD_DCtx *dctx;
    text_buffer compressed;
    archive_batch batch;
} worker_tools;

/* Fetch and decode one file into tools->batch; the state it ends in. */
static prefetch_state load_file(archive_lake *lake, worker_tools *tools, uint32_t file_start,
                                char *key, size_t key_size, char *why, size_t why_size)
{
    char detail[512];
    store_result found = lake_fetch_file(lake, tools->session, file_start, &tools->compressed,
                                         key, key_size, detail, sizeof detail);
    if (found == STORE_MISSING)
        return PREFETCH_MISSING;
    if (found == STORE_ERROR) {
        snprintf(why, why_size, "%s", detail);
        return PREFETCH_UNREACHABLE;
    }
    uint32_t file_end = archive_file_end(&lake->layout, file_start);
    if (archive_batch_decode(lake->host, tools->dctx, &tools->compressed, file_start, file_end,
                             lake->max_file_bytes, &tools->batch, detail, sizeof detail) != 0) {
        snprintf(why, why_size, "%s/%s: %s", archive_store_location(lake->store), key, detail);
        return PREFETCH_FAILED;
    }
    return PREFETCH_READY;
}

static void *worker_main(void *argument)
{
    prefetch_worker *worker = argument;
    archive_prefetch *p = worker->owner;
    worker_tools tools;
    memset(&tools, 0, sizeof tools);
    char why[1536], key[512];
    tools.dctx = ZSTD_createDCtx();
    tools.session = store_session_open(p->lake->store, why, sizeof why);
    int broken = !tools.dctx || !tools.session;
    if (!tools.dctx)
        snprintf(why, sizeof why, "cannot create a zstd context");

    pthread_mutex_lock(&p->lock);
    while (!p->stopping) {
        prefetch_slot *slot = next_waiting(p);
        if (!slot) {
            pthread_cond_wait(&p->work, &p->lock);
            continue;
        }
        slot->state = PREFETCH_WORKING;
        uint32_t file_start = slot->file_start;
        unsigned generation = p->generation;
        pthread_mutex_unlock(&p->lock);

        prefetch_state state = broken ? PREFETCH_UNREACHABLE
                                      : load_file(p->lake, &tools, file_start, key, sizeof key,
                                                  why, sizeof why);

        pthread_mutex_lock(&p->lock);
        if (generation == p->generation && slot->state == PREFETCH_WORKING &&
            slot->file_start == file_start) {
            slot->state = state;
            snprintf(slot->key, sizeof slot->key, "%s", broken ? "" : key);
            snprintf(slot->why, sizeof slot->why, "%s",
                     state == PREFETCH_FAILED || state == PREFETCH_UNREACHABLE ? why : "");
            if (state == PREFETCH_READY) {
                archive_batch decoded = tools.batch;   /* swap: the slot's old buffers */
                tools.batch = slot->batch;             /* become this worker's scratch */
                slot->batch = decoded;
            }
            if (slot == &p->slots[p->head])   /* the only one the consumer waits for */
                pthread_cond_signal(&p->settled);
        }
    }
    pthread_mutex_unlock(&p->lock);
    store_session_close(tools.session);
    ZSTD_freeDCtx(tools.dctx);
    text_buffer_free(&tools.compressed);
    archive_batch_free(&tools.batch);
    return NULL;
}

archive_prefetch *archive_prefetch_start(archive_lake *lake, int workers, int buffer)
{
    const sluice_host *host = lake->host;
    archive_prefetch *p = calloc(1, sizeof *p);
    if (!p) {
        host->error(host, "out of memory", NULL, NULL);
        return NULL;
    }
    p->lake = lake;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&p->settled, &attributes);
    pthread_condattr_destroy(&attributes);
    p->slot_count = (size_t)buffer;
    p->slots = calloc(p->slot_count, sizeof *p->slots);
    p->workers = calloc((size_t)workers, sizeof *p->workers);
    if (!p->slots || !p->workers) {
        host->error(host, "out of memory", NULL, NULL);
        archive_prefetch_stop(p);
        return NULL;
    }
    for (size_t i = 0; i < p->slot_count; i++)
        p->slots[i].state = PREFETCH_IDLE;
    for (int i = 0; i < workers; i++) {
        p->workers[i].owner = p;
        int rc = pthread_create(&p->workers[i].thread, NULL, worker_main, &p->workers[i]);
        if (rc != 0) {
            host->error(host, "cannot start a download worker thread", strerror(rc), NULL);
            archive_prefetch_stop(p);
            return NULL;
        }
        p->workers[i].started = 1;
        p->worker_count = i + 1;
    }
    return p;
}

void archive_prefetch_stop(archive_prefetch *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stopping = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->worker_count; i++)
        if (p->workers[i].started)
            pthread_join(p->workers[i].thread, NULL);
    for (size_t i = 0; p->slots && i < p->slot_count; i++)
        archive_batch_free(&p->slots[i].batch);
    free(p->slots);
    free(p->workers);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->settled);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

void prefetch_restart(archive_prefetch *p, uint32_t first_file, uint32_t last_file)
{
    pthread_mutex_lock(&p->lock);
    p->generation++;
    p->head = 0;
    p->head_file = first_file;
    p->last_file = last_file;
    for (size_t d = 0; d < p->slot_count; d++)
        assign_slot(p, d);
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
}

int prefetch_head(archive_prefetch *p, int wait_ms, prefetch_result *result)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += wait_ms / 1000;
    deadline.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&p->lock);
    prefetch_slot *slot = &p->slots[p->head];
    int timed_out = 0;
    while (slot->state == PREFETCH_WAITING || slot->state == PREFETCH_WORKING) {
        if (pthread_cond_timedwait(&p->settled, &p->lock, &deadline) == ETIMEDOUT) {
            timed_out = 1;
            break;
        }
    }
    if (!timed_out) {
        result->state = slot->state;
        result->batch = &slot->batch;
        result->key = slot->key;
        result->why = slot->why;
    }
    pthread_mutex_unlock(&p->lock);
    return timed_out;
}

void prefetch_retry_head(archive_prefetch *p)
{
    pthread_mutex_lock(&p->lock);
    assign_slot(p, 0);
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
}

void prefetch_advance(archive_prefetch *p)
{
    pthread_mutex_lock(&p->lock);
    p->head_file += p->lake->layout.ledgers_per_file;
    p->head = (p->head + 1) % p->slot_count;
    /* the slot just left becomes the far end of the window */
    assign_slot(p, p->slot_count - 1);
    /* the tip may have moved: files found missing earlier are tried again */
    for (size_t d = 0; d + 1 < p->slot_count; d++) {
        prefetch_slot *slot = &p->slots[(p->head + d) % p->slot_count];
        if (slot->state == PREFETCH_MISSING)
            slot->state = PREFETCH_WAITING;
    }
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
}
