#!/usr/bin/env bash
# The rooms of lib/ and the folders beside it include only what docs/architecture.md
# allows. The table "The rooms of lib/" in that page is read as the rule: each row names a
# room (`lib/ROOM/`) and, in its last column, what it may include (rooms of lib/, and
# automata or circuits). automata/ and circuits/ include nothing of each other, of lib/ or
# of tools/. Every room folder must have a row, and every row a folder.
#
# usage: layers_test.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: layers_test.sh SOURCE_DIR}
doc="$src/docs/architecture.md"
fail=0
complain() { echo "layers: $*" >&2; fail=1; }

declare -A allowed
while IFS= read -r row; do
  room=$(sed -E 's/^\| `lib\/([a-z_]+)\/` \|.*/\1/' <<<"$row")
  may=$(awk -F'|' '{print $(NF-1)}' <<<"$row" | tr -d ' —')
  allowed[$room]=",${may},"
done < <(grep -E '^\| `lib/[a-z_]+/` \|' "$doc")
[[ ${#allowed[@]} -gt 0 ]] || { echo "layers: no room table in $doc" >&2; exit 1; }

# What a file includes from this project, as folders: lib/ROOM, automata, circuits, tools.
project_includes() {
  grep -hoE '^#include "(lib/[a-z_]+|automata|circuits|tools)/' "$1" |
    sed -E 's/^#include "//; s/\/$//' | sort -u
}

for dir in "$src"/lib/*/; do
  room=$(basename "$dir")
  [[ -n ${allowed[$room]+x} ]] || { complain "lib/$room/ has no row in $doc"; continue; }
  while IFS= read -r file; do
    while IFS= read -r inc; do
      [[ -z $inc ]] && continue
      target=${inc#lib/}
      [[ $target == "$room" ]] && continue
      [[ ${allowed[$room]} == *",$target,"* ]] ||
        complain "${file#"$src"/} includes $inc/, which lib/$room/ may not use"
    done < <(project_includes "$file")
  done < <(find "$dir" -name '*.h' -o -name '*.cc' | sort)
done
for file in "$src"/lib/*.h "$src"/lib/*.cc; do   # every source lives in a room
  [[ -e "$file" ]] && complain "${file#"$src"/} is in no room of lib/ (put it in the room it belongs to)"
done
for room in "${!allowed[@]}"; do
  [[ -d "$src/lib/$room" ]] || complain "$doc lists lib/$room/, which does not exist"
done

for leaf in automata circuits; do
  while IFS= read -r file; do
    while IFS= read -r inc; do
      [[ -z $inc || $inc == "$leaf" ]] && continue
      complain "${file#"$src"/} includes $inc/: $leaf/ depends on nothing else here"
    done < <(project_includes "$file")
  done < <(find "$src/$leaf" -name '*.h' -o -name '*.cc' | sort)
done

[[ $fail == 0 ]] && echo "layers: ${#allowed[@]} rooms of lib/, automata/ and circuits/ keep their dependencies"
exit $fail
