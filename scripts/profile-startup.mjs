// profile-startup.mjs — records what start-up needs (issue 19): which functions of the app it runs, into
// web/startup-funcs.txt, the list scripts/split-wasm.sh keeps in the first part of the program; and
// which of the UI catalog's characters the first screens draw, into assets/fonts/startup-chars.txt, the
// glyphs scripts/make-font.py puts in the start-up glyph file. Run it after a change that makes
// start-up run other code or show other words (tests/e2e/startup-split.test.mjs says when: it fails
// when start-up had to load the second part, or its first frame lacked a glyph), then rebuild:
//
//   YISHI_SERVER=build/native/server/yishi-server YISHI_WEB_DIR=build/wasm/web \
//   NODE_PATH=/usr/share/nodejs node scripts/profile-startup.mjs
//
// It instruments the linked program (build/wasm/link/yishi.wasm, which has function names) with
// binaryen's wasm-split, serves it whole from a copy of the web directory with the demo data, and opens
// the ways most residents arrive: the home screen on a phone and on a PC, in Chinese and in English, and
// a consultation's link shared in a WeChat group. (Other screens are a tap away, by when the second part
// has arrived; the second part is about 0.4 s behind the first on a 4 Mbit/s link.) After each has settled (its first screen drawn,
// the server's answers shown), the run's profile is read out of the page (the export wasm-split adds);
// the profiles are merged and the functions they saw written out, one name per line.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = process.env.YISHI_WEB_DIR || path.join(root, 'build/wasm/web');
const linked = path.join(path.dirname(path.resolve(webDir)), 'link', 'yishi.wasm');
const out = path.join(root, 'web', 'startup-funcs.txt');
const charsOut = path.join(root, 'assets', 'fonts', 'startup-chars.txt');
const { startServer, launchBrowser, openPage, waitForFrames } = await import('../tests/e2e/harness.mjs');

const work = mkdtempSync(path.join(tmpdir(), 'yishi-profile-'));
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}:\n${r.stderr}`);
  return r.stdout;
};
const features = ['--enable-mutable-globals', '--enable-sign-ext'];

// A web directory serving the instrumented program whole: no precompressed copy, no service worker.
const web = path.join(work, 'web');
cpSync(webDir, web, { recursive: true });
for (const f of readdirSync(web))
  if (/^yishi\.wasm\.(br|gz)$|^yishi-sw\.js/.test(f)) rmSync(path.join(web, f));
run('wasm-split', ['--instrument', ...features, linked, '-o', path.join(web, 'yishi.wasm')]);

const arrivals = [
  { hash: '', viewport: { width: 390, height: 844 }, scale: 3, lang: 'zh-CN' },
  { hash: '', viewport: { width: 1280, height: 800 }, scale: 1, lang: 'zh-CN' },
  { hash: '', viewport: { width: 390, height: 844 }, scale: 3, lang: 'en' },
  { hash: '#/c/51', viewport: { width: 390, height: 844 }, scale: 3, lang: 'zh-CN' },
];
const server = await startServer(['--demo'], null, web);
const browser = await launchBrowser();
const profiles = [];
const firstScreens = new Set();   // the characters the first frames drew
try {
  for (const [i, a] of arrivals.entries()) {
    const page = await openPage(browser, server.url + '/' + a.hash, a.viewport, a.scale);
    if (a.lang !== 'zh-CN') {   // the language a resident chose earlier, as the app keeps it
      await page.evaluate(() => localStorage.setItem('yishi.lang', '1'));   // platform_web.cpp kPrefLang: 1 = en
      await page.reload();
    }
    await waitForFrames(page, 1);
    for (const c of await page.evaluate(() => window.yishi.firstFrameChars)) firstScreens.add(c);
    await page.waitForTimeout(4000);   // the server's answers, the glyph files they need, drawn
    const bytes = await page.evaluate(() => {
      const asm = Module.asm;
      const memory = Object.values(asm).find(v => v instanceof WebAssembly.Memory);
      const size = 1 << 20;
      const at = Module._malloc(size);
      const n = asm.__write_profile(at, size);
      return Array.from(new Uint8Array(memory.buffer, at, n));
    });
    const file = path.join(work, `p${i}.prof`);
    writeFileSync(file, Buffer.from(bytes));
    profiles.push(file);
    console.log(`${a.hash || '#/'} ${a.viewport.width}×${a.viewport.height} ${a.lang}: profile of ${bytes.length} bytes`);
    await page.context().close();
  }
} finally {
  await browser.close();
  await server.stop();
}

// Merge, split with the merged profile, and read the kept functions off wasm-split's symbol map.
const merged = path.join(work, 'merged.prof');
run('wasm-split', ['--merge-profiles', ...profiles, '-o', merged]);
const primary = path.join(work, 'primary.wasm');
run('wasm-split', [linked, ...features, '--export-prefix=%', `--profile=${merged}`, '--symbolmap',
                   '-o1', primary, '-o2', path.join(work, 'deferred.wasm')]);
const names = readFileSync(primary + '.symbols', 'utf8').split('\n')
  .map(line => line.slice(line.indexOf(':') + 1)).filter(n => n && !/^placeholder_/.test(n));
writeFileSync(out, names.join('\n') + '\n');
console.log(`${names.length} functions kept for start-up, written to ${path.relative(root, out)}`);

// The UI catalog's characters among them: the start-up glyph file's (scripts/make-font.py). Text
// from the server (a title in a link's consultation) is fetched with the glyph files it needs anyway.
const catalog = new Set(readFileSync(path.join(root, 'shared/src/i18n.cpp'), 'utf8'));
const chars = [...firstScreens].filter(c => c.codePointAt(0) >= 0x80 && catalog.has(c)).sort();
const lines = [];
for (let i = 0; i < chars.length; i += 40) lines.push(chars.slice(i, i + 40).join(''));
writeFileSync(charsOut, lines.join('\n') + '\n');
console.log(`${chars.length} characters on the first screens, written to ${path.relative(root, charsOut)}`);
rmSync(work, { recursive: true, force: true });
