#!/usr/bin/env bash
# run_tally_bench.sh — builds bench_tally natively and with emcc, runs both (wasm under node) and
# prints each method's native and wasm time and the wasm/native ratio.
#
# Once the top-level CMakeLists.txt has `add_subdirectory(bench)` this uses build/native and
# build/wasm. Before that it uses build/bench-native and build/bench-wasm, configured with
# bench/wire_before_merge.cmake, which adds bench/ without editing the top-level file.
# Needs: cmake, ninja, c++, emcmake (Debian emscripten), node. Uses -j2 (two shared cores).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}   # emcc's JS optimizer needs Debian's acorn

if grep -q '^add_subdirectory(bench)' "$root/CMakeLists.txt"; then
  native="$root/build/native"; wasm="$root/build/wasm"; extra=(); sub=bench/
else
  native="$root/build/bench-native"; wasm="$root/build/bench-wasm"; sub=
  extra=(-DCMAKE_PROJECT_INCLUDE="$root/bench/wire_before_merge.cmake")
fi

echo "== building native ($native)" >&2
cmake -S "$root" -B "$native" -G Ninja -DCMAKE_BUILD_TYPE=Release "${extra[@]}" >/dev/null
cmake --build "$native" -j2 --target yishi_bench_tally >/dev/null
echo "== building wasm ($wasm)" >&2
emcmake cmake -S "$root" -B "$wasm" -G Ninja -DCMAKE_BUILD_TYPE=Release "${extra[@]}" >/dev/null
cmake --build "$wasm" -j2 --target yishi_bench_tally >/dev/null

echo "== running native" >&2
native_out=$("$native/${sub}yishi_bench_tally")
echo "$native_out" >&2
echo "== running wasm (node $(node --version))" >&2
wasm_out=$(node --no-experimental-fetch "$wasm/${sub}yishi_bench_tally.js")
echo "$wasm_out" >&2

python3 - "$native_out" "$wasm_out" <<'PY'
import sys
def parse(text):
    rows = {}
    for line in text.strip().splitlines():
        method, *fields = line.split()
        rows[method] = dict(f.split("=", 1) for f in fields)
    return rows
native, wasm = parse(sys.argv[1]), parse(sys.argv[2])
print(f"{'method':<10} {'ballots':>9} {'native ms':>10} {'wasm ms':>9} {'wasm/native':>12}  winner")
ok = True
for m, n in native.items():
    w = wasm[m]
    same = n["winner"] == w["winner"]
    ok = ok and same
    ratio = float(w["best_ms"]) / max(float(n["best_ms"]), 1e-9)
    print(f"{m:<10} {n['ballots']:>9} {float(n['best_ms']):>10.1f} {float(w['best_ms']):>9.1f} {ratio:>12.2f}  "
          f"{n['winner']}{'' if same else ' (wasm: ' + w['winner'] + ' — MISMATCH)'}")
sys.exit(0 if ok else 1)
PY
