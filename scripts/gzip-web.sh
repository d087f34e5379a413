#!/usr/bin/env bash
# gzip-web.sh DIR — write FILE.gz beside each servable file whose .gz is missing or older.
# yishi-server sends the .gz (Content-Encoding: gzip) to clients that accept it.
set -euo pipefail
dir=${1:?usage: gzip-web.sh DIR}
for f in "$dir"/*.html "$dir"/*.js "$dir"/*.wasm "$dir"/*.css "$dir"/*.otf "$dir"/*.txt; do
  [ -f "$f" ] || continue
  [ "$f.gz" -nt "$f" ] && continue
  gzip -9 -n -k -f "$f"
done
