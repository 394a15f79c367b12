/* core_child.c — start, relay, wait for and stop stellar-core (see
 * core_child.h). */
#include "config.h"

#include "core_child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define META_FD 3
#define LINE_MAX_BYTES 4096
#define CAPTURE_MAX_BYTES (1024 * 1024)

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* stellar-core tags lines "[Partition LEVEL]"; map that to our levels. */
static sluice_log_level level_of(const char *line, int from_stderr)
{
    static const struct { const char *tag; sluice_log_level level; } tags[] = {
        {" FATAL]", SLUICE_LOG_ERROR}, {" ERROR]", SLUICE_LOG_ERROR},
        {" WARNING]", SLUICE_LOG_WARN}, {" INFO]", SLUICE_LOG_INFO},
        {" DEBUG]", SLUICE_LOG_DEBUG}, {" TRACE]", SLUICE_LOG_DEBUG},
    };
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (strstr(line, tags[i].tag))
            return tags[i].level;
    return from_stderr ? SLUICE_LOG_WARN : SLUICE_LOG_INFO;
}

typedef struct line_buffer {
    char text[LINE_MAX_BYTES + 1];
    size_t len;
} line_buffer;

static void emit_line(core_child *child, line_buffer *line, int from_stderr)
{
    line->text[line->len] = '\0';
    if (line->len)
        child->host->log(child->host, level_of(line->text, from_stderr), "stellar-core: %s",
                         line->text);
    line->len = 0;
}

/* Split bytes into lines and log them; overlong lines are cut. */
static void relay_bytes(core_child *child, line_buffer *line, const char *data, size_t n,
                        int from_stderr)
{
    for (size_t i = 0; i < n; i++) {
        if (data[i] == '\n') {
            emit_line(child, line, from_stderr);
        } else if (data[i] != '\r') {
            line->text[line->len++] = data[i];
            if (line->len == LINE_MAX_BYTES)
                emit_line(child, line, from_stderr);
        }
    }
}

static void capture_bytes(core_child *child, const char *data, size_t n)
{
    if (child->captured_len + n > CAPTURE_MAX_BYTES)
        n = CAPTURE_MAX_BYTES - child->captured_len;
    char *grown = realloc(child->captured, child->captured_len + n + 1);
    if (!grown)
        return;
    child->captured = grown;
    memcpy(grown + child->captured_len, data, n);
    child->captured_len += n;
    grown[child->captured_len] = '\0';
}

typedef struct relay_job {
    core_child *child;
    int capture_stdout;
} relay_job;

/* Until both stdout and stderr reach EOF. */
static void *relay_main(void *argument)
{
    relay_job *job = argument;
    core_child *child = job->child;
    int capture = job->capture_stdout;
    free(job);
    line_buffer lines[2];
    lines[0].len = lines[1].len = 0;
    struct pollfd fds[2] = {{child->out_fd, POLLIN, 0}, {child->err_fd, POLLIN, 0}};
    int open_count = 2;
    while (open_count > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !fds[i].revents)
                continue;
            char data[4096];
            ssize_t n = read(fds[i].fd, data, sizeof data);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                emit_line(child, &lines[i], i == 1);
                fds[i].fd = -1;
                open_count--;
            } else if (i == 0 && capture) {
                capture_bytes(child, data, (size_t)n);
            } else {
                relay_bytes(child, &lines[i], data, (size_t)n, i == 1);
            }
        }
    }
    return NULL;
}

/* In the child after fork: only async-signal-safe calls. */
static void exec_child(const core_spawn *spawn, int meta_write, int out_write, int err_write)
{
    setpgid(0, 0);
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(out_write, 1) < 0 || dup2(err_write, 2) < 0)
        _exit(126);
    if (spawn->with_meta_pipe) {
        if (meta_write == META_FD) {
            int flags = fcntl(META_FD, F_GETFD);
            fcntl(META_FD, F_SETFD, flags & ~FD_CLOEXEC);
        } else if (dup2(meta_write, META_FD) < 0) {
            _exit(126);
        }
    }
    if (chdir(spawn->directory) != 0) {
        static const char message[] = "sluice: cannot enter the storage directory\n";
        if (write(2, message, sizeof message - 1) < 0)
            _exit(126);
        _exit(126);
    }
    execve(spawn->argv[0], (char *const *)spawn->argv, environ);
    static const char message[] = "sluice: cannot execute stellar-core\n";
    if (write(2, message, sizeof message - 1) < 0)
        _exit(127);
    _exit(127);
}

int core_child_start(core_child *child, const sluice_host *host, const core_spawn *spawn,
                     char *why, size_t why_size)
{
    memset(child, 0, sizeof *child);
    child->host = host;
    child->meta_fd = child->out_fd = child->err_fd = -1;
    int meta[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
    if ((spawn->with_meta_pipe && pipe2(meta, O_CLOEXEC) != 0) || pipe2(out, O_CLOEXEC) != 0 ||
        pipe2(err, O_CLOEXEC) != 0) {
        snprintf(why, why_size, "cannot create pipes: %s", strerror(errno));
        close_fd(&meta[0]); close_fd(&meta[1]); close_fd(&out[0]); close_fd(&out[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0)
        exec_child(spawn, meta[1], out[1], err[1]);
    int fork_errno = errno;
    close_fd(&meta[1]);
    close_fd(&out[1]);
    close_fd(&err[1]);
    if (pid < 0) {
        snprintf(why, why_size, "cannot start %s: %s", spawn->argv[0], strerror(fork_errno));
        close_fd(&meta[0]); close_fd(&out[0]); close_fd(&err[0]);
        return -1;
    }
    setpgid(pid, pid);   /* also done by the child; whichever runs first wins */
    child->pid = pid;
    child->meta_fd = meta[0];
    child->out_fd = out[0];
    child->err_fd = err[0];
    relay_job *job = malloc(sizeof *job);
    int rc = job ? 0 : ENOMEM;
    if (job) {
        job->child = child;
        job->capture_stdout = spawn->capture_stdout;
        rc = pthread_create(&child->relay, NULL, relay_main, job);
        if (rc != 0)
            free(job);
    }
    if (rc != 0) {
        snprintf(why, why_size, "cannot start the log relay thread: %s", strerror(rc));
        core_child_stop(child, 0);
        return -1;
    }
    child->relay_started = 1;
    return 0;
}

static void sleep_ms(int ms)
{
    struct timespec pause = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
}

/* Whether the leader has exited, without reaping it (the zombie keeps the
 * process group id from being reused while we signal the group). */
static int leader_exited(const core_child *child)
{
    siginfo_t info;
    memset(&info, 0, sizeof info);
    return waitid(P_PID, (id_t)child->pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
           info.si_pid == child->pid;
}

/* Once the leader has exited: kill what is left of its group, then reap
 * it.  1 when reaped (now or before). */
int core_child_poll_exit(core_child *child)
{
    if (child->exited)
        return 1;
    if (!child->pid || !leader_exited(child))
        return 0;
    kill(-child->pid, SIGKILL);
    int status;
    while (waitpid(child->pid, &status, 0) < 0 && errno == EINTR)
        ;
    child->exited = 1;
    child->status = status;
    return 1;
}

static void join_relay(core_child *child);

int core_child_wait(core_child *child)
{
    while (!core_child_poll_exit(child)) {
        if (child->host->cancelled(child->host)) {
            core_child_stop(child, 2000);
            return -1;
        }
        sleep_ms(20);
    }
    join_relay(child);   /* all of its output is in (captured or logged) */
    return 0;
}

static void join_relay(core_child *child)
{
    if (child->relay_started)
        pthread_join(child->relay, NULL);
    child->relay_started = 0;
    close_fd(&child->out_fd);
    close_fd(&child->err_fd);
}

void core_child_stop(core_child *child, int grace_ms)
{
    if (child->pid && !child->exited) {
        if (!leader_exited(child)) {
            kill(-child->pid, SIGTERM);
            for (int waited = 0; waited < grace_ms && !leader_exited(child); waited += 10)
                sleep_ms(10);
            kill(-child->pid, SIGKILL);
        }
        core_child_poll_exit(child);   /* the leader has exited or been killed */
        while (!child->exited) {
            sleep_ms(1);
            core_child_poll_exit(child);
        }
    }
    close_fd(&child->meta_fd);
    join_relay(child);
    free(child->captured);
    child->captured = NULL;
    child->captured_len = 0;
}

void core_child_describe_exit(int status, char *out, size_t size)
{
    if (WIFEXITED(status))
        snprintf(out, size, "exit status %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(out, size, "killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else
        snprintf(out, size, "wait status %d", status);
}
