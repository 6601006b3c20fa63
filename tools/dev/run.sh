#!/usr/bin/env bash
# Sets up and builds (tools/dev/setup.sh), then runs satcirc's main job on its
# built-in default. Extra arguments are passed to `satcirc demo`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$here/tools/dev/setup.sh" "$here/build" >&2
exec "$here/build/tools/satcirc" demo "$@"
