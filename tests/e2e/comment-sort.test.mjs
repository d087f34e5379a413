// comment-sort.test.mjs — a resident orders a consultation's comments 最早 / 最新 / 最多赞同 (issue 17):
// three comments, the middle one agreed by two neighbours and the newest by one, a reply under the
// oldest. On a phone with touch, each choice reads the comments again in that order from the server,
// and a reply stays under its parent in every order. Then a resident on her phone, enrolled by her slip's
// link, agrees with a comment: her choice is shown filled, and a screen reader hears it as the chosen one;
// at large text the reaction buttons wrap instead of running off the screen; and a comment she types
// through the input method with 𠀀, 𪚥 and an emoji reaches the server byte for byte. Last, a long press
// on a comment opens its menu as WeChat's does for a message (复制, 回复, 举报), and a right click does on a PC.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runServerCommand, launchBrowser, waitForFrames, waitForItem, reveal, until, screenshot, clickItem, tap, focus, typeIme, assertLayout } from './harness.mjs';
import { REGION, sign, publicKey, submit } from './ledger_helpers.mjs';

const CONSULTATION = 61;
let server, browser, phoneCode, menuCode;
const A = '先统一清理楼道杂物', B = '周末组织志愿者一起清理', C = '请物业每月检查一次', R = '杂物主人要提前通知';

before(async () => {
  let codes;
  server = await startServer(['--rate-per-key', '0'], dbPath => {
    const ok = r => { assert.equal(r.status, 0, r.stderr); return r; };
    ok(runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('cs-committee'), '--region',
                         String(REGION), '--name', '居委会']));
    codes = ok(runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('cs-committee'),
                                 '--region', String(REGION), '--count', '6'])).stdout.trim().split('\n');
  });
  const seq = {};
  const one = async s => {
    const [e] = sign([{ region: REGION, sequence: (seq[s.key] = (seq[s.key] || 0) + 1), ...s }]);
    assert.equal((await submit(server.url, e.wire)).status, 201);
    return e.id;
  };
  await one({ key: 'cs-committee', kind: 'consultation_open', consultation: CONSULTATION, payload: {
    title: '楼道杂物怎么清', method: 1, options: [[1, '统一清理'], [2, '各户自理']],
    schedule: [[2, Date.now() - 86400000], [3, Date.UTC(2100, 0, 1)]] } });
  phoneCode = codes[4];
  menuCode = codes[5];
  for (let r = 0; r < 4; ++r) await one({ key: `cs-r${r}`, kind: 'enroll', payload: { code: codes[r], display_name: `邻居${r}` } });
  const a = await one({ key: 'cs-r0', kind: 'comment', consultation: CONSULTATION, payload: { text: A, stance: 0 } });
  const b = await one({ key: 'cs-r1', kind: 'comment', consultation: CONSULTATION, payload: { text: B, stance: 0 } });
  const c = await one({ key: 'cs-r2', kind: 'comment', consultation: CONSULTATION, payload: { text: C, stance: 0 } });
  await one({ key: 'cs-r3', kind: 'comment', consultation: CONSULTATION, payload: { text: R, stance: 0, parent: a } });
  for (const key of ['cs-r0', 'cs-r2']) await one({ key, kind: 'react', consultation: CONSULTATION, payload: { target: b, reaction: 1 } });
  await one({ key: 'cs-r1', kind: 'react', consultation: CONSULTATION, payload: { target: c, reaction: 1 } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the comments are shown oldest first, newest first or most agreed first, replies under their parent', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push('uncaught: ' + e.message));
  await page.goto(`${server.url}/#/c/${CONSULTATION}`);
  await waitForFrames(page, 1);
  // The four texts in the order drawn: from the first comment down, each as it comes into view (only
  // what is on screen is published).
  const texts = [A, B, C, R];
  const order = async () => {
    const first = await page.evaluate(t => window.yishi.items.find(i => t.includes(i.label)), texts)
                  || await reveal(page, A);
    await page.mouse.wheel(0, first.y - 150);   // the comments to the top of the screen
    await page.waitForTimeout(200);
    const seen = [];
    for (let k = 0; k < 12 && seen.length < texts.length; ++k) {
      const now = await page.evaluate(t => window.yishi.items.filter(i => t.includes(i.label)).sort((p, q) => p.y - q.y)
                                                             .map(i => i.label), texts);
      for (const l of now) if (!seen.includes(l)) seen.push(l);
      await page.mouse.wheel(0, 250);
      await page.waitForTimeout(150);
    }
    await page.mouse.wheel(0, -100000);   // back to the top
    await page.waitForTimeout(200);
    return seen;
  };
  const choose = async label => {
    const it = await reveal(page, label);
    await page.touchscreen.tap(it.x + it.w / 2, it.y + it.h / 2);
    await page.waitForTimeout(300);
  };
  await reveal(page, A);
  assert.deepEqual(await order(), [A, R, B, C], 'oldest first by default, the reply under its parent');
  await choose('最新');
  await until(order, o => o.join() === [C, B, A, R].join(), 'newest first');
  await choose('最多赞同');
  await until(order, o => o.join() === [B, C, A, R].join(), 'most agreed first (2, 1, 0 agree)');
  // A screen reader hears three radio buttons, the chosen one checked.
  await reveal(page, '最多赞同');
  const radios = await page.evaluate(() => window.yishi.items.filter(i => ['最早', '最新', '最多赞同'].includes(i.label))
                                                            .map(i => [i.label, i.role, !!i.checked]));
  assert.deepEqual(radios, [['最早', 'radio', false], ['最新', 'radio', false], ['最多赞同', 'radio', true]]);
  const row = await reveal(page, '排序：');
  await page.mouse.wheel(0, row.y - 120);   // the order's row near the top, the comments under it
  await page.waitForTimeout(300);
  await screenshot(page, 'comment-sort-phone.png');
  await choose('最早');
  await until(order, o => o.join() === [A, R, B, C].join(), 'oldest first again');
  assert.deepEqual(problems, []);
  await context.close();
});

test('her own 赞同 is shown chosen, to the eye and to a screen reader; at large text the buttons stay on screen', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/#/join?code=${phoneCode}`);
  await waitForFrames(page, 1);
  await clickItem(page, '加入');
  await page.waitForFunction(() => window.yishi.items.some(it => /^已加入：/.test(it.label)), null, { timeout: 15000 });
  await page.goto(`${server.url}/#/c/${CONSULTATION}`);
  const reactions = () => page.evaluate(() => window.yishi.items.filter(i => /^(赞同|不赞同|跳过) \d+$/.test(i.label))
                                                                .map(i => [i.label, i.role, !!i.checked]));
  await reveal(page, '赞同 2');   // B, agreed by two neighbours
  assert.ok((await reactions()).every(([, role, checked]) => role === 'radio' && !checked), 'nothing chosen yet');
  await tap(page, '赞同 2');
  await reveal(page, B);
  // Once the server has it, the page is read again with her viewer proof: B shows 赞同 3, chosen.
  await until(async () => { await reveal(page, B); return reactions(); },
              r => r.some(([l, , c]) => l === '赞同 3' && c), 'her 赞同 shown chosen');
  assert.deepEqual((await reactions()).filter(([, , c]) => c).map(([l]) => l), ['赞同 3'], 'only hers');
  await screenshot(page, 'comment-mine-phone.png');
  await assertLayout(page, 'comment-mine-phone');
  // 大字 (large text): the row of 赞同 / 不赞同 / 跳过 / 回复 wraps; every button stays inside the screen.
  await tap(page, '大字');
  await reveal(page, '标准字');
  await reveal(page, B);
  await until(() => page.evaluate(() => window.yishi.items.filter(i => /^(赞同 \d+|不赞同 \d+|跳过 \d+|回复)$/.test(i.label))),
              items => items.length >= 4 && items.every(i => i.x >= 0 && i.x + i.w <= 390),
              'the reaction buttons inside 390 px at 大字');
  await screenshot(page, 'comment-mine-phone-large.png');
  await assertLayout(page, 'comment-mine-phone-large');

  // Text beyond the BMP (surrogate pairs in the browser's text events) reaches the signed comment exactly.
  const RARE = '楼道里的𠀀和𪚥两个字，还有😀表情';
  await focus(page, '意见');
  await typeIme(page, 'loudao', RARE);
  await tap(page, '发表');
  const sent = await until(async () => (await (await fetch(`${server.url}/api/consultations/${CONSULTATION}/comments?limit=100`)).json()).items,
                           items => items.some(c => c.text.includes('表情')), 'the comment at the server');
  const text = sent.find(c => c.text.includes('表情')).text;
  assert.deepEqual(Buffer.from(text), Buffer.from(RARE), 'the same UTF-8 bytes as typed');
  await reveal(page, RARE);
  await context.close();
});

// A finger on (x, y) through CDP touch events, held `ms` before lifting.
async function hold(page, cdp, x, y, ms) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  await page.waitForTimeout(ms);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}
const agreeCount = async id => (await (await fetch(`${server.url}/api/consultations/${CONSULTATION}/comments?limit=100`)).json())
  .items.find(c => c.text === id).agree;

test('a long press on a comment opens its menu: 复制 copies its text, 举报 asks first; a tap or a long press on a button opens or casts nothing', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true });
  // What the app hands the system clipboard.
  await context.addInitScript(() => {
    window.copied = [];
    navigator.clipboard.writeText = text => { window.copied.push(text); return Promise.resolve(); };
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push('uncaught: ' + e.message));
  const cdp = await context.newCDPSession(page);
  await page.goto(`${server.url}/#/join?code=${menuCode}`);
  await waitForFrames(page, 1);
  await clickItem(page, '加入');
  await page.waitForFunction(() => window.yishi.items.some(it => /^已加入：/.test(it.label)), null, { timeout: 15000 });
  await page.goto(`${server.url}/#/c/${CONSULTATION}`);
  const menu = () => page.evaluate(() => window.yishi.items.filter(i => i.label === '复制').length);
  const middle = it => [it.x + it.w / 2, it.y + it.h / 2];

  // A tap on the text is no long press: nothing opens.
  let text = await reveal(page, C);
  await hold(page, cdp, ...middle(text), 60);
  await page.waitForTimeout(900);
  assert.equal(await menu(), 0, 'a tap opens no menu');

  // Held still for a second: the menu, just above her finger (as WeChat's), with the three actions.
  text = await reveal(page, C);
  const [fingerX, fingerY] = middle(text);
  await hold(page, cdp, fingerX, fingerY, 1000);
  const copy = await waitForItem(page, '复制');
  // The menu's rows: the items in its column, from 复制 down.
  const menuRows = at => page.evaluate(x => window.yishi.items.filter(i => Math.abs(i.x - x) < 1 && !i.text)
                                                             .sort((a, b) => a.y - b.y), at.x);
  const rows = await menuRows(copy);
  assert.deepEqual(rows.map(i => i.label), ['复制', '回复', '举报']);
  const menuBottom = rows[2].y + rows[2].h;
  assert.ok(menuBottom < fingerY && fingerY - menuBottom < 60, `the menu ends just above her finger (${menuBottom} vs ${fingerY})`);
  assert.ok(copy.x <= fingerX && fingerX <= copy.x + copy.w, 'and is centred over it');
  await screenshot(page, 'comment-menu-phone.png');
  await assertLayout(page, 'comment-menu-phone');
  await page.touchscreen.tap(...middle(copy));
  await waitForItem(page, '已复制');
  assert.deepEqual(await page.evaluate(() => window.copied), [C], 'the comment\'s text, as written');
  assert.equal(await menu(), 0, 'the menu closed');

  // 举报 from the menu asks first, as the button does; 取消 leaves it unreported.
  text = await reveal(page, C);
  await hold(page, cdp, ...middle(text), 1000);
  const inMenu = (await menuRows(await waitForItem(page, '复制'))).find(i => i.label === '举报');
  await page.touchscreen.tap(...middle(inMenu));
  await waitForItem(page, '举报这条意见？');
  await page.touchscreen.tap(...middle(await waitForItem(page, '取消')));
  await page.waitForFunction(() => !window.yishi.items.some(i => i.label === '举报这条意见？'));

  // A long press on 赞同 casts nothing (the tap it began is called off) and opens no menu.
  const before = await agreeCount(C);
  const agree = await reveal(page, `赞同 ${before}`);
  await hold(page, cdp, ...middle(agree), 1000);
  await page.waitForTimeout(1500);
  assert.equal(await agreeCount(C), before, 'no 赞同 was cast');
  assert.equal(await menu(), 0, 'no menu over a button');
  assert.deepEqual(problems, []);
  await context.close();

  // On a PC, a right click on a comment opens the same menu where the pointer is.
  const pc = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await pc.goto(`${server.url}/#/c/${CONSULTATION}`);
  await waitForFrames(pc, 1);
  const onPc = await reveal(pc, A);
  await pc.mouse.click(...middle(onPc), { button: 'right' });
  const pcCopy = await waitForItem(pc, '复制');
  assert.ok(Math.abs(pcCopy.y - onPc.y) < 100 && Math.abs(pcCopy.x - (onPc.x + onPc.w / 2)) < 100, 'at the pointer');
  await pc.context().close();
});
