#!/usr/bin/env bash
# Installs polsearch from BUILD_DIR into a temporary prefix, then builds and runs the example
# program of docs/library.md as another CMake project that finds it with find_package, against
# a database of sample_corpus/. Also checks that no installed header includes Xapian or ICU.
# Usage: install_test.sh SOURCE_DIR BUILD_DIR [EXTRA_CXX_FLAGS]
set -euo pipefail
source_dir=$1
build_dir=$2
extra_flags=${3:-}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

cmake --install "$build_dir" --prefix "$scratch/prefix" >/dev/null
headers="$scratch/prefix/include/polsearch"
[ -f "$headers/engine.h" ] || { echo "engine.h was not installed" >&2; exit 1; }
if grep -n -E '#include *[<"](xapian|unicode/)' "$headers"/*.h; then
    echo "an installed header includes Xapian or ICU (above)" >&2
    exit 1
fi
for header in "$headers"/*.h; do
    { grep -h -o '#include "polsearch/[a-z_]*\.h"' "$header" || true; } | sed 's/.*polsearch\///; s/"//' |
        while read -r included; do
            [ -f "$headers/$included" ] || {
                echo "$(basename "$header") includes polsearch/$included, which is not installed" >&2
                exit 1
            }
        done
done

# The example program and its CMakeLists.txt, as docs/library.md shows them.
mkdir "$scratch/example"
awk '/^```cpp$/ {on=1; next} /^```$/ {on=0} on' "$source_dir/docs/library.md" >"$scratch/example/search.cpp"
awk '/^```cmake$/ {on=1; next} /^```$/ {on=0} on' "$source_dir/docs/library.md" >"$scratch/example/CMakeLists.txt"
[ -s "$scratch/example/search.cpp" ] && [ -s "$scratch/example/CMakeLists.txt" ] ||
    { echo "docs/library.md lost its example" >&2; exit 1; }
cmake -S "$scratch/example" -B "$scratch/example/build" -DCMAKE_PREFIX_PATH="$scratch/prefix" \
    -DCMAKE_CXX_FLAGS="$extra_flags" -DCMAKE_EXE_LINKER_FLAGS="$extra_flags" >"$scratch/configure.log" ||
    { cat "$scratch/configure.log" >&2; exit 1; }
cmake --build "$scratch/example/build" >"$scratch/build.log" 2>&1 || { cat "$scratch/build.log" >&2; exit 1; }

"$scratch/prefix/bin/polsearch-index" --quiet --db "$scratch/db" "$source_dir/sample_corpus"
output=$("$scratch/example/build/search" "$scratch/db" "мягкая сила")
echo "$output"
echo "$output" | grep -q -E '^[0-9]+ records match$' || { echo "no total" >&2; exit 1; }
echo "$output" | grep -q '^1\. ' || { echo "no hits" >&2; exit 1; }
echo "$output" | grep -q -E '^ru: [0-9]+$' || { echo "no language facet" >&2; exit 1; }
# An error is a message and exit status 1, not a crash.
if "$scratch/example/build/search" "$scratch/no-db" "x" 2>"$scratch/err"; then
    echo "a missing database did not fail" >&2; exit 1
fi
grep -q "no database at" "$scratch/err" || { cat "$scratch/err" >&2; exit 1; }
echo "install test: passed"
