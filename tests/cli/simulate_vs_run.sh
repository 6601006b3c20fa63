#!/usr/bin/env bash
# `satcirc simulate` on a compiled circuit decides as `satcirc run` does: for several
# zoo models, every string of a small length n, the circuit written as JSON, ASCII and
# binary AIGER, against `run --engine fixed:P` (the circuit's contract, P the precision
# compile chose) and `run` (exact; at p*(n) over all strings they agree on Σⁿ).
set -uo pipefail
satcirc="$1"; repo="$2"
cd "$repo"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAILED: $*"; exit 1; }

# Every string of length $2 over the symbols of $1, one per line.
strings() {
  local abc="$1" n="$2" out=("")
  for ((i = 0; i < n; i++)); do
    local next=()
    for s in "${out[@]}"; do
      for ((k = 0; k < ${#abc}; k++)); do next+=("$s${abc:k:1}"); done
    done
    out=("${next[@]}")
  done
  printf '%s\n' "${out[@]}"
}

checked=0
for pair in "majority 5" "parity 4" "dyck1 4" "anbncn 3" "tomita7 4" "first 3"; do
  set -- $pair; model="zoo:$1"; n="$2"
  info="$("$satcirc" compile --model "$model" --length "$n" -o "$tmp/c.json" --json)" ||
    fail "compile $model --length $n"
  p="$(printf '%s' "$info" | grep -o '"precision": [0-9]*' | sed 's/.*: //')"
  "$satcirc" compile --model "$model" --length "$n" --precision "$p" -o "$tmp/c.aag" >/dev/null ||
    fail "compile $model to .aag"
  "$satcirc" compile --model "$model" --length "$n" --precision "$p" -o "$tmp/c.aig" >/dev/null ||
    fail "compile $model to .aig"
  abc="$("$satcirc" zoo "$1" -o - | grep -o '"alphabet": "[^"]*"' | sed 's/.*: "//; s/"$//')"
  [[ -n "$abc" ]] || fail "no alphabet for $model"
  while IFS= read -r s; do
    fixed="$("$satcirc" run --model "$model" --engine "fixed:$p" --input "$s" | cut -d' ' -f1)"
    exact="$("$satcirc" run --model "$model" --input "$s" | cut -d' ' -f1)"
    [[ "$fixed" == "$exact" ]] || fail "$model '$s': fixed:$p says $fixed, exact $exact"
    for f in c.json c.aag c.aig; do
      got="$("$satcirc" simulate --circuit "$tmp/$f" --model "$model" --input "$s")" ||
        fail "simulate $model $f '$s' exited $?"
      [[ "$got" == "$fixed" ]] || fail "$model $f '$s': simulate says $got, run says $fixed"
    done
    checked=$((checked + 1))
  done < <(strings "$abc" "$n")
  echo "$model at n = $n (fixed:$p, alphabet $abc): simulate = run on all ${#abc}^$n strings"
done
echo "$checked strings checked"
