#!/usr/bin/env bash
# End-to-end checks of `satcirc check` that need more than one command:
#  1. a negative control's counterexample, re-run through `satcirc run` and through the
#     language (`satcirc count` cannot test one word, so the membership comes from the
#     check's own report and is confirmed by the model disagreeing with it);
#  2. a model with one weight changed is caught (exit 1).
set -uo pipefail
satcirc="$1"; repo="$2"
cd "$repo"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAILED: $*"; exit 1; }

# 1. Negative controls.
for pair in "majority-hard majority" "parity-hard parity"; do
  set -- $pair
  out="$("$satcirc" check --model "zoo:$1" --lang "$2" --lengths 0..6 --json)"
  code=$?
  [[ $code == 1 ]] || fail "check of zoo:$1 exited $code, expected 1"
  cex="$(printf '%s' "$out" | grep -o '"counterexample": "[^"]*"' | head -1 | sed 's/.*: "//; s/"$//')"
  member="$(printf '%s' "$out" | grep -o '"counterexample_is_member": [a-z]*' | head -1 | sed 's/.*: //')"
  [[ -n "$cex" ]] || fail "no counterexample for zoo:$1"
  accept="$("$satcirc" run --model "zoo:$1" --input "$cex" --json | grep -o '"accept": [a-z]*' | sed 's/.*: //')"
  [[ "$accept" != "$member" ]] || fail "zoo:$1 on '$cex': run says accept=$accept, member=$member"
  # The language's verdict, independently: the saturated construction is verified.
  good="${1%-hard}"
  truth="$("$satcirc" run --model "zoo:$good" --input "$cex" --json | grep -o '"accept": [a-z]*' | sed 's/.*: //')"
  [[ "$truth" == "$member" ]] || fail "zoo:$good on '$cex' says $truth, the check said member=$member"
  echo "zoo:$1: counterexample '$cex' confirmed (member=$member, model accepts=$accept)"
done

# 2. One weight changed.
"$satcirc" zoo dyck1 -o "$tmp/dyck1.json" || fail "zoo dyck1"
"$satcirc" check --model "$tmp/dyck1.json" --lang dyck:k=1 --lengths 0..10 >/dev/null
[[ $? == 0 ]] || fail "the unchanged dyck1 does not hold"
# The readout's weight on inv_pos: 1/2 -> 2 lets y stay positive with a negative prefix.
sed 's/"weights": \[0, 0, "1\/2", 0, -1, -1, -1\]/"weights": [0, 0, 2, 0, -1, -1, -1]/' \
  "$tmp/dyck1.json" >"$tmp/changed.json"
cmp -s "$tmp/dyck1.json" "$tmp/changed.json" && fail "the sed did not change a weight"
"$satcirc" check --model "$tmp/changed.json" --lang dyck:k=1 --lengths 0..10 >"$tmp/out.txt"
code=$?
[[ $code == 1 ]] || { cat "$tmp/out.txt"; fail "changed weight: exit $code, expected 1"; }
grep "fails at n = " "$tmp/out.txt"
echo "check_scripts: all passed"
