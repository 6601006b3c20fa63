#!/usr/bin/env bash
# Sets up (tools/dev/setup.sh), builds and runs the whole test suite through ctest.
# Usage: tools/dev/test.sh [--sanitize]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_dir="$here/build"
args=()
for arg in "$@"; do
  case "$arg" in
    --sanitize) build_dir="$here/build-asan"; args+=(--sanitize) ;;
    *) echo "test.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done
bash "$here/tools/dev/setup.sh" "${args[@]}" "$build_dir"
cd "$build_dir"
ctest --output-on-failure -j "${SATCIRC_JOBS:-$(nproc)}"
