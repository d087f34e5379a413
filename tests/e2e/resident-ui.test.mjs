// resident-ui.test.mjs — the interface as 王阿姨 meets it on her phone (390×844, touch, 3× pixels) and
// the clerk on a PC (1280×800, mouse): real touch events through CDP (swipe scrolls 1:1, a tap opens), addresses for screens (a shared link lands, Back returns), 大字 and the language
// kept per device, dates in China time whatever the device's zone, and a layout check on every screen
// visited (tap targets >= 44 CSS px, no text overlapping text, nothing off the sides).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runServerCommand, launchBrowser, waitForFrames, waitForItem, findItem, settledItem, screenshot, clickItem,
         assertLayout,
         labels } from './harness.mjs';
import { REGION, sign, submit, publicKey } from './ledger_helpers.mjs';

let server, browser;
const NOW = Date.now();
const DAY = 86400000;
const TITLES = ['加装电梯征求意见', '小区停车位分配方式', '公共活动室用途排序', '垃圾分类投放点调整', '楼道照明改造',
                '老年食堂试点', '儿童游乐区翻新', '绿化带补种'];
const VOTE_ENDS = NOW + 3 * DAY;   // the vote stage ends in three days (China time shows its date)

before(async () => {
  server = await startServer([], dbPath => {
    for (const name of ['ui-committee-a', 'ui-committee-b']) {   // two clerks: each key has a rate limit
      const r = runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey(name), '--region',
                                  String(REGION), '--name', '居委会']);
      assert.equal(r.status, 0, r.stderr);
    }
  });
  const opens = TITLES.map((title, i) => ({
    key: i % 2 ? 'ui-committee-b' : 'ui-committee-a', kind: 'consultation_open', sequence: (i >> 1) + 1,
    region: REGION, consultation: i + 1,
    payload: { title, method: 1, options: [[1, '同意'], [2, '不同意']],
               schedule: [[3, NOW - 60000], [4, VOTE_ENDS]] } }));
  for (const s of sign(opens)) assert.equal((await submit(server.url, s.wire)).status, 201);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// A phone: touch, 3 device pixels per CSS pixel, a browser on UTC (not China time).
async function phone(hash = '', timezoneId = 'UTC') {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3,
                                             hasTouch: true, isMobile: true, timezoneId });
  return open(context, hash);
}

async function open(context, hash) {
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', e => page.problems.push('uncaught: ' + e.message));
  await page.goto(server.url + '/' + hash);
  await waitForFrames(page, 1);
  page.cdp = await context.newCDPSession(page);
  return page;
}

const sleep = ms => new Promise(r => setTimeout(r, ms));
const touch = (page, type, points, timestamp) =>
  page.cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points, ...(timestamp ? { timestamp } : {}) });

// A finger from (x, y0) to (x, y1) in `steps` moves `stepMs` apart; `holdMs` still before lifting. Each
// event carries the time the finger made it (CDP's timestamp, seconds): the app reads the flick's speed
// from the events' own times, which a loaded machine would otherwise stretch when it delivers them late.
async function swipe(page, x, y0, y1, steps, stepMs, holdMs) {
  const t0 = Date.now() / 1000;
  await touch(page, 'touchStart', [{ x, y: y0 }], t0);
  for (let i = 1; i <= steps; ++i) {
    await sleep(stepMs);
    await touch(page, 'touchMove', [{ x, y: y0 + (y1 - y0) * i / steps }], t0 + i * stepMs / 1000);
  }
  if (holdMs) await sleep(holdMs);
  await touch(page, 'touchEnd', [], t0 + (steps * stepMs + holdMs) / 1000);
}

async function tapTouch(page, label) {
  const it = await settledItem(page, label);
  const p = { x: it.x + it.w / 2, y: it.y + it.h / 2 };
  await touch(page, 'touchStart', [p]);
  await sleep(60);
  await touch(page, 'touchEnd', []);
}

const hash = page => page.evaluate(() => location.hash);

test('on a phone: swipe scrolls 1:1, a tap opens; addresses and Back work', async () => {
  const page = await phone();
  await waitForItem(page, TITLES[7]);
  await waitForItem(page, '本阶段还剩 4 天');   // China calendar days, today included (ends three days from now)
  await screenshot(page, 'ui-phone-home.png');
  await assertLayout(page, 'phone-home');
  assert.equal(await hash(page), '#/');

  // A slow drag with a pause before lifting: the page follows the finger 1:1 and stops.
  const anchor = TITLES[6];   // the second card (the newest is first)
  const before = await settledItem(page, anchor);
  await swipe(page, 195, 600, 300, 15, 30, 700);
  await sleep(300);
  const after = await settledItem(page, anchor);
  assert.ok(Math.abs((before.y - after.y) - 300) <= 2, `dragged 300 px, content moved ${before.y - after.y}`);

  await screenshot(page, 'ui-phone-scrolled.png');

  // A flick (the finger lifted while moving) keeps the page moving after the lift, slowing down:
  // 60 px of finger travel back down move the content more than 60 px (at most the 300 px to the top).
  await swipe(page, 195, 400, 460, 3, 16, 0);
  await sleep(1500);
  const flung = await settledItem(page, anchor);
  const moved = flung.y - after.y;
  assert.ok(moved >= 90 && moved <= 302, `a 60 px flick moved the content ${moved} px (momentum coasts on)`);

  // A tap (touch) on a card opens the consultation; its address can be shared.
  const visible = await page.evaluate(ts => window.yishi.items.filter(it => !it.text && ts.includes(it.label) &&
                                         it.y > 0 && it.y + it.h < innerHeight - 80).map(it => it.label), TITLES);
  assert.ok(visible.length > 0, 'a whole card is on screen');
  await tapTouch(page, visible[0]);
  await waitForItem(page, '进程（北京时间）');   // the device is on UTC: dates say they are China time
  const cst = new Date(VOTE_ENDS + 8 * 3600000).toISOString().slice(0, 10);
  await page.waitForFunction(d => window.yishi.items.some(it => it.label.includes(d)), cst);
  const opened = await hash(page);
  assert.match(opened, /^#\/c\/\d+$/);
  await screenshot(page, 'ui-phone-consultation.png');
  await assertLayout(page, 'phone-consultation');

  // 首页 in the tab bar leaves the consultation; Back returns to it, Forward goes home again.
  await tapTouch(page, '首页');
  await waitForItem(page, '本社区的协商');
  assert.equal(await hash(page), '#/');
  await page.goBack();
  await waitForItem(page, '进程（北京时间）');
  assert.equal(await hash(page), opened);
  await page.goForward();
  await waitForItem(page, '本社区的协商');

  // 我的 and the directory have addresses too; a search is part of the address.
  await tapTouch(page, '我的');
  await page.waitForFunction(() => location.hash === '#/me');
  await screenshot(page, 'ui-phone-me.png');
  await assertLayout(page, 'phone-me');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // A link shared in a chat group lands on its screen, with its search or code filled in.
  const linked = await phone('#/c/2');
  await waitForItem(linked, TITLES[1]);
  await waitForItem(linked, '进程（北京时间）');
  await linked.goto(server.url + '/#/join?code=ABCD-EFGH-JKLM');
  await waitForFrames(linked, 1);
  await linked.waitForFunction(() => window.yishi.items.some(it => it.label === '登记码'));
  assert.equal(await hash(linked), '#/me');
  await linked.goto(server.url + '/#/orgs?q=' + encodeURIComponent('养老'));
  await waitForFrames(linked, 1);
  await linked.waitForFunction(() => decodeURIComponent(location.hash) === '#/orgs?q=养老');
  await linked.context().close();
});

test('大字 and the language are kept per device; the layout holds at 大字 and on a PC in China time', async () => {
  const page = await phone('', 'Asia/Shanghai');
  await waitForItem(page, '字太小？点“大字”放大全部文字，以后随时可在顶部切换。');
  const standard = await settledItem(page, 'English');
  await clickItem(page, '大字');
  await waitForItem(page, '标准字');
  const large = await settledItem(page, 'English');
  assert.ok(large.h >= standard.h * 1.3 - 1, `大字 makes buttons ${large.h / standard.h}× taller`);
  assert.equal(await findItem(page, '字太小？点“大字”放大全部文字，以后随时可在顶部切换。'), null, 'asked once');
  await screenshot(page, 'ui-phone-large.png');
  await assertLayout(page, 'phone-home-large');
  await clickItem(page, 'English');
  await waitForItem(page, 'Consultations in my community');
  await screenshot(page, 'ui-phone-large-en.png');
  await assertLayout(page, 'phone-home-large-en');

  // Reload: still 大字, still English, and not asked again.
  await page.reload();
  await waitForFrames(page, 1);
  await waitForItem(page, 'Standard text');
  await waitForItem(page, 'Consultations in my community');
  await tapTouch(page, TITLES[7]);
  await waitForItem(page, 'Timeline');   // on China time: no label
  await assertLayout(page, 'phone-consultation-large-en');
  await screenshot(page, 'ui-phone-consultation-large-en.png');
  // 我的 and the directory at 大字, in Chinese.
  await tapTouch(page, 'Home');
  await waitForItem(page, 'Consultations in my community');
  await tapTouch(page, '中文');
  await waitForItem(page, '本社区的协商');
  await tapTouch(page, '我的');
  await waitForItem(page, '加入社区');
  await screenshot(page, 'ui-phone-me-large.png');
  await assertLayout(page, 'phone-me-large');
  await tapTouch(page, '社会组织');
  await waitForItem(page, '社会组织名录');
  await screenshot(page, 'ui-phone-directory-large.png');
  await assertLayout(page, 'phone-directory-large');
  await page.context().close();

  // The PC: tabs under the title, the same checks.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Shanghai' });
  const pc = await open(context, '');
  await waitForItem(pc, TITLES[7]);
  await screenshot(pc, 'ui-desktop-home.png');
  await assertLayout(pc, 'desktop-home');
  await clickItem(pc, TITLES[7]);
  await waitForItem(pc, '进程');
  await assertLayout(pc, 'desktop-consultation');
  await screenshot(pc, 'ui-desktop-consultation.png');
  assert.deepEqual(pc.problems, []);
  await context.close();
});
