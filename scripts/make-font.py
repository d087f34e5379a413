#!/usr/bin/python3
"""make-font.py OUTDIR — the web client's glyphs, split so that a phone downloads only what it shows.

Sources (Debian packages, both SIL OFL 1.1):
  Noto Sans CJK SC  (fonts-noto-cjk: face 2 of NotoSansCJK-Regular.ttc) — everything it covers
  HanaMinA/HanaMinB (fonts-hanazono) — CJK ideographs Noto lacks (Extensions B-H, compatibility)

Writes into OUTDIR:
  glyphs-base.otf   loaded at start-up, before the first frame: ASCII and the characters the first
                    screens draw (assets/fonts/startup-chars.txt, recorded by scripts/profile-startup.mjs),
                    nothing else (about 27 KB brotli)
  g-<hash>.otf/ttf  the other subsets, named by content (served immutable), each loaded the first time
                    the client meets a character it holds. First the rest of the UI catalog
                    (shared/src/i18n.cpp; the client asks for it after its first frame), then the
                    symbols a text may use (Latin-1, punctuation, arrows, circled numbers, shapes, CJK
                    symbols, full-width forms), then the most frequent hanzi, in small subsets
                    (assets/fonts/frequent-chars.txt, the demo data, GB2312 level 1 then 2, extra name
                    characters), then the rest of Noto by code point, then Hanazono's ideographs.
  glyphs.idx        the manifest: one line per file, `NAME RANGES`, RANGES comma-separated hex code points
                    or `lo-hi` ranges; the first line is the base. Every code point is in one file only.
  OFL-hanazono.txt  Hanazono's licence (Noto's is OFL.txt, copied by the build)
  glyphs.key        a hash of this script and of what it takes from its inputs (the UI catalog's set of
                    characters, the first screens', the demo data's in order of first use, the character
                    lists, the fonts):
                    a run with the same key does nothing (the split takes minutes; a reworded message
                    with no new character, or a build tree copied or touched, need not redo it)
"""
import hashlib, io, os, re, sys
from concurrent.futures import ProcessPoolExecutor
from fontTools import subset
from fontTools.ttLib import TTFont, TTCollection

NOTO = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
NOTO_FACE = 2   # Noto Sans CJK SC
HANA = ['/usr/share/fonts/truetype/hanazono/HanaMinA.ttf', '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf']
HANA_LICENCE = '/usr/share/doc/fonts-hanazono/copyright'
BASE_RANGES = [(0x20, 0x7E), (0xFFFD, 0xFFFD)]   # with the first screens' characters
SYMBOL_RANGES = [(0xA0, 0xFF), (0x2000, 0x206F), (0x2190, 0x21FF), (0x2460, 0x24FF), (0x25A0, 0x25FF),
                 (0x3000, 0x303F), (0xFF00, 0xFFEF)]   # one file, after the UI catalog's
# CJK ideograph blocks Hanazono fills in: Ext A, URO, compatibility, SIP (Ext B-F, compat. supplement), TIP (G, H).
IDEOGRAPHS = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF), (0x30000, 0x3FFFF)]
FREQUENT_SMALL, FREQUENT_SMALL_SIZE, FREQUENT_SIZE = 1500, 150, 400   # the first 1,500 in files of 150
REST_SIZE, HANA_SIZE = 2000, 4000


def subset_bytes(path, face, cps):
    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.name_IDs = ['*']
    opts.notdef_outline = True
    opts.drop_tables += ['FFTM']
    font = TTFont(path, fontNumber=face, lazy=True) if path.endswith('.ttc') else TTFont(path, lazy=True)
    s = subset.Subsetter(opts)
    s.populate(unicodes=cps)
    s.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def ranges_text(cps):
    cps = sorted(cps)
    parts, i = [], 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        parts.append('%x' % cps[i] if i == j else '%x-%x' % (cps[i], cps[j]))
        i = j + 1
    return ','.join(parts)


def gb2312_levels():
    l1, l2 = [], []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                (l1 if hi < 0xD8 else l2).append(bytes([hi, lo]).decode('gb2312'))
            except UnicodeDecodeError:
                pass
    return l1, l2


def make(job):
    name, path, face, cps = job
    return name, path, cps, subset_bytes(path, face, cps)


def main():
    out = sys.argv[1]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    jobs = int(os.environ.get('YISHI_JOBS', '2'))
    os.makedirs(out, exist_ok=True)
    read = lambda p: open(os.path.join(root, p), encoding='utf-8').read()
    catalog = ''.join(sorted({c for c in read('shared/src/i18n.cpp') if ord(c) >= 0x80}))
    demo = ''.join(dict.fromkeys(re.sub(r'[\x00-\x7f]', '', read('server/demo.cpp'))))   # unique, first use first
    startup = read('assets/fonts/startup-chars.txt')
    key = hashlib.sha256((read('scripts/make-font.py') + catalog + startup + demo + read('assets/fonts/frequent-chars.txt') +
                          read('assets/fonts/extra-chars.txt')).encode() +
                         repr([os.path.getsize(p) for p in [NOTO] + HANA]).encode()).hexdigest()
    key_path = os.path.join(out, 'glyphs.key')
    if os.path.exists(os.path.join(out, 'glyphs.idx')) and os.path.exists(key_path) and open(key_path).read() == key:
        os.utime(os.path.join(out, 'glyphs.idx'))
        os.utime(os.path.join(out, 'glyphs-base.otf'))
        return

    noto = set(TTCollection(NOTO, lazy=True).fonts[NOTO_FACE].getBestCmap())
    hana = {}
    for path in HANA:
        for cp in TTFont(path, lazy=True).getBestCmap():
            if cp not in noto and cp not in hana and any(lo <= cp <= hi for lo, hi in IDEOGRAPHS):
                hana[cp] = path

    base = {cp for lo, hi in BASE_RANGES for cp in range(lo, hi + 1)}
    base |= {ord(c) for c in startup if not c.isspace()}
    base &= noto
    ui = sorted({ord(c) for c in catalog} & noto - base)

    symbols = sorted({cp for lo, hi in SYMBOL_RANGES for cp in range(lo, hi + 1)} & noto - base - set(ui))
    order, seen = [], set(base) | set(ui) | set(symbols)
    l1, l2 = gb2312_levels()
    for text in (read('assets/fonts/frequent-chars.txt'), demo, ''.join(l1), ''.join(l2),
                 read('assets/fonts/extra-chars.txt')):
        for c in text:
            cp = ord(c)
            if cp in noto and cp not in seen and not c.isspace():
                seen.add(cp)
                order.append(cp)
    chunks = [('glyphs-base.otf', NOTO, NOTO_FACE, sorted(base)), ('otf', NOTO, NOTO_FACE, ui),
              ('otf', NOTO, NOTO_FACE, symbols)]
    i = 0
    while i < len(order):
        size = FREQUENT_SMALL_SIZE if i < FREQUENT_SMALL else FREQUENT_SIZE
        chunks.append(('otf', NOTO, NOTO_FACE, sorted(order[i:i + size])))
        i += size
    rest = sorted(noto - seen)
    for i in range(0, len(rest), REST_SIZE):
        chunks.append(('otf', NOTO, NOTO_FACE, rest[i:i + REST_SIZE]))
    for path in HANA:
        mine = sorted(cp for cp, p in hana.items() if p == path)
        for i in range(0, len(mine), HANA_SIZE):
            chunks.append(('ttf', path, 0, mine[i:i + HANA_SIZE]))

    lines = []
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        for name, path, cps, data in pool.map(make, chunks):
            if name in ('otf', 'ttf'):
                name = 'g-%s.%s' % (hashlib.sha256(data).hexdigest()[:12], name)
            target = os.path.join(out, name)
            # A content-named file already here is this very file: left as it is, with its .br/.gz.
            if not (name.startswith('g-') and os.path.exists(target)):
                with open(target, 'wb') as f:
                    f.write(data)
            lines.append('%s %s' % (name, ranges_text(cps)))
    names = {line.split(' ', 1)[0] for line in lines}
    for old in os.listdir(out):   # subsets of an earlier split that this one does not have
        m = re.fullmatch(r'(g-[0-9a-f]{12}\.(otf|ttf))(\.gz|\.br)?', old)
        if m and m.group(1) not in names:
            os.remove(os.path.join(out, old))
    with open(os.path.join(out, 'OFL-hanazono.txt'), 'w', encoding='utf-8') as f:
        f.write(open(HANA_LICENCE, encoding='utf-8').read())
    tmp = os.path.join(out, 'glyphs.idx.tmp')
    with open(tmp, 'w', encoding='ascii') as f:
        f.write('\n'.join(lines) + '\n')
    os.replace(tmp, os.path.join(out, 'glyphs.idx'))   # last: its presence means the set is whole
    with open(key_path, 'w') as f:
        f.write(key)
    print('make-font: %d files, %d code points (%d from Hanazono)' % (len(lines), len(base) + len(ui) + len(symbols) + len(order) + len(rest) + len(hana), len(hana)))


if __name__ == '__main__':
    main()
