/* process_metrics.h — the build and process gauges of /metrics:
 * sluice_build_info{version,abi}, and from /proc/self the resident memory,
 * CPU seconds and open file descriptors (the names Prometheus client
 * libraries use: process_resident_memory_bytes, process_cpu_seconds_total,
 * process_open_fds).  A /proc file that cannot be read leaves its metric
 * out. */
#ifndef SLUICE_PROCESS_METRICS_H
#define SLUICE_PROCESS_METRICS_H

#include <stddef.h>

/* Append them in the Prometheus text format; returns the bytes written
 * (< size). */
size_t process_metrics_render(char *buffer, size_t size);

#endif
