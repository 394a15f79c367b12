/* metrics.h — process-wide counters and gauges, and the Prometheus text
 * endpoint that serves them (base/http_server.c; off unless metrics_listen
 * is set, bound to 127.0.0.1 unless an address is given).  Updates are
 * lock-free atomics, safe from any thread. */
#ifndef SLUICE_METRICS_H
#define SLUICE_METRICS_H

#include <stdint.h>

#include "base/report.h"

typedef enum metric_id {
    METRIC_LATEST_LEDGER,        /* gauge: latest cursor */
    METRIC_OLDEST_LEDGER,        /* gauge: oldest cursor, as stored */
    METRIC_SOURCE_TIP,           /* gauge: newest ledger the source has */
    METRIC_LAG,                  /* gauge: source tip - latest, computed when rendered */
    METRIC_LEDGERS_INGESTED,     /* counter */
    METRIC_ROWS_INGESTED,        /* counter: transactions, operations, participants, changes */
    METRIC_BATCHES_SUCCEEDED,    /* counter */
    METRIC_BATCHES_FAILED,       /* counter */
    METRIC_RETRIES,              /* counter: transient failures retried (live and batches) */
    METRIC_ERRORS,               /* counter: failures that stopped work */
    METRIC_QUEUE_DEPTH,          /* gauge: built ledgers waiting for the writer */
    METRIC_FETCH_SECONDS,        /* summary sums in microseconds, with _COUNT below */
    METRIC_BUILD_SECONDS,
    METRIC_WRITE_SECONDS,
    METRIC_FETCH_COUNT,
    METRIC_BUILD_COUNT,
    METRIC_WRITE_COUNT,
    METRIC_STORE_UP,             /* gauge: 1 after the store answered, 0 after it failed */
    METRIC_LAST_CLOSE_TIME,      /* unix seconds of the newest ingested ledger's close;
                                    shown as sluice_last_ledger_age_seconds */
    METRIC_SOURCE_STALLED,       /* gauge: sources waited on longer than stall_warning */
    METRIC_SOURCE_STALLS,        /* counter: such waits */
    METRIC_COUNT_
} metric_id;

void metric_add(metric_id id, uint64_t amount);
void metric_set(metric_id id, uint64_t value);
/* Set a gauge to value when it is higher (the source's tip, a close time). */
void metric_raise(metric_id id, uint64_t value);
uint64_t metric_get(metric_id id);
/* Record one stage duration (microseconds) in a *_SECONDS sum and its count. */
void metric_observe_us(metric_id sum_id, uint64_t microseconds);
uint64_t metric_now_us(void);

/* "[ADDRESS:]PORT" (IPv4, port 1..65535; the address defaults to
 * 127.0.0.1) into *address; 0, or -1 when listen is not such a value. */
struct sockaddr_in;
int metrics_listen_parse(const char *listen, struct sockaddr_in *address);

/* What /readyz holds the store to (base/health.h); 0: not checked. */
typedef struct readiness_limits {
    uint64_t max_lag_ledgers;
    uint64_t max_lag_seconds;
} readiness_limits;

/* Serve /metrics, /healthz and /readyz on listen ("[ADDRESS:]PORT";
 * address defaults to 127.0.0.1).  0, or -1 with err filled. */
int metrics_server_start(const char *listen, const readiness_limits *limits,
                         error_report *err);
void metrics_server_stop(void);

#endif
