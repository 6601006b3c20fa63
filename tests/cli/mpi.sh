#!/usr/bin/env bash
# satcirc under mpirun: check (exhaustive and sampled, a passing and a failing pair,
# text and JSON), atlas (stdout and -o FILE), count and analyze print, for 1, 2 and 3
# ranks, byte for byte what one process prints, with the same exit code; a check
# journaled by 2 ranks, killed, and resumed by 3 ends with the one-process report.
# Usage: mpi.sh SATCIRC MPIRUN
set -uo pipefail
satcirc="$1"; mpirun="$2"
dir="$(mktemp -d)"; trap 'rm -rf "$dir"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
fail() { echo "FAILED: $*"; exit 1; }
# In the sanitizer build: Open MPI's plugins, loaded and unloaded at MPI_Init and
# MPI_Finalize, leave allocations LeakSanitizer cannot name (no library to suppress);
# leaks of satcirc's own code are the single-process tests' to find.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
run_mpi() { local np="$1"; shift; "$mpirun" --oversubscribe -np "$np" "$satcirc" "$@"; }

commands=(
  "check --model zoo:dyck1 --lang dyck:k=1 --lengths 10..16 --shard-size 512"
  "check --model zoo:majority --lang parity --lengths 1..20 --exhaustive-limit 4096 --shard-size 256 --json"
  "check --model zoo:parity --lang parity --lengths 4..6 --test-lengths 40,60 --samples 64"
  "atlas --samples 40 --exhaustive-words 1024 --sampled-lengths 32,64"
  "count --lang dyck:k=1 --lengths 0..40"
  "analyze --lang tomita:4 --lengths 1..12"
)
for cmd in "${commands[@]}"; do
  read -ra args <<<"$cmd"
  "$satcirc" "${args[@]}" >"$dir/one" 2>/dev/null
  want=$?
  for np in 1 2 3; do
    run_mpi "$np" "${args[@]}" >"$dir/many" 2>"$dir/err"
    code=$?
    [[ $code == "$want" ]] || fail "$cmd: $np ranks exit $code, one process $want: $(cat "$dir/err")"
    cmp -s "$dir/one" "$dir/many" || { diff "$dir/one" "$dir/many" | head; fail "$cmd: $np ranks"; }
  done
done

# Files are written once, by rank 0, whole.
"$satcirc" atlas --samples 40 --exhaustive-words 1024 --sampled-lengths 32 -o "$dir/one.md"
run_mpi 3 atlas --samples 40 --exhaustive-words 1024 --sampled-lengths 32 -o "$dir/many.md" ||
  fail "atlas -o"
cmp -s "$dir/one.md" "$dir/many.md" || fail "atlas -o: files differ"
[[ -z "$(ls "$dir" | grep tmp)" ]] || fail "a temporary file was left"

# Journaled by 2 ranks, killed at a seeded random moment, resumed by 3.
args=(check --model zoo:dyck1 --lang dyck:k=1 --lengths 14..20 --shard-size 16384)
"$satcirc" "${args[@]}" >"$dir/one"
RANDOM=7
for attempt in 1 2 3; do
  run_mpi 2 "${args[@]}" --checkpoint "$dir/j" >/dev/null 2>&1 &
  pid=$!
  sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
  kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  pkill -KILL -f -- "--checkpoint $dir/j" 2>/dev/null
done
run_mpi 3 "${args[@]}" --checkpoint "$dir/j" >"$dir/many" 2>"$dir/err" ||
  fail "resumed run: $(cat "$dir/err")"
cmp -s "$dir/one" "$dir/many" || { diff "$dir/one" "$dir/many"; fail "resumed by 3 ranks"; }
ls "$dir"/j* >/dev/null || fail "no journal"
# Rank 0's progress bar (asked for: SATCIRC_PROGRESS=1) counts every rank's work:
# 32 equal shards, 16 each, so more than half of the work shown is not rank 0's alone.
"$mpirun" --oversubscribe -np 2 -x SATCIRC_PROGRESS=1 "$satcirc" check --model zoo:parity \
  --lang parity --lengths 23 --exhaustive-limit 8388608 --shard-size 262144 --threads 1 >/dev/null 2>"$dir/bar"
best=$(tr '\r' '\n' <"$dir/bar" | sed -n 's/.*] \([0-9]*\)\/\([0-9]*\).*/\1 \2/p' |
       sort -n | tail -1)
read -r done total <<<"${best:-0 1}"
(( done * 2 > total )) || fail "the progress bar showed $done of $total"

echo "mpi: ${#commands[@]} commands agree with one process on 1, 2 and 3 ranks"
