#!/usr/bin/env bash
# run_tally_bench.sh — builds bench_tally natively and with emcc, runs both (wasm under node) and
# prints each method's native and wasm time and the wasm/native ratio.
# Needs both build trees (scripts/build.sh); node for the wasm run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}   # emcc's JS optimizer needs Debian's acorn

native="$root/build/native"; wasm="$root/build/wasm"
cmake --build "$native" --target yishi_bench_tally >/dev/null
cmake --build "$wasm" --target yishi_bench_tally >/dev/null

echo "== running native" >&2
native_out=$("$native/bench/yishi_bench_tally")
echo "$native_out" >&2
echo "== running wasm (node $(node --version))" >&2
wasm_out=$(node --no-experimental-fetch "$wasm/bench/yishi_bench_tally.js")
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
