// startup-split.test.mjs — the program comes in two parts (scripts/split-wasm.sh, issue 19): the first
// download holds what start-up runs, the second follows it; a resident never sees the seam.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitForFrames, waitForItem, screenshot, kPressMs } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer(['--demo']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const phases = page => page.evaluate(() => window.yishi.phases);
// Each request of the page for a program part, in order: which file, and what the server answered.
function watchParts(page) {
  const seen = [];
  page.on('response', r => {
    const name = new URL(r.url()).pathname.slice(1);
    if (/^yishi\.wasm$|^w-[0-9a-f]{12}\.wasm$/.test(name))
      seen.push({ name, status: r.status(), cache: r.headers()['cache-control'], type: r.headers()['content-type'] });
  });
  return seen;
}

test('a phone opens the home screen from the first part; the second follows and nothing waits for it', async () => {
  const page = await openPage(browser, 'about:blank', { width: 390, height: 844 }, 3);
  const parts = watchParts(page);
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);
  await waitForItem(page, '三号楼加装电梯方案协商', 30000);   // the home list, from the server
  await page.waitForFunction(() => window.yishi.phases.deferred || window.yishi.phases.deferredBlocking, null,
                             { timeout: 30000 });
  const p = await phases(page);
  // web/startup-funcs.txt is stale if start-up had to block for the second part: run
  // scripts/profile-startup.mjs and rebuild.
  assert.equal(p.deferredBlocking, undefined, 'start-up ran code from the second part (web/startup-funcs.txt is stale)');
  assert.ok(p.deferred >= p.wasm, 'the second part is installed after the first has compiled');
  assert.deepEqual(parts.map(x => x.name.startsWith('w-') ? 'second' : x.name), ['yishi.wasm', 'second']);
  const second = parts[1];
  assert.equal(second.status, 200);
  assert.equal(second.type, 'application/wasm');
  assert.match(second.cache, /immutable/, 'the second part is named by its content and cached for good');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the first frame has every glyph it draws, in Chinese and English, on a phone and a PC, from a shared link', async () => {
  // assets/fonts/startup-chars.txt (the start-up glyph file's characters) is stale if this fails:
  // run scripts/profile-startup.mjs and rebuild.
  for (const [hash, viewport, scale, english] of [['', { width: 390, height: 844 }, 3, false],
                                                  ['', { width: 390, height: 844 }, 3, true],
                                                  ['', { width: 1280, height: 800 }, 1, false],
                                                  ['#/c/52', { width: 390, height: 844 }, 3, false]]) {
    const page = await openPage(browser, server.url + '/' + hash, viewport, scale);
    if (english) {   // the language chosen on an earlier visit (platform_web.cpp kPrefLang: 1 = en)
      await page.evaluate(() => localStorage.setItem('yishi.lang', '1'));
      await page.reload();
    }
    await waitForFrames(page, 1);
    const what = `${hash || '#/'} at ${viewport.width}×${viewport.height}${english ? ' in English' : ''}`;
    assert.equal(await page.evaluate(() => window.yishi.firstFrameMissing), '', `${what}: characters without a glyph`);
    assert.equal(await page.evaluate(() => window.yishi.lang), english ? 'en' : 'zh-CN', what);
    await page.context().close();
  }
});

test('when the second part could not be fetched in the background, the screen that needs it still opens', async () => {
  const page = await openPage(browser, 'about:blank', { width: 390, height: 844 }, 3);
  // The background fetch of the second part fails (a dropped connection on a phone); later requests go through.
  let dropped = 0;
  await page.route(/\/w-[0-9a-f]{12}\.wasm$/, route => (dropped++ === 0 ? route.abort('connectionreset') : route.continue()));
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);
  await waitForItem(page, '三号楼加装电梯方案协商', 30000);
  // (The service worker's install may ask for it too, after the first frame: dropped as well.)
  assert.ok(dropped >= 1, 'the background fetch was made and dropped');
  assert.equal((await phases(page)).deferred, undefined);

  // The directory's code is in the second part: opening it loads that part there and then.
  const tab = await waitForItem(page, '社会组织');   // the phone's tab bar, always in view
  await page.mouse.click(tab.x + tab.w / 2, tab.y + tab.h / 2, { delay: kPressMs });
  await waitForItem(page, '社会组织名录', 60000);
  const p = await phases(page);
  assert.ok(p.deferredBlocking > p.firstFrame, 'the second part was loaded when the directory needed it');
  assert.equal(dropped, 2);
  await screenshot(page, 'startup-split-directory.png');
  // Only the dropped request itself is reported.
  assert.deepEqual(page.problems.filter(x => !/w-[0-9a-f]{12}\.wasm|ERR_CONNECTION_RESET/.test(x)), []);
  await page.context().close();
});
