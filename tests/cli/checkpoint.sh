#!/usr/bin/env bash
# check --checkpoint: a check killed (SIGKILL, SIGINT) at seeded random moments and
# started again with the same arguments ends with the report of an uninterrupted run,
# byte for byte, and does not redo the shards its journal holds; a journal of other
# arguments, a malformed one and a file that is not a journal are refused (exit 2)
# and left as they were.
# Usage: checkpoint.sh SATCIRC [ROUNDS]
set -uo pipefail
satcirc="$1"; rounds="${2:-4}"
dir="$(mktemp -d)"; trap 'rm -rf "$dir"' EXIT
fail() { echo "FAILED: $*"; exit 1; }

# A passing exhaustive check (1.3 s on one core) and a failing one with sampled
# lengths and a counterexample.
pass_args=(check --model zoo:dyck1 --lang dyck:k=1 --lengths 14..21 --shard-size 32768
           --threads 1)
fail_args=(check --model zoo:majority --lang parity --lengths 1..20 --exhaustive-limit 65536
           --shard-size 4096 --threads 1)

# Kills runs of ARGS at random moments until one finishes, then compares its output
# with the uninterrupted run's. Prints how many shards the resumed runs skipped.
kill_and_resume() {
  local name="$1" signal="$2"; shift 2
  local journal="$dir/$name.journal" expected="$dir/$name.expected" skipped=0
  "$satcirc" "$@" >"$expected" 2>/dev/null
  local want=$?
  rm -f "$journal"
  for attempt in 1 2 3 4 5 6; do
    "$satcirc" "$@" --checkpoint "$journal" >"$dir/out" 2>"$dir/err" &
    local pid=$!
    sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
    kill "-$signal" "$pid" 2>/dev/null
    wait "$pid"
    local code=$?
    local n; n="$(sed -n 's/.*: \([0-9]*\) finished shards, not redone/\1/p' "$dir/err")"
    skipped=$((skipped + ${n:-0}))
    # Killed (137 SIGKILL, 130 SIGINT), or it finished before the signal.
    if [[ $code == "$want" ]]; then break; fi
    [[ $code == 137 || $code == 130 ]] || fail "$name: exit $code"; 
  done
  "$satcirc" "$@" --checkpoint "$journal" >"$dir/out" 2>"$dir/err"
  [[ $? == "$want" ]] || fail "$name: the resumed run's exit code"
  diff -u "$expected" "$dir/out" || fail "$name: resumed report differs"
  grep -q "finished shards, not redone" "$dir/err" || fail "$name: nothing skipped"
  echo "$skipped"
}

total_skipped=0
for seed in $(seq 1 "$rounds"); do
  RANDOM=$seed
  s=$(kill_and_resume "pass$seed" KILL "${pass_args[@]}") || { echo "$s"; exit 1; }
  total_skipped=$((total_skipped + s))
  s=$(kill_and_resume "fail$seed" INT "${fail_args[@]}") || { echo "$s"; exit 1; }
  s=$(kill_and_resume "passint$seed" INT "${pass_args[@]}") || { echo "$s"; exit 1; }
  total_skipped=$((total_skipped + s))
done
# Not vacuous: some kills landed mid-run, so resumed runs skipped finished shards.
(( total_skipped > 0 )) || fail "no run was killed mid-way"

# Refusals, leaving the file as it was.
journal="$dir/pass1.journal"
cp "$journal" "$dir/copy"
"$satcirc" "${pass_args[@]}" --seed 2 --checkpoint "$journal" >/dev/null 2>"$dir/err"
[[ $? == 2 ]] && grep -q "a journal of other arguments: seed 1, now seed 2" "$dir/err" ||
  fail "other arguments: $(cat "$dir/err")"
cmp -s "$journal" "$dir/copy" || fail "a refused journal was changed"
printf 'satcirc-check-journal/1\narg model x\n' >"$dir/short"
"$satcirc" "${pass_args[@]}" --checkpoint "$dir/short" >/dev/null 2>"$dir/err"
[[ $? == 2 ]] && grep -q "short:2: a journal of other arguments" "$dir/err" ||
  fail "short journal: $(cat "$dir/err")"
head -12 "$journal" >"$dir/bad"; echo "shard 14 exhaustive 0 oops" >>"$dir/bad"
"$satcirc" "${pass_args[@]}" --checkpoint "$dir/bad" >/dev/null 2>"$dir/err"
[[ $? == 2 ]] && grep -q "bad:13: not a shard record" "$dir/err" ||
  fail "malformed journal: $(cat "$dir/err")"
echo "not a journal" >"$dir/mine.txt"
"$satcirc" "${pass_args[@]}" --checkpoint "$dir/mine.txt" >/dev/null 2>"$dir/err"
[[ $? == 2 && "$(cat "$dir/mine.txt")" == "not a journal" ]] ||
  fail "a file that is not a journal: $(cat "$dir/err")"
echo "checkpoint: $rounds rounds, $total_skipped shards skipped on resuming"
