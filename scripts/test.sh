#!/usr/bin/env bash
# test.sh — quick start (2): install what is missing, build, run the whole test suite through ctest:
# core unit tests and the client model tests natively and in wasm (node), and the browser end-to-end tests (real server,
# Debian chromium). Screenshots land in build/native/artifacts/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/install-deps.sh"
"$here/scripts/build.sh"
cd "$here/build/native"
ctest --output-on-failure "$@"
