#!/usr/bin/env bash
# make-font.sh OUT.otf — subset Noto Sans CJK SC (Debian's fonts-noto-cjk) for the web client.
#
# Coverage: ASCII and Latin-1, CJK punctuation and full-width forms, all 6,763 GB2312 hanzi, plus
# assets/fonts/extra-chars.txt (common name characters outside GB2312, e.g. 喆 堃 赟 玥). The client
# rasterizes only the glyphs it needs, so the file's coverage costs download size, not atlas size.
set -euo pipefail
out=${1:?usage: make-font.sh OUT.otf}
here=$(cd "$(dirname "$0")/.." && pwd)
ttc=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
[ -f "$ttc" ] || { echo "make-font: $ttc missing: apt-get install fonts-noto-cjk" >&2; exit 1; }
command -v pyftsubset >/dev/null || { echo "make-font: pyftsubset missing: apt-get install fonttools" >&2; exit 1; }

chars=$(mktemp)
trap 'rm -f "$chars"' EXIT
# GB2312 level 1 and 2 hanzi live in rows 0xB0..0xF7, columns 0xA1..0xFE.
/usr/bin/python3 - "$chars" "$here/assets/fonts/extra-chars.txt" <<'PY'
import sys
out, extra = sys.argv[1], sys.argv[2]
s = set()
for hi in range(0xB0, 0xF8):
    for lo in range(0xA1, 0xFF):
        try: s.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError: pass
s.update(c for c in open(extra, encoding="utf-8").read() if not c.isspace())
open(out, "w", encoding="utf-8").write("".join(sorted(s)))
PY
pyftsubset "$ttc" --font-number=2 --text-file="$chars" \
  --unicodes="U+0020-007E,U+00A0-00FF,U+2000-206F,U+2190-21FF,U+2460-24FF,U+25A0-25FF,U+3000-303F,U+FF00-FFEF" \
  --no-hinting --layout-features='' --output-file="$out"
