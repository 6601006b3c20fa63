#!/usr/bin/env bash
# Makes the figures in docs/img (and the other files the docs show, such as
# docs/atlas-default.md) with the commands the docs show. A docs page marks such a
# command block with the line `<!-- figure -->` (or `<!-- figure: slow -->` when it takes
# minutes) right above its ``` fence; this script runs every marked block from the
# repository root with `satcirc` the built binary.
#
# usage: tools/dev/figures.sh [--check] [--skip-slow] [SATCIRC]
#   (default)    regenerate docs/img in place
#   --check      run in a scratch copy instead and fail when a file the commands write
#                differs from the one in docs/img (the figures are what the docs say)
#   --skip-slow  leave out the blocks marked slow
#   SATCIRC      the binary (default: build/tools/satcirc)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
check=0; skip_slow=0; satcirc="$repo/build/tools/satcirc"
for arg in "$@"; do
  case "$arg" in
    --check) check=1 ;;
    --skip-slow) skip_slow=1 ;;
    -*) echo "figures.sh: unknown option '$arg'" >&2; exit 2 ;;
    *) satcirc="$(realpath "$arg")" ;;
  esac
done
[[ -x "$satcirc" ]] || { echo "figures.sh: no satcirc binary at $satcirc (build first)" >&2; exit 2; }

# Prints each command of a marked block as one line: "slow|fast<TAB>page<TAB>command".
# In a ```console block the commands are the lines after "$ " (the rest is their output);
# in a plain block every line is one, a trailing backslash joining it to the next.
marked_blocks() {
  awk -v OFS='\t' '
    /^<!-- figure(: slow)? -->$/ { mark = ($0 ~ /slow/) ? "slow" : "fast"; next }
    mark != "" && /^```/ && !inblock { inblock = 1; console = ($0 ~ /console/); cmd = ""; next }
    inblock && /^```/ { inblock = 0; mark = ""; next }
    inblock && console { if (sub(/^\$ /, "")) print mark, FILENAME, $0; next }
    inblock { line = $0; more = sub(/\\$/, "", line); cmd = cmd line
              if (!more) { print mark, FILENAME, cmd; cmd = "" }; next }
    { mark = "" }' "$repo"/docs/*.md
}

scratch="$(mktemp -d)"; trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/bin"; ln -s "$satcirc" "$scratch/bin/satcirc"
export PATH="$scratch/bin:$PATH"
workdir="$repo"
if [[ $check == 1 ]]; then   # the repository, with a copy of docs/ to write into
  workdir="$scratch/repo"; mkdir "$workdir"
  for entry in "$repo"/*; do [[ "$(basename "$entry")" == docs ]] || ln -s "$entry" "$workdir/"; done
  cp -r "$repo/docs" "$workdir/docs"
fi
touch "$scratch/stamp"; sleep 1   # files the commands write are newer than this

ran=0
while IFS=$'\t' read -r speed page cmd; do
  if [[ $speed == slow && $skip_slow == 1 ]]; then echo "figures: skipped (slow) in ${page#"$repo"/}: $cmd"; continue; fi
  echo "figures: ${page#"$repo"/}: $cmd"
  (cd "$workdir" && bash -c "$cmd" >/dev/null) || { echo "figures: the command failed" >&2; exit 1; }
  ran=$((ran + 1))
done < <(marked_blocks)
[[ $ran -gt 0 ]] || { echo "figures: no marked figure commands in docs/" >&2; exit 1; }

if [[ $check == 1 ]]; then
  differ=0
  # Every file the commands wrote under docs/ must be the committed one.
  while IFS= read -r f; do
    name="docs/${f#"$workdir"/docs/}"
    if [[ ! -e "$repo/$name" ]]; then echo "figures: $name is made by the docs but not committed" >&2; differ=1
    elif ! cmp -s "$f" "$repo/$name"; then echo "figures: $name differs from what the docs' command makes" >&2; differ=1; fi
  done < <(find "$workdir/docs" -type f -newer "$scratch/stamp" | sort)
  # And every figure in docs/img is made by some marked command.
  for f in "$workdir"/docs/img/*; do
    [[ "$f" -nt "$scratch/stamp" ]] && continue
    name="docs/img/$(basename "$f")"
    if [[ $skip_slow == 1 ]]; then echo "figures: $name not checked (a slow block's, or no command's)"
    else echo "figures: $name is made by no marked command in docs/" >&2; differ=1; fi
  done
  [[ $differ == 0 ]] || exit 1
  echo "figures: $ran commands reproduce what they write under docs/ exactly"
fi
