#!/usr/bin/env bash
# satcirc --version and satcirc version print "satcirc X.Y.Z", X.Y.Z the
# project(... VERSION ...) of the top CMakeLists.txt, and exit 0; an extra
# argument is bad usage (exit 2).
set -uo pipefail
satcirc="$1"; repo="$2"
want="satcirc $(sed -n 's/^project(satcirc VERSION \([0-9.]*\).*/\1/p' "$repo/CMakeLists.txt")"
if [[ "$want" == "satcirc " ]]; then echo "no VERSION in $repo/CMakeLists.txt"; exit 1; fi
fail=0
for arg in --version version; do
  got="$("$satcirc" "$arg")"; code=$?
  if [[ "$got" != "$want" || $code != 0 ]]; then
    echo "satcirc $arg: got '$got' (exit $code), want '$want' (exit 0)"; fail=1
  fi
done
"$satcirc" --version extra >/dev/null 2>&1; code=$?
if [[ $code != 2 ]]; then echo "satcirc --version extra: exit $code, want 2"; fail=1; fi
exit $fail
