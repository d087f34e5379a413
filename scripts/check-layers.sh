#!/usr/bin/env bash
# check-layers.sh — the client's layering, checked from its #include lines (run by ctest as check_layers).
#
# client/ has three folders and a root (docs/architecture.md):
#   model/     features' state and controllers: no ImGui, no views/ or platform/ header, not app.hpp
#   views/     one file per screen, drawing only: model/ and app.hpp state, views/ and platform/ services
#   platform/  browser and GLFW layers; its entry files (platform_*.cpp, net_*.cpp) drive the app
#   app.{hpp,cpp} at the root ties them
# Fails when a model/ file includes ImGui or a views/, platform/ or root header; when a file includes
# another folder's private header (*_internal.hpp); and when the folders' include graph has a cycle.
# Known violations, to be removed as the layering lands, are listed one per line in
# scripts/layers-allowed.txt ("file -> header"); a listed line that no longer occurs fails too, so the
# list only shrinks.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
exec python3 - "$here" <<'PY'
import pathlib, re, sys
root = pathlib.Path(sys.argv[1])
client = root / "client"
allowed_file = root / "scripts" / "layers-allowed.txt"
allowed = set()
for line in allowed_file.read_text(encoding="utf-8").splitlines():
    line = line.split("#", 1)[0].strip()
    if line: allowed.add(line)

ENTRY = {"platform/platform_web.cpp", "platform/platform_glfw.cpp", "platform/net_web.cpp", "platform/net_native.cpp"}
def folder(rel):  # the layer of a client/ file or quoted header path
    if rel in ENTRY: return "platform-entry"
    head = rel.split("/", 1)[0] if "/" in rel else ""
    return head if head in ("model", "views", "platform") else "root"

errors, used, edges = [], set(), {}
inc = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
for path in sorted(client.rglob("*")):
    if path.suffix not in (".cpp", ".hpp", ".h"): continue
    rel = path.relative_to(client).as_posix()
    src = folder(rel)
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = inc.match(text)
        if not m: continue
        kind, header = m.groups()
        key = f"client/{rel} -> {header}"
        is_client = kind == '"' and (client / header).exists()
        bad = None
        if src == "model":
            if re.search(r"(^|/)imgui[^/]*\.h$", header): bad = "a model file includes ImGui"
            elif is_client and folder(header) != "model": bad = f"a model file includes {folder(header)}'s header"
        if is_client and header.endswith("_internal.hpp") and folder(header) != src:
            bad = f"includes another layer's private header"
        if bad and key in allowed:
            used.add(key); continue
        if bad:
            errors.append(f"client/{rel}:{n}: {bad}: {header}")
            continue
        if is_client and folder(header) != src:
            if key in allowed: used.add(key); continue
            edges.setdefault(src, {}).setdefault(folder(header), f"client/{rel}:{n} includes {header}")

# A cycle among folders: depth-first search over the folder graph.
state = {}
def visit(node, trail):
    state[node] = "open"
    for nxt, where in edges.get(node, {}).items():
        if state.get(nxt) == "open":
            cycle = trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt]
            errors.append("include cycle among client/ folders: " + " -> ".join(cycle) +
                          "".join(f"\n    {edges[a][b]}" for a, b in zip(cycle, cycle[1:])))
        elif nxt not in state:
            visit(nxt, trail + [nxt])
    state[node] = "done"
for node in sorted(edges):
    if node not in state: visit(node, [node])

for stale in sorted(allowed - used):
    errors.append(f"scripts/layers-allowed.txt: no longer occurs, remove it: {stale}")
for e in errors: print("check-layers: " + e)
print(f"check-layers: {'FAILED' if errors else 'ok'} ({len(allowed)} known violations listed)")
sys.exit(1 if errors else 0)
PY
