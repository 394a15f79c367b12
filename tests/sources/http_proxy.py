# http_proxy.py — test helper: a forward HTTP proxy on 127.0.0.1 at a free
# port (printed on the first line of stdout) that logs every request line
# it gets to LOG ("GET http://127.0.0.1:PORT/key HTTP/1.1", "CONNECT
# 127.0.0.1:PORT HTTP/1.1") and forwards it: plain requests are passed on
# (one request per connection, answered with Connection: close), CONNECT
# opens a tunnel.  Only targets on 127.0.0.1 are allowed (403 otherwise).
#
#   python3 http_proxy.py LOG
import select
import socket
import socketserver
import sys
import threading
import urllib.parse

lock = threading.Lock()


def log_line(text):
    with lock, open(sys.argv[1], "a") as out:
        out.write(text + "\n")


def relay(a, b):
    sockets = [a, b]
    while True:
        readable, _, _ = select.select(sockets, [], [], 30)
        if not readable:
            return
        for s in readable:
            data = s.recv(65536)
            if not data:
                return
            (b if s is a else a).sendall(data)


class Proxy(socketserver.StreamRequestHandler):
    def refuse(self, status):
        self.wfile.write(b"HTTP/1.1 %d refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                         % status)

    def handle(self):
        line = self.rfile.readline(65536).decode("latin-1").rstrip("\r\n")
        if not line:
            return
        log_line(line)
        headers = []
        while True:
            header = self.rfile.readline(65536)
            if header in (b"\r\n", b"\n", b""):
                break
            headers.append(header)
        method, target, _ = line.split(" ", 2)
        if method == "CONNECT":
            host, port = target.rsplit(":", 1)
        else:
            url = urllib.parse.urlsplit(target)
            host, port = url.hostname, url.port or 80
        if host != "127.0.0.1":
            return self.refuse(403)
        upstream = socket.create_connection((host, int(port)))
        if method == "CONNECT":
            self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            self.wfile.flush()
            relay(self.connection, upstream)
        else:
            path = url.path + ("?" + url.query if url.query else "")
            kept = [h for h in headers
                    if not h.lower().startswith((b"connection:", b"proxy-connection:"))]
            upstream.sendall(("%s %s HTTP/1.1\r\n" % (method, path)).encode("latin-1") +
                             b"".join(kept) + b"Connection: close\r\n\r\n")
            while True:
                data = upstream.recv(65536)
                if not data:
                    break
                self.wfile.write(data)
        upstream.close()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Server(("127.0.0.1", 0), Proxy)
print(server.server_address[1], flush=True)
server.serve_forever()
