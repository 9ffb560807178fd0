#!/usr/bin/env python3
"""Hostile clients against polsearch-serve on 127.0.0.1: the figures of docs/http.md
("Hostile clients"). Python 3 standard library only.

Starts SERVE (default build/release/bin/polsearch-serve) on DB at 127.0.0.1, a free port,
then:

  slow mode (default): opens N slow connections, each sending a request line and then one
  header line every --interval seconds (slowloris); a connection the server closes is opened
  again, as an attacker would. While they are open it asks /health --requests times (each on
  a new connection, --timeout seconds at most, one every --spacing seconds) and prints the latency (p50,
  max), the answers that timed out, the server's memory (VmRSS and VmHWM of /proc/PID/status)
  and threads, and how often the server cut a slow connection.

  --ranges K: sends one request for --target with a Range header of K ranges ("0-" each, the
  whole body K times) and prints the status, the bytes of the answer, and whether the server
  was still alive afterwards.

The slow connections come from --sources loopback addresses (127.0.0.2, 127.0.0.3, ...), so
that a cap on connections per client address does not end the experiment by itself.
Everything is bounded: connects and reads time out, and the run stops by itself.

    bench/slow_clients.py DB [--connections 1000] [--interval 3] [--requests 50]
    bench/slow_clients.py DB --ranges 100 --target '/export?q=power&size=1000'
    bench/slow_clients.py DB --serve /path/to/old/polsearch-serve --memory-limit 4096 --ranges 2500
"""
import argparse
import json
import os
import re
import resource
import selectors
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SERVE = os.path.join(ROOT, "build", "release", "bin", "polsearch-serve")


def start_server(args, log_path):
    def limit():
        if args.memory_limit:
            size = args.memory_limit * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))
    log = open(log_path, "w+")
    command = [args.serve, "--db", args.db, "--listen", "127.0.0.1:0"] + args.server_arg
    server = subprocess.Popen(command, stderr=log, preexec_fn=limit)
    for _ in range(600):
        log.seek(0)
        found = re.search(r"on http://127\.0\.0\.1:(\d+)/", log.read())
        if found:
            return server, int(found.group(1))
        if server.poll() is not None:
            break
        time.sleep(0.05)
    server.kill()
    log.seek(0)
    sys.exit("polsearch-serve did not start: " + log.read())


def status_of(pid):
    figures = {}
    try:
        with open("/proc/%d/status" % pid) as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM", "Threads"):
                    figures[key] = int(value.split()[0])
    except OSError:
        pass
    return figures


def exchange(port, request, timeout):
    """Sends `request` on a new connection and reads until the server closes it or `timeout`
    seconds have passed. Returns (answer bytes, seconds, timed out)."""
    started = time.monotonic()
    answer = b""
    timed_out = False
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as client:
            client.sendall(request)
            while True:
                left = timeout - (time.monotonic() - started)
                if left <= 0:
                    timed_out = True
                    break
                client.settimeout(left)
                chunk = client.recv(1 << 20)
                if not chunk:
                    break
                answer += chunk
    except socket.timeout:
        timed_out = True
    except OSError:
        pass
    return answer, time.monotonic() - started, timed_out


def health(port, timeout):
    request = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    answer, seconds, timed_out = exchange(port, request, timeout)
    return (not timed_out and answer.startswith(b"HTTP/1.1 200")), seconds


class SlowClients:
    """N connections that each send a request line, then a header line every `interval`
    seconds, reopened when the server closes them."""

    def __init__(self, port, count, sources, interval, connect_timeout):
        self.port = port
        self.count = count
        self.sources = ["127.0.0.%d" % (2 + i) for i in range(sources)]
        self.interval = interval
        self.connect_timeout = connect_timeout
        self.sockets = [None] * count
        self.opened = 0
        self.failed_connects = 0
        self.cut = 0
        self.stop = threading.Event()
        self.thread = None

    def open(self, index):
        client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        client.bind((self.sources[index % len(self.sources)], 0))
        client.setblocking(False)
        client.connect_ex(("127.0.0.1", self.port))
        return client

    def open_all(self, indexes):
        """Opens the connections of `indexes` at once; waits for them to connect."""
        selector = selectors.DefaultSelector()
        pending = {}
        for index in indexes:
            try:
                client = self.open(index)
            except OSError:
                self.failed_connects += 1
                continue
            selector.register(client, selectors.EVENT_WRITE, index)
            pending[index] = client
        deadline = time.monotonic() + self.connect_timeout
        while pending and time.monotonic() < deadline:
            for key, _ in selector.select(max(0.0, deadline - time.monotonic())):
                client, index = key.fileobj, key.data
                selector.unregister(client)
                del pending[index]
                if client.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                    client.close()
                    self.failed_connects += 1
                    continue
                try:
                    client.send(b"GET /health HTTP/1.1\r\n")
                except OSError:
                    client.close()
                    self.failed_connects += 1
                    continue
                self.sockets[index] = client
                self.opened += 1
        for client in pending.values():
            selector.unregister(client)
            client.close()
            self.failed_connects += 1
        selector.close()

    def closed_by_server(self, client):
        try:
            client.recv(4096, socket.MSG_DONTWAIT)
            return True  # an answer (408) or the end: the server is done with it
        except BlockingIOError:
            return False
        except OSError:
            return True

    def drip(self):
        line = 0
        while not self.stop.wait(self.interval):
            line += 1
            reopen = []
            for index, client in enumerate(self.sockets):
                if client is None:
                    reopen.append(index)
                    continue
                if self.closed_by_server(client):
                    client.close()
                    self.sockets[index] = None
                    self.cut += 1
                    reopen.append(index)
                    continue
                try:
                    client.send(b"X-Slow-%d: 1\r\n" % line, socket.MSG_DONTWAIT)
                except OSError:
                    client.close()
                    self.sockets[index] = None
                    self.cut += 1
                    reopen.append(index)
            if reopen and not self.stop.is_set():
                self.open_all(reopen)

    def start(self):
        self.open_all(range(self.count))
        self.thread = threading.Thread(target=self.drip, daemon=True)
        self.thread.start()

    def open_now(self):
        return sum(1 for client in self.sockets if client is not None)

    def close(self):
        self.stop.set()
        if self.thread:
            self.thread.join()
        for client in self.sockets:
            if client is not None:
                client.close()


def slow_mode(args, server, port):
    report = {"connections": args.connections, "interval_s": args.interval}
    report["idle"] = status_of(server.pid)
    baseline = [health(port, args.timeout)[1] for _ in range(10)]
    report["health_alone_p50_ms"] = round(statistics.median(baseline) * 1000, 2)
    slow = SlowClients(port, args.connections, args.sources, args.interval, args.connect_timeout)
    try:
        slow.start()
        report["slow_connected"] = slow.opened
        report["slow_connect_failures"] = slow.failed_connects
        time.sleep(1.0)  # every slow connection has sent its request line and waits
        latencies = []
        timeouts = 0
        for _ in range(args.requests):
            time.sleep(args.spacing)
            ok, seconds = health(port, args.timeout)
            if ok:
                latencies.append(seconds)
            else:
                timeouts += 1
                if timeouts >= args.give_up:
                    break
        report["slow_open_at_end"] = slow.open_now()
        report["during"] = status_of(server.pid)
        report["health_answered"] = len(latencies)
        report["health_timeouts"] = timeouts
        if latencies:
            report["health_p50_ms"] = round(statistics.median(latencies) * 1000, 2)
            report["health_max_ms"] = round(max(latencies) * 1000, 2)
    finally:
        slow.close()
    report["slow_cut_by_server"] = slow.cut
    return report


def ranges_mode(args, server, port):
    ranges = ",".join(["0-"] * args.ranges)
    request = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=%s\r\nConnection: close\r\n\r\n"
               % (args.target, ranges)).encode()
    plain = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" % args.target).encode()
    report = {"ranges": args.ranges, "request_bytes": len(request)}
    answer, _, _ = exchange(port, plain, args.timeout * 30)
    report["without_range_bytes"] = len(answer)
    answer, seconds, timed_out = exchange(port, request, args.timeout * 30)
    report["answer_bytes"] = len(answer)
    report["status_line"] = answer.split(b"\r\n", 1)[0].decode("latin-1")
    report["multipart"] = b"multipart/byteranges" in answer.split(b"\r\n\r\n", 1)[0]
    report["seconds"] = round(seconds, 2)
    report["timed_out"] = timed_out
    time.sleep(0.5)
    report["server_alive"] = server.poll() is None and health(port, args.timeout)[0]
    report["during"] = status_of(server.pid)
    return report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--serve", default=SERVE, help="the polsearch-serve to run")
    parser.add_argument("--server-arg", action="append", default=[],
                        help="an argument for polsearch-serve (repeatable)")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--interval", type=float, default=3.0,
                        help="seconds between a slow connection's header lines")
    parser.add_argument("--sources", type=int, default=0,
                        help="loopback source addresses (default: one per 50 connections)")
    parser.add_argument("--requests", type=int, default=50, help="/health requests to time")
    parser.add_argument("--timeout", type=float, default=2.0, help="seconds per /health request")
    parser.add_argument("--spacing", type=float, default=0.2,
                        help="seconds between /health requests (50 x 0.2 s outlasts the "
                             "server's 5 s request deadline)")
    parser.add_argument("--give-up", type=int, default=5,
                        help="stop asking /health after this many time-outs")
    parser.add_argument("--connect-timeout", type=float, default=3.0)
    parser.add_argument("--ranges", type=int, default=0, help="multi-range mode: this many ranges")
    parser.add_argument("--target", default="/export?q=power&size=1000")
    parser.add_argument("--memory-limit", type=int, default=0,
                        help="MiB of address space for the server (to survive a server that "
                             "allocates without bound)")
    args = parser.parse_args()
    if not args.sources:
        args.sources = max(1, (args.connections + 49) // 50)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = args.connections + 256
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, wanted), hard))
    scratch = tempfile.mkdtemp(prefix="polsearch-slow-")
    log_path = os.path.join(scratch, "serve.log")
    server, port = start_server(args, log_path)
    report = {"serve": args.serve}
    try:
        if args.ranges:
            report.update(ranges_mode(args, server, port))
        else:
            report.update(slow_mode(args, server, port))
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        report["exit_status"] = server.returncode
        with open(log_path, errors="replace") as log:
            lines = log.read().splitlines()
        report["log_lines"] = len(lines)
        report["log_tail"] = [line[:200] for line in lines[-2:]]
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
