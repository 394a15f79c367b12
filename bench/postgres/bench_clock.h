/* bench_clock.h — what the PostgreSQL benchmarks measure with: wall time,
 * this process's CPU time, a local server backend's CPU time (/proc), and
 * sizes from the environment. */
#ifndef SLUICE_BENCH_CLOCK_H
#define SLUICE_BENCH_CLOCK_H

/* Monotonic wall seconds. */
double bench_wall(void);
/* CPU seconds of this process. */
double bench_cpu(void);
/* CPU seconds (user + system) server process pid has used; 0 when
 * unreadable (a remote server). */
double bench_backend_cpu(long pid);
/* Integer environment variable, or fallback when unset. */
long bench_env(const char *name, long fallback);

/* Wall and CPU (client + server backend) seconds of one measured load. */
typedef struct bench_time {
    double wall, cpu;
} bench_time;

#endif
