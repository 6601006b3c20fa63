#!/usr/bin/env bash
# Runs a Python test script with the first interpreter that can import torch:
# $SATCIRC_PYTHON, then python3 on the PATH, then /usr/bin/python3 (Debian's
# python3-torch installs there; a pyenv or venv python3 earlier on the PATH may
# not have it). Without one, exits 77, which ctest reports as skipped.
# Usage: run_python_test.sh SCRIPT ARGS...
set -uo pipefail
for python in ${SATCIRC_PYTHON:-} python3 /usr/bin/python3; do
  if "$python" -c "import torch" >/dev/null 2>&1; then
    exec "$python" "$@"
  fi
done
echo "skipped: no python3 that can import torch (install python3-torch, or set SATCIRC_PYTHON)"
exit 77
