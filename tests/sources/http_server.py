# http_server.py — test helper: serve a directory over HTTP/1.1 (keep-alive)
# on 127.0.0.1 at a free port; prints the port on the first line of stdout,
# then serves until killed.
#
#   python3 http_server.py DIR [--log FILE] [--fail-first N] [--fail-status S]
#                              [--fail-match REGEX] [--retry-after V]
#                              [--status PATH=S ...] [--tls CERT KEY]
#                              [--drip REGEX:BYTES_PER_SECOND]
#                              [--redirect PATH=URL ...]
#
# --log FILE      one line per TCP connection ("connection N") and per
#                 request ("request N METHOD PATH STATUS UNIX-TIME"), N the
#                 connection's number
# --fail-first N  the first N GETs of each path answer --fail-status
#                 (default 503), with a Retry-After header when --retry-after
#                 is given (HEADs, the tip search's, are answered normally)
# --fail-match R  only paths matching the regular expression R fail first
# --status P=S    requests of path P always answer status S
# --tls CERT KEY  HTTPS with this certificate and key (PEM)
# --drip R:B      GETs of paths matching R send their body B bytes a second
# --redirect P=U  GETs of path P without a query string answer 302 to U
# Error answers (404 included) keep the connection open, as S3's do.
# Clients that hang up mid-answer are not reported.
import argparse
import functools
import http.server
import itertools
import re
import ssl
import sys
import threading
import time

connection_numbers = itertools.count(1)
lock = threading.Lock()
attempts = {}


def log_line(options, text):
    if options.log:
        with lock, open(options.log, "a") as out:
            out.write(text + "\n")


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, *args, options, **kwargs):
        self.options = options
        super().__init__(*args, **kwargs)

    def setup(self):
        super().setup()
        self.connection_number = next(connection_numbers)
        log_line(self.options, "connection %d" % self.connection_number)

    def log_message(self, format, *args):
        pass

    def log_request(self, code="-", size="-"):
        log_line(self.options, "request %d %s %s %s %.3f" % (
            self.connection_number, self.command, self.path.split("?")[0], code, time.time()))

    def planned_status(self, counted):
        path = self.path.split("?")[0]
        fixed = self.options.fixed.get(path)
        if fixed or not counted or not re.search(self.options.fail_match, path):
            return fixed
        with lock:
            count = attempts[path] = attempts.get(path, 0) + 1
        if count <= self.options.fail_first:
            return self.options.fail_status
        return None

    def answer_status(self, status, retry_after=None):
        self.send_response(status)
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_error(self, code, message=None, explain=None):
        self.answer_status(code)

    def do_GET(self):
        path, _, query = self.path.partition("?")
        target = self.options.redirects.get(path)
        if target and not query:
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = self.planned_status(True)
        if status:
            self.answer_status(status, self.options.retry_after)
        elif self.options.drip and re.search(self.options.drip[0], path):
            self.drip(path)
        else:
            super().do_GET()

    def drip(self, path):
        with open(self.translate_path(path), "rb") as f:
            body = f.read()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        rate = self.options.drip[1]
        for start in range(0, len(body), rate):
            self.wfile.write(body[start:start + rate])
            self.wfile.flush()
            time.sleep(1)

    def do_HEAD(self):
        status = self.planned_status(False)
        if status:
            self.answer_status(status)
        else:
            super().do_HEAD()


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError)):
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--log")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--fail-status", type=int, default=503)
    parser.add_argument("--fail-match", default="")
    parser.add_argument("--retry-after")
    parser.add_argument("--status", action="append", default=[])
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--drip")
    parser.add_argument("--redirect", action="append", default=[])
    options = parser.parse_args()
    if options.drip:
        regex, rate = options.drip.rsplit(":", 1)
        options.drip = (regex, int(rate))
    options.redirects = dict(item.split("=", 1) for item in options.redirect)
    options.fixed = {}
    for item in options.status:
        path, status = item.rsplit("=", 1)
        options.fixed[path] = int(status)
    handler = functools.partial(Handler, directory=options.dir, options=options)
    server = Server(("127.0.0.1", 0), handler)
    if options.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(options.tls[0], options.tls[1])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


main()
