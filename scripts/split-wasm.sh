#!/usr/bin/env bash
# split-wasm.sh LINKDIR WEBDIR GLUE FUNCS — the phone's first download holds only the code start-up runs.
#
# LINKDIR has the linked program (yishi.js, and yishi.wasm with function names: --profiling-funcs).
# Binaryen's wasm-split (Debian's binaryen, which emscripten depends on) keeps the functions named in
# FUNCS (web/startup-funcs.txt: what loading, the first frames and the home screen ran, recorded by
# scripts/profile-startup.mjs) in WEBDIR/yishi.wasm and moves the rest to WEBDIR/w-<hash>.wasm, named by
# its content and that of the first part (the two only work together). Neither keeps the names.
# GLUE (web/yishi-glue.js) is written to WEBDIR with that name in place of @YISHI_DEFERRED@: the glue
# fetches the second part after the first has compiled (docs/building.md, "The program in two parts").
# A function missing from FUNCS (renamed, or new since the list was made) still works: it is in the
# second part, and the glue loads that part at once, blocking, if it is called before it has arrived.
set -euo pipefail
link=${1:?usage: split-wasm.sh LINKDIR WEBDIR GLUE FUNCS}
web=${2:?}
glue=${3:?}
funcs=${4:?}
command -v wasm-split >/dev/null || { echo "split-wasm: wasm-split missing: apt-get install binaryen" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The list holds names one per line; wasm-split warns about names the program no longer has.
wasm-split "$link/yishi.wasm" --enable-mutable-globals --enable-sign-ext --export-prefix=% \
  --keep-funcs=@"$funcs" -o1 "$tmp/primary.wasm" -o2 "$tmp/deferred.wasm" --quiet
hash=$(cat "$tmp/primary.wasm" "$tmp/deferred.wasm" | sha256sum | cut -c1-12)
deferred="w-$hash.wasm"
# Old second parts stay until a clean build: a page that loaded the first part of an earlier build
# may still ask for its second part.
cp "$tmp/deferred.wasm" "$web/$deferred"
cp "$tmp/primary.wasm" "$web/yishi.wasm.tmp" && mv "$web/yishi.wasm.tmp" "$web/yishi.wasm"
cp "$link/yishi.js" "$web/yishi.js.tmp" && mv "$web/yishi.js.tmp" "$web/yishi.js"
sed "s/@YISHI_DEFERRED@/$deferred/" "$glue" > "$web/yishi-glue.js.tmp"
mv "$web/yishi-glue.js.tmp" "$web/yishi-glue.js"
