#!/usr/bin/env python3
"""Language identification accuracy of polsearch on language-labelled sentences.

    bench/lid_eval.py ../shared/data/lid/ud-sentences.tsv

The headline, printed first, is the target's figure: accuracy on the whole sentences that have
at least one letter (a line without any, `------` or a number, has no language to find and
polsearch rightly says "unknown"), against the target of 99 %. Then accuracy on whole sentences
and on each sentence's first two words (what a short query looks like), overall and per
language, using `polsearch-analyze --detect`, each also over the texts that have a letter.
`--json` prints every figure as one JSON object instead.
"""
import json
import os
import subprocess
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANALYZE = os.path.join(ROOT, "build", "release", "bin", "polsearch-analyze")


def detect(texts):
    data = "".join(t.replace("\n", " ") + "\n" for t in texts).encode("utf-8")
    out = subprocess.run([ANALYZE, "--detect"], input=data, stdout=subprocess.PIPE,
                         check=True).stdout.decode("utf-8").split("\n")
    return out[: len(texts)]


TARGET = 0.99  # of the sentences that have a letter


def has_letter(text):
    return any(c.isalpha() for c in text)


def figures(labels, guesses):
    total = Counter(labels)
    right = Counter(l for l, g in zip(labels, guesses) if l == g)
    return {"accuracy": sum(right.values()) / len(labels), "texts": len(labels),
            "per_language": {l: right[l] / total[l] for l in sorted(total)},
            "misses": len(labels) - sum(right.values())}


def with_letter(labels, guesses, texts):
    # Text with no letter at all (`------`, `?`, a phone number) has no language: polsearch
    # says "unknown" (library catalogues' `zxx`/`und`), which counts as a miss over all texts.
    kept = [i for i, t in enumerate(texts) if has_letter(t)]
    return figures([labels[i] for i in kept], [guesses[i] for i in kept])


def summary(name, f):
    per = "  ".join("%s %.3f" % (l, a) for l, a in f["per_language"].items())
    return "%-25s accuracy %.4f  (%s; %d texts, %d missed)" % (name, f["accuracy"], per,
                                                               f["texts"], f["misses"])


def main():
    args = [a for a in sys.argv[1:] if a != "--json"]
    path = args[0] if args else os.path.join(
        ROOT, "..", "shared", "data", "lid", "ud-sentences.tsv")
    labels, sentences = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            label, _, text = line.rstrip("\n").partition("\t")
            labels.append(label)
            sentences.append(text)
    guesses = detect(sentences)
    two = [" ".join(s.split()[:2]) for s in sentences]
    two_guesses = detect(two)
    result = {
        "sentences with a letter": with_letter(labels, guesses, sentences),
        "sentences": figures(labels, guesses),
        "two words": figures(labels, two_guesses),
        "two words with a letter": with_letter(labels, two_guesses, two),
    }
    headline = result["sentences with a letter"]
    if "--json" in sys.argv[1:]:
        print(json.dumps(result | {"target": TARGET, "met": headline["accuracy"] >= TARGET}))
        return
    print("HEADLINE: sentences with a letter: accuracy %.4f (target %.2f: %s); %d of %d missed" % (
        headline["accuracy"], TARGET, "met" if headline["accuracy"] >= TARGET else "NOT MET",
        headline["misses"], headline["texts"]))
    print(summary("sentences", result["sentences"]))
    print(summary("sentences, with a letter", headline))
    print(summary("two words", result["two words"]))
    print(summary("two words, with a letter", result["two words with a letter"]))


if __name__ == "__main__":
    main()
