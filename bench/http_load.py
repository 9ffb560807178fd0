#!/usr/bin/env python3
"""/search under load while an indexing job commits into the same database: the figure of
docs/http.md. Copies DB, starts polsearch-serve on it (127.0.0.1, free port), starts
polsearch-index adding RECORDS (JSON Lines) into the copy with a commit every --commit-every
records, and runs wrk for --seconds with --connections connections over the 500 queries of
bench/queries/ungd-queries.txt (bench/wrk_search.lua). Prints requests/s, latency percentiles,
errors, the statuses the server logged and the indexing job's commits.

    bench/http_load.py DB RECORDS [--seconds 30] [--connections 16] [--threads 16]
        [--commit-every 1000] [--params '&facets=false'] [--no-index]
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SERVE = os.path.join(ROOT, "build", "release", "bin", "polsearch-serve")
INDEX = os.path.join(ROOT, "build", "release", "bin", "polsearch-index")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("records")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=16, help="polsearch-serve --threads")
    parser.add_argument("--commit-every", type=int, default=1000)
    parser.add_argument("--no-index", action="store_true", help="the load alone, for comparison")
    parser.add_argument("--params", default="", help="added to every /search, e.g. '&facets=false'")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"], check=True)
    scratch = tempfile.mkdtemp(prefix="polsearch-http-load-")
    server = job = None
    try:
        db = os.path.join(scratch, "db")
        print("copying %s ..." % args.db, file=sys.stderr)
        shutil.copytree(args.db, db)
        log_path = os.path.join(scratch, "serve.log")
        log = open(log_path, "w+")
        access_path = os.path.join(scratch, "access.log")
        server = subprocess.Popen([SERVE, "--config", "/dev/null", "--db", db, "--listen",
                                   "127.0.0.1:0", "--threads", str(args.threads), "--log",
                                   access_path, "--log-format", "json"], stderr=log)
        port = None
        for _ in range(2000):
            log.seek(0)
            found = re.search(r"on http://127\.0\.0\.1:(\d+)/", log.read())
            if found:
                port = int(found.group(1))
                break
            time.sleep(0.05)
        if not port:
            sys.exit("polsearch-serve did not start")
        job_log = open(os.path.join(scratch, "index.log"), "w+")
        job = None if args.no_index else subprocess.Popen([INDEX, "--db", db, "--commit-every", str(args.commit_every),
                                "--summary", "json", args.records], stdout=job_log, stderr=subprocess.STDOUT)
        if job:
            time.sleep(2)  # the job is writing before the load starts
        env = dict(os.environ, QUERIES=os.path.join(HERE, "queries", "ungd-queries.txt"),
                   PARAMS=args.params)
        wrk = subprocess.run(["wrk", "-t2", "-c%d" % args.connections, "-d%ds" % args.seconds,
                              "--latency", "--timeout", "10s", "-s", os.path.join(HERE, "wrk_search.lua"),
                              "http://127.0.0.1:%d" % port], env=env, stdout=subprocess.PIPE,
                             text=True, check=True)
        job_running = job is not None and job.poll() is None
        if job:
            job.wait()
        server.terminate()
        server.wait()
        server = None
        figures = json.loads(wrk.stdout.split("JSON ", 1)[1])
        log.seek(0)
        # The access log (--log, JSON lines): every request the server answered, by status.
        statuses = collections.Counter()
        with open(access_path, encoding="utf-8") as access:
            for line in access:
                if line.strip():
                    statuses[str(json.loads(line)["status"])] += 1
        job_log.seek(0)
        job_output = job_log.read()
        commits = re.search(r'"commits":\s*(\d+)', job_output)
        print(wrk.stdout.split("JSON ", 1)[0])
        result = {
            "requests_per_s": round(figures["requests"] / figures["duration_s"], 1),
            "p50_ms": figures["p50_ms"], "p90_ms": figures["p90_ms"], "p99_ms": figures["p99_ms"],
            "max_ms": figures["max_ms"], "requests": figures["requests"],
            "socket_errors": figures["errors_connect"] + figures["errors_read"] +
            figures["errors_write"] + figures["errors_timeout"],
            "non_2xx": figures["errors_status"], "server_statuses": dict(statuses),
            "indexing_job_still_running_at_end": job_running, "indexing_job_exit": job.returncode if job else None,
            "indexing_job_commits": int(commits.group(1)) if commits else None,
            "connections": args.connections, "seconds": args.seconds, "threads": args.threads,
            "params": args.params,
        }
        print(json.dumps(result, indent=2))
    finally:
        if server:
            server.terminate()
        if job and job.poll() is None:
            job.kill()
        shutil.rmtree(scratch, ignore_errors=True)


main()
