#!/usr/bin/env bash
# stamp-sw.sh SRC DIR — write DIR/yishi-sw.js from SRC (web/yishi-sw.js) with @YISHI_VERSION@ replaced
# by a hash of the shell files in DIR: a new build gives a new worker, which browsers then install.
set -euo pipefail
src=${1:?usage: stamp-sw.sh SRC DIR}
dir=${2:?usage: stamp-sw.sh SRC DIR}
version=$(cd "$dir" && cat index.html yishi.css yishi-a11y.js yishi-glue.js yishi.js yishi.wasm glyphs.idx glyphs-base.idx glyphs-base.otf | sha256sum | cut -c1-16)
sed "s/@YISHI_VERSION@/$version/" "$src" > "$dir/yishi-sw.js.tmp"
mv "$dir/yishi-sw.js.tmp" "$dir/yishi-sw.js"
