/* health.h — the operator's health endpoints served beside /metrics:
 * /healthz (the process is alive and serving) and /readyz (the store
 * answers and ingestion is fresh), each a short JSON object with status
 * 200 or 503, and the freshness gauges they are judged by.  Everything
 * is read from the metric values (base/metrics.h), so any thread may
 * call these. */
#ifndef SLUICE_HEALTH_H
#define SLUICE_HEALTH_H

#include <stddef.h>

#include "base/metrics.h"

/* Remember when serving started (uptime in /healthz). */
void health_mark_start(void);

/* Fill body with /healthz's JSON; returns the status (200). */
int health_alive(char *body, size_t size, size_t *len);

/* Fill body with /readyz's JSON; returns 200 when ready: the store's
 * last answer was a success (sluice_store_up), a ledger was ingested, the
 * lag behind the source's tip is at most limits->max_lag_ledgers and the
 * newest ledger closed at most limits->max_lag_seconds ago (a limit of 0
 * is not checked); else 503 with the reason. */
int health_ready(const readiness_limits *limits, char *body, size_t size, size_t *len);

/* Append the derived freshness gauges (sluice_last_ledger_age_seconds) in
 * the Prometheus text format; returns the bytes written (< size). */
size_t health_render_metrics(char *buffer, size_t size);

#endif
