#!/usr/bin/env bash
# Installs the Debian packages satcirc needs (only those missing), then configures
# and builds. Usage: tools/dev/setup.sh [--sanitize] [BUILD_DIR]
#   --sanitize   build with AddressSanitizer + UndefinedBehaviorSanitizer
# Environment: SATCIRC_JOBS (parallel build jobs, default: nproc).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sanitize=OFF
build_dir=""
for arg in "$@"; do
  case "$arg" in
    --sanitize) sanitize=ON ;;
    -*) echo "setup.sh: unknown option '$arg'" >&2; exit 2 ;;
    *) build_dir="$arg" ;;
  esac
done
if [[ -z "$build_dir" ]]; then
  if [[ "$sanitize" == ON ]]; then build_dir="$here/build-asan"; else build_dir="$here/build"; fi
fi

# Build and test dependencies, one Debian package each. Why each is here:
#   libabsl-dev          Status/StatusOr, containers, strings (required by the design)
#   libboost-graph-dev   circuit DAGs (required by the design)
#   libgraphviz-dev      DOT rendered to SVG/PNG in-process through libgvc
#   libgmp-dev           arbitrary-precision rationals: the exact engine's fallback
#   nlohmann-json3-dev   JSON parsing; its SAX interface hands us the literal text
#                        of every number, so "0.1" can be read as exactly 1/10
#   libgtest-dev libgmock-dev libbenchmark-dev   tests and benchmarks
#   yosys iverilog       independent simulators: the tests run the exported BLIF and
#                        Verilog circuits through them on every input
#   python3-torch python3-numpy   python/satcirc/torch.py (a model file as a trainable
#                        PyTorch module), its test and bench/compare_torch.py
#   pybind11-dev python3-dev python3-pytest   the Python module satcirc (python/,
#                        docs/python.md) and its pytest suite
#   libtorch-dev         LibTorch: `satcirc train` (lib/train, docs/training.md) trains
#                        in C++; the same library python3-torch wraps
#   libopenblas0-serial  an optimized BLAS for LibTorch's matrix products (Debian's default
#                        libblas.so.3 is the reference BLAS: 3x slower evaluations);
#                        single-threaded, so LibTorch's own fixed threads are all there are
#   clang libclang-rt-14-dev   the parsers' libFuzzer harnesses (tests/fuzz/run.sh, in CI)
#   libopenmpi-dev openmpi-bin   checks sharded over MPI ranks (lib/distributed; optional
#                        in the build: SATCIRC_MPI=OFF or no MPI leaves it out)
packages=(cmake ninja-build g++ pkg-config libabsl-dev libboost-dev libboost-graph-dev
          libgraphviz-dev libgmp-dev nlohmann-json3-dev libgtest-dev libgmock-dev
          libbenchmark-dev yosys iverilog python3-torch python3-numpy pybind11-dev
          python3-dev python3-pytest libtorch-dev libopenblas0-serial clang
          libclang-rt-14-dev libopenmpi-dev openmpi-bin)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "setup.sh: installing missing Debian packages: ${missing[*]}" >&2
  sudo=""
  if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

jobs="${SATCIRC_JOBS:-$(nproc)}"
cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSATCIRC_SANITIZE="$sanitize" >/dev/null
cmake --build "$build_dir" -j "$jobs"
