#!/usr/bin/env python3
"""The "Beside tracr" tables of docs/brasp.md and docs/crasp.md hold what
bench/tracr_sizes.py prints, and the satcirc sizes of their library tables.

Usage: tracr_sizes_match_docs.py REPO

Runs `python3 bench/tracr_sizes.py` (the default max_seq_len, 16) and, for each page,
compares every row of its "## Beside tracr" table: the tracr columns with the script's
row of that program, the satcirc columns with the page's library table; and every
program of the page's kind (.brasp, .crasp) that the script prints must be in the
table. Then runs the script's --check (its programs decide their languages on short
words, its hand derivations agree with its rules, its layer allocation gives tracr's
own test expectations). Prints every mismatch; exit 1 when there is one.
"""
import os
import re
import subprocess
import sys


def run(repo, *args):
    p = subprocess.run([sys.executable, os.path.join(repo, "bench", "tracr_sizes.py"), *args],
                       capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def tables(text):
    """Markdown tables of text as (section heading, header cells, {first cell: row})."""
    out, section, rows = [], "", None
    for line in text.splitlines() + [""]:
        if line.startswith("## "):
            section = line[3:].strip()
        if line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            if rows is None:
                rows = [cells]
            elif not set("".join(cells)) <= set("-:"):
                rows.append(cells)
        elif rows is not None:
            out.append((section, rows[0], {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}))
            rows = None
    return out


def main():
    repo = sys.argv[1]
    errors = []
    code, printed = run(repo)
    if code != 0:
        sys.exit(f"bench/tracr_sizes.py: exit {code}\n{printed}")
    script = tables(printed)
    if len(script) != 1:
        sys.exit(f"bench/tracr_sizes.py printed {len(script)} tables, expected 1")
    _, _, tracr = script[0]
    for page, kind in (("brasp.md", ".brasp"), ("crasp.md", ".crasp")):
        with open(os.path.join(repo, "docs", page), encoding="utf-8") as f:
            found = tables(f.read())
        beside = [rows for section, _, rows in found if section == "Beside tracr"]
        library = [rows for section, _, rows in found if section.startswith("The library")]
        if len(beside) != 1 or len(library) != 1:
            errors.append(f"docs/{page}: expected one table under '## Beside tracr' and one "
                          f"under '## The library', found {len(beside)} and {len(library)}")
            continue
        beside, library = beside[0], library[0]
        for name, row in beside.items():
            for col, cell in row.items():
                if col.startswith("tracr "):
                    want = tracr.get(name, {}).get(col)
                    if cell != want:
                        errors.append(f"docs/{page}: {name}: {col} is {cell}, "
                                      f"bench/tracr_sizes.py says {want}")
                elif col.startswith("satcirc "):
                    want = library.get(name, {}).get(col[len("satcirc "):])
                    if cell != want:
                        errors.append(f"docs/{page}: {name}: {col} is {cell}, "
                                      f"the library table says {want}")
        for name in tracr:
            if name.endswith(kind) and name not in beside:
                errors.append(f"docs/{page}: {name} is missing from the Beside tracr table")
        print(f"docs/{page}: {len(beside)} rows compared")
    code, checked = run(repo, "--check")
    print(checked, end="")
    if code != 0:
        errors.append(f"bench/tracr_sizes.py --check: exit {code}")
    for e in errors:
        print("MISMATCH:", e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
