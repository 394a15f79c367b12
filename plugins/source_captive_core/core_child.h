/* core_child.h — stellar-core as a child process.
 *
 * Started with fork + execve of an argument vector (never a shell), in its
 * own process group, with the storage directory as working directory.
 * Optionally fd 3 is the write end of a pipe whose read end we keep (the
 * metadata stream).  Its stdout and stderr are relayed line by line to the
 * host log by a thread (level mapped from stellar-core's "[Partition
 * LEVEL]" tag), or stdout is captured into memory (offline-info).
 * core_child_stop kills the whole group (SIGTERM, then SIGKILL after a
 * grace period) and reaps the leader, so no zombie or orphan remains. */
#ifndef CAPTIVE_CORE_CHILD_H
#define CAPTIVE_CORE_CHILD_H

#include <pthread.h>
#include <stddef.h>
#include <sys/types.h>

#include <sluice/plugin.h>

typedef struct core_child {
    const sluice_host *host;
    pid_t pid;                /* 0 when none */
    int meta_fd;              /* read end of fd 3's pipe, or -1 */
    int out_fd, err_fd;       /* our ends of stdout/stderr, owned by the relay */
    pthread_t relay;
    int relay_started;
    char *captured;           /* stdout when capturing (NUL-terminated) */
    size_t captured_len;
    int exited;               /* reaped: status below is valid */
    int status;               /* from waitpid */
} core_child;

typedef struct core_spawn {
    const char *const *argv;  /* argv[0] is the executable's path */
    const char *directory;    /* working directory */
    int with_meta_pipe;       /* fd 3 = metadata stream */
    int capture_stdout;       /* keep stdout instead of logging it */
} core_spawn;

/* 0, or -1 with why filled. */
int core_child_start(core_child *child, const sluice_host *host, const core_spawn *spawn,
                     char *why, size_t why_size);

/* Wait for the child to exit (blocking, but checking host->cancelled every
 * 100 ms: then the group is stopped).  0 when it exited (child->status),
 * -1 when cancelled. */
int core_child_wait(core_child *child);

/* Reap the child if it has exited (non-blocking); 1 when reaped. */
int core_child_poll_exit(core_child *child);

/* Kill the process group (SIGTERM, grace_ms, SIGKILL), reap, join the
 * relay, close pipes.  Safe on a child never started or already reaped. */
void core_child_stop(core_child *child, int grace_ms);

/* "exit status 3", "killed by signal 9 (Killed)" into out. */
void core_child_describe_exit(int status, char *out, size_t size);

#endif
