// glyphs-offline.test.mjs — rare characters draw as glyphs, and the app opens with the network off.
//
// Glyphs: residents whose display names and comments hold 䶮 (U+4DAE, Extension A), 𠀀 (U+20000) and
// 𪚥 (U+2A6A5, Extension B); the glyph files holding them are fetched when the page meets them
// (client/platform/fonts.hpp). The drawn pixels of that text are compared with the same text made of
// "?" (ImGui's fallback glyph) and of blank boxes (□, what tofu looks like): they must differ.
// Offline: after one online visit the service worker (web/yishi-sw.js) has the app; with the network
// off a reload opens it, and the app says it shows this device's copy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runServerCommand, launchBrowser, waitForFrames, waitForItem, clickItem, screenshot } from './harness.mjs';
import { REGION, sign, publicKey, submit } from './ledger_helpers.mjs';

const CONSULTATION = 19;
const RARE = '䶮𠀀𪚥';
// Same length in code points: the rare text, and what it would look like if its glyphs were missing.
const TEXTS = { rare: RARE, question: '???', box: '□□□' };
let server, browser;

before(async () => {
  let codes;
  server = await startServer(['--rate-per-key', '0', '--rate-per-address', '0'], dbPath => {
    const ok = r => { assert.equal(r.status, 0, r.stderr); return r; };
    ok(runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('gl-committee'), '--region',
                         String(REGION), '--name', '居委会']));
    codes = ok(runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('gl-committee'),
                                 '--region', String(REGION), '--count', '3'])).stdout.trim().split('\n');
  });
  const seq = {};
  const spec = s => ({ region: REGION, sequence: (seq[s.key] = (seq[s.key] || 0) + 1), ...s });
  const setup = [spec({ key: 'gl-committee', kind: 'consultation_open', consultation: CONSULTATION, payload: {
    title: '生僻字协商', method: 1, options: [[1, '同意'], [2, '不同意']],
    schedule: [[2, Date.now() - 86400000], [3, Date.UTC(2100, 0, 1)]] } })];
  Object.entries(TEXTS).forEach(([name, text], r) => {
    setup.push(spec({ key: `gl-${name}`, kind: 'enroll', payload: { code: codes[r], display_name: '王' + text } }));
  });
  for (const name of Object.keys(TEXTS))
    setup.push(spec({ key: `gl-${name}`, kind: 'comment', consultation: CONSULTATION,
                      payload: { text: '意见' + TEXTS[name], stance: 0 } }));
  for (let k = 0; k < 8; ++k)   // enough text for a comment list over 1 KB (compressed on the wire)
    setup.push(spec({ key: 'gl-question', kind: 'comment', consultation: CONSULTATION,
                      payload: { text: `第${k + 1}条：建议在小区东门增设无障碍坡道，方便老人和推婴儿车的居民进出，并公示施工时间。`, stance: 1 } }));
  for (const e of sign(setup)) assert.equal((await submit(server.url, e.wire)).status, 201, 'seeding');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// How many pixels differ (any channel by more than 64) between two same-height crops, over the
// narrower width; decoded by the browser itself.
async function differingPixels(page, a, b) {
  return page.evaluate(async ([a64, b64]) => {
    const load = async s => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + s;
      await img.decode();
      const c = new OffscreenCanvas(img.width, img.height);
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return g.getImageData(0, 0, img.width, img.height);
    };
    const [x, y] = [await load(a64), await load(b64)];
    const w = Math.min(x.width, y.width), h = Math.min(x.height, y.height);
    let n = 0;
    for (let r = 0; r < h; ++r)
      for (let c = 0; c < w; ++c) {
        const i = 4 * (r * x.width + c), j = 4 * (r * y.width + c);
        if (Math.abs(x.data[i] - y.data[j]) > 64 || Math.abs(x.data[i + 1] - y.data[j + 1]) > 64 ||
            Math.abs(x.data[i + 2] - y.data[j + 2]) > 64) ++n;
      }
    return n;
  }, [a.toString('base64'), b.toString('base64')]);
}

// The drawn pixels of the widget labelled `label`.
async function crop(page, label) {
  const it = await waitForItem(page, label, 30000);
  return page.screenshot({ clip: { x: it.x, y: it.y, width: Math.max(1, it.w), height: Math.max(1, it.h) } });
}

test('static files go out as brotli, else gzip, by Accept-Encoding; glyph files are immutable; JSON over 1 KB is gzipped', async () => {
  for (const [accept, coding] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['identity', null], ['br;q=0, gzip', 'gzip']]) {
    const r = await fetch(server.url + '/yishi.wasm', { method: 'HEAD', headers: { 'Accept-Encoding': accept } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-encoding'), coding, `Accept-Encoding: ${accept}`);
    assert.match(r.headers.get('vary') || '', /Accept-Encoding/);
  }

  const index = await (await fetch(server.url + '/glyphs.idx')).text();
  const files = index.trim().split('\n').map(l => l.split(' ')[0]);
  assert.equal(files[0], 'glyphs-base.otf');
  assert.ok(files.length > 20, 'the glyphs come in many small files');
  const glyph = await fetch(server.url + '/' + files[1]);
  assert.equal(glyph.status, 200);
  assert.match(glyph.headers.get('cache-control'), /immutable/);
  assert.ok((await glyph.arrayBuffer()).byteLength > 1000);
  assert.equal((await fetch(server.url + '/yishi.js', { method: 'HEAD' })).headers.get('cache-control'), 'no-cache');

  const path = `/api/consultations/${CONSULTATION}/comments?limit=100`;
  const big = await fetch(server.url + path, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(big.headers.get('content-encoding'), 'gzip');
  assert.equal((await big.json()).total, 11);
  const plain = await fetch(server.url + path, { headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.ok(Number(plain.headers.get('content-length')) > 1024);
  const small = await fetch(server.url + '/api/health', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(small.headers.get('content-encoding'), null, 'answers under 1 KB are sent as they are');
});

test('a display name and a comment with 䶮, 𠀀 and 𪚥 draw as glyphs, not as fallback boxes or "?"', async () => {
  // Tall enough that every comment is on screen (only what is on screen is published).
  const context = await browser.newContext({ viewport: { width: 1280, height: 2400 } });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);
  await clickItem(page, '生僻字协商');
  const labels = {
    comment: name => '意见' + TEXTS[name],
    author: name => '[中立] 王' + TEXTS[name],
  };
  for (const [what, label] of Object.entries(labels)) {
    await waitForItem(page, label('rare'), 30000);
    // The glyph files arrive after the text is first drawn: wait (bounded) until the rare text stops
    // looking like the fallback, then check it against both fallbacks.
    let diffs = null;
    for (const end = Date.now() + 20000; Date.now() < end;) {
      const rare = await crop(page, label('rare'));
      diffs = [await differingPixels(page, rare, await crop(page, label('box'))),
               await differingPixels(page, rare, await crop(page, label('question')))];
      if (diffs.every(d => d > 20)) break;
      await page.waitForTimeout(250);
    }
    await screenshot(page, `glyphs-${what}.png`);
    assert.ok(diffs.every(d => d > 20), `${what} ${RARE} drawn like the fallback glyphs (pixels differing: ${diffs})`);
  }
  await context.close();
});

test('after one online visit the app opens with the network off and says it shows this device\'s copy', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);
  await waitForItem(page, '生僻字协商', 30000);   // the home list, saved on the device by the app
  await page.waitForFunction(() => window.yishi.offlineReady === true, null, { timeout: 30000 });
  // The list is on the device once the app's last save to IndexedDB has finished.
  await page.waitForFunction(() => window.yishi.persistCount > 0 && !window.yishi.saving, null, { timeout: 30000 });

  await context.setOffline(true);
  await page.reload();
  await waitForFrames(page, 1);
  await waitForItem(page, '生僻字协商', 60000);
  await waitForItem(page, '当前离线：显示的是本机上次保存的内容。', 60000);
  // The program's second part came from the device too (the worker caches both parts at install).
  await page.waitForFunction(() => window.yishi.phases.deferred, null, { timeout: 30000 });
  await screenshot(page, 'offline-open.png');
  await context.setOffline(false);
  await context.close();
});
