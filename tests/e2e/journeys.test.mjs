// journeys.test.mjs — a resident's consultation journeys in the browser app against a real server:
// enrol with a committee's code, comment in Chinese typed through IME composition, vote (plurality,
// ranked, budget) with the ballot key bound first, check the vote's receipt in the browser, and an
// outbox that survives going offline and a reload and delivers exactly once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runServerCommand, launchBrowser, waitForFrames, waitForItem, clickItem, screenshot,
         findItem, settledItem, kPressMs, typeIme, reveal, tap, focus, press, labels } from './harness.mjs';
import { REGION, sign, publicKey, submit, checkDb } from './ledger_helpers.mjs';

let server, browser, codes;
const NOW = Date.now();
const opens = [
  { consultation: 31, payload: { title: '小区停车位分配方式', method: 1, options: [[1, '按楼栋轮换'], [2, '摇号'], [3, '维持现状']],
                                 schedule: [[3, NOW - 60000], [4, NOW + 86400000]] } },
  { consultation: 32, payload: { title: '公共活动室用途排序', method: 3, method_param: 1, options: [[1, '老年活动'], [2, '儿童阅读'], [3, '健身']],
                                 schedule: [[3, NOW - 60000], [4, NOW + 86400000]] } },
  { consultation: 33, payload: { title: '微更新项目预算', method: 5, method_param: 100,
                                 options: [[1, '加装座椅', 30], [2, '绿化改造', 60], [3, '路灯更换', 50]],
                                 schedule: [[3, NOW - 60000], [4, NOW + 86400000]] } },
];

before(async () => {
  server = await startServer([], dbPath => {
    const r = runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('j-committee'), '--region',
                                String(REGION), '--name', '居委会']);
    assert.equal(r.status, 0, r.stderr);
    const c = runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('j-committee'),
                                '--region', String(REGION), '--count', '3']);
    assert.equal(c.status, 0, c.stderr);
    codes = c.stdout.trim().split('\n');
  });
  const signed = sign(opens.map((o, i) => ({ key: 'j-committee', kind: 'consultation_open', sequence: i + 1,
                                              region: REGION, ...o })));
  for (const s of signed) assert.equal((await submit(server.url, s.wire)).status, 201);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const count = (kind, consultation) =>
  fetch(`${server.url}/api/consultations/${consultation}`).then(r => r.json());

// Enrols through 我的 with a code typed in lower case with spaces (normalised like the server's codes).
async function enrol(page, code) {
  await waitForFrames(page, 1);
  await press(page, '我的', ['登记码', true]);
  await focus(page, '登记码');
  await page.keyboard.insertText(code.toLowerCase().replace(/-/g, ' '));
  await focus(page, '称呼（可选）');
  await typeIme(page, 'zhangzhe', '张喆');
  await clickItem(page, '加入');   // (no community to type: the code names it)
  try {
    await page.waitForFunction(() => window.yishi.items.some(it => /^已加入：/.test(it.label)), null, { timeout: 15000 });
  } catch (e) {
    await screenshot(page, 'journeys-enrol-failed.png');
    console.log(JSON.stringify(await page.evaluate(() => window.yishi.items.map(it => it.label))));
    throw e;
  }
}

test('a resident enrols with a code, comments through IME, votes by plurality and verifies the receipt', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', e => page.problems.push('uncaught: ' + e.message));
  await page.goto(server.url + '/');
  await enrol(page, codes[0]);
  await screenshot(page, 'journeys-enrolled.png');

  // Home: the community's consultations grouped by stage.
  await press(page, '首页', ['本社区的协商', true]);
  try { await waitForItem(page, '小区停车位分配方式'); } finally { await screenshot(page, 'journeys-home-phone.png'); }
  await clickItem(page, '小区停车位分配方式');
  try { await waitForItem(page, '按楼栋轮换'); } finally { await screenshot(page, 'journeys-consultation-phone.png'); }

  // A comment typed as pinyin and committed as Chinese.
  await focus(page, '意见');
  await typeIme(page, 'zhichi', '支持按楼栋轮换，喆');
  await tap(page, '发表');
  let comments;
  for (let k = 0; k < 100; ++k) {
    comments = await (await fetch(`${server.url}/api/consultations/31/comments`)).json();
    if (comments.total > 0) break;
    await page.waitForTimeout(100);
  }
  await reveal(page, '支持按楼栋轮换，喆');  // the page shows it once the server has it
  assert.equal(comments.total, 1);
  assert.equal(comments.items[0].text, '支持按楼栋轮换，喆');

  // Plurality: a radio button; the ballot key is bound first, then the vote counted; receipt verified here.
  await tap(page, '摇号');
  await tap(page, '提交选票');
  // A plain receipt: 你已投票, the choice in words, one sentence; the log entry and ids behind a tap.
  await waitForItem(page, '你已投票', 20000);
  await waitForItem(page, '你的选择：摇号');
  await waitForItem(page, '你的选票已计入，任何人都可以核验。');
  assert.equal((await labels(page)).some(l => /公开日志第|选票编号/.test(l)), false, 'no log entries or ids until asked');
  await tap(page, '查看核验详情');
  await page.waitForFunction(() => window.yishi.items.some(it => /^公开日志第 \d+ 条$/.test(it.label)));
  await tap(page, '核验我的选票已计入');
  // This server names no witness: the receipt checks, but the app does not say 已核验 (recount.test.mjs has one).
  await page.waitForFunction(() => window.yishi.items.some(it => /^你的选票已记入公开日志（第 \d+ 条），尚无见证方确认。/.test(it.label)));
  assert.equal((await labels(page)).some(l => l.startsWith('已核验')), false);
  // The log only grows: after another submission, the second check also proves in the browser (an RFC 9162
  // consistency proof) that the log extends the head this device verified the first time.
  const [more] = sign([{ key: 'j-committee', kind: 'consultation_open', sequence: opens.length + 1, region: REGION,
                         consultation: 34, payload: { title: '楼道照明', method: 1, options: [[1, '更换'], [2, '维持']],
                                                      schedule: [[1, NOW - 60000]] } }]);
  assert.equal((await submit(server.url, more.wire)).status, 201);
  await tap(page, '核验我的选票已计入');
  const grew = await page.waitForFunction(() => window.yishi.items.map(it => it.label).find(l => /日志只增未改/.test(l)));
  const [, was, now] = (await grew.jsonValue()).match(/本机上次核对时 (\d+) 条，现在 (\d+) 条/);
  assert.ok(Number(now) > Number(was), `the log grew from ${was} to ${now} entries`);
  await screenshot(page, 'journeys-voted-phone.png');
  assert.equal((await count('ballots', 31)).ballots, 1);

  const check = checkDb(server.dbPath);
  assert.ok(check.ok, check.text);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('offline: the comment waits in the outbox, survives a reload, and is delivered exactly once', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  let page = await context.newPage();
  await page.goto(server.url + '/');
  await enrol(page, codes[1]);
  await press(page, '首页', ['本社区的协商', true]);
  await press(page, '小区停车位分配方式', ['← 返回', true]);
  await waitForItem(page, '按楼栋轮换');
  const before = checkDb(server.dbPath).envelopes;

  await context.setOffline(true);
  await focus(page, '意见');
  await typeIme(page, 'lixian', '离线时写的意见');
  await tap(page, '发表');
  await waitForItem(page, '已保存，待发送');
  for (let k = 0; k < 20 && !(await findItem(page, '待发送 1 条')); ++k) {  // the indicator is in the top bar
    await page.mouse.move(640, 400);
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(100);
  }
  await waitForItem(page, '待发送 1 条');
  await screenshot(page, 'journeys-offline.png');
  // Pages seen before still open from the device's copy, marked as such.
  await press(page, '← 返回', ['← 返回', false]);
  await waitForItem(page, '当前离线：显示的是本机上次保存的内容。');
  await press(page, '小区停车位分配方式', ['← 返回', true]);
  await waitForItem(page, '按楼栋轮换');
  await waitForItem(page, '当前离线：显示的是本机上次保存的内容。');
  await page.waitForTimeout(1500);   // retries fail while offline
  assert.equal(checkDb(server.dbPath).envelopes, before, 'nothing reached the server');
  await page.waitForFunction(() => window.yishi.persistCount > 0);
  await page.waitForTimeout(500);
  await page.close();

  await context.setOffline(false);
  page = await context.newPage();
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);
  await page.waitForFunction(() => !window.yishi.items.some(it => /^待发送/.test(it.label)) &&
                                   window.yishi.frames > 5, null, { timeout: 20000 });
  await page.waitForTimeout(1000);
  assert.equal(checkDb(server.dbPath).envelopes, before + 1, 'delivered once');
  const comments = await (await fetch(`${server.url}/api/consultations/31/comments`)).json();
  assert.equal(comments.items.filter(c => c.text === '离线时写的意见').length, 1);
  await context.close();
});

test('ranked and budget ballots through their own forms', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await enrol(page, codes[2]);
  await press(page, '首页', ['本社区的协商', true]);
  await press(page, '小区停车位分配方式', ['← 返回', true]);
  await waitForItem(page, '按楼栋轮换');
  // Ranked: move 健身 to the top with ↑ twice.
  await press(page, '← 返回', ['本社区的协商', true]);
  await press(page, '公共活动室用途排序', ['3. 健身', true]);
  for (let k = 0; k < 2; ++k) {
    // The ballot's rows sit above 提交选票 (the option list above them names 3. 健身 too).
    await reveal(page, '提交选票');
    const item = await page.evaluate(() => {
      const row = window.yishi.items.filter(it => /^\d\. 健身$/.test(it.label)).pop();  // the ballot's row, not the option list's
      const ups = window.yishi.items.filter(it => it.label === '↑');
      ups.sort((a, b) => Math.abs(a.y - row.y) - Math.abs(b.y - row.y));
      return ups[0];
    });
    // Pressed again only if the row has not moved after 5 s (a lost tap, see press() in harness.mjs).
    for (let tries = 0; tries < 3; ++tries) {
      await page.mouse.click(item.x + item.w / 2, item.y + item.h / 2, { delay: kPressMs });
      const moved = await page.waitForFunction(l => window.yishi.items.some(it => it.label === l), `${2 - k}. 健身`,
                                               { timeout: 5000 }).then(() => true, () => false);
      if (moved) break;
    }
    try { await reveal(page, `${2 - k}. 健身`); } finally { await screenshot(page, 'journeys-ranked.png'); }
  }
  // And by dragging a row onto another: 3. 儿童阅读 onto the first row.
  const from = await reveal(page, '3. 儿童阅读');
  const to = await settledItem(page, '1. 健身');
  await page.mouse.move(from.x + 10, from.y + from.h / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 10, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x + 10, to.y + to.h / 2, { steps: 5 });
  await page.mouse.up();
  try { await waitForItem(page, '1. 儿童阅读'); } finally { await screenshot(page, 'journeys-ranked-dragged.png'); }
  await waitForItem(page, '2. 健身');
  await waitForItem(page, '3. 老年活动');
  await tap(page, '提交选票');
  await waitForItem(page, '你已投票', 20000);
  await waitForItem(page, '你的选择：1. 儿童阅读、2. 健身、3. 老年活动');

  // Budget: 绿化改造 (60) then 路灯更换 (50) would pass the cap of 100, so it stays refused.
  await press(page, '← 返回', ['本社区的协商', true]);
  await press(page, '微更新项目预算', ['绿化改造（60）', true]);
  await tap(page, '绿化改造（60）');
  await reveal(page, '已选合计 60 / 预算上限 100');   // (the total is under the options, maybe below the fold)
  await tap(page, '路灯更换（50）');
  await tap(page, '加装座椅（30）');
  await reveal(page, '已选合计 90 / 预算上限 100');
  await tap(page, '提交选票');
  await waitForItem(page, '你已投票', 20000);
  await waitForItem(page, '你的选择：加装座椅、绿化改造');
  // Coming back after voting: the ballot is not empty, it says what was cast.
  await press(page, '← 返回', ['本社区的协商', true]);
  await press(page, '微更新项目预算', ['你已投票', true]);
  await reveal(page, '你的选择：加装座椅、绿化改造');
  await reveal(page, '已选合计 90 / 预算上限 100');
  await context.close();
});
