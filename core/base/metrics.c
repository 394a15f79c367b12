/* metrics.c — counters, gauges and the /metrics endpoint (see metrics.h). */
#include "config.h"

#include "base/metrics.h"
#include "base/health.h"
#include "base/http_server.h"
#include "base/process_metrics.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static atomic_uint_fast64_t metric_values[METRIC_COUNT_];
static http_server *metrics_http;
static readiness_limits metrics_readiness;

#define METRICS_BODY_SIZE 16384

typedef struct metric_spec {
    const char *name;
    const char *type;        /* gauge | counter | summary part */
    const char *help;
    int microseconds;        /* value is µs, shown in seconds */
} metric_spec;

static const metric_spec metric_specs[METRIC_COUNT_] = {
    [METRIC_LATEST_LEDGER] = {"sluice_latest_ledger", "gauge", "latest ingested ledger (cursor)", 0},
    [METRIC_OLDEST_LEDGER] = {"sluice_oldest_ledger", "gauge", "oldest ingested ledger (the cursor as stored)", 0},
    [METRIC_SOURCE_TIP] = {"sluice_source_tip_ledger", "gauge", "newest ledger the source has", 0},
    [METRIC_LAG] = {"sluice_lag_ledgers", "gauge", "ledgers the store is behind the source's tip", 0},
    [METRIC_LEDGERS_INGESTED] = {"sluice_ledgers_ingested_total", "counter", "ledgers committed", 0},
    [METRIC_ROWS_INGESTED] = {"sluice_rows_ingested_total", "counter", "rows committed", 0},
    [METRIC_BATCHES_SUCCEEDED] = {"sluice_batches_succeeded_total", "counter", "catchup/backfill batches done", 0},
    [METRIC_BATCHES_FAILED] = {"sluice_batches_failed_total", "counter", "catchup/backfill batches failed", 0},
    [METRIC_RETRIES] = {"sluice_retries_total", "counter", "transient failures retried", 0},
    [METRIC_ERRORS] = {"sluice_errors_total", "counter", "failures that stopped work", 0},
    [METRIC_QUEUE_DEPTH] = {"sluice_queue_depth", "gauge", "built ledgers waiting for the writer", 0},
    [METRIC_FETCH_SECONDS] = {"sluice_stage_seconds_sum{stage=\"fetch\"}", "", "", 1},
    [METRIC_BUILD_SECONDS] = {"sluice_stage_seconds_sum{stage=\"build\"}", "", "", 1},
    [METRIC_WRITE_SECONDS] = {"sluice_stage_seconds_sum{stage=\"write\"}", "", "", 1},
    [METRIC_FETCH_COUNT] = {"sluice_stage_seconds_count{stage=\"fetch\"}", "", "", 0},
    [METRIC_BUILD_COUNT] = {"sluice_stage_seconds_count{stage=\"build\"}", "", "", 0},
    [METRIC_WRITE_COUNT] = {"sluice_stage_seconds_count{stage=\"write\"}", "", "", 0},
    [METRIC_STORE_UP] = {"sluice_store_up", "gauge",
                         "1 when the store's last answer was a success, 0 after a failure", 0},
    [METRIC_LAST_CLOSE_TIME] = {NULL, NULL, NULL, 0}, /* rendered as an age */
    [METRIC_SOURCE_STALLED] = {"sluice_source_stalled", "gauge",
                               "sources that delivered nothing for longer than stall_warning", 0},
    [METRIC_SOURCE_STALLS] = {"sluice_source_stalls_total", "counter",
                              "waits for the source longer than stall_warning", 0},
};

void metric_add(metric_id id, uint64_t amount) { atomic_fetch_add(&metric_values[id], amount); }
void metric_set(metric_id id, uint64_t value) { atomic_store(&metric_values[id], value); }

void metric_raise(metric_id id, uint64_t value)
{
    uint_fast64_t current = atomic_load(&metric_values[id]);
    while (value > current && !atomic_compare_exchange_weak(&metric_values[id], &current, value))
        ;
}

uint64_t metric_get(metric_id id) { return atomic_load(&metric_values[id]); }

void metric_observe_us(metric_id sum_id, uint64_t microseconds)
{
    metric_add(sum_id, microseconds);
    metric_add((metric_id)(sum_id + (METRIC_FETCH_COUNT - METRIC_FETCH_SECONDS)), 1);
}

uint64_t metric_now_us(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000u + (uint64_t)now.tv_nsec / 1000u;
}

/* Write the Prometheus text exposition into buffer; returns its length. */
static size_t metrics_render(char *buffer, size_t size)
{
    uint64_t tip = atomic_load(&metric_values[METRIC_SOURCE_TIP]);
    uint64_t latest = atomic_load(&metric_values[METRIC_LATEST_LEDGER]);
    metric_set(METRIC_LAG, tip > latest ? tip - latest : 0);
    size_t used = 0;
    for (int id = 0; id < METRIC_COUNT_ && used < size; id++) {
        const metric_spec *spec = &metric_specs[id];
        if (!spec->name)
            continue;
        uint64_t value = atomic_load(&metric_values[id]);
        int n;
        if (id == METRIC_FETCH_SECONDS)
            n = snprintf(buffer + used, size - used, "# HELP sluice_stage_seconds time per "
                         "ledger in each pipeline stage\n# TYPE sluice_stage_seconds summary\n");
        else if (spec->type[0])
            n = snprintf(buffer + used, size - used, "# HELP %s %s\n# TYPE %s %s\n",
                         spec->name, spec->help, spec->name, spec->type);
        else
            n = 0;
        used += n > 0 ? (size_t)n : 0;
        if (used >= size)
            break;
        if (spec->microseconds)
            n = snprintf(buffer + used, size - used, "%s %.6f\n", spec->name,
                         (double)value / 1e6);
        else
            n = snprintf(buffer + used, size - used, "%s %llu\n", spec->name,
                         (unsigned long long)value);
        used += n > 0 ? (size_t)n : 0;
    }
    if (used < size)
        used += health_render_metrics(buffer + used, size - used);
    if (used < size)
        used += process_metrics_render(buffer + used, size - used);
    return used < size ? used : size - 1;
}

static void answer(void *context, const char *path, http_response *response)
{
    (void)context;
    response->content_type = "text/plain; version=0.0.4";
    if (strcmp(path, "/metrics") == 0) {
        response->status = 200;
        response->body_len = metrics_render(response->body, response->body_size);
    } else if (strcmp(path, "/healthz") == 0 || strcmp(path, "/readyz") == 0) {
        response->content_type = "application/json";
        response->status = path[1] == 'h' ? health_alive(response->body, response->body_size,
                                                         &response->body_len)
                                          : health_ready(&metrics_readiness, response->body,
                                                         response->body_size,
                                                         &response->body_len);
    } else {
        response->body_len = (size_t)snprintf(response->body, response->body_size,
                                              "served: /metrics, /healthz, /readyz\n");
    }
}

int metrics_listen_parse(const char *listen, struct sockaddr_in *address)
{
    memset(address, 0, sizeof *address);
    address->sin_family = AF_INET;
    address->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const char *colon = strrchr(listen, ':');
    const char *port_text = colon ? colon + 1 : listen;
    if (colon) {
        char host[64];
        size_t n = (size_t)(colon - listen);
        if (n >= sizeof host)
            return -1;
        memcpy(host, listen, n);
        host[n] = '\0';
        if (inet_pton(AF_INET, host, &address->sin_addr) != 1)
            return -1;
    }
    char *end;
    long port = strtol(port_text, &end, 10);
    if (end == port_text || *end || port < 1 || port > 65535)
        return -1;
    address->sin_port = htons((uint16_t)port);
    return 0;
}

int metrics_server_start(const char *listen, const readiness_limits *limits,
                         error_report *err)
{
    metrics_readiness = *limits;
    health_mark_start();
    struct sockaddr_in address;
    if (metrics_listen_parse(listen, &address) != 0) {
        report_set(err, "expected [IPv4-ADDRESS:]PORT, e.g. 127.0.0.1:9473", NULL,
                   "invalid metrics_listen '%s'", listen);
        return -1;
    }
    error_report why;
    metrics_http = http_server_start(&address, answer, NULL, METRICS_BODY_SIZE, &why);
    if (!metrics_http) {
        report_set(err, why.message, why.hint, "cannot serve metrics on %s", listen);
        return -1;
    }
    return 0;
}

void metrics_server_stop(void)
{
    http_server_stop(metrics_http);
    metrics_http = NULL;
}
