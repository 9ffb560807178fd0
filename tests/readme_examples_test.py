#!/usr/bin/env python3
"""Every polsearch-index, polsearch-search and polsearch-analyze example of README.md runs as
written and exits 0: the command lines of its ```sh blocks that call build/release/bin/..., in
their order, in a folder laid out like a checkout (build/release is BUILD_DIR, sample_corpus/
the source's; harvest/, scopus.csv, zotero.ris, export.jsonl.gz and withdrawn.txt, which the
examples name, made from the test fixtures). A search or an analysis must also print
something. polsearch-serve's examples, which serve until stopped, are left out (test_serve.cpp
runs the program).

Usage: readme_examples_test.py SOURCE_DIR BUILD_DIR
"""
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile


def examples(readme):
    """The command lines of README's ```sh blocks that run polsearch-index, -search or -analyze
    from build/release/bin."""
    lines = []
    in_block = False
    for line in open(readme, encoding="utf-8"):
        stripped = line.strip()
        if stripped.startswith("```"):
            in_block = stripped == "```sh" and not in_block
            continue
        if in_block and re.search(r"build/release/bin/polsearch-(index|search|analyze)\b", stripped):
            lines.append(stripped)
    return lines


def main():
    source_dir, build_dir = sys.argv[1], sys.argv[2]
    commands = examples(os.path.join(source_dir, "README.md"))
    if len(commands) < 8:
        print(f"readme examples: only {len(commands)} examples found in README.md", file=sys.stderr)
        return 1
    scratch = tempfile.mkdtemp(prefix="polsearch-readme-")
    try:
        os.makedirs(os.path.join(scratch, "build"))
        os.symlink(os.path.abspath(build_dir), os.path.join(scratch, "build", "release"))
        os.symlink(os.path.join(source_dir, "sample_corpus"), os.path.join(scratch, "sample_corpus"))
        fixtures = os.path.join(source_dir, "tests", "fixtures")
        shutil.copytree(os.path.join(fixtures, "oai-harvest"), os.path.join(scratch, "harvest"))
        shutil.copy(os.path.join(fixtures, "csv", "scopus.csv"), os.path.join(scratch, "scopus.csv"))
        shutil.copy(os.path.join(fixtures, "ris", "zotero.ris"), os.path.join(scratch, "zotero.ris"))
        with open(os.path.join(source_dir, "sample_corpus", "en.jsonl"), "rb") as records, \
                gzip.open(os.path.join(scratch, "export.jsonl.gz"), "wb") as export:
            export.write(records.read())
        with open(os.path.join(scratch, "withdrawn.txt"), "w", encoding="utf-8") as ids:
            ids.write("# withdrawn by the journal\nen-042\n")
        environment = dict(os.environ)
        environment.pop("POLSEARCH_DB", None)
        failures = 0
        for command in commands:
            result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=scratch,
                                    env=environment, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            out = result.stdout.decode("utf-8", "replace")
            err = result.stderr.decode("utf-8", "replace")
            printing = "polsearch-index" not in command
            ok = result.returncode == 0 and (not printing or out.strip())
            print(f"{'ok  ' if ok else 'FAIL'} exit {result.returncode}: {command}")
            if not ok:
                failures += 1
                print(f"     stdout: {out[:500]!r}\n     stderr: {err[:1000]!r}")
        print(f"readme examples: {len(commands) - failures} of {len(commands)} as documented")
        return 1 if failures else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
