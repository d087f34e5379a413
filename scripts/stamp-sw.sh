#!/usr/bin/env bash
# stamp-sw.sh SRC DIR — write DIR/yishi-sw.js from SRC (web/yishi-sw.js) with @YISHI_VERSION@ replaced
# by a hash of the shell files in DIR (a new build gives a new worker, which browsers then install) and
# @YISHI_DEFERRED@ by the name of the program's second part.
set -euo pipefail
src=${1:?usage: stamp-sw.sh SRC DIR}
dir=${2:?usage: stamp-sw.sh SRC DIR}
# The program's second part is the w-<hash>.wasm the glue names (scripts/split-wasm.sh).
deferred=$(grep -o 'w-[0-9a-f]\{12\}\.wasm' "$dir/yishi-glue.js" | head -1)
[ -n "$deferred" ] || { echo "stamp-sw: $dir/yishi-glue.js names no w-<hash>.wasm" >&2; exit 1; }
version=$(cd "$dir" && cat index.html yishi.css yishi-a11y.js yishi-glue.js yishi.js yishi.wasm "$deferred" glyphs.idx glyphs-base.idx glyphs-base.otf | sha256sum | cut -c1-16)
sed -e "s/@YISHI_VERSION@/$version/" -e "s/@YISHI_DEFERRED@/$deferred/" "$src" > "$dir/yishi-sw.js.tmp"
mv "$dir/yishi-sw.js.tmp" "$dir/yishi-sw.js"
