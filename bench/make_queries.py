#!/usr/bin/env python3
"""Draws the benchmark queries (bench/queries/ungd-queries.txt) from ungd-passages with a fixed
seed: every 300th passage gives one query, in turn of 1, 2, 3 or 4 of its words, a two-word
phrase, title:, keyword: and author: field queries, a year: filter, and a mix with a phrase and
an excluded word. Run again, it writes the same file.

    bench/make_queries.py [--input ungd-passages.jsonl.gz] [--out bench/queries/ungd-queries.txt]
"""
import argparse
import gzip
import json
import os
import random
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STOP = set("the a an of and in to for on with by at from is are was were be been that this it as or not "
           "its their our we they he she you i which who has have had will would can could should may "
           "also than more most such these those there into about over under between after before "
           "during against all any each other some no nor so but if then very".split())
KINDS = ["w1", "w2", "w3", "w4", "phrase", "title", "keyword", "author", "year", "mixed"]


def words_of(text):
    return re.findall(r"[A-Za-z][a-z]+", text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", default=os.path.join(ROOT, "..", "shared", "data", "bench",
                                                        "ungd-passages.jsonl.gz"))
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "queries", "ungd-queries.txt"))
    args = parser.parse_args()
    random.seed(20261128)
    records = []
    with gzip.open(args.input, "rt") as f:
        for i, line in enumerate(f):
            if i % 300 == 0:
                records.append(json.loads(line))
    queries = []
    for r in records:
        text = r["abstract"] if isinstance(r["abstract"], str) else list(r["abstract"].values())[0]
        ws = [w.lower() for w in words_of(text) if w.lower() not in STOP and len(w) > 3]
        if len(ws) < 8:
            continue
        kind = KINDS[len(queries) % len(KINDS)]
        if kind.startswith("w"):
            n = int(kind[1])
            random.randrange(0, len(ws) - n)  # kept so that the file stays the same
            q = " ".join(random.sample(ws, n))
        elif kind == "phrase":
            allw = words_of(text)
            start = random.randrange(0, max(1, len(allw) - 3))
            q = '"' + " ".join(allw[start:start + 2]).lower() + '"'
        elif kind == "title":
            q = "title:" + random.choice(["statement", "session", "debate", "part"]) + " " + random.choice(ws)
        elif kind == "keyword":
            q = "keyword:" + random.choice(r.get("keywords") or ["United Nations"]).split()[0].lower() + \
                " " + random.choice(ws)
        elif kind == "author":
            q = "author:" + (r.get("authors") or ["USA"])[0] + " " + random.choice(ws)
        elif kind == "year":
            q = random.choice(ws) + " " + random.choice(ws) + " year:" + str(r.get("year", 2000))
        else:
            q = random.choice(ws) + ' "' + " ".join(words_of(text)[:2]).lower() + '" -' + random.choice(ws)
        queries.append(q)
        if len(queries) >= 500:
            break
    with open(args.out, "w") as f:
        f.write("\n".join(queries) + "\n")
    print("%d queries in %s" % (len(queries), args.out))


if __name__ == "__main__":
    main()
