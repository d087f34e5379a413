#!/usr/bin/env bash
# run_directory_bench.sh — directory search latency natively and in wasm (node), and the ratio.
# Needs both build trees (scripts/build.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs
cmake --build "$here/build/native" --target yishi_bench_directory >/dev/null
cmake --build "$here/build/wasm" --target yishi_bench_directory >/dev/null
native=$("$here/build/native/bench/yishi_bench_directory")
wasm=$(node --no-experimental-fetch "$here/build/wasm/bench/yishi_bench_directory.js")
echo "$native"; echo; echo "$wasm"; echo
paste <(echo "$native" | awk '/^([124]|code) /{print $1, $3}') <(echo "$wasm" | awk '/^([124]|code) /{print $3}') |
  awk '{printf "%s queries: index p95 wasm/native = %.2f\n", $1, $3/$2}'
