#!/usr/bin/env bash
# Runs one command-line golden test: tests/cli/cases/NAME.cmd holds the arguments
# of one `satcirc` call (a bash word list, paths relative to the repository root);
# NAME.expected holds its stdout, then "--- stderr", its stderr, then "--- exit N".
# With SATCIRC_UPDATE_GOLDEN=1 the expected file is (re)written instead.
set -uo pipefail
satcirc="$1"; repo="$2"; case_file="$3"
expected="${case_file%.cmd}.expected"
cd "$repo"
out="$(mktemp)"; errf="$(mktemp)"
trap 'rm -f "$out" "$errf"' EXIT
eval "set -- $(cat "$case_file")"
"$satcirc" "$@" >"$out" 2>"$errf" </dev/null
code=$?
actual="$(cat "$out"; echo "--- stderr"; cat "$errf"; echo "--- exit $code")"
if [[ "${SATCIRC_UPDATE_GOLDEN:-0}" == 1 ]]; then
  printf '%s\n' "$actual" >"$expected"
  echo "updated $expected"
  exit 0
fi
if [[ ! -f "$expected" ]]; then
  echo "missing $expected; actual output:"; printf '%s\n' "$actual"; exit 1
fi
if ! diff -u "$expected" <(printf '%s\n' "$actual"); then
  echo "FAILED: $case_file (diff above: - expected, + actual)"
  exit 1
fi
