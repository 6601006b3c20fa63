#!/usr/bin/env bash
# Sets up and builds (tools/dev/setup.sh), then runs satcirc's main job on its
# built-in default: the atlas (every zoo model against its language and neighbours).
# Extra arguments are passed to `satcirc atlas`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$here/tools/dev/setup.sh" "$here/build" >&2
exec "$here/build/tools/satcirc" atlas "$@"
