# http_server.py — test helper: serve a directory over HTTP/1.1 (keep-alive)
# on 127.0.0.1 at a free port; prints the port on the first line of stdout,
# then serves until killed.  Usage: python3 http_server.py DIR
import functools
import http.server
import sys


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass


def main():
    handler = functools.partial(QuietHandler, directory=sys.argv[1])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


main()
