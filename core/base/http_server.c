/* http_server.c — the operator endpoints' HTTP server (see http_server.h). */
#include "config.h"

#include "base/http_server.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct http_connection {
    int fd;                  /* -1: free slot */
    uint32_t peer;           /* IPv4 address, network order */
    uint64_t order;          /* accept order: the smallest is the oldest */
    int64_t deadline_ms;     /* monotonic; the whole exchange ends by then */
    char request[HTTP_MAX_REQUEST_BYTES];
    size_t request_len;
    char *response;          /* non-NULL: writing it */
    size_t response_len, response_sent;
} http_connection;

struct http_server {
    int listen_fd;
    int wake[2];             /* a byte written to wake[1] stops the thread */
    pthread_t thread;
    http_handler handler;
    void *context;
    size_t body_size;
    uint64_t next_order;
    http_connection connections[HTTP_MAX_CONNECTIONS];
};

static int64_t monotonic_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static void connection_close(http_connection *c)
{
    if (c->fd >= 0)
        close(c->fd);
    free(c->response);
    c->fd = -1;
    c->response = NULL;
}

static const char *status_text(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

/* Queue status + body (omitted for HEAD) as the connection's response. */
static void respond(http_connection *c, const http_response *r, int head_only)
{
    char header[256];
    int header_len = snprintf(header, sizeof header,
                              "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                              "Connection: close\r\n\r\n",
                              r->status, status_text(r->status), r->content_type, r->body_len);
    size_t body_len = head_only ? 0 : r->body_len;
    c->response = xmalloc((size_t)header_len + body_len);
    memcpy(c->response, header, (size_t)header_len);
    memcpy(c->response + header_len, r->body, body_len);
    c->response_len = (size_t)header_len + body_len;
    c->response_sent = 0;
}

static void respond_text(http_connection *c, int status, const char *text)
{
    http_response r = {status, "text/plain; charset=utf-8", (char *)text, 0, strlen(text)};
    respond(c, &r, 0);
}

/* The request headers are complete: parse the request line and answer. */
static void answer(http_server *server, http_connection *c)
{
    char method[8], target[1024];
    if (sscanf(c->request, "%7s %1023s HTTP/1.%*1[01]", method, target) != 2 || target[0] != '/') {
        respond_text(c, 400, "bad request\n");
        return;
    }
    int head_only = strcmp(method, "HEAD") == 0;
    if (!head_only && strcmp(method, "GET") != 0) {
        respond_text(c, 405, "only GET and HEAD are served\n");
        return;
    }
    target[strcspn(target, "?#")] = '\0';
    http_response r = {404, "text/plain; charset=utf-8", xmalloc(server->body_size),
                       server->body_size, 0};
    server->handler(server->context, target, &r);
    if (r.body_len > r.body_size)
        r.body_len = r.body_size;
    respond(c, &r, head_only);
    free(r.body);
}

static void connection_read(http_server *server, http_connection *c)
{
    ssize_t n = recv(c->fd, c->request + c->request_len,
                     sizeof c->request - 1 - c->request_len, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        connection_close(c);
        return;
    }
    if (n < 0)
        return;
    c->request_len += (size_t)n;
    c->request[c->request_len] = '\0';
    if (strstr(c->request, "\r\n\r\n") || strstr(c->request, "\n\n"))
        answer(server, c);
    else if (c->request_len == sizeof c->request - 1)
        respond_text(c, 431, "request headers too large\n");
}

static void connection_write(http_connection *c)
{
    ssize_t n = send(c->fd, c->response + c->response_sent, c->response_len - c->response_sent,
                     MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n < 0) {
        connection_close(c);
        return;
    }
    c->response_sent += (size_t)n;
    if (c->response_sent == c->response_len)
        connection_close(c);
}

/* A free slot for a connection from peer, closing the oldest connection
 * (of this peer when it is at its cap) when there is none. */
static http_connection *slot_for(http_server *server, uint32_t peer)
{
    http_connection *free_slot = NULL, *oldest = NULL, *oldest_of_peer = NULL;
    size_t of_peer = 0;
    for (size_t i = 0; i < HTTP_MAX_CONNECTIONS; i++) {
        http_connection *c = &server->connections[i];
        if (c->fd < 0) {
            free_slot = free_slot ? free_slot : c;
            continue;
        }
        if (!oldest || c->order < oldest->order)
            oldest = c;
        if (c->peer == peer) {
            of_peer++;
            if (!oldest_of_peer || c->order < oldest_of_peer->order)
                oldest_of_peer = c;
        }
    }
    http_connection *evicted = of_peer >= HTTP_MAX_PER_PEER ? oldest_of_peer
                               : free_slot                 ? NULL
                                                           : oldest;
    if (!evicted)
        return free_slot;
    connection_close(evicted);
    return evicted;
}

static void accept_all(http_server *server, int64_t now)
{
    for (;;) {
        struct sockaddr_in peer;
        socklen_t peer_len = sizeof peer;
        int fd = accept4(server->listen_fd, (struct sockaddr *)&peer, &peer_len,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return; /* EAGAIN, or a connection that went away: nothing to do */
        http_connection *c = slot_for(server, peer.sin_addr.s_addr);
        c->fd = fd;
        c->peer = peer.sin_addr.s_addr;
        c->order = server->next_order++;
        c->deadline_ms = now + HTTP_EXCHANGE_DEADLINE_MS;
        c->request_len = 0;
        c->request[0] = '\0';
    }
}

static void *serve(void *arg)
{
    http_server *server = arg;
    struct pollfd fds[2 + HTTP_MAX_CONNECTIONS];
    http_connection *polled[HTTP_MAX_CONNECTIONS];
    for (;;) {
        int64_t now = monotonic_ms(), next_deadline = -1;
        fds[0] = (struct pollfd){.fd = server->wake[0], .events = POLLIN};
        fds[1] = (struct pollfd){.fd = server->listen_fd, .events = POLLIN};
        nfds_t count = 2;
        for (size_t i = 0; i < HTTP_MAX_CONNECTIONS; i++) {
            http_connection *c = &server->connections[i];
            if (c->fd < 0)
                continue;
            if (c->deadline_ms <= now) {
                connection_close(c); /* too slow: the deadline does not move */
                continue;
            }
            if (next_deadline < 0 || c->deadline_ms < next_deadline)
                next_deadline = c->deadline_ms;
            polled[count - 2] = c;
            fds[count++] = (struct pollfd){.fd = c->fd, .events = c->response ? POLLOUT : POLLIN};
        }
        int timeout = next_deadline < 0 ? -1 : (int)(next_deadline - now);
        if (poll(fds, count, timeout) < 0 && errno != EINTR)
            break;
        if (fds[0].revents)
            break;
        for (nfds_t i = 2; i < count; i++) {
            http_connection *c = polled[i - 2];
            if (!fds[i].revents || c->fd != fds[i].fd)
                continue;
            if (c->response)
                connection_write(c);
            else
                connection_read(server, c);
        }
        if (fds[1].revents & POLLIN)
            accept_all(server, monotonic_ms());
    }
    return NULL;
}

http_server *http_server_start(const struct sockaddr_in *address, http_handler handler,
                               void *context, size_t body_size, error_report *err)
{
    http_server *server = xcalloc(1, sizeof *server);
    server->handler = handler;
    server->context = context;
    server->body_size = body_size;
    for (size_t i = 0; i < HTTP_MAX_CONNECTIONS; i++)
        server->connections[i].fd = -1;
    server->wake[0] = server->wake[1] = -1;
    int one = 1;
    server->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const char *failed = server->listen_fd < 0 ? "socket" : NULL;
    if (!failed)
        setsockopt(server->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (!failed && bind(server->listen_fd, (const struct sockaddr *)address, sizeof *address))
        failed = "bind";
    if (!failed && listen(server->listen_fd, 64))
        failed = "listen";
    if (!failed && pipe2(server->wake, O_CLOEXEC))
        failed = "pipe";
    if (!failed && (errno = pthread_create(&server->thread, NULL, serve, server)) != 0)
        failed = "pthread_create";
    if (failed) {
        report_set(err, NULL, "The address may be in use, or not an address of this machine.",
                   "%s: %s", failed, strerror(errno));
        if (server->listen_fd >= 0)
            close(server->listen_fd);
        if (server->wake[0] >= 0) {
            close(server->wake[0]);
            close(server->wake[1]);
        }
        free(server);
        return NULL;
    }
    return server;
}

void http_server_stop(http_server *server)
{
    if (!server)
        return;
    char byte = 0;
    while (write(server->wake[1], &byte, 1) < 0 && errno == EINTR)
        ;
    pthread_join(server->thread, NULL);
    for (size_t i = 0; i < HTTP_MAX_CONNECTIONS; i++)
        connection_close(&server->connections[i]);
    close(server->listen_fd);
    close(server->wake[0]);
    close(server->wake[1]);
    free(server);
}
