#!/usr/bin/env bash
# compress-web.sh DIR — write FILE.br (brotli) and FILE.gz (gzip -9) beside each file that
# yishi-server sends precompressed (JavaScript, wasm, fonts, the glyph index), when missing or older.
# The server picks br, else gzip, else the file itself by the request's Accept-Encoding
# (server/static_files.cpp); HTML, CSS and text it compresses on the fly.
set -euo pipefail
dir=${1:?usage: compress-web.sh DIR}
command -v brotli >/dev/null || { echo "compress-web: brotli missing: apt-get install brotli" >&2; exit 1; }
for f in "$dir"/*.js "$dir"/*.wasm "$dir"/*.otf "$dir"/*.ttf "$dir"/*.idx; do
  [ -f "$f" ] || continue
  # Both tools give the output the input's time: touch it, or every build would compress it all again.
  [ "$f.gz" -nt "$f" ] || { gzip -9 -n -k -f "$f" && touch "$f.gz"; }
  # brotli's best (-q 11) runs at about 1 MB/s: the big rare-glyph files get -q 9 (a few % larger;
  # 12% for the program, which always gets -q 11).
  q=11
  case "$f" in *.wasm) ;; *) [ "$(stat -c %s "$f")" -gt 1000000 ] && q=9 ;; esac
  [ "$f.br" -nt "$f" ] || { brotli -q $q -k -f "$f" && touch "$f.br"; }
done
