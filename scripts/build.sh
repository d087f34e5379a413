#!/usr/bin/env bash
# build.sh — build everything: the wasm client (build/wasm) and the native server, core and tests
# (build/native, which also registers the wasm and browser tests with ctest).
# Configures only when a tree is not configured yet; pass --reconfigure to force it.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
jobs=${YISHI_JOBS:-$(nproc)}
[ "${1:-}" = --reconfigure ] && rm -f build/wasm/CMakeCache.txt build/native/CMakeCache.txt

# Debian's emcc runs its JS optimizer under node and needs Debian's acorn (see docs/building.md).
export NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs

[ -f build/wasm/CMakeCache.txt ] || emcmake cmake --preset wasm >/dev/null
cmake --build build/wasm -j "$jobs"

[ -f build/native/CMakeCache.txt ] || cmake --preset native -DYISHI_WASM_BUILD_DIR="$here/build/wasm" >/dev/null
cmake --build build/native -j "$jobs"
