#!/usr/bin/env bash
# The files the commands write: every -o output of the experiments exists and parses
# (JSON, CSV with its header, a complete SVG); every compile format starts as its format
# says; and a failed command leaves an existing output file as it was (outputs are
# written to a temporary file and renamed).
set -uo pipefail
satcirc="$1"; repo="$2"
cd "$repo"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAILED: $*"; exit 1; }
python=""
for p in python3 /usr/bin/python3; do command -v "$p" >/dev/null 2>&1 && python="$p" && break; done

check_json() {
  [[ -s "$1" ]] || fail "$1 is missing or empty"
  if [[ -n "$python" ]]; then
    "$python" -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" || fail "$1 is not JSON"
  fi
}
check_csv() {  # $1 file, $2 the first header field
  [[ -s "$1" ]] || fail "$1 is missing or empty"
  [[ "$(head -1 "$1" | cut -d, -f1)" == "$2" ]] || fail "$1: header does not start with $2"
  [[ $(wc -l <"$1") -ge 2 ]] || fail "$1 has no rows"
}
check_svg() {
  grep -q '<svg' "$1" && grep -q '</svg>' "$1" || fail "$1 is not a complete SVG"
}

"$satcirc" saturate --model zoo:majority,zoo:parity --lengths 3..5 --scales 1,100 \
  -o "$tmp/sat" >/dev/null || fail "saturate -o"
check_json "$tmp/sat.json"; check_csv "$tmp/sat.csv" model; check_svg "$tmp/sat.svg"
check_csv "$tmp/sat-metrics.csv" model; check_svg "$tmp/sat-metrics.svg"
"$satcirc" sharpness --model zoo:parity --lengths 3,4 --sigma 0.02 --draws 2 \
  -o "$tmp/sharp" >/dev/null || fail "sharpness -o"
check_json "$tmp/sharp.json"; check_csv "$tmp/sharp.csv" model; check_svg "$tmp/sharp.svg"
"$satcirc" precision --model zoo:majority --lengths 2..6 -o "$tmp/prec" >/dev/null ||
  fail "precision -o"
check_json "$tmp/prec.json"; check_csv "$tmp/prec.csv" model; check_svg "$tmp/prec.svg"

# compile: each format's first bytes.
for f in json:'{' blif:'#' verilog:'//' aiger:'aag' dot:'digraph' svg:'<?xml'; do
  fmt="${f%%:*}"; head="${f#*:}"
  "$satcirc" compile --model zoo:majority --length 3 --format "$fmt" -o "$tmp/c.$fmt" \
    >/dev/null || fail "compile --format $fmt"
  grep -q -- "$head" <(head -c 200 "$tmp/c.$fmt") || fail "compile --format $fmt: no '$head' at the start"
done
"$satcirc" compile --model zoo:majority --length 3 --format png -o "$tmp/c.png" >/dev/null ||
  fail "compile --format png"
[[ "$(head -c 8 "$tmp/c.png" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] ||
  fail "compile --format png: not a PNG signature"

# A refused compile leaves the existing file alone.
cp "$tmp/c.json" "$tmp/keep.json"
"$satcirc" compile --model zoo:parity --length 64 --precision 12 --max-gates 1000 \
  -o "$tmp/c.json" 2>/dev/null
[[ $? == 2 ]] || fail "an over-budget compile did not exit 2"
cmp -s "$tmp/c.json" "$tmp/keep.json" || fail "a refused compile changed the existing file"
ls "$tmp" | grep -q '\.tmp' && fail "a temporary file was left behind"
echo "output_files: all passed"
