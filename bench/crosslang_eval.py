#!/usr/bin/env python3
"""Cross-language search over sample_corpus's trilingual records.

sample_corpus/trilingual.jsonl has 16 records with title, abstract and keywords in English,
Russian and Kazakh. For each record language R, a temporary database holds each trilingual
record in R only (title, abstract and keywords of R, `language` R; id, authors, year and the
other fields as they are) beside every record of sample_corpus/en.jsonl, ru.jsonl and kk.jsonl
as distractors. For each direction Q -> R (Q != R), each record's title in Q is the query
(polsearch-search --format json --limit 10) and the record itself the one right answer.
Printed per direction: MRR@10, success@1 and success@10 (the record first, in the top 10), and
their mean over the six directions.

    bench/crosslang_eval.py                         # the table
    bench/crosslang_eval.py --json                  # one JSON object
    bench/crosslang_eval.py --per-query             # also each query's rank of its record
    bench/crosslang_eval.py --same-language         # also en->en, ru->ru, kk->kk, for reference
    bench/crosslang_eval.py --keep-keywords         # the records keep their keywords in all three
    bench/crosslang_eval.py --search-args '--no-expand'   # without the thesaurus and name keys

Needs only the repository and a build (build/release, or --bin DIR holding polsearch-index and
polsearch-search); it takes seconds.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(ROOT, "sample_corpus")
BIN = os.path.join(ROOT, "build", "release", "bin")
LANGUAGES = ("en", "ru", "kk")
DISTRACTORS = ("en.jsonl", "ru.jsonl", "kk.jsonl")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def in_language(record, language, keep_keywords=False):
    """The record with its title, abstract (and keywords) in `language` only."""
    out = dict(record)
    for field in ("title", "abstract") + (() if keep_keywords else ("keywords",)):
        value = record.get(field)
        if isinstance(value, dict):
            if language not in value:
                raise SystemExit("crosslang_eval: %s has no %s %s" % (record["id"], language,
                                                                        field))
            out[field] = {language: value[language]}
    out["language"] = language
    return out


def rank_of(ids, wanted):
    """1-based rank of `wanted` in `ids`, None when it is not there."""
    return ids.index(wanted) + 1 if wanted in ids else None


def figures(ranks):
    n = len(ranks)
    return {
        "mrr@10": sum(1.0 / r for r in ranks if r is not None and r <= 10) / n,
        "success@1": sum(1 for r in ranks if r == 1) / n,
        "success@10": sum(1 for r in ranks if r is not None and r <= 10) / n,
        "queries": n,
    }


def run(bin_dir, directions, keep_keywords=False, search_args=()):
    index = os.path.join(bin_dir, "polsearch-index")
    search = os.path.join(bin_dir, "polsearch-search")
    trilingual = read_jsonl(os.path.join(CORPUS, "trilingual.jsonl"))
    results = []
    with tempfile.TemporaryDirectory(prefix="polsearch-crosslang-") as tmp:
        databases = {}
        for record_language in sorted({r for _, r in directions}):
            records = os.path.join(tmp, "trilingual-%s.jsonl" % record_language)
            with open(records, "w", encoding="utf-8") as f:
                for record in trilingual:
                    f.write(json.dumps(in_language(record, record_language, keep_keywords),
                                       ensure_ascii=False) + "\n")
            db = os.path.join(tmp, "db-%s" % record_language)
            subprocess.run([index, "--quiet", "--db", db, records] +
                           [os.path.join(CORPUS, name) for name in DISTRACTORS], check=True)
            databases[record_language] = db
        for query_language, record_language in directions:
            per_query, failures = [], []
            for record in trilingual:
                query = record["title"][query_language]
                result = subprocess.run(
                    [search, "--db", databases[record_language], "--format", "json", "--limit",
                     "10", *search_args, "--", query], stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE)
                if result.returncode != 0:
                    failures.append((record["id"], result.stderr.decode("utf-8", "replace")))
                    ids = []
                else:
                    ids = [hit["id"] for hit in json.loads(result.stdout)["hits"]]
                per_query.append({"id": record["id"], "query": query,
                                  "rank": rank_of(ids, record["id"]),
                                  "first": ids[0] if ids else None})
            scores = figures([q["rank"] for q in per_query])
            scores.update({"direction": "%s->%s" % (query_language, record_language),
                           "failed_queries": len(failures), "per_query": per_query})
            for qid, message in failures:
                print("crosslang_eval: %s->%s query of %s failed: %s" % (
                    query_language, record_language, qid, message.strip()), file=sys.stderr)
            results.append(scores)
    return results


def mean_of(results):
    out = {}
    for key in ("mrr@10", "success@1", "success@10"):
        out[key] = sum(r[key] for r in results) / len(results)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--per-query", action="store_true",
                        help="each query's rank of its record (and the first hit when not it)")
    parser.add_argument("--same-language", action="store_true",
                        help="also the three same-language directions, outside the mean")
    parser.add_argument("--keep-keywords", action="store_true",
                        help="leave the records' keywords in all three languages")
    parser.add_argument("--search-args", default="", metavar="ARGS",
                        help="more options for each polsearch-search, e.g. '--no-expand'")
    parser.add_argument("--bin", default=BIN, metavar="DIR",
                        help="folder of polsearch-index and polsearch-search (%(default)s)")
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.bin, "polsearch-search")):
        sys.exit("crosslang_eval: no %s/polsearch-search (build first: scripts/setup)" % args.bin)
    across = [(q, r) for q in LANGUAGES for r in LANGUAGES if q != r]
    same = [(language, language) for language in LANGUAGES] if args.same_language else []
    results = run(args.bin, across + same, args.keep_keywords, shlex.split(args.search_args))
    crossing = results[:len(across)]
    mean = mean_of(crossing)
    if args.json:
        if not args.per_query:
            for r in results:
                del r["per_query"]
        print(json.dumps({"directions": results, "mean": mean,
                          "keep_keywords": args.keep_keywords,
                          "search_args": args.search_args}, ensure_ascii=False))
        return
    print("%-10s %8s %10s %11s %8s" % ("direction", "MRR@10", "success@1", "success@10",
                                       "queries"))

    def row(name, r):
        print("%-10s %8.5f %10.5f %11.5f %8s" % (name, r["mrr@10"], r["success@1"],
                                                 r["success@10"], r.get("queries", "")))
        for q in r.get("per_query", []) if args.per_query else []:
            first = "" if q["rank"] == 1 or q["first"] is None else "  (first: %s)" % q["first"]
            print("    %-28s rank %2s  %s%s" % (q["id"], "-" if q["rank"] is None else q["rank"],
                                                q["query"], first))

    for r in crossing:
        row(r["direction"], r)
    row("mean", mean)
    if same:
        print("same language, not in the mean:")
        for r in results[len(crossing):]:
            row(r["direction"], r)


if __name__ == "__main__":
    main()
