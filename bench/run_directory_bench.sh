#!/usr/bin/env bash
# run_directory_bench.sh — directory search latency natively and in wasm (node), over 21,000 and
# 210,000 organisations, beside SQLite LIKE and FTS5 trigram on the same rows, and the wasm/native ratio.
# Needs both build trees (scripts/build.sh). Sizes: YISHI_BENCH_ORGS="21000 210000" (the default);
# passes over the query set, each query's best kept: YISHI_BENCH_PASSES=3 (the default; see bench_directory.cpp).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs
cmake --build "$here/build/native" --target yishi_bench_directory >/dev/null
cmake --build "$here/build/wasm" --target yishi_bench_directory >/dev/null
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for n in ${YISHI_BENCH_ORGS:-21000 210000}; do
  passes=${YISHI_BENCH_PASSES:-3}
  native=$("$here/build/native/bench/yishi_bench_directory" --passes "$passes" --orgs "$n")
  wasm=$(node --no-experimental-fetch "$here/build/wasm/bench/yishi_bench_directory.js" --passes "$passes" --orgs "$n")
  echo "$native"; echo "$wasm"
  paste <(echo "$native" | awk '/^([124]|pinyin|initials|code) /{print $1, $2, $3}') \
        <(echo "$wasm" | awk '/^([124]|pinyin|initials|code) /{print $2, $3}') |
    awk -v n="$n" 'BEGIN {printf "%s organisations: index p50/p95 in microseconds\n%-9s %16s %16s %8s\n", n, "kind", "native", "wasm", "p95 w/n"}
                   {printf "%-9s %7.1f / %6.1f %7.1f / %6.1f %8.2f\n", $1, $2, $3, $4, $5, $5/$3}'
  echo
done
