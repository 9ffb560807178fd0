#!/usr/bin/env python3
"""Conflation quality of a stemmer on (form, lemma, part of speech) lists.

Pairwise precision: of the pairs of distinct forms that get the same stem, the share that
share a lemma. Recall: of the pairs of forms that share a lemma, the share that get the same
stem. F1 from both (definition: ../shared/notes/languages.md).

    bench/stemmer_eval.py --lang kk ../shared/data/morph/kk-ktb-test.tsv
    bench/stemmer_eval.py --lang en --stemmer prefix5 FILE     # reference points

--stemmer polsearch (default) runs `polsearch-analyze --lang LANG --stem`; snowball runs
Snowball's stemmer for the language as stock Xapian has it (`polsearch-peers stem`; Kazakh has
none in Xapian 1.4); prefix4, prefix5 and identity are simple baselines that check the
evaluator against published figures.
"""
import argparse
import itertools
import os
import subprocess
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_pairs(path):
    lemmas = defaultdict(set)
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or not parts[0]:
                continue
            lemmas[parts[0].lower()].add(parts[1].lower())
    return lemmas


def stems_of(forms, lang, stemmer, analyzer):
    if stemmer == "identity":
        return list(forms)
    if stemmer.startswith("prefix"):
        n = int(stemmer[len("prefix"):])
        return [f[:n] for f in forms]
    data = "".join(f + "\n" for f in forms).encode("utf-8")
    command = [analyzer, "--lang", lang, "--stem"]
    if stemmer == "snowball":
        command = [os.path.join(ROOT, "build/release/bench/polsearch-peers"), "stem", "--language",
                   {"en": "english", "ru": "russian", "kk": "none"}[lang]]
    out = subprocess.run(command, input=data,
                         stdout=subprocess.PIPE, check=True).stdout.decode("utf-8")
    stems = out.split("\n")[: len(forms)]
    if len(stems) != len(forms):
        sys.exit("the stemmer printed %d lines for %d words" % (len(stems), len(forms)))
    return stems


def pairs_by(groups):
    pairs = set()
    for members in groups.values():
        for a, b in itertools.combinations(sorted(members), 2):
            pairs.add((a, b))
    return pairs


def evaluate(lemmas, stems):
    by_stem = defaultdict(set)
    by_lemma = defaultdict(set)
    for form, stem in stems.items():
        by_stem[stem].add(form)
        for lemma in lemmas[form]:
            by_lemma[lemma].add(form)
    same_stem = pairs_by(by_stem)
    same_lemma = pairs_by(by_lemma)
    both = len(same_stem & same_lemma)
    precision = both / len(same_stem) if same_stem else 1.0
    recall = both / len(same_lemma) if same_lemma else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", required=True, choices=["en", "ru", "kk"])
    parser.add_argument("--stemmer", default="polsearch")
    parser.add_argument("--analyzer",
                        default=os.path.join(ROOT, "build/release/bin/polsearch-analyze"))
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.add_argument("file")
    args = parser.parse_args()
    lemmas = read_pairs(args.file)
    forms = sorted(lemmas)
    stems = dict(zip(forms, stems_of(forms, args.lang, args.stemmer, args.analyzer)))
    precision, recall, f1 = evaluate(lemmas, stems)
    if args.json:
        import json
        print(json.dumps({"file": os.path.basename(args.file), "lang": args.lang,
                          "stemmer": args.stemmer, "forms": len(forms),
                          "precision": round(precision, 4), "recall": round(recall, 4),
                          "f1": round(f1, 4)}))
    else:
        print("%s %s %-9s forms=%d P=%.3f R=%.3f F1=%.3f" % (
            os.path.basename(args.file), args.lang, args.stemmer, len(forms), precision, recall, f1))


if __name__ == "__main__":
    main()
