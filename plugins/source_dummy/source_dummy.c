/* source_dummy.c — the dummy source: N empty LedgerCloseMeta (V0) frames
 * with consecutive sequences and a chained stand-in (not SHA-256) hash,
 * like Fluent Bit's "dummy" input.  For smoke tests of a deployment and of
 * sinks, and for plugin authors; it reads no network data.  Fault keys
 * (fail_ledger, retry_ledger + retry_times, corrupt_ledger,
 * break_chain_ledger, end_after_ledger, slow_below + slow_ms) let tests make
 * it misbehave at a chosen ledger; grow_ms makes its history grow like a
 * network's (one more ledger every grow_ms after open). */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sluice/plugin.h>

/* Size of an empty V0 LedgerCloseMeta as encoded below. */
#define EMPTY_FRAME_SIZE 412

typedef struct dummy_source {
    const sluice_host *host;
    uint32_t first, last;       /* ledgers this source has */
    uint32_t next, end;         /* the prepared range; end == 0: unbounded */
    uint32_t fail_ledger, corrupt_ledger, break_chain_ledger; /* faults; 0: none */
    uint32_t retry_ledger, retries_left; /* transient fault: retries_left more */
    uint32_t end_after_ledger;  /* contract fault: SLUICE_END past it, bounded or not */
    uint32_t slow_below, slow_ms;
    uint32_t grow_ms;           /* 0: every ledger is there at open */
    struct timespec opened;
    uint8_t frame[EMPTY_FRAME_SIZE];
} dummy_source;

/* The [source] keys, as host->config_load() fills them. */
typedef struct dummy_settings {
    int64_t first_ledger, ledgers;
    int64_t fail_ledger, retry_ledger, retry_times, corrupt_ledger, break_chain_ledger;
    int64_t end_after_ledger;
    int64_t slow_below;
    int64_t slow_ms;
    int64_t grow_ms;
} dummy_settings;

#define FIELD(member) offsetof(dummy_settings, member)

static const sluice_config_key dummy_config_keys[] = {
    {"first_ledger", SLUICE_CONFIG_INT, "2", NULL, 2, 4294967295LL, 0,
     "sequence of the first ledger the source has", FIELD(first_ledger)},
    {"ledgers", SLUICE_CONFIG_INT, "10", NULL, 0, 100000000, 0,
     "how many ledgers the source has", FIELD(ledgers)},
    {"fail_ledger", SLUICE_CONFIG_INT, "0", NULL, 0, 4294967295LL, 0,
     "fault: fail with an error when asked for this ledger (0: never)", FIELD(fail_ledger)},
    {"retry_ledger", SLUICE_CONFIG_INT, "0", NULL, 0, 4294967295LL, 0,
     "fault: fail transiently (SLUICE_ERROR_RETRY) when asked for this ledger, retry_times "
     "times per instance, then deliver it (0: never)", FIELD(retry_ledger)},
    {"retry_times", SLUICE_CONFIG_INT, "3", NULL, 0, 4294967295LL, 0,
     "how many times retry_ledger fails before it is delivered", FIELD(retry_times)},
    {"end_after_ledger", SLUICE_CONFIG_INT, "0", NULL, 0, 4294967295LL, 0,
     "fault: return SLUICE_END after this ledger, even inside a bounded range (0: never)",
     FIELD(end_after_ledger)},
    {"corrupt_ledger", SLUICE_CONFIG_INT, "0", NULL, 0, 4294967295LL, 0,
     "fault: deliver this ledger's frame truncated (0: never)", FIELD(corrupt_ledger)},
    {"break_chain_ledger", SLUICE_CONFIG_INT, "0", NULL, 0, 4294967295LL, 0,
     "fault: deliver this ledger with a wrong previous-ledger hash (0: never)",
     FIELD(break_chain_ledger)},
    {"slow_below", SLUICE_CONFIG_INT, "0", NULL, 0, 4294967295LL, 0,
     "fault: ledgers below this one are delivered slowly (with slow_ms)", FIELD(slow_below)},
    {"slow_ms", SLUICE_CONFIG_DURATION, "0", NULL, 0, 60000, 0,
     "delay before each ledger below slow_below",
     FIELD(slow_ms)},
    {"grow_ms", SLUICE_CONFIG_DURATION, "0", NULL, 0, 3600000, 0,
     "the history grows: first_ledger is there at open, one more ledger every grow_ms, "
     "up to ledgers (0: all are there at open)",
     FIELD(grow_ms)},
    SLUICE_CONFIG_END,
};

static uint8_t *put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
    return p + 4;
}

static uint8_t *put_u64(uint8_t *p, uint64_t v)
{
    return put_u32(put_u32(p, (uint32_t)(v >> 32)), (uint32_t)v);
}

/* A stand-in ledger hash: deterministic, distinct per sequence. */
static uint8_t *put_fake_hash(uint8_t *p, uint32_t sequence)
{
    uint64_t x = sequence * 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 32; i++) {
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ull;
        p[i] = (uint8_t)(x >> 56);
    }
    return p + 32;
}

static uint8_t *put_zero(uint8_t *p, size_t n)
{
    memset(p, 0, n);
    return p + n;
}

static void encode_empty_ledger(uint8_t *frame, uint32_t sequence, uint32_t previous)
{
    uint8_t *p = put_u32(frame, 0);          /* LedgerCloseMeta v0 */
    p = put_fake_hash(p, sequence);          /* ledgerHeader.hash */
    p = put_u32(p, 21);                      /* header.ledgerVersion */
    p = put_fake_hash(p, previous);          /* previousLedgerHash */
    p = put_zero(p, 32);                     /* scpValue.txSetHash */
    p = put_u64(p, 1700000000ull + 5ull * sequence); /* closeTime */
    p = put_u32(p, 0);                       /* upgrades<6>: none */
    p = put_u32(p, 0);                       /* scpValue.ext: BASIC */
    p = put_zero(p, 64);                     /* txSetResultHash, bucketListHash */
    p = put_u32(p, sequence);                /* ledgerSeq */
    p = put_u64(p, 1000000000000000000ull);  /* totalCoins */
    p = put_u64(p, 0);                       /* feePool */
    p = put_u32(p, 0);                       /* inflationSeq */
    p = put_u64(p, 0);                       /* idPool */
    p = put_u32(p, 100);                     /* baseFee */
    p = put_u32(p, 5000000);                 /* baseReserve */
    p = put_u32(p, 1000);                    /* maxTxSetSize */
    p = put_zero(p, 128);                    /* skipList[4] */
    p = put_u32(p, 0);                       /* header.ext */
    p = put_u32(p, 0);                       /* ledgerHeader.ext */
    p = put_fake_hash(p, previous);          /* txSet.previousLedgerHash */
    p = put_u32(p, 0);                       /* txSet.txs<> */
    p = put_u32(p, 0);                       /* txProcessing<> */
    p = put_u32(p, 0);                       /* upgradesProcessing<> */
    put_u32(p, 0);                           /* scpInfo<> */
}

static sluice_status dummy_open(const sluice_host *host, void **instance)
{
    dummy_source *source = calloc(1, sizeof *source);
    if (!source) {
        host->error(host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    source->host = host;
    dummy_settings settings;
    if (host->config_load(host, &settings, sizeof settings) != SLUICE_OK) {
        free(source);
        return SLUICE_ERROR;
    }
    source->first = (uint32_t)settings.first_ledger;
    source->last = source->first + (uint32_t)settings.ledgers - 1;
    source->fail_ledger = (uint32_t)settings.fail_ledger;
    source->retry_ledger = (uint32_t)settings.retry_ledger;
    source->retries_left = (uint32_t)settings.retry_times;
    source->corrupt_ledger = (uint32_t)settings.corrupt_ledger;
    source->end_after_ledger = (uint32_t)settings.end_after_ledger;
    source->break_chain_ledger = (uint32_t)settings.break_chain_ledger;
    source->slow_below = (uint32_t)settings.slow_below;
    source->slow_ms = (uint32_t)settings.slow_ms;
    source->grow_ms = (uint32_t)settings.grow_ms;
    clock_gettime(CLOCK_MONOTONIC, &source->opened);
    *instance = source;
    return SLUICE_OK;
}

static sluice_status dummy_prepare(void *instance, uint32_t from, uint32_t to)
{
    dummy_source *source = instance;
    if (from < source->first || (to && to > source->last) || (to && to < from)) {
        source->host->error(source->host, "range not available from the dummy source", NULL,
                            "The dummy source has first_ledger .. first_ledger + ledgers - 1.");
        return SLUICE_ERROR;
    }
    source->next = from;
    source->end = to;
    return SLUICE_OK;
}

/* The newest ledger the source has now (grow_ms: the history grows). */
static uint32_t dummy_newest(const dummy_source *source)
{
    if (!source->grow_ms)
        return source->last;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    uint64_t ms = (uint64_t)(now.tv_sec - source->opened.tv_sec) * 1000u +
                  (uint64_t)((now.tv_nsec - source->opened.tv_nsec) / 1000000);
    uint64_t newest = source->first + ms / source->grow_ms;
    return newest < source->last ? (uint32_t)newest : source->last;
}

static sluice_status dummy_next(void *instance, sluice_frame *frame)
{
    dummy_source *source = instance;
    uint32_t end = source->end ? source->end : source->last;
    if (source->next > end || (source->end_after_ledger && source->next > source->end_after_ledger))
        return SLUICE_END;
    uint32_t sequence = source->next;
    while (sequence > dummy_newest(source)) { /* a live source waits for the ledger */
        if (source->host->cancelled(source->host))
            return SLUICE_ERROR_CANCELLED;
        struct timespec pause = {0, 10 * 1000000L};
        nanosleep(&pause, NULL);
    }
    for (uint32_t waited = 0; sequence < source->slow_below && waited < source->slow_ms;
         waited += 10) {
        if (source->host->cancelled(source->host))
            return SLUICE_ERROR_CANCELLED;
        struct timespec pause = {0, 10 * 1000000L};
        nanosleep(&pause, NULL);
    }
    if (sequence == source->fail_ledger) {
        source->host->errorf(source->host, "dummy source failing as configured", NULL,
                             "fail_ledger = %u", sequence);
        return SLUICE_ERROR;
    }
    if (sequence == source->retry_ledger && source->retries_left) {
        source->retries_left--;
        char detail[80];
        snprintf(detail, sizeof detail, "retry_ledger = %u, %u more failures to come", sequence,
                 source->retries_left);
        source->host->error(source->host, "dummy source failing transiently as configured",
                            detail, NULL);
        return SLUICE_ERROR_RETRY;
    }
    int broken = sequence == source->break_chain_ledger;
    encode_empty_ledger(source->frame, sequence, broken ? sequence + 7 : sequence - 1);
    frame->sequence = source->next++;
    frame->data = source->frame;
    frame->len = sequence == source->corrupt_ledger ? sizeof source->frame - 4
                                                    : sizeof source->frame;
    return SLUICE_OK;
}

static sluice_status dummy_latest_available(void *instance, uint32_t *sequence)
{
    *sequence = dummy_newest(instance);
    return SLUICE_OK;
}

static void dummy_close(void *instance)
{
    free(instance);
}

static const sluice_source_ops dummy_source_ops = {
    .struct_size = sizeof(sluice_source_ops),
    .open = dummy_open,
    .prepare = dummy_prepare,
    .next = dummy_next,
    .latest_available = dummy_latest_available,
    .close = dummy_close,
};

SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SOURCE,
    .name = "dummy",
    .version = "0.1.0",
    .description = "empty stand-in ledgers for smoke tests (no network data)",
    .config_keys = dummy_config_keys,
    .source = &dummy_source_ops,
};
