#!/usr/bin/env python3
"""Query latency on remote shards (xapian-tcpsrv on 127.0.0.1) beside the same shards read
locally: the figures docs/scaling.md quotes.

    bench/remote_latency.py DB1 DB2 DB4 ... [--rounds N] [--facets]

A second table splits the mean time of a search into its parts (SearchResult::times: query
building, match, hit data, snippets, facets, suggestion, the rest), local and remote.

Each DB is a database written by `polsearch-index --shards N --db DB` (a folder with shard-K
folders and the stub XAPIANDB), or a plain database (one shard). For each, the 500 queries of bench/queries/ungd-queries.txt are
searched through `polsearch-query-latency` (top 10 with snippets, one thread, a warm-up round)
once on the local stub and once on a stub naming one xapian-tcpsrv per shard. Prints a Markdown
table of p50, p95, p99 and queries/s.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LATENCY = os.path.join(ROOT, "build", "release", "bench", "polsearch-query-latency")
QUERIES = os.path.join(HERE, "queries", "ungd-queries.txt")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port):
    for _ in range(400):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.025)
    sys.exit("xapian-tcpsrv on port %d did not start" % port)


def shards_of(db):
    """The shard folders of a sharded database; the database itself when it is not sharded."""
    if not os.path.exists(os.path.join(db, "XAPIANDB")):
        return [db]
    with open(os.path.join(db, "XAPIANDB")) as stub:
        return [os.path.join(db, line.split()[1]) for line in stub
                if line.strip() and not line.startswith("#")]


def measure(db, rounds, facets):
    command = [LATENCY, "--db", db, "--queries", QUERIES, "--rounds", str(rounds), "--json"]
    if facets:
        command.append("--facets")
    return json.loads(subprocess.run(command, stdout=subprocess.PIPE, check=True,
                                     text=True).stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("databases", nargs="+")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--facets", action="store_true")
    args = parser.parse_args()
    rows = []
    for db in args.databases:
        shards = shards_of(db)
        local = measure(db, args.rounds, args.facets)
        rows.append(("%d local shard%s" % (len(shards), "s" if len(shards) > 1 else ""), local))
        servers = []
        try:
            ports = []
            for shard in shards:
                port = free_port()
                servers.append(subprocess.Popen(
                    ["xapian-tcpsrv", "--interface", "127.0.0.1", "--port", str(port), shard],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    # Its own process group: on SIGTERM xapian-tcpsrv signals its whole group.
                    start_new_session=True))
                wait_for(port)
                ports.append(port)
            with tempfile.NamedTemporaryFile("w", suffix=".stub", delete=False) as stub:
                for port in ports:
                    stub.write("remote 127.0.0.1:%d\n" % port)
            remote = measure(stub.name, args.rounds, args.facets)
            os.unlink(stub.name)
            rows.append(("%d remote shard%s (xapian-tcpsrv, 127.0.0.1)" % (
                len(shards), "s" if len(shards) > 1 else ""), remote))
        finally:
            for server in servers:
                server.terminate()
                server.wait()
        print("%s: p50 local %.2f ms, remote %.2f ms" % (
            db, rows[-2][1]["p50_ms"], rows[-1][1]["p50_ms"]), file=sys.stderr)
    print("| database | p50 ms | p95 ms | p99 ms | queries/s |")
    print("|---|---|---|---|---|")
    for name, figures in rows:
        print("| %s | %.2f | %.2f | %.2f | %.0f |" % (name, figures["p50_ms"], figures["p95_ms"],
                                                     figures["p99_ms"],
                                                     figures["queries_per_s"]))
    # Where the remote shards' time goes: the mean of each part of a search (SearchResult::times).
    parts = [key[:-3] for key in rows[0][1]["split"] if key != "whole_ms"] + ["whole"]
    print()
    print("| database (mean ms) | " + " | ".join(parts) + " |")
    print("|---|" + "---|" * len(parts))
    for name, figures in rows:
        print("| %s | %s |" % (name, " | ".join(
            "%.2f" % figures["split"][part + "_ms"] for part in parts)))


if __name__ == "__main__":
    main()
