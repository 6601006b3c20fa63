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
check_svg "$tmp/sat-accuracy.svg"
grep -q '^zoo:parity,5,100,accuracy,,,1$' "$tmp/sat-metrics.csv" ||
  fail "saturate: no accuracy rows in PREFIX-metrics.csv"
# Without a language (a model file without --lang): no accuracy, no accuracy plot.
"$satcirc" saturate --model examples/experiments/first_peak.json --lengths 3 --scales 1 \
  -o "$tmp/nolang" >/dev/null || fail "saturate -o without a language"
[[ ! -e "$tmp/nolang-accuracy.svg" ]] || fail "saturate: an accuracy plot without a language"
"$satcirc" sharpness --model zoo:parity --lengths 3,4 --sigma 0.02 --draws 2 \
  -o "$tmp/sharp" >/dev/null || fail "sharpness -o"
check_json "$tmp/sharp.json"; check_csv "$tmp/sharp.csv" model; check_svg "$tmp/sharp.svg"
"$satcirc" precision --model zoo:majority --lengths 2..6 -o "$tmp/prec" >/dev/null ||
  fail "precision -o"
check_json "$tmp/prec.json"; check_csv "$tmp/prec.csv" model; check_svg "$tmp/prec.svg"

# All of a command's outputs or none: when a later file cannot be written
# (PREFIX.svg is a directory), no PREFIX.csv appears, an existing PREFIX.json
# is left as it was, and no temporary or backup file stays behind.
for cmd in "saturate --model zoo:majority --lengths 3 --scales 1" \
           "sharpness --model zoo:majority --lengths 3 --sigma 0.02 --draws 2" \
           "precision --model zoo:majority --lengths 3"; do
  rm -rf "$tmp"/all*; mkdir "$tmp/all.svg"; echo old >"$tmp/all.json"
  # shellcheck disable=SC2086
  "$satcirc" $cmd -o "$tmp/all" >/dev/null 2>"$tmp/err"
  code=$?
  [[ $code == 2 ]] || fail "$cmd -o: exit $code with PREFIX.svg a directory"
  [[ "$(cat "$tmp/all.json")" == old ]] || fail "$cmd -o: PREFIX.json was replaced"
  [[ ! -e "$tmp/all.csv" ]] || fail "$cmd -o: PREFIX.csv was written"
  grep -q "all.svg: cannot write" "$tmp/err" || fail "$cmd -o: $(cat "$tmp/err")"
  ls "$tmp" | grep -q '\.tmp\.\|\.bak\.' && fail "$cmd -o: a temporary file was left"
done
rm -rf "$tmp"/all*

# saturate: the plot's fit is the printed fit (lengths at the search's floor
# are upper bounds, drawn hollow with an arrow and never fitted).
"$satcirc" saturate --model zoo:dyck1 --lengths 2..12 --scales 1 -o "$tmp/d1" \
  >"$tmp/d1.txt" || fail "saturate zoo:dyck1"
printed="$(grep -o 'c\* ~ n^[0-9.]*' "$tmp/d1.txt" | sed 's/.*\^//')"
legend="$(grep -o 'slope k = [0-9.]*' "$tmp/d1.svg" | sed 's/.*= //')"
[[ -n "$printed" && "$printed" == "$legend" ]] ||
  fail "saturate zoo:dyck1: printed n^$printed, the plot's legend says slope $legend"
grep -q 'class="upper-bounds"' "$tmp/d1.svg" || fail "saturate: floor values not drawn as bounds"

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

# A circuit too large to read gate by gate is drawn as a summary, at once (zoo:parity
# at n = 16 gate by gate took 13 minutes to PNG), with a note; Graphviz prints nothing.
start=$SECONDS
"$satcirc" compile --model zoo:parity --length 16 --precision 8 --format png \
  -o "$tmp/p16.png" >"$tmp/out" 2>"$tmp/err" || fail "compile parity n = 16 to PNG"
(( SECONDS - start < 60 )) || fail "compile parity n = 16 to PNG took $((SECONDS - start)) s"
grep -q '^note: Summary' "$tmp/out" || fail "compile: no note for the summary: $(cat "$tmp/out")"
[[ ! -s "$tmp/err" ]] || fail "compile: stderr: $(cat "$tmp/err")"

# circuit-stats: a progress bar on a terminal, nothing on a pipe.
if command -v script >/dev/null 2>&1; then
  script -qec "'$satcirc' circuit-stats --model zoo:majority --lengths 2..6 >/dev/null" \
    /dev/null >"$tmp/tty.txt" 2>&1
  grep -q 'circuit-stats \[' "$tmp/tty.txt" || fail "circuit-stats: no progress bar on a terminal"
fi
"$satcirc" circuit-stats --model zoo:majority --lengths 2..6 >/dev/null 2>"$tmp/err" ||
  fail "circuit-stats"
[[ ! -s "$tmp/err" ]] || fail "circuit-stats wrote to a non-terminal stderr: $(cat "$tmp/err")"

# A refused compile leaves the existing file alone.
cp "$tmp/c.json" "$tmp/keep.json"
"$satcirc" compile --model zoo:parity --length 64 --precision 12 --max-gates 1000 \
  -o "$tmp/c.json" 2>/dev/null
[[ $? == 2 ]] || fail "an over-budget compile did not exit 2"
cmp -s "$tmp/c.json" "$tmp/keep.json" || fail "a refused compile changed the existing file"
ls "$tmp" | grep -q '\.tmp' && fail "a temporary file was left behind"
echo "output_files: all passed"
