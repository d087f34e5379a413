#!/usr/bin/env bash
# make-font.sh OUTDIR — the web client's glyphs: Noto Sans CJK SC (Debian's fonts-noto-cjk) and, for
# CJK ideographs Noto lacks, HanaMin (fonts-hanazono), split into a start-up subset (glyphs-base.otf:
# ASCII, punctuation, the UI catalog) and content-named subsets loaded on demand, with the manifest
# glyphs.idx (and glyphs-base.idx, its first line). The split is scripts/make-font.py; this wrapper checks the packages it needs.
set -euo pipefail
out=${1:?usage: make-font.sh OUTDIR}
here=$(cd "$(dirname "$0")/.." && pwd)
need() { [ -e "$1" ] || { echo "make-font: $1 missing: apt-get install $2" >&2; exit 1; }; }
need /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc fonts-noto-cjk
need /usr/share/fonts/truetype/hanazono/HanaMinB.ttf fonts-hanazono
/usr/bin/python3 -c 'import fontTools' 2>/dev/null || { echo "make-font: fontTools missing: apt-get install fonttools" >&2; exit 1; }
/usr/bin/python3 "$here/scripts/make-font.py" "$out"
# The base file's own index line, all the app needs before its first frame (web/yishi-glue.js fetches
# the whole glyphs.idx after it).
head -n 1 "$out/glyphs.idx" > "$out/glyphs-base.idx.tmp"
mv "$out/glyphs-base.idx.tmp" "$out/glyphs-base.idx"
