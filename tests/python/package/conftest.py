"""Fixtures of the Python package's tests (run by ctest as python.package).

The environment names what to test: SATCIRC_BINARY (the satcirc command, whose
results the module's must equal) and SATCIRC_REPO (the repository root, for
examples/). PYTHONPATH holds BUILD/python, where the build assembles the package.
"""

import os
import subprocess

import pytest


@pytest.fixture(scope="session")
def repo():
    return os.environ.get("SATCIRC_REPO", os.path.join(os.path.dirname(__file__), "../../.."))


@pytest.fixture(scope="session")
def cli():
    """Runs the satcirc command: cli(*args, stdin=None) -> CompletedProcess (text)."""
    binary = os.environ["SATCIRC_BINARY"]

    def run(*args, stdin=None, cwd=None):
        return subprocess.run([binary, *map(str, args)], input=stdin, capture_output=True,
                              text=True, cwd=cwd)
    return run
