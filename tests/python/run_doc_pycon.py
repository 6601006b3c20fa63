"""Runs the Python examples of a docs page: every ```pycon block is a doctest
transcript (">>> " and "... " lines, then the expected output). The blocks of a
page run in order in one namespace, as a notebook's cells would, from a scratch
view of the repository (its folders linked), so files the examples write land in
the scratch folder; they may read the repository's files, docs/ included.

Usage: run_doc_pycon.py PAGE REPO_ROOT   (PYTHONPATH must find the satcirc package)
Exit 0 when every example prints what the page says, 1 otherwise.
"""

import atexit
import doctest
import os
import shutil
import sys
import tempfile


def blocks(path):
    """(first line number, text) of every ```pycon block of a markdown page."""
    found, lines, start = [], None, 0
    with open(path) as page:
        for number, line in enumerate(page, 1):
            if lines is None and line.rstrip() == "```pycon":
                lines, start = [], number + 1
            elif lines is not None and line.rstrip() == "```":
                found.append((start, "".join(lines)))
                lines = None
            elif lines is not None:
                lines.append(line)
    return found


def scratch_view(repo):
    """A temporary folder holding links to the repository's top-level entries."""
    folder = tempfile.mkdtemp(prefix="satcirc-doc-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for entry in os.listdir(repo):
        if entry != ".git":
            os.symlink(os.path.join(repo, entry), os.path.join(folder, entry))
    return folder


def main():
    page, repo = sys.argv[1], os.path.abspath(sys.argv[2])
    found = blocks(page)
    if not found:
        print(f"no ```pycon examples in {page}")
        return 1
    os.chdir(scratch_view(repo))
    parser, globs = doctest.DocTestParser(), {"__name__": "__doc__"}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for start, text in found:
        test = parser.get_doctest(text, globs, f"{os.path.basename(page)}:{start}", page, start - 1)
        runner.run(test, clear_globs=False)
        globs = test.globs  # a DocTest copies its globals: the next block continues here
    failed, tried = runner.summarize(verbose=False)
    print(f"{page}: {tried} examples, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
