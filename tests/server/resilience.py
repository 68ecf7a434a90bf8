#!/usr/bin/env python3
"""Resilience of `fabscope serve` against slow and idle clients, a second server on the
same port, load, and a stop while a request is in flight (ctest: server_resilience).

    tests/server/resilience.py FABSCOPE_BINARY STORE

Every loop is bounded in count and time; traffic goes to 127.0.0.1 only.
"""
import http.client
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def start(binary, store, port="0", extra=()):
    p = subprocess.Popen([binary, "--lang", "fr", "--store", store, "serve", "--bind", "127.0.0.1", "--port", port,
                          *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    return p, int(m.group(1)) if m else 0


def request(port, path, timeout=5.0, method="GET"):
    t0 = time.monotonic()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    c.request(method, path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body, time.monotonic() - t0


def wait_ready(port, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            st, body, _ = request(port, "/api/v1/health")
            if st == 200 and b'"ready":true' in body:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def main():
    binary, store = sys.argv[1], sys.argv[2]
    t0 = time.monotonic()
    server, port = start(binary, store)
    check(port > 0, "the server prints its URL")
    st, _, dt = request(port, "/api/v1/health")
    check(st == 200 and time.monotonic() - t0 < 5, f"first answer {time.monotonic() - t0:.2f} s after start (health {dt * 1000:.0f} ms)")
    check(wait_ready(port), "the snapshot becomes ready")

    # A second server on the same port must fail, not share the port.
    second = subprocess.run([binary, "--store", store, "serve", "--bind", "127.0.0.1", "--port", str(port)],
                            capture_output=True, text=True, timeout=30)
    check(second.returncode != 0, f"a second server on port {port} refuses to start (exit {second.returncode})")

    # 500 slow clients (slowloris: a header line every 2 s) and 8 idle keep-alive connections.
    slow = []
    for _ in range(500):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        slow.append(s)
    idle = []
    for _ in range(8):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/api/v1/health")
        c.getresponse().read()
        idle.append(c)  # kept open, silent
    worst = 0.0
    answered = 0
    for i in range(4):
        for s in slow:
            try:
                s.sendall(b"X-Slow-%d: x\r\n" % i)
            except OSError:
                pass
        for path in ["/api/v1/health", "/ateliers", "/territoires/commune/35238", "/api/v1/workshops"]:
            try:
                st, _, dt = request(port, path, timeout=5)
                answered += st == 200
                worst = max(worst, dt)
            except OSError:
                worst = 99
        time.sleep(2)
    check(answered == 16 and worst < 1.0,
          f"with 500 slow and 8 idle connections open: {answered}/16 answered, slowest {worst * 1000:.0f} ms")
    for s in slow:
        s.close()
    for c in idle:
        c.close()

    # Load at 256 connections, then still answering.
    if shutil.which("wrk"):
        out = subprocess.run(["wrk", "-t2", "-c256", "-d3s", "--timeout", "5s", f"http://127.0.0.1:{port}/ateliers"],
                             capture_output=True, text=True, timeout=60).stdout
        m = re.search(r"Requests/sec:\s+([\d.]+)", out)
        check(m is not None, f"wrk at 256 connections: {m.group(1) if m else '?'} requests/s")
    st, _, dt = request(port, "/")
    check(st == 200, f"home page after the load: {st} in {dt * 1000:.0f} ms")

    # SIGTERM while a request is in flight: it finishes, the process exits 0.
    result = {}

    def slow_request():
        try:
            result["status"] = request(port, "/carte.png?indicator=density&level=reg", timeout=30)[0]
        except OSError as e:
            result["status"] = str(e)

    t = threading.Thread(target=slow_request)
    t.start()
    time.sleep(0.05)
    server.send_signal(signal.SIGTERM)
    t.join(30)
    try:
        code = server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        code = "killed"
    check(result.get("status") == 200, f"the request in flight at SIGTERM finished: {result.get('status')}")
    check(code == 0, f"SIGTERM: exit {code}")
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        check(False, "nothing listens after the stop")
    except OSError:
        check(True, "nothing listens after the stop")

    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
