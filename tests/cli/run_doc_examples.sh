#!/usr/bin/env bash
# Runs the examples in one docs page. Every ```console block is a transcript:
# lines "$ satcirc ..." are commands (run from the repository root, with `satcirc`
# the freshly built binary); the lines after one, up to the next command or the end
# of the block, are its expected output (stdout and stderr as a terminal shows them).
# They run in a scratch view of the repository (its folders linked, docs/ copied), so a
# command that writes docs/img/ never touches the committed figures; whether those are
# what the commands make is tools/dev/figures.sh --check's question.
set -uo pipefail
satcirc="$1"; repo="$2"; page="$3"
scratch="$(mktemp -d)"; trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/bin" "$scratch/repo"
ln -s "$satcirc" "$scratch/bin/satcirc"
export PATH="$scratch/bin:$PATH"
# runs/ (ignored by git) is where the examples write their runs: the scratch gets its own.
for entry in "$repo"/*; do
  case "$(basename "$entry")" in docs|runs) ;; *) ln -s "$entry" "$scratch/repo/" ;; esac
done
cp -r "$repo/docs" "$scratch/repo/docs"
cd "$scratch/repo"
failures=0; ran=0
check() {  # $1 command, $2 expected output
  local actual
  actual="$(bash -c "$1" 2>&1 </dev/null)"
  ran=$((ran + 1))
  if [[ "$actual" != "$2" ]]; then
    failures=$((failures + 1))
    echo "FAILED in $page: \$ $1"
    diff -u <(printf '%s\n' "$2") <(printf '%s\n' "$actual")
  fi
}
in_block=0; cmd=""; expect=""; have_cmd=0
while IFS= read -r line || [[ -n "$line" ]]; do
  if [[ $in_block == 0 ]]; then
    [[ "$line" == '```console' ]] && in_block=1
    continue
  fi
  if [[ "$line" == '```' ]]; then
    [[ $have_cmd == 1 ]] && check "$cmd" "$expect"
    in_block=0; have_cmd=0; cmd=""; expect=""
    continue
  fi
  if [[ "$line" == '$ '* ]]; then
    [[ $have_cmd == 1 ]] && check "$cmd" "$expect"
    cmd="${line#\$ }"; expect=""; have_cmd=1
  else
    if [[ -z "$expect" ]]; then expect="$line"; else expect+=$'\n'"$line"; fi
  fi
done <"$page"
if [[ $ran == 0 ]]; then echo "no examples in $page"; exit 1; fi
echo "$page: $ran examples, $failures failed"
[[ $failures == 0 ]]
