#!/usr/bin/env bash
# Writes tests/golden/kazakh-stems.txt anew: the 5,000 commonest words of the Kazakh word list
# (common/data/kazakh-words.tsv) and the stem polsearch gives each, commonest first. A change to
# the stemmer changes this file: review its diff as code (git diff tests/golden), as Snowball's
# voc/output pairs are reviewed. Usage: tests/update_kazakh_stems.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
out=tests/golden/kazakh-stems.txt
words=$(mktemp)
trap 'rm -f "$words"' EXIT
grep -v '^#' common/data/kazakh-words.tsv | sort -t$'\t' -k2,2nr -k1,1 | awk -F'\t' 'NR <= 5000 { print $1 }' >"$words"
{
    echo "# The 5,000 commonest words of common/data/kazakh-words.tsv and their stems"
    echo "# (word TAB stem), made by tests/update_kazakh_stems.sh: review its diff as code."
    paste "$words" <("$build/bin/polsearch-analyze" --lang kk --stem <"$words")
} >"$out"
echo "wrote $out ($(grep -vc '^#' "$out") words)"
