#!/usr/bin/env bash
# run_opinion_bench.sh — builds bench_opinion natively and with emcc, runs both (wasm under node) and
# prints, per case, the map time natively and in wasm, the dense reference in each, and the ratios.
# Needs both build trees (scripts/build.sh), node, and ../shared/data/polis beside the checkout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}   # emcc's JS optimizer needs Debian's acorn

native="$root/build/native"; wasm="$root/build/wasm"
cmake --build "$native" --target yishi_bench_opinion >/dev/null
cmake --build "$wasm" --target yishi_bench_opinion >/dev/null

echo "== running native" >&2
native_out=$("$native/bench/yishi_bench_opinion")
echo "$native_out" >&2
echo "== running wasm (node $(node --version))" >&2
wasm_out=$(node --no-experimental-fetch "$wasm/bench/yishi_bench_opinion.js")
echo "$wasm_out" >&2

python3 - "$native_out" "$wasm_out" <<'PY'
import sys
def parse(text):
    rows = {}
    for line in text.strip().splitlines():
        name, *fields = line.split()
        rows[name] = dict(f.split("=", 1) for f in fields)
    return rows
native, wasm = parse(sys.argv[1]), parse(sys.argv[2])
print(f"{'case':<22} {'votes':>8} {'native ms':>10} {'wasm ms':>8} {'wasm/nat':>9} "
      f"{'dense nat':>10} {'dense wasm':>11} {'dense/map wasm':>15}  k")
ok = True
for name, n in native.items():
    w = wasm[name]
    same = n["k"] == w["k"]
    ok = ok and same
    nm, wm, nd, wd = (float(x) for x in (n["map_ms"], w["map_ms"], n["dense_pca_ms"], w["dense_pca_ms"]))
    print(f"{name:<22} {n['votes']:>8} {nm:>10.1f} {wm:>8.1f} {wm / max(nm, 1e-9):>9.2f} "
          f"{nd:>10.1f} {wd:>11.1f} {wd / max(wm, 1e-9):>15.1f}  {n['k']}{'' if same else ' (wasm: ' + w['k'] + ' MISMATCH)'}")
sys.exit(0 if ok else 1)
PY
