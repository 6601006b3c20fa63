#!/usr/bin/env bash
# Builds the seed corpus of every fuzz harness under OUT/TARGET/ from what the
# repository already holds: model files (examples/, tests/cli/data/), the JSON
# blocks of docs/, the --lang / --lengths / --engine arguments written in
# docs/ and tests/cli/cases/, the DFA files of tests/, and the committed seeds
# and regressions of tests/fuzz/. Usage: tests/fuzz/seed_corpus.sh OUT
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$1"
targets=(model_json language_spec dfa circuit_json aiger lengths engine_spec brasp
  crasp)
rm -rf "$out"
for t in "${targets[@]}"; do
  mkdir -p "$out/$t"
  cp "$repo/tests/fuzz/seeds/$t/"* "$out/$t/" 2>/dev/null || true
done
cd "$repo"

# Files as they are.
for f in examples/models/*.json examples/controls/*.json tests/cli/data/*.json; do
  cp "$f" "$out/model_json/$(basename "$(dirname "$f")")_$(basename "$f")"
done
for f in tests/automata/data/*.att; do cp "$f" "$out/dfa/"; done
for f in examples/programs/*.brasp tests/cli/data/*.brasp; do cp "$f" "$out/brasp/"; done
for f in examples/programs/*.crasp tests/cli/data/*.crasp; do cp "$f" "$out/crasp/"; done

# Every ```json block of the docs, to both JSON harnesses.
n=0
for page in docs/*.md; do
  awk -v prefix="$out/docs_$(basename "$page" .md)_" '
    /^```json/ { inside = 1; n++; file = prefix n; next }
    /^```/     { inside = 0; next }
    inside     { print > file }' "$page"
done
for f in "$out"/docs_*; do
  [[ -e "$f" ]] || continue
  cp "$f" "$out/circuit_json/"
  mv "$f" "$out/model_json/"
done

# Flag values written in the docs and the golden command lines, one file each.
flag_values() {
  { grep -ohE -- "--$1[ =]('[^']*'|\"[^\"]*\"|[^] \`]+)" docs/*.md \
      tests/cli/cases/*.cmd || true; } |
    sed -E "s/^--$1[ =]//; s/^'(.*)'\$/\\1/; s/^\"(.*)\"\$/\\1/" | sort -u
}
write_values() {
  local dir="$1" i=0
  while IFS= read -r value; do
    i=$((i + 1))
    printf '%s' "$value" >"$dir/flag_$i"
  done
}
flag_values lang | write_values "$out/language_spec"
flag_values lengths | write_values "$out/lengths"
flag_values engine | write_values "$out/engine_spec"
for t in "${targets[@]}"; do
  echo "$t: $(ls "$out/$t" | wc -l) seeds"
done
