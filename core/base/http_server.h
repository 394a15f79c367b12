/* http_server.h — a small HTTP/1.x server for the operator endpoints
 * (/metrics and friends): GET and HEAD only, one response per connection,
 * served by one thread polling every connection.
 *
 * Built to stay reachable under slow or hostile clients:
 *  - a connection has HTTP_EXCHANGE_DEADLINE_MS from accept for its whole
 *    exchange (request headers in, response out); trickling bytes does not
 *    extend it;
 *  - request headers larger than HTTP_MAX_REQUEST_BYTES are refused (431);
 *  - at most HTTP_MAX_CONNECTIONS connections, at most HTTP_MAX_PER_PEER
 *    from one address; a new connection that finds no slot closes the
 *    oldest one (of its peer when the peer is at its cap), so clients that
 *    hold connections open cannot lock a scraper out.
 *
 * Thread safety: the handler runs on the server's thread; whatever it reads
 * must be safe to read from there. */
#ifndef SLUICE_HTTP_SERVER_H
#define SLUICE_HTTP_SERVER_H

#include "base/report.h"

#include <netinet/in.h>
#include <stddef.h>

#define HTTP_EXCHANGE_DEADLINE_MS 3000
#define HTTP_MAX_REQUEST_BYTES 8192
#define HTTP_MAX_CONNECTIONS 64
#define HTTP_MAX_PER_PEER 16

/* A response the handler fills: status code, content type (static
 * string), and the body written into body[0..body_size). */
typedef struct http_response {
    int status;
    const char *content_type;
    char *body;
    size_t body_size;
    size_t body_len;
} http_response;

/* Answer one request for path (query string removed); method is GET or
 * HEAD (others are answered 405 without calling it). */
typedef void (*http_handler)(void *context, const char *path, http_response *response);

typedef struct http_server http_server;

/* Listen on address and serve in a new thread; NULL with err filled (the
 * caller names the address). */
http_server *http_server_start(const struct sockaddr_in *address, http_handler handler,
                               void *context, size_t body_size, error_report *err);

/* Stop the thread, close every connection and the socket, free. NULL-safe. */
void http_server_stop(http_server *server);

#endif
