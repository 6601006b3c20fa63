#!/usr/bin/env bash
# CI's fuzz step: builds the libFuzzer harnesses of tests/fuzz with clang
# (AddressSanitizer + UndefinedBehaviorSanitizer) in build-fuzz/, then runs each
# for SECONDS (default 30) on its seed corpus (tests/fuzz/seed_corpus.sh) plus
# its kept regressions, SATCIRC_JOBS (default: nproc) harnesses at a time.
# Fails, naming the input to keep under tests/fuzz/regressions/TARGET/, when a
# harness crashes, leaks, runs out of memory (2 GiB) or time (60 s an input).
# Usage: tests/fuzz/run.sh [SECONDS]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-30}"
jobs="${SATCIRC_JOBS:-$(nproc)}"
build="$repo/build-fuzz"
targets=(model_json language_spec dfa circuit_json aiger lengths engine_spec brasp
  crasp)

if ! command -v clang++ >/dev/null; then
  echo "run.sh: clang++ not found (libFuzzer needs clang); tools/dev/setup.sh" \
    "installs it" >&2
  exit 2
fi
start=$(date +%s)
CC=clang CXX=clang++ cmake -S "$repo" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Debug -DSATCIRC_FUZZ=ON -DSATCIRC_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --target fuzzers -j "$jobs"
built=$(date +%s)

corpus="$build/fuzz-corpus"
bash "$repo/tests/fuzz/seed_corpus.sh" "$corpus" >/dev/null
rm -rf "$build/fuzz-artifacts" "$build/fuzz-logs"
mkdir -p "$build/fuzz-logs"
run_one() {
  local t="$1"
  mkdir -p "$build/fuzz-artifacts/$t"
  # The first directory receives new inputs; the regressions stay untouched.
  "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 \
    -timeout=60 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$t/" \
    "$corpus/$t" "$repo/tests/fuzz/regressions/$t" \
    >"$build/fuzz-logs/$t.log" 2>&1
}
export -f run_one
export build seconds corpus repo
failed=0
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}' ||
  failed=1

for t in "${targets[@]}"; do
  log="$build/fuzz-logs/$t.log"
  runs=$({ grep -o 'number_of_executed_units: *[0-9]*' "$log" || true; } |
    grep -o '[0-9]*$' || true)
  rss=$({ grep -o 'peak_rss_mb: *[0-9]*' "$log" || true; } |
    grep -o '[0-9]*$' || true)
  echo "fuzz_$t: ${runs:-?} inputs in ${seconds} s, peak ${rss:-?} MB"
  for artifact in "$build/fuzz-artifacts/$t"/*; do
    [[ -e "$artifact" ]] || continue
    if [[ "$(basename "$artifact")" == slow-unit-* ]]; then
      # Over 10 s but within -timeout: worth a look, not a failure.
      echo "  slow input: $artifact"
      continue
    fi
    failed=1
    echo "  FOUND: $artifact (log: $log); reproduce with"
    echo "    $build/tests/fuzz/fuzz_$t $artifact"
    echo "  then keep it as tests/fuzz/regressions/$t/$(basename "$artifact")"
    { grep -E 'ERROR|SUMMARY|property broken' "$log" || true; } | head -5 |
      sed 's/^/    /'
  done
done
echo "fuzz step: built in $((built - start)) s, fuzzed in $(($(date +%s) - built)) s"
exit "$failed"
