#!/usr/bin/env python3
"""Indexing benchmark: polsearch-index with 1 and 2 threads (and a second, unchanged run) beside
stock Xapian's scriptindex (xapian-omega) on the same records, in the same run.

    bench/index_bench.py [--limit N] [--input FILE] [--out FILE.md]

Default input: ../shared/data/bench/ungd-passages.jsonl.gz (172,460 records). --limit N takes the
first N records. Prints a Markdown table (and writes it to --out when given) with wall time,
records/s, MB/s of input, peak RSS and index size on disk. Needs a Release build
(build/release) and scriptindex (Debian package xapian-omega; installed here when missing).
"""
import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_INPUT = os.path.join(ROOT, "..", "shared", "data", "bench", "ungd-passages.jsonl.gz")
INDEXER = os.path.join(ROOT, "build", "release", "bin", "polsearch-index")

# The same fields as polsearch indexes: title and abstract with positions (English stemmer,
# scriptindex's default), keywords and authors under prefixes, the id unique, the year boolean.
INDEX_SCRIPT = """\
id : field=id boolean=Q unique=Q
title : field=title index=S index
abstract : field=abstract index
keywords : field=keywords index=K
authors : field=authors index=A
year : field=year boolean=Y
"""


def timed(command, env=None):
    """Runs `command` under /usr/bin/time; returns (seconds, peak RSS in MB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.monotonic()
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name] + command,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        seconds = time.monotonic() - started
        if result.returncode not in (0, 3):
            sys.exit("failed: %s\n%s" % (" ".join(command), result.stderr[-2000:]))
        peak_kb = int(report.read().strip().splitlines()[-1])
    return seconds, peak_kb / 1024.0, result.stdout


def size_on_disk(path):
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(folder, name))
    return total / 1e6


def scriptindex_text(record):
    lines = []
    for field in ("id", "title", "abstract", "year"):
        value = record.get(field)
        if isinstance(value, dict):
            value = " ".join(value.values())
        if value is not None and value != "":
            lines.append("%s=%s" % (field, " ".join(str(value).split())))
    for field in ("keywords", "authors"):
        for value in record.get(field) or []:
            lines.append("%s=%s" % (field, " ".join(str(value).split())))
    return "\n".join(lines) + "\n\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", default=DEFAULT_INPUT)
    parser.add_argument("--limit", type=int, default=0, help="only the first N records")
    parser.add_argument("--out", help="also write the table to this Markdown file")
    args = parser.parse_args()
    if not os.path.exists(INDEXER):
        sys.exit("no %s: run scripts/setup --release first" % INDEXER)
    if not shutil.which("scriptindex"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "xapian-omega"],
                       check=True, stdout=subprocess.DEVNULL)

    work = tempfile.mkdtemp(prefix="polsearch-index-bench-")
    try:
        jsonl = os.path.join(work, "records.jsonl.gz")
        script_input = os.path.join(work, "records.scriptindex")
        count = 0
        with gzip.open(args.input, "rt", encoding="utf-8") as source, \
                gzip.open(jsonl, "wt", encoding="utf-8", compresslevel=1) as out, \
                open(script_input, "w", encoding="utf-8") as script_out:
            for line in source:
                if args.limit and count >= args.limit:
                    break
                out.write(line)
                script_out.write(scriptindex_text(json.loads(line)))
                count += 1
        with gzip.open(jsonl, "rb") as f:
            unpacked_mb = len(f.read()) / 1e6
        script_path = os.path.join(work, "index.script")
        with open(script_path, "w") as f:
            f.write(INDEX_SCRIPT)

        rows = []

        def polsearch(name, db, threads, extra=()):
            seconds, rss, out = timed([INDEXER, "--summary", "json", "--db", db,
                                       "--threads", str(threads), *extra, jsonl])
            summary = json.loads(out)
            rows.append((name, seconds, count / seconds, unpacked_mb / seconds, rss, size_on_disk(db),
                         "added %d, unchanged %d" % (summary["added"], summary["unchanged"])))
            print(rows[-1], file=sys.stderr)

        polsearch("polsearch-index, 1 thread", os.path.join(work, "db1"), 1)
        polsearch("polsearch-index, 2 threads", os.path.join(work, "db2"), 2)
        polsearch("polsearch-index, 2 threads, second run (unchanged)", os.path.join(work, "db2"), 2)
        polsearch("polsearch-index, 2 threads, 2 shards", os.path.join(work, "db4"), 2, ("--shards", "2"))
        polsearch("polsearch-index, 2 threads, 2 shards, --compact", os.path.join(work, "db5"), 2,
                  ("--shards", "2", "--compact"))
        db3 = os.path.join(work, "db3")
        seconds, rss, _ = timed(["scriptindex", db3, script_path, script_input])
        rows.append(("stock Xapian scriptindex (1 thread)", seconds, count / seconds, unpacked_mb / seconds, rss,
                     size_on_disk(db3), "English stemmer, same fields"))
        print(rows[-1], file=sys.stderr)

        lines = ["Indexing %s records (%.0f MB of JSON Lines) from %s, %s, %d cores" %
                 (format(count, ","), unpacked_mb, os.path.basename(args.input),
                  time.strftime("%Y-%m-%d"), os.cpu_count()),
                 "",
                 "| run | wall s | records/s | MB/s | peak RSS MB | index MB | notes |",
                 "|---|---|---|---|---|---|---|"]
        for name, seconds, rate, mbs, rss, size, notes in rows:
            lines.append("| %s | %.1f | %s | %.2f | %.0f | %.0f | %s |" %
                         (name, seconds, format(int(rate), ","), mbs, rss, size, notes))
        stock = rows[-1][2]
        lines.append("")
        lines.append("polsearch/stock records/s: 1 thread %.2fx, 2 threads %.2fx, 2 threads and 2 shards %.2fx; "
                     "second run %.1fx faster than the first" %
                     (rows[0][2] / stock, rows[1][2] / stock, rows[3][2] / stock, rows[1][1] / rows[2][1]))
        table = "\n".join(lines)
        print(table)
        if args.out:
            with open(args.out, "w") as f:
                f.write(table + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
