#!/usr/bin/env python3
"""Checks that the library's dependencies point one way (docs/design.md, "The map").

The library's subsystems are folders of common/src, in layers: each may include the headers of
its own folder and of the folders before it, never of those after it, and the headers include
one another without a cycle. The installed headers (common/include/polsearch) include only
each other and the standard library: no internal header, no Xapian, ICU, Boost or nlohmann
type. Among them the vocabulary of every layer (error, language, record, search) may be
included anywhere; export.h only from formats on, engine.h only from search on.

    tests/check_layers.py SOURCE_DIR     # exit 1 and one line per broken rule
"""
import os
import re
import sys

LAYERS = ["text", "kazakh", "analysis", "formats", "index", "search", "service"]
VOCABULARY = {"error", "language", "record", "search"}
PUBLIC_FROM = {"export": "formats", "engine": "search"}
FOREIGN = re.compile(r"#include <(xapian|unicode/|boost/|nlohmann/|expat|zlib|hunspell)")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def main(root):
    library = os.path.join(root, "common")
    problems = []
    graph = {}  # header → the headers it includes (paths relative to common)

    public_dir = os.path.join(library, "include", "polsearch")
    for name in sorted(os.listdir(public_dir)):
        path = os.path.join(public_dir, name)
        text = open(path, encoding="utf-8").read()
        where = f"common/include/polsearch/{name}"
        for included in INCLUDE.findall(text):
            if not included.startswith("polsearch/"):
                problems.append(f"{where}: an installed header includes the internal \"{included}\"")
            graph.setdefault(f"include/{name}", []).append(f"include/{os.path.basename(included)}")
        for match in FOREIGN.finditer(text):
            problems.append(f"{where}: an installed header includes <{match.group(1)}…>")

    src = os.path.join(library, "src")
    for folder in sorted(os.listdir(src)):
        folder_path = os.path.join(src, folder)
        if not os.path.isdir(folder_path):
            continue
        if folder not in LAYERS:
            problems.append(f"common/src/{folder}: a folder that is no layer (tests/check_layers.py)")
            continue
        rank = LAYERS.index(folder)
        for name in sorted(os.listdir(folder_path)):
            if not name.endswith((".h", ".cpp")):
                continue
            where = f"common/src/{folder}/{name}"
            text = open(os.path.join(folder_path, name), encoding="utf-8").read()
            for included in INCLUDE.findall(text):
                parts = included.split("/")
                if len(parts) != 2:
                    problems.append(f"{where}: includes \"{included}\" (write \"folder/name.h\")")
                    continue
                owner, header = parts[0], parts[1][:-2]
                if owner == "polsearch":
                    if header in VOCABULARY:
                        pass
                    elif header in PUBLIC_FROM and rank >= LAYERS.index(PUBLIC_FROM[header]):
                        pass
                    else:
                        problems.append(f"{where}: {folder}/ includes \"{included}\", which belongs "
                                        f"to a layer after it")
                    target = f"include/{parts[1]}"
                elif owner in LAYERS:
                    if LAYERS.index(owner) > rank:
                        problems.append(f"{where}: {folder}/ includes \"{included}\" of {owner}/, "
                                        f"a layer after it ({' → '.join(LAYERS)})")
                    target = f"src/{included}"
                else:
                    problems.append(f"{where}: includes \"{included}\" of no known folder")
                    continue
                if name.endswith(".h"):
                    graph.setdefault(f"src/{folder}/{name}", []).append(target)

    # Headers that include one another in a circle.
    state = {}

    def visit(node, path):
        state[node] = "open"
        for child in graph.get(node, []):
            if state.get(child) == "open":
                cycle = path[path.index(child):] + [child] if child in path else [node, child]
                problems.append("headers include one another in a circle: " + " → ".join(cycle))
            elif child not in state:
                visit(child, path + [child])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])

    for problem in problems:
        print(problem)
    if problems:
        print(f"check_layers: {len(problems)} broken rule(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")))
