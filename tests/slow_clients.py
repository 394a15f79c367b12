#!/usr/bin/env python3
"""slow_clients.py PORT PATH — a slow-headers attack on an HTTP endpoint:
40 connections that trickle request headers one line every 0.3 s for 6 s,
while a scraper asks for PATH every 0.5 s on a fresh connection (1 s timeout).
Prints "scrapes N/M" (answered/asked) and "trickles closed K/40 by T s"
(connections the server closed, and when the last one was closed)."""
import socket
import sys
import time

port, path = int(sys.argv[1]), sys.argv[2]
trickles = []
for _ in range(40):
    s = socket.create_connection(("127.0.0.1", port), timeout=2)
    s.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n")
    s.setblocking(False)
    trickles.append(s)
start = time.monotonic()
closed_at = {}
asked = answered = 0
next_scrape = start
while time.monotonic() - start < 6:
    now = time.monotonic()
    for i, s in enumerate(trickles):
        if i in closed_at:
            continue
        try:
            s.sendall(b"X-Slow: 1\r\n")
            if s.recv(1) == b"":
                closed_at[i] = now - start
        except BlockingIOError:
            pass
        except OSError:
            closed_at[i] = now - start
    if now >= next_scrape:
        next_scrape += 0.5
        asked += 1
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as c:
                c.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n")
                reply = b""
                while True:
                    chunk = c.recv(65536)
                    if not chunk:
                        break
                    reply += chunk
                if reply.startswith(b"HTTP/1.1 200"):
                    answered += 1
        except OSError:
            pass
    time.sleep(0.3)
last = max(closed_at.values()) if closed_at else -1
print("scrapes %d/%d" % (answered, asked))
print("trickles closed %d/40 by %.1f s" % (len(closed_at), last))
