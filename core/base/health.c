/* health.c — /healthz, /readyz and the freshness gauges (see health.h). */
#include "config.h"

#include "base/health.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static atomic_uint_fast64_t started_at; /* unix seconds */

static uint64_t unix_now(void) { return (uint64_t)time(NULL); }

void health_mark_start(void) { atomic_store(&started_at, unix_now()); }

/* snprintf's length, clipped to what fits in size. */
static size_t fitted(int n, size_t size)
{
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

int health_alive(char *body, size_t size, size_t *len)
{
    uint64_t now = unix_now(), since = atomic_load(&started_at);
    *len = fitted(snprintf(body, size, "{\"status\":\"alive\",\"uptime_seconds\":%llu}\n",
                           (unsigned long long)(now > since ? now - since : 0)),
                  size);
    return 200;
}

/* Seconds since the newest ingested ledger closed; -1 when none was. */
static int64_t last_ledger_age(void)
{
    uint64_t closed = metric_get(METRIC_LAST_CLOSE_TIME), now = unix_now();
    if (!closed)
        return -1;
    return now > closed ? (int64_t)(now - closed) : 0;
}

int health_ready(const readiness_limits *limits, char *body, size_t size, size_t *len)
{
    int store_up = metric_get(METRIC_STORE_UP) != 0;
    uint64_t latest = metric_get(METRIC_LATEST_LEDGER), tip = metric_get(METRIC_SOURCE_TIP);
    uint64_t lag = tip > latest ? tip - latest : 0;
    int64_t age = last_ledger_age();
    char reason[160] = "";
    if (!store_up)
        snprintf(reason, sizeof reason, "the store did not answer (or has not yet)");
    else if (!latest)
        snprintf(reason, sizeof reason, "no ledger ingested yet");
    else if (limits->max_lag_ledgers && lag > limits->max_lag_ledgers)
        snprintf(reason, sizeof reason, "%llu ledgers behind the source, max_lag_ledgers is %llu",
                 (unsigned long long)lag, (unsigned long long)limits->max_lag_ledgers);
    else if (limits->max_lag_seconds && age >= 0 && (uint64_t)age > limits->max_lag_seconds)
        snprintf(reason, sizeof reason,
                 "the newest ledger closed %lld s ago, max_lag_seconds is %llu", (long long)age,
                 (unsigned long long)limits->max_lag_seconds);
    char age_text[24] = "null";
    if (age >= 0)
        snprintf(age_text, sizeof age_text, "%lld", (long long)age);
    *len = fitted(snprintf(body, size,
                           "{\"status\":\"%s\",\"store\":\"%s\",\"latest_ledger\":%llu,"
                           "\"lag_ledgers\":%llu,\"lag_seconds\":%s%s%s%s}\n",
                           reason[0] ? "not ready" : "ready", store_up ? "up" : "down",
                           (unsigned long long)latest, (unsigned long long)lag, age_text,
                           reason[0] ? ",\"reason\":\"" : "", reason, reason[0] ? "\"" : ""),
                  size);
    return reason[0] ? 503 : 200;
}

size_t health_render_metrics(char *buffer, size_t size)
{
    int64_t age = last_ledger_age();
    if (age < 0)
        return 0;
    return fitted(snprintf(buffer, size,
                           "# HELP sluice_last_ledger_age_seconds seconds since the newest "
                           "ingested ledger closed\n"
                           "# TYPE sluice_last_ledger_age_seconds gauge\n"
                           "sluice_last_ledger_age_seconds %lld\n",
                           (long long)age),
                  size);
}
