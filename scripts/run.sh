#!/usr/bin/env bash
# run.sh — quick start (1): install what is missing, build, start the portal at http://127.0.0.1:8080.
# Extra arguments go to yishi-server (e.g. --port 9000, --db /path/to/yishi.db). Ctrl-C stops it.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
YISHI_SKIP_E2E_DEPS=1 "$here/scripts/install-deps.sh"
"$here/scripts/build.sh"
cd "$here"
exec build/native/server/yishi-server serve --host 127.0.0.1 --port 8080 --web build/wasm/web --demo "$@"
