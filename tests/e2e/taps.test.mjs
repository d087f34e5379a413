// taps.test.mjs — a tap is taken the first time (issue 16): 200 consecutive taps, each right after the
// screen changed, each tapped once and never again, on a phone with touch and on a PC with a mouse. The
// tabs, a consultation and its ← 返回, and a tap straight after typing into a field (the case that once
// seemed to lose taps). Each tap must change the screen; none is retried.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runServerCommand, launchBrowser, waitForFrames, settledItem, focus } from './harness.mjs';
import { REGION, sign, submit, publicKey } from './ledger_helpers.mjs';

let server, browser;
const TITLE = '楼道灯更换';

before(async () => {
  server = await startServer([], dbPath => {
    const r = runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('taps-committee'), '--region',
                                String(REGION), '--name', '居委会']);
    assert.equal(r.status, 0, r.stderr);
  });
  const [open] = sign([{ key: 'taps-committee', kind: 'consultation_open', sequence: 1, region: REGION, consultation: 1,
                         payload: { title: TITLE, method: 1, options: [[1, '同意'], [2, '不同意']],
                                    schedule: [[2, Date.now() - 60000], [3, Date.UTC(2100, 0, 1)]] } }]);
  assert.equal((await submit(server.url, open.wire)).status, 201);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// The screens a tap leads to, each known by a label only it shows (zh).
const screens = [
  { tap: '我的', shows: '加入社区' },
  { tap: '首页', shows: '本社区的协商' },
  { tap: TITLE, shows: '← 返回' },
  { tap: '← 返回', shows: '本社区的协商' },
  { tap: '反馈', shows: '居民反馈' },
  { tap: '首页', shows: '本社区的协商' },
];

// Taps `label` once (touch or mouse) and waits for `shows`; returns whether it came.
async function tapOnce(page, label, shows, touch) {
  const it = await settledItem(page, label);
  const x = it.x + it.w / 2, y = it.y + it.h / 2;
  if (touch) await page.touchscreen.tap(x, y);
  else await page.mouse.click(x, y, { delay: 30 });
  return page.waitForFunction(l => window.yishi.items.some(i => i.label === l), shows, { timeout: 10000 })
    .then(() => true, () => false);
}

for (const [name, options, touch, count] of [
  ['phone, touch', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true }, true, 120],
  ['PC, mouse', { viewport: { width: 1280, height: 800 } }, false, 80]]) {
  test(`${count} taps right after screen changes are each taken the first time (${name})`, async () => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', e => problems.push('uncaught: ' + e.message));
    await page.goto(server.url + '/');
    await waitForFrames(page, 1);
    await page.waitForFunction(t => window.yishi.items.some(i => i.label === t), TITLE);
    const lost = [];
    for (let k = 0; k < count; ++k) {
      const step = screens[k % screens.length];
      // Every other round, on 我的, a character is typed into a field first: the tap that follows leaves it.
      if (k % 12 === 1) {
        await focus(page, '称呼（可选）');
        await page.keyboard.insertText('王');
      }
      if (!(await tapOnce(page, step.tap, step.shows, touch))) lost.push(`${k}: ${step.tap}`);
      if (lost.length) break;   // the screen is not where the next step expects it
    }
    assert.deepEqual(lost, [], 'every tap taken the first time');
    assert.deepEqual(problems, []);
    await context.close();
  });
}
