// comment-pages.test.mjs — a consultation with more comments than one page (kThreadLimit = 100): the
// page says it shows the first 100, 显示更多意见 loads the next page of threads (replies stay
// under their parents across pages), and the button goes once every comment is on the page.
// 230 comments are signed and submitted through /api/submit to a real server first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runServerCommand, launchBrowser, waitForFrames, waitForItem, clickItem, press, findItem,
         labels, screenshot } from './harness.mjs';
import { REGION, sign, publicKey, submit } from './ledger_helpers.mjs';

const COMMENTS = 230, RESIDENTS = 5, CONSULTATION = 41;
let server, browser;

before(async () => {
  let codes;
  server = await startServer(['--rate-per-key', '0', '--rate-per-address', '0'], dbPath => {
    const ok = r => { assert.equal(r.status, 0, r.stderr); return r; };
    ok(runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('cp-committee'), '--region',
                         String(REGION), '--name', '居委会']));
    codes = ok(runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('cp-committee'),
                                 '--region', String(REGION), '--count', String(RESIDENTS)])).stdout.trim().split('\n');
  });
  const seq = {};
  const spec = s => ({ region: REGION, sequence: (seq[s.key] = (seq[s.key] || 0) + 1), ...s });
  const setup = [spec({ key: 'cp-committee', kind: 'consultation_open', consultation: CONSULTATION, payload: {
    title: '小区停车位规划', method: 1, options: [[1, '划线'], [2, '不变']],
    schedule: [[2, Date.now() - 86400000], [3, Date.UTC(2100, 0, 1)]] } })];
  for (let r = 0; r < RESIDENTS; ++r)
    setup.push(spec({ key: `cp-r${r}`, kind: 'enroll', payload: { code: codes[r], display_name: `居民${r}` } }));
  for (const e of sign(setup)) assert.equal((await submit(server.url, e.wire)).status, 201);
  // Comment k (1-based) is a top-level comment, except every fifth, which replies to the one before it.
  let last = null;
  const batch = [];
  for (let k = 1; k <= COMMENTS; ++k)
    batch.push(spec({ key: `cp-r${k % RESIDENTS}`, kind: 'comment', consultation: CONSULTATION,
                      payload: { text: `意见${k}号`, stance: 0, ...(k % 5 === 0 ? { parent: 'PARENT' } : {}) } }));
  for (let i = 0; i < batch.length; ++i) {   // signed one by one: a reply names the id just accepted
    if (batch[i].payload.parent) batch[i].payload.parent = last;
    const [e] = sign([batch[i]]);
    assert.equal((await submit(server.url, e.wire)).status, 201);
    last = e.id;
  }
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// The comments on the page, in the order drawn: scrolls from the top to the end of the page (only
// what is on screen is published), collecting the 意见N号 labels as they pass.
async function commentsOnPage(page) {
  const { width, height } = page.viewportSize();
  await page.mouse.move(width / 2, height / 2);
  for (let k = 0; k < 5; ++k) await page.mouse.wheel(0, -100000);
  await page.waitForTimeout(200);
  const order = [], seen = new Set();
  for (let still = 0, k = 0; still < 4 && k < 400; ++k) {
    const now = (await labels(page)).filter(l => /^意见\d+号$/.test(l));
    let fresh = 0;
    for (const l of now) if (!seen.has(l)) seen.add(l), order.push(Number(l.slice(2, -1))), ++fresh;
    still = fresh ? 0 : still + 1;
    await page.mouse.wheel(0, height / 2);
    await page.waitForTimeout(80);
  }
  return order;
}

test('a consultation page loads its comments a page at a time and keeps replies under their parents', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);
  await clickItem(page, '小区停车位规划');
  await waitForItem(page, `${COMMENTS} 条意见`, 30000);
  await waitForItem(page, '（这里显示前 100 条）');
  // Oldest thread first, each reply (every fifth) right after the comment it answers: 1, 2, 3, 4, 5, ...
  assert.deepEqual(await commentsOnPage(page), Array.from({ length: 100 }, (_, i) => i + 1));

  // The next page appears where the button was (only what is on screen is published).
  await press(page, '显示更多意见', ['意见101号', true]);
  await press(page, '显示更多意见', ['意见201号', true]);
  assert.deepEqual(await commentsOnPage(page), Array.from({ length: COMMENTS }, (_, i) => i + 1),
                   'every comment once, in thread order');
  assert.equal(await findItem(page, '显示更多意见'), null, 'at the end of the page: no button once all are shown');
  await screenshot(page, 'comment-pages-end.png');
});
