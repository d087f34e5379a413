// skeleton.test.mjs — the walking skeleton, end to end: the real server serves the wasm app, the
// app draws Chinese and English from its CJK font, and the language switch works by label.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitForFrames, waitForItem, findItem, clickItem,
         screenshot, distinctColours, reveal } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the health endpoint answers with the version', async () => {
  const r = await fetch(server.url + '/api/health');
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.equal(body.ok, true);
  assert.match(body.version, /^\d+\.\d+\.\d+$/);
});

test('the wasm is served as application/wasm, precompressed for gzip clients', async () => {
  const r = await fetch(server.url + '/yishi.wasm', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/wasm');
  assert.equal(r.headers.get('content-encoding'), 'gzip');
  const bytes = new Uint8Array(await r.arrayBuffer());  // fetch decompresses: the wasm magic shows
  assert.deepEqual([...bytes.slice(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
});

test('the home screen renders in Chinese, and the switch turns it English', async () => {
  const page = await openPage(browser, server.url + '/');
  await waitForFrames(page, 1);
  const title = await waitForItem(page, '议事 Yishi');
  assert.ok(title.w > 0 && title.h > 0, 'the title has a size on screen');
  assert.ok(await waitForItem(page, '1. 需求征集'));
  // The app checks the server on start; the answer appears on screen.
  await waitForItem(page, '服务器在线，版本 0.1.0');

  const zh = await screenshot(page, 'home-zh.png');
  assert.ok(await distinctColours(page, zh) > 20, 'the canvas is not blank');
  assert.equal(await page.evaluate(() => window.yishi.lang), 'zh-CN');

  await clickItem(page, 'English');
  await waitForItem(page, 'The consultation cycle');
  assert.ok(await findItem(page, '中文'), 'the switch now offers Chinese');
  assert.equal(await findItem(page, '协商流程'), null, 'no Chinese heading left after switching');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await screenshot(page, 'home-en.png');

  assert.deepEqual(page.problems, [], 'no console errors or uncaught exceptions');
  await page.context().close();
});

test('a phone-size screen lays the stages out in one column at device resolution', async () => {
  const page = await openPage(browser, server.url + '/', { width: 390, height: 844 }, 3);
  await waitForFrames(page, 1);
  const first = await waitForItem(page, '1. 需求征集');
  const second = await waitForItem(page, '2. 民主协商');
  assert.ok(second.y > first.y + first.h, 'stages stack vertically on a phone');
  const size = await page.evaluate(() => [document.getElementById('canvas').width, innerWidth]);
  assert.equal(size[0], size[1] * 3, 'the backbuffer is CSS width × devicePixelRatio');
  await screenshot(page, 'home-phone.png');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the app stops drawing when nothing happens', async () => {
  const page = await openPage(browser, server.url + '/');
  await waitForFrames(page, 1);
  await waitForItem(page, '服务器在线，版本 0.1.0');
  await page.waitForTimeout(500);
  const before = await page.evaluate(() => window.yishi.frames);
  await page.waitForTimeout(1500);
  const idle = await page.evaluate(() => window.yishi.frames);
  assert.equal(idle, before, `no frames while idle (drew ${idle - before})`);
  await page.mouse.move(200, 200);
  await page.waitForFunction(n => window.yishi.frames > n, idle);
  await page.context().close();
});

test('the canvas follows the window when it is resized', async () => {
  const page = await openPage(browser, server.url + '/', { width: 1280, height: 800 });
  await waitForFrames(page, 1);
  await page.setViewportSize({ width: 700, height: 500 });
  await page.waitForFunction(() => document.getElementById('canvas').width === 700, null, { timeout: 10000 });
  // 700 CSS px is a tablet width: still four columns side by side (below the fold at 500 px high: scrolled to).
  const first = await reveal(page, '1. 需求征集');
  const second = await waitForItem(page, '2. 民主协商');
  assert.equal(second.y, first.y);
  assert.ok(second.x + second.w <= 700, 'nothing is laid out beyond the new width');
  await page.context().close();
});
