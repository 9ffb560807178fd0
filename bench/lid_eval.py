#!/usr/bin/env python3
"""Language identification accuracy of polsearch on language-labelled sentences.

    bench/lid_eval.py ../shared/data/lid/ud-sentences.tsv

Reports accuracy on whole sentences and on each sentence's first two words (what a short query
looks like), overall and per language, using `polsearch-analyze --detect`; then the same over
the texts that have at least one letter (a text without any has no language to find).
"""
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


def report(name, labels, guesses, texts=None):
    total = Counter(labels)
    right = Counter(l for l, g in zip(labels, guesses) if l == g)
    overall = sum(right.values()) / len(labels)
    per = "  ".join("%s %.3f" % (l, right[l] / total[l]) for l in sorted(total))
    print("%-25s accuracy %.4f  (%s; %d texts)" % (name, overall, per, len(labels)))
    if texts is not None:
        # Text with no letter at all (`------`, `?`, a phone number) has no language: polsearch
        # says "unknown" (library catalogues' `zxx`/`und`), which counts as a miss above. This
        # line shows how the detector does on the texts it can decide.
        kept = [i for i, t in enumerate(texts) if any(c.isalpha() for c in t)]
        report(name + ", with a letter", [labels[i] for i in kept], [guesses[i] for i in kept])


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        ROOT, "..", "shared", "data", "lid", "ud-sentences.tsv")
    labels, sentences = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            label, _, text = line.rstrip("\n").partition("\t")
            labels.append(label)
            sentences.append(text)
    report("sentences", labels, detect(sentences), sentences)
    two = [" ".join(s.split()[:2]) for s in sentences]
    report("two words", labels, detect(two), two)


if __name__ == "__main__":
    main()
